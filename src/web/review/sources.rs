//! Where the checklist's automated checks read from, for the "Verify now" panel, in words
//! for the person on the page: no command-line flags, no quoted raw values.

use crate::domain::catalog::Tier;
use crate::domain::records;
use crate::domain::template::Template;
use crate::services::Services;
use crate::services::verification::NoRepo;
use crate::verify::prom::is_prom_check;
use crate::verify::repo::is_repo_check;

/// Where automated checks read from, for the "Verify now" panel.
#[derive(Debug, Clone)]
pub struct SourceLine {
    /// `Repository` or `Prometheus`.
    pub label: &'static str,
    /// The source, or why its checks cannot run.
    pub text: String,
    /// Whether its checks can run.
    pub ok: bool,
}

const ASK_ADMIN: &str = "ask your Orrery administrator";

/// A source's problem as an owner reads it: server settings become "ask your
/// administrator", and values lose their backticks.
pub fn for_owner(why: &str) -> String {
    if why.contains("no GitHub access is configured") {
        return format!("GitHub access is not configured on this server; {ASK_ADMIN}");
    }
    if why.contains("no Prometheus is configured") {
        return format!("Prometheus is not configured on this server; {ASK_ADMIN}");
    }
    let plain = crate::web::format::plain(why);
    match plain.find(" (set --") {
        Some(i) => format!("{}; {ASK_ADMIN}", &plain[..i]),
        None => plain,
    }
}

/// Where the applicable automated checks read from, or why they cannot run; empty when
/// the service has no automated items.
pub fn source_lines(
    s: &Services,
    service: &records::Service,
    t: &Template,
    tier: Tier,
) -> Vec<SourceLine> {
    let specs: Vec<_> = t
        .items()
        .filter(|(_, i)| i.applies_to(tier))
        .filter_map(|(_, i)| i.check.as_ref())
        .collect();
    let mut out = Vec::new();
    if specs.iter().any(|c| is_repo_check(c)) {
        out.push(match s.sources().repo(service.repository.as_deref()) {
            Ok(src) => SourceLine {
                label: "Repository",
                text: src.describe(),
                ok: true,
            },
            Err(NoRepo::Skipped(why)) => SourceLine {
                label: "Repository",
                text: format!("repository checks are skipped: {}", for_owner(&why)),
                ok: false,
            },
            Err(NoRepo::Refused(why)) => SourceLine {
                label: "Repository",
                text: format!("repository checks fail with an error: {}", for_owner(&why)),
                ok: false,
            },
        });
    }
    if specs.iter().any(|c| is_prom_check(c)) {
        out.push(match s.sources().metrics() {
            Ok(m) => SourceLine {
                label: "Prometheus",
                text: m.describe(),
                ok: true,
            },
            Err(why) => SourceLine {
                label: "Prometheus",
                text: format!("Prometheus checks are skipped: {}", for_owner(&why)),
                ok: false,
            },
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::for_owner;

    #[test]
    fn owners_are_not_shown_flags_or_backticks() {
        let gh = for_owner(
            "`acme/api` is on GitHub and no GitHub access is configured \
             (set --github-token or the GitHub App settings)",
        );
        assert_eq!(
            gh,
            "GitHub access is not configured on this server; ask your Orrery administrator"
        );
        assert!(!for_owner("no Prometheus is configured (set --prometheus-url)").contains("--"));
        assert_eq!(
            for_owner("the path `x` is refused"),
            "the path “x” is refused"
        );
    }
}
