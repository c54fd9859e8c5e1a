//! Automated verification: evidence collectors that turn a template's check spec into an
//! outcome with evidence a reviewer can follow.
//!
//! Sources sit behind small traits so tests use real local data: [`repo::RepoSource`] for
//! repositories ([`repo::LocalRepo`] reads a directory) and [`prom::MetricsSource`] for
//! monitoring. A check that cannot run (unreachable source, invalid pattern, unparseable
//! file, a placeholder the service cannot fill) is an [`CheckOutcome::Error`], never a pass.

mod evidence;
pub mod github;
mod listing;
pub mod placeholders;
pub mod prom;
pub mod repo;

pub use evidence::{CheckOutcome, CheckResult, Evidence};
pub use repo::SourceError;
