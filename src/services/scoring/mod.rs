//! Scoring: scorecards computed from a review's facts, the score history recorded after each
//! change and as time passes (re-scoring passes and their scheduler), and the what-if
//! impact of a template change on the portfolio.

pub mod answer_facts;
pub mod history;
pub mod impact;
pub mod rescore;
pub mod scheduler;
pub mod scorecards;
