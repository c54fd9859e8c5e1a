//! Judging a change: classification, the three policies and how the report reads.

use super::*;
use crate::domain::catalog::Tier;
use crate::domain::review::ResponseSource;
use crate::domain::scoring::{AnswerFact, ScoringInput, evaluate};
use crate::domain::template::{Category, Item, Level, PerTier};
use chrono::TimeZone;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 6, 12, 0, 0).unwrap()
}

fn item(key: &str, severity: Severity) -> Item {
    Item {
        key: key.into(),
        title: format!("Title of {key}"),
        guidance: "Why.".into(),
        severity,
        weight: 5,
        level: 1,
        tiers: None,
        freshness_days: None,
        na_requires_acceptance: false,
        check: None,
    }
}

fn template() -> Template {
    Template {
        key: "t".into(),
        name: "T".into(),
        description: None,
        levels: vec![Level {
            number: 1,
            name: "Bronze".into(),
            description: None,
        }],
        thresholds: PerTier {
            tier1: 0.0,
            tier2: 0.0,
            tier3: 0.0,
            tier4: 0.0,
        },
        signoffs: PerTier {
            tier1: vec![],
            tier2: vec![],
            tier3: vec![],
            tier4: vec![],
        },
        categories: vec![Category {
            key: "sec".into(),
            title: "Security".into(),
            description: None,
            items: vec![
                item("sec.root", Severity::Blocker),
                item("sec.tls", Severity::Major),
                item("sec.scan", Severity::Minor),
                item("sec.secrets", Severity::Blocker),
            ],
        }],
    }
}

fn finding(outcome: Outcome, path: Option<&str>, line: Option<u32>) -> Finding {
    Finding {
        outcome,
        summary: format!("found {outcome:?}"),
        path: path.map(str::to_owned),
        line,
    }
}

fn side(commit: &str, items: &[(&str, Outcome)]) -> Side {
    Side {
        commit: commit.into(),
        findings: items
            .iter()
            .map(|(k, o)| (k.to_string(), finding(*o, Some("Dockerfile"), Some(3))))
            .collect(),
    }
}

fn card(t: &Template, s: &Side) -> Scorecard {
    let answers: Vec<AnswerFact> = s
        .findings
        .iter()
        .map(|(k, f)| AnswerFact {
            item_key: k.clone(),
            outcome: f.outcome,
            source: ResponseSource::Automated,
            recorded_at: now(),
            note: None,
            responded_by: "orrery".into(),
            na_review: None,
        })
        .collect();
    evaluate(&ScoringInput {
        template: t,
        tier: Tier::Tier3,
        answers: &answers,
        waivers: &[],
        sign_offs: &[],
        slo_count: 0,
        dependencies: &[],
        now: now(),
    })
}

fn run(policy: PrCheckPolicy, base: &Side, head: &Side, cards: bool) -> ChangeReport {
    let t = template();
    judge(ChangeInput {
        template: &t,
        policy,
        base,
        head,
        before: cards.then(|| card(&t, base)),
        after: cards.then(|| card(&t, head)),
        waivers: vec![],
    })
}

use Outcome::{Error, Fail, NotApplicable, Pass};

#[test]
fn classifies_broken_fixed_and_pre_existing() {
    let base = side(
        "a",
        &[
            ("sec.root", Pass),
            ("sec.tls", Fail),
            ("sec.scan", Fail),
            ("sec.secrets", NotApplicable),
        ],
    );
    let head = side(
        "b",
        &[
            ("sec.root", Fail),
            ("sec.tls", Pass),
            ("sec.scan", Error),
            ("sec.secrets", Fail),
        ],
    );
    let r = run(PrCheckPolicy::BlockRegressions, &base, &head, true);
    let keys = |v: &[ItemDelta]| v.iter().map(|d| d.key.clone()).collect::<Vec<_>>();
    // A check that did not apply at the base and fails at the head is broken by the change.
    assert_eq!(keys(&r.broken), ["sec.root", "sec.secrets"]);
    assert_eq!(keys(&r.fixed), ["sec.tls"]);
    assert_eq!(keys(&r.pre_existing), ["sec.scan"]);
    assert_eq!(r.conclusion, Conclusion::Failure);
    assert!(
        r.conclusion_reason.contains("breaks 2 items"),
        "{}",
        r.conclusion_reason
    );
}

#[test]
fn pre_existing_failures_never_fail_the_change() {
    let base = side("a", &[("sec.root", Fail), ("sec.tls", Fail)]);
    let head = side("b", &[("sec.root", Fail), ("sec.tls", Pass)]);
    let r = run(PrCheckPolicy::BlockRegressions, &base, &head, true);
    assert_eq!(r.conclusion, Conclusion::Success);
    assert_eq!(r.pre_existing.len(), 1);
    assert!(r.conclusion_reason.contains("not blamed"));
}

