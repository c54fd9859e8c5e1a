//! Checklist templates as code: the model, the YAML loader with precise error locations,
//! and the semantic rules JSON Schema cannot express.

mod locate;
mod model;
mod parse;

pub use model::{
    Category, CheckSpec, Item, Level, PerTier, PromOp, Require, Severity, Template, YamlOp,
};
pub use parse::{TemplateError, TemplateIssue, TemplateSchema};

#[cfg(test)]
mod tests;
