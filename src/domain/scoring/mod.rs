//! The scoring engine: readiness score, maturity level and launch gate, with reasons.
//! Pure: everything, including the evaluation instant, is passed in.

mod engine;
mod gate;
mod model;
mod next_steps;
mod open_items;
mod signoffs;
pub mod stored_items;
mod timeline;
mod wording;

pub use engine::{evaluate, item_states};
pub use model::*;
pub use signoffs::{RoleSignOff, role_sign_offs};

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
