//! The scoring engine: readiness score, maturity level and launch gate, with reasons.
//! Pure: everything, including the evaluation instant, is passed in.

mod engine;
mod gate;
mod model;

pub use engine::evaluate;
pub use model::*;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
