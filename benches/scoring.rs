//! Scores a portfolio of 10,000 services against the shipped template.
//!
//! One iteration evaluates the whole portfolio; answers, waivers and sign-offs are generated
//! once, deterministically, with a small LCG. Run with `cargo bench --bench scoring`.

use chrono::{DateTime, Duration, TimeZone, Utc};
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use orrery::domain::catalog::{DependencyKind, Tier};
use orrery::domain::review::{Outcome, ResponseSource, SignOffDecision, WaiverState};
use orrery::domain::scoring::{
    AnswerFact, Decision, DependencyFact, ScoringInput, SignOffFact, WaiverFact, evaluate,
};
use orrery::domain::template::{Template, TemplateSchema};
use std::hint::black_box;

const SERVICES: usize = 10_000;

/// Numerical Recipes' 64-bit LCG; the high bits are the usable ones.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// Uniform-ish in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

struct Service {
    tier: Tier,
    answers: Vec<AnswerFact>,
    waivers: Vec<WaiverFact>,
    sign_offs: Vec<SignOffFact>,
    slo_count: usize,
    dependencies: Vec<DependencyFact>,
}

fn service(template: &Template, rng: &mut Lcg, now: DateTime<Utc>) -> Service {
    let tier = Tier::ALL[rng.below(4) as usize];
    let mut answers = Vec::new();
    let mut waivers = Vec::new();
    for (_, item) in template.items() {
        let roll = rng.below(100);
        let outcome = match roll {
            0..=9 => continue,
            10..=74 => Outcome::Pass,
            75..=86 => Outcome::Fail,
            87..=92 => Outcome::NotApplicable,
            93..=96 => Outcome::Error,
            _ => Outcome::Unanswered,
        };
        let automated = item.check.is_some();
        answers.push(AnswerFact {
            item_key: item.key.clone(),
            outcome,
            source: if automated {
                ResponseSource::Automated
            } else {
                ResponseSource::Manual
            },
            recorded_at: now - Duration::hours(rng.below(24 * 60) as i64),
            note: (outcome == Outcome::NotApplicable).then(|| "stateless service".to_owned()),
            responded_by: "alice".to_owned(),
            na_review: None,
        });
        if outcome == Outcome::Fail && rng.below(4) == 0 {
            waivers.push(WaiverFact {
                item_key: item.key.clone(),
                state: WaiverState::Approved,
                reason: "fix scheduled".into(),
                requested_by: "alice".into(),
                approved_by: Some("bob".into()),
                expires_at: now + Duration::days(rng.below(60) as i64 - 20),
            });
        }
    }
    let mut sign_offs = Vec::new();
    for role in template.signoffs.get(tier) {
        if rng.below(5) == 0 {
            continue;
        }
        let decision = if rng.below(10) == 0 {
            SignOffDecision::Reject
        } else {
            SignOffDecision::Approve
        };
        sign_offs.push(SignOffFact {
            role: role.clone(),
            signer: "carol".into(),
            decision,
        });
    }
    let dependencies = (0..rng.below(4))
        .map(|i| DependencyFact {
            name: format!("dep-{i}"),
            kind: if rng.below(2) == 0 {
                DependencyKind::Hard
            } else {
                DependencyKind::Soft
            },
            gate: [None, Some(Decision::Go), Some(Decision::NoGo)][rng.below(3) as usize],
        })
        .collect();
    Service {
        tier,
        answers,
        waivers,
        sign_offs,
        slo_count: rng.below(3) as usize,
        dependencies,
    }
}

fn portfolio(c: &mut Criterion) {
    let template = TemplateSchema::compile(include_str!("../checklists/schema.json"))
        .expect("shipped schema compiles")
        .parse(
            "orr-standard.yaml",
            include_str!("../checklists/orr-standard.yaml"),
        )
        .expect("shipped template parses");
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap();
    let mut rng = Lcg(0x5eed);
    let services: Vec<Service> = (0..SERVICES)
        .map(|_| service(&template, &mut rng, now))
        .collect();

    let mut group = c.benchmark_group("scoring");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(std::time::Duration::from_secs(1))
        .measurement_time(std::time::Duration::from_secs(8))
        .throughput(Throughput::Elements(SERVICES as u64));
    group.bench_function("portfolio_10k_services", |b| {
        b.iter(|| {
            let mut no_go = 0usize;
            for s in &services {
                let card = evaluate(black_box(&ScoringInput {
                    template: &template,
                    tier: s.tier,
                    answers: &s.answers,
                    waivers: &s.waivers,
                    sign_offs: &s.sign_offs,
                    slo_count: s.slo_count,
                    dependencies: &s.dependencies,
                    now,
                }));
                no_go += usize::from(card.decision == Decision::NoGo);
                black_box(card);
            }
            no_go
        })
    });
    group.finish();
}

criterion_group!(benches, portfolio);
criterion_main!(benches);
