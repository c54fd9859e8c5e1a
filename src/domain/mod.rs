//! Pure domain rules: identifiers, catalog vocabulary, checklist templates and review
//! lifecycle. Nothing here performs I/O or reads the clock; time is always passed in.

pub mod access;
pub mod action_item;
pub mod audit;
pub mod capacity;
pub mod catalog;
pub mod change;
pub mod digest;
pub mod gate_authority;
pub mod ids;
pub mod manifest;
pub mod meeting;
pub mod my_work;
pub mod not_applicable;
pub mod numbers;
pub mod records;
pub mod repo_subdir;
pub mod report;
pub mod review;
pub mod scoring;
pub mod session;
pub mod slo;
pub mod slo_status;
pub mod template;
pub mod validation;
pub mod webhook;

pub use validation::{FieldError, FieldResult};
