//! Checklist templates as code: the model, the YAML loader with precise error locations,
//! and the semantic rules JSON Schema cannot express.

mod check_spec;
mod locate;
pub use locate::{Position, PositionMap};
mod model;
mod parse;

pub use check_spec::{CheckSpec, PromOp, Require, YamlOp};
pub use model::{Category, Item, Level, PerTier, Severity, Template};
pub use parse::{TemplateError, TemplateIssue, TemplateSchema};

#[cfg(test)]
mod tests;
