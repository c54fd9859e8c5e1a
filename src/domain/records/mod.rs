//! Records: what the application knows about each stored thing, as plain data with domain
//! types (a review's state is a `ReviewState`, never a string). The store reads rows into
//! records; services return them; GraphQL and web types wrap them. Field names follow the
//! columns, so a record is easy to find from the schema and back.

mod access;
mod catalog;
mod history;
mod review;

pub use access::{ApiToken, RoleGrant, ServiceAccount};
pub use catalog::{CapacityPlan, Dependency, Service, Slo, Team};
pub use history::{AuditEvent, ScoreSnapshot};
pub use review::{ActionItem, ItemResponse, Review, SignOff, VerificationResult, Waiver};