#[test]
fn a_waived_item_broken_is_reported_but_does_not_fail() {
    let t = template();
    let base = side("a", &[("sec.scan", Pass)]);
    let head = side("b", &[("sec.scan", Fail)]);
    let r = judge(ChangeInput {
        template: &t,
        policy: PrCheckPolicy::BlockRegressions,
        base: &base,
        head: &head,
        before: None,
        after: None,
        waivers: vec![WaiverInForce {
            item_key: "sec.scan".into(),
            reason: "scanner migration".into(),
            expires_at: now(),
        }],
    });
    assert_eq!(r.broken.len(), 1);
    assert!(r.broken[0].waived);
    assert_eq!(r.conclusion, Conclusion::Success);
    assert_eq!(r.annotations()[0].level, AnnotationLevel::Warning);
}

#[test]
fn informational_is_always_neutral_and_block_no_go_follows_the_head() {
    let base = side("a", &[("sec.root", Pass)]);
    let head = side("b", &[("sec.root", Fail)]);
    let info = run(PrCheckPolicy::Informational, &base, &head, true);
    assert_eq!(info.conclusion, Conclusion::Neutral);
    assert_eq!(info.annotations()[0].level, AnnotationLevel::Warning);

    // NO_GO at the head (a blocker fails) fails even when the change fixed something.
    let base = side("a", &[("sec.root", Fail), ("sec.tls", Fail)]);
    let head = side("b", &[("sec.root", Fail), ("sec.tls", Pass)]);
    let r = run(PrCheckPolicy::BlockNoGo, &base, &head, true);
    assert_eq!(r.conclusion, Conclusion::Failure);
    let offline = run(PrCheckPolicy::BlockNoGo, &base, &head, false);
    assert_eq!(offline.conclusion, Conclusion::Failure);
    let all_pass = side(
        "c",
        &[
            ("sec.root", Pass),
            ("sec.tls", Pass),
            ("sec.scan", Pass),
            ("sec.secrets", Pass),
        ],
    );
    let r = run(PrCheckPolicy::BlockNoGo, &base, &all_pass, true);
    assert_eq!(r.conclusion, Conclusion::Success);
}

#[test]
fn lowering_the_gate_fails_even_without_a_broken_check() {
    let t = template();
    let base = side("a", &[("sec.root", Pass)]);
    let head = side("b", &[("sec.root", Pass)]);
    let mut after = card(&t, &head);
    after.decision = Decision::NoGo;
    let mut before = card(&t, &base);
    before.decision = Decision::GoWithConditions;
    let r = judge(ChangeInput {
        template: &t,
        policy: PrCheckPolicy::BlockRegressions,
        base: &base,
        head: &head,
        before: Some(before),
        after: Some(after),
        waivers: vec![],
    });
    assert!(r.lowers_gate());
    assert_eq!(r.conclusion, Conclusion::Failure);
    assert!(
        r.conclusion_reason
            .contains("from GO with conditions to NO-GO")
    );
}

#[test]
fn title_reads_gate_and_score_before_and_after() {
    let base = side("a", &[("sec.root", Fail), ("sec.tls", Fail)]);
    let head = side("b", &[("sec.root", Pass), ("sec.tls", Pass)]);
    let r = run(PrCheckPolicy::BlockRegressions, &base, &head, true);
    // Unanswered items keep both cards NO-GO; the score moves by two items of weight 5 / 20.
    assert_eq!(r.title(), "NO-GO · 0.0 → 50.0 (+50.0)");
    let same = run(PrCheckPolicy::BlockRegressions, &base, &base, true);
    assert_eq!(same.title(), "NO-GO · 0.0 (no change)");
    let offline = run(PrCheckPolicy::BlockRegressions, &base, &head, false);
    assert_eq!(
        offline.title(),
        "Repository checks: 2 of 2 hold · 0 broken, 2 fixed"
    );
}

#[test]
fn summary_has_every_section_and_escapes_what_it_quotes() {
    let base = side("a", &[("sec.root", Pass), ("sec.tls", Fail)]);
    let mut head = side("b", &[("sec.root", Fail), ("sec.tls", Fail)]);
    head.findings.get_mut("sec.root").unwrap().summary = "USER root | <b>x</b>\nnext".into();
    let r = run(PrCheckPolicy::BlockRegressions, &base, &head, true);
    let md = r.summary_markdown(&Links::under(Some("https://o.example/"), "pay"));
    assert!(md.contains("### Broken by this change (1)"), "{md}");
    assert!(md.contains("### Failing before this change (not caused by it) (1)"));
    assert!(md.contains("| Gate | NO-GO | NO-GO |"));
    assert!(
        md.contains("USER root \\| &lt;b&gt;x&lt;/b&gt; next"),
        "{md}"
    );
    assert!(md.contains("Dockerfile:3"));
    assert!(md.contains("[Service page](https://o.example/services/pay)"));
    assert!(md.contains("[Checklist](https://o.example/services/pay/review)"));
    let notes = r.annotations();
    assert_eq!(notes.len(), 1);
    assert_eq!((notes[0].path.as_str(), notes[0].line), ("Dockerfile", 3));
    assert_eq!(notes[0].level, AnnotationLevel::Failure);
}

#[test]
fn policy_spellings_round_trip() {
    for p in PrCheckPolicy::ALL {
        assert_eq!(PrCheckPolicy::parse("p", p.as_str()).unwrap(), *p);
    }
    assert_eq!(PrCheckPolicy::default(), PrCheckPolicy::BlockRegressions);
    assert!(PrCheckPolicy::parse("p", "strict").is_err());
}
