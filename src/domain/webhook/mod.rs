//! GitHub App webhook deliveries: the signature check and what each event asks of Orrery.
//! Pure: the caller passes the raw body and headers in and gets a verdict back.
//!
//! Orrery acts on:
//! - `pull_request` `opened`, `synchronize`, `reopened`, `ready_for_review`, and `edited`
//!   when the base branch changed: check the pull request's head against its base. Drafts
//!   are checked too (a draft is where an author wants early feedback);
//! - `check_run` `rerequested` (someone pressed "Re-run" on one of Orrery's runs): that
//!   run's service again;
//! - `check_suite` `rerequested` ("Re-run all"): every service of the repository again;
//! - `push` to the repository's default branch: re-verify the repository's services;
//! - `ping`: answered, nothing else.
//!
//! Everything else is ignored (answered, nothing queued).

mod events;
mod signature;

pub use events::{PayloadError, parse_delivery};
pub use signature::{SignatureError, sign, verify_signature};

/// What Orrery does for one queued delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// Check a pull request's head against its base, for every service of the repository.
    PullRequest,
    /// Re-run one check run (its service) on its head commit.
    RerunCheck,
    /// Re-run every service of the repository on a check suite's head commit.
    RerunSuite,
    /// Re-verify the repository's services (their default branch moved).
    Push,
}

impl JobKind {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PullRequest => "pull_request",
            Self::RerunCheck => "rerun_check",
            Self::RerunSuite => "rerun_suite",
            Self::Push => "push",
        }
    }

    /// The kind stored as `text`, if it is one.
    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::PullRequest,
            Self::RerunCheck,
            Self::RerunSuite,
            Self::Push,
        ]
        .into_iter()
        .find(|k| k.as_str() == text)
    }
}

/// A unit of work a delivery asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrCheckRequest {
    /// What to do.
    pub kind: JobKind,
    /// Repository owner, as GitHub spells it.
    pub owner: String,
    /// Repository name, as GitHub spells it.
    pub name: String,
    /// The App installation the delivery came through, when it says.
    pub installation_id: Option<i64>,
    /// Commit to check (the pull request's head); `None` for pushes.
    pub head_sha: Option<String>,
    /// Commit to compare with (the base branch's head); `None` for pushes.
    pub base_sha: Option<String>,
    /// Pull request number, when there is one.
    pub pr_number: Option<i64>,
    /// For [`JobKind::RerunCheck`]: the check run to re-run.
    pub check_run_id: Option<i64>,
}

impl PrCheckRequest {
    /// `owner/name`.
    pub fn full_name(&self) -> String {
        format!("{}/{}", self.owner, self.name)
    }
}

/// What a verified delivery asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// `ping`: GitHub checking the hook; nothing to do.
    Ping,
    /// An event or action Orrery does not act on, and why.
    Ignored(String),
    /// Work to queue.
    Work(PrCheckRequest),
}

/// Checks the `X-GitHub-Delivery` value: a GUID in practice; any 1 to 100 characters of
/// letters, digits and `-` are accepted.
pub fn valid_delivery_id(id: &str) -> bool {
    (1..=100).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Checks the `X-GitHub-Event` value: 1 to 64 lowercase letters, digits and `_`.
pub fn valid_event_name(event: &str) -> bool {
    (1..=64).contains(&event.len())
        && event
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// The name of the check run Orrery posts for the service `slug`.
pub fn check_run_name(slug: &str) -> String {
    format!("Orrery readiness: {slug}")
}

/// The service slug of a check run Orrery posted, from its name.
pub fn slug_of_check_run(name: &str) -> Option<&str> {
    name.strip_prefix("Orrery readiness: ")
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values_and_names() {
        assert!(valid_delivery_id("72d3162e-cc78-11e3-81ab-4c9367dc0958"));
        assert!(!valid_delivery_id("") && !valid_delivery_id("a b") && !valid_delivery_id("x'"));
        assert!(valid_event_name("pull_request") && !valid_event_name("Pull-Request"));
        assert_eq!(check_run_name("orders"), "Orrery readiness: orders");
        assert_eq!(
            slug_of_check_run("Orrery readiness: orders"),
            Some("orders")
        );
        assert_eq!(slug_of_check_run("ci"), None);
        for kind in [
            JobKind::PullRequest,
            JobKind::RerunCheck,
            JobKind::RerunSuite,
            JobKind::Push,
        ] {
            assert_eq!(JobKind::parse(kind.as_str()), Some(kind));
        }
    }
}
