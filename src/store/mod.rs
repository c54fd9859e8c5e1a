//! Persistence: connecting, sea-orm entities, transactions, version checks and the audit log.

pub mod audit;
mod columns;
pub mod db;
pub mod entities;
pub mod latest_scores;
mod records;
pub mod unique;
pub mod versioned;

pub use db::{Database, StatementCounter};
