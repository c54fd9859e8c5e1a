//! Unit tests of the checklist page's view helpers.

use super::*;
use crate::domain::records;
use chrono::TimeZone;

fn facts(outcome: Outcome, waived: bool, blocker: bool) -> ItemFacts {
    ItemFacts {
        outcome,
        waived,
        blocker,
        na_unaccepted: false,
    }
}

#[test]
fn filters_pick_their_items() {
    let items = [
        facts(Outcome::Unanswered, false, true),
        facts(Outcome::Fail, false, false),
        facts(Outcome::Error, false, true),
        facts(Outcome::Fail, true, true),
        facts(Outcome::Pass, false, true),
        facts(Outcome::NotApplicable, false, true),
    ];
    let counts = filter_counts(&items);
    assert_eq!(
        counts.map(|(f, n)| (f.as_str(), n)),
        [
            ("all", 6),
            ("unanswered", 1),
            ("failing", 3),
            ("blockers", 2)
        ]
    );
    assert_eq!(Filter::parse("failing"), Filter::Failing);
    assert_eq!(Filter::parse("nonsense"), Filter::All);
}

#[test]
fn urls_keep_the_filter_and_point_at_the_item() {
    assert_eq!(
        page_url(7, Filter::Failing, "answer", Some("ownership.owner")),
        "/reviews/7?filter=failing&saved=answer#item-ownership.owner"
    );
    assert_eq!(page_url(7, Filter::All, "", None), "/reviews/7");
}

#[test]
fn badges_have_words() {
    assert_eq!(outcome_badge(Outcome::NotApplicable).label, "N/A");
    assert_eq!(outcome_badge(Outcome::Error).class, "error");
    assert_eq!(severity_tag(Severity::Blocker), ("blocker", "Blocker"));
}

fn response(outcome: Outcome, source: ResponseSource) -> records::ItemResponse {
    let t = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
    records::ItemResponse {
        id: 1,
        review_id: 1,
        item_key: "a.b".into(),
        outcome,
        source,
        evidence: None,
        note: None,
        observed: None,
        commit_sha: None,
        responded_by: "carol".into(),
        responded_at: t,
        na_acceptance: None,
        na_decided_by: None,
        na_decided_at: None,
        na_comment: None,
        carried_from: None,
        version: 1,
        created_at: t,
    }
}

#[test]
fn only_a_manual_answer_can_contradict_a_check() {
    assert!(contradicts(
        Some(&response(Outcome::Pass, ResponseSource::Manual)),
        Outcome::Fail
    ));
    assert!(contradicts(
        Some(&response(Outcome::Fail, ResponseSource::Manual)),
        Outcome::Pass
    ));
    assert!(!contradicts(
        Some(&response(Outcome::Pass, ResponseSource::Automated)),
        Outcome::Fail
    ));
    assert!(!contradicts(
        Some(&response(Outcome::Pass, ResponseSource::Manual)),
        Outcome::Pass
    ));
    assert!(!contradicts(None, Outcome::Fail));
}

#[test]
fn expiry_is_a_date_at_midnight_utc() {
    assert_eq!(
        parse_expiry("2026-11-24").unwrap(),
        Utc.with_ymd_and_hms(2026, 11, 24, 0, 0, 0).unwrap()
    );
    assert!(parse_expiry("tomorrow").unwrap_err().contains("not a date"));
    assert!(parse_expiry(" ").unwrap_err().contains("choose"));
}

#[test]
fn approved_waivers_expire() {
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap();
    let mut w = records::Waiver {
        id: 1,
        review_id: 1,
        item_key: "a.b".into(),
        reason: "r".into(),
        compensating_control: "c".into(),
        requested_by: "carol".into(),
        approved_by: Some("dave".into()),
        state: WaiverState::Approved,
        expires_at: now + chrono::Duration::days(3),
        decided_at: Some(now),
        version: 2,
        created_at: now,
        updated_at: now,
    };
    assert_eq!(waiver_view(&w, now).state, "Approved, in force");
    w.expires_at = now - chrono::Duration::days(1);
    assert_eq!(waiver_view(&w, now).class, "expired");
    w.state = WaiverState::Requested;
    w.expires_at = now + chrono::Duration::days(1);
    assert_eq!(waiver_view(&w, now).state, "Awaiting approval");
}

#[test]
fn an_unaccepted_not_applicable_blocker_is_an_open_blocker() {
    let mut claim = facts(Outcome::NotApplicable, false, true);
    assert!(!Filter::Blockers.matches(&claim), "accepted: not open");
    claim.na_unaccepted = true;
    assert!(Filter::Blockers.matches(&claim));
    claim.waived = true;
    assert!(!Filter::Blockers.matches(&claim), "waived: not open");
}

#[test]
fn evidence_names_the_file_line_and_object() {
    let result = records::VerificationResult {
        id: 1,
        review_id: 1,
        item_key: "resilience.readiness_probe".into(),
        outcome: Outcome::Fail,
        evidence: serde_json::json!({
            "summary": "Needs a readinessProbe on every container",
            "path": "deploy/app.yaml",
            "line": 22,
            "object": "Deployment/cart, container envoy",
        }),
        commit_sha: None,
        checked_at: Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
        last_conclusive: None,
        flagged: false,
        version: 1,
    };
    let view = evidence_view(&result, None);
    assert_eq!(view.location.as_deref(), Some("deploy/app.yaml:22"));
    assert_eq!(
        view.object.as_deref(),
        Some("Deployment/cart, container envoy")
    );
}
