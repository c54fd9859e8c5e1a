//! Automated verification: evidence collectors that turn a template's check spec into an
//! outcome with evidence a reviewer can follow.
//!
//! Sources sit behind small traits so tests use real local data: [`repo::RepoSource`] for
//! repositories ([`repo::LocalRepo`] reads a directory; a GitHub source comes later).
//! A check that cannot run (unreachable source, invalid pattern, unparseable file) is an
//! [`CheckOutcome::Error`], never a pass.

mod evidence;
pub mod repo;

pub use evidence::{CheckOutcome, CheckResult, Evidence};
