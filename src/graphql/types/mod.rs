//! GraphQL object types. Each wraps a stored row and resolves relations through loaders.

mod action_item;
mod audit;
mod impact;
mod manifest;
mod relations;
mod review;
mod review_item;
mod scorecard;
mod service;
pub(crate) mod slo_status;
mod team;
mod template;
mod verification;
mod waiver;

pub use action_item::ActionItem;
pub use audit::{AuditEvent, AuditEventFilter};
pub use impact::TemplateImpact;
pub use manifest::{ManifestDrift, ManifestSync, SyncReport, SyncSkip};
pub use relations::{CapacityPlan, Dependency, Slo};
pub use review::Review;
pub use review_item::{ItemResponse, ReviewItem};
pub use scorecard::{GateDecision, Scorecard};
pub use service::Service;
pub use slo_status::SloStatus;
pub use team::Team;
pub use template::ChecklistTemplate;
pub use verification::{VerificationReport, VerificationResult};
pub use waiver::{SignOff, Waiver};
