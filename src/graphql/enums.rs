//! GraphQL enums mirroring the domain's (the domain does not depend on async-graphql).

use crate::domain::{catalog, change, review, slo, template};
use async_graphql::Enum;

/// Service criticality; TIER1 is the most critical.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "catalog::Tier")]
pub enum Tier {
    /// Business-critical.
    #[graphql(name = "TIER1")]
    Tier1,
    /// Important.
    #[graphql(name = "TIER2")]
    Tier2,
    /// Internal or degradable.
    #[graphql(name = "TIER3")]
    Tier3,
    /// Experimental or low impact.
    #[graphql(name = "TIER4")]
    Tier4,
}

/// Stage of a service's life.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "catalog::Lifecycle")]
pub enum Lifecycle {
    /// Not built yet.
    Planned,
    /// Being built.
    Development,
    /// Serving some users.
    Beta,
    /// Serving everyone.
    Production,
    /// On its way out.
    Deprecated,
}

/// How a service's pull request checks conclude.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "change::PrCheckPolicy")]
pub enum PrCheckPolicy {
    /// Fail when a change breaks an item that held at its base or lowers the gate; failures
    /// already there never make a pull request red (the default).
    BlockRegressions,
    /// Report only: always neutral.
    Informational,
    /// Fail whenever the gate at the head is NO_GO (release branches).
    BlockNoGo,
}

/// Hard dependencies take the service down when they fail; soft ones degrade it.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "catalog::DependencyKind")]
pub enum DependencyKind {
    /// Failure takes the service down.
    Hard,
    /// Failure degrades the service.
    Soft,
}

/// What a link points at.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "catalog::LinkKind")]
pub enum LinkKind {
    /// Runbook.
    Runbook,
    /// Dashboard.
    Dashboard,
    /// On-call schedule.
    Oncall,
    /// Documentation.
    Docs,
    /// Source repository.
    Repository,
    /// Anything else.
    Other,
}

/// How an SLI is measured.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "slo::SliKind")]
pub enum SliKind {
    /// Good events / total events.
    Ratio,
    /// Share of requests faster than a threshold.
    Latency,
}

/// Recorded outcome of an item.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "review::Outcome")]
pub enum Outcome {
    /// Not answered yet.
    Unanswered,
    /// Meets the item.
    Pass,
    /// Does not meet the item.
    Fail,
    /// Does not apply (reason in the note).
    NotApplicable,
    /// An automated check could not run.
    Error,
}

/// Who produced a response.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "review::ResponseSource")]
pub enum ResponseSource {
    /// A person.
    Manual,
    /// An automated check.
    Automated,
}

/// Review lifecycle state.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "review::ReviewState")]
pub enum ReviewState {
    /// Being filled in.
    Draft,
    /// Submitted for the launch review meeting.
    InReview,
    /// Approved for launch.
    Approved,
    /// Rejected; start a new review.
    Rejected,
    /// Re-review due.
    Expired,
}

/// The meeting's decision.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "review::ReviewDecision")]
pub enum ReviewDecision {
    /// Approved.
    Approved,
    /// Rejected.
    Rejected,
}

/// A signer's verdict.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "review::SignOffDecision")]
pub enum SignOffDecision {
    /// Approves.
    Approve,
    /// Rejects.
    Reject,
}

/// Waiver state.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "review::WaiverState")]
pub enum WaiverState {
    /// Awaiting a decision.
    Requested,
    /// Approved (counts until it expires).
    Approved,
    /// Rejected.
    Rejected,
}

/// Where a not applicable answer stands with its second reviewer.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "crate::domain::not_applicable::NaAcceptance")]
pub enum NaAcceptance {
    /// Nobody has accepted or rejected it yet.
    Pending,
    /// Someone other than the answerer accepted it.
    Accepted,
    /// Someone other than the answerer rejected it; the owner must re-answer.
    Rejected,
}

/// Item severity.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "template::Severity")]
pub enum Severity {
    /// An unmet blocker stops a launch.
    Blocker,
    /// Important.
    Major,
    /// Nice to have.
    Minor,
}
