//! The policy's verdict on a judged change: when a pull request check fails.

use super::{ChangeReport, Conclusion, PrCheckPolicy, gate_words};
use crate::domain::scoring::Decision;
use crate::domain::template::Severity;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The policy's verdict and its reason.
pub(super) fn conclude(r: &ChangeReport) -> (Conclusion, String) {
    match r.policy {
        PrCheckPolicy::Informational => (
            Conclusion::Neutral,
            "This service's checks are informational: they never block a pull request.".into(),
        ),
        PrCheckPolicy::BlockNoGo => match (&r.after, r.head_blockers_failing()) {
            (Some(after), _) if after.decision == Decision::NoGo => (
                Conclusion::Failure,
                "The gate at the head is NO-GO, and this service blocks every change whose \
                 gate is NO-GO."
                    .into(),
            ),
            (None, n) if n > 0 => (
                Conclusion::Failure,
                format!(
                    "{} at the head, and this service blocks every change that is not \
                     ready to launch.",
                    plural(n, "blocker fails", "blockers fail")
                ),
            ),
            _ => (
                Conclusion::Success,
                "The gate at the head is not NO-GO.".into(),
            ),
        },
        PrCheckPolicy::BlockRegressions => {
            let broken = r.unwaived_broken().count();
            if broken > 0 {
                let (b, a) = r.gates().unwrap_or((Decision::Go, Decision::Go));
                let gate = if a > b {
                    format!(
                        " and lowers the gate from {} to {}",
                        gate_words(b),
                        gate_words(a)
                    )
                } else {
                    String::new()
                };
                (
                    Conclusion::Failure,
                    format!(
                        "This change breaks {} that held at its base{gate}.",
                        plural(broken, "item", "items")
                    ),
                )
            } else if r.manifest.broken_by_change() {
                (
                    Conclusion::Failure,
                    format!(
                        "This change makes the readiness manifest invalid ({}).",
                        plural(r.manifest.head.len(), "problem", "problems")
                    ),
                )
            } else if let Some((b, a)) = r.gates().filter(|(b, a)| a > b) {
                (
                    Conclusion::Failure,
                    format!(
                        "This change lowers the gate from {} to {}.",
                        gate_words(b),
                        gate_words(a)
                    ),
                )
            } else if r.pre_existing.is_empty() {
                (
                    Conclusion::Success,
                    "This change breaks nothing that held at its base.".into(),
                )
            } else {
                (
                    Conclusion::Success,
                    format!(
                        "This change breaks nothing that held at its base; {} failing \
                         before it are listed, not blamed on it.",
                        plural(r.pre_existing.len(), "item", "items")
                    ),
                )
            }
        }
    }
}

impl ChangeReport {
    /// Blockers failing (without a waiver) at the head, from the findings.
    fn head_blockers_failing(&self) -> usize {
        self.broken
            .iter()
            .chain(&self.pre_existing)
            .filter(|d| d.severity == Severity::Blocker && !d.waived)
            .count()
    }
}
