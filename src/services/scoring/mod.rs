//! Scoring: scorecards computed from a review's facts, the score history recorded after each
//! change, and the what-if impact of a template change on the portfolio.

pub mod history;
pub mod impact;
pub mod scorecards;
