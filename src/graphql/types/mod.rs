//! GraphQL object types. Each wraps a stored row and resolves relations through loaders.

mod relations;
mod review;
mod service;
mod team;
mod template;

pub use relations::{CapacityPlan, Dependency, Slo};
pub use review::{ItemResponse, Review, SignOff, Waiver};
pub use service::Service;
pub use team::Team;
pub use template::ChecklistTemplate;
