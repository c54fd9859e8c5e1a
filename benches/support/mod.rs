//! A large portfolio seeded straight into a fresh SQLite file database with sea-orm bulk
//! inserts (going through the API would take far longer than the measurements), then served
//! by the real router on a loopback port. Shared by the `portfolio_scale` and `report`
//! benches.
//!
//! Every service has a current review of the shipped template with most applicable items
//! answered (passes, fails, accepted N/As), some approved waivers, some action items and a
//! score history; `latest_scores` is filled from the snapshots, then one re-scoring pass
//! brings scores and item states up to date as the running app keeps them.

use chrono::{DateTime, Duration, Utc};
use orrery::app::App;
use orrery::config::{DatabaseArgs, ServeArgs, SourceArgs};
use orrery::domain::catalog::{Lifecycle, Tier};
use orrery::domain::not_applicable::NaAcceptance;
use orrery::domain::review::{Outcome, ResponseSource, ReviewState, WaiverState};
use orrery::domain::scoring::Decision;
use orrery::domain::template::Severity;
use orrery::services::SystemClock;
use orrery::store::entities::{
    action_item, item_response, review, score_snapshot, service, team, waiver,
};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, Set, TransactionTrait,
};
use std::sync::Arc;

/// What to seed.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// Services (slugs `svc-00000`, `svc-00001`, …).
    pub services: usize,
    /// Owning teams (`team-00` …), services spread evenly.
    pub teams: usize,
    /// Days of score history behind now.
    pub history_days: i64,
    /// Days between two snapshots of a service (varied by ±2 per service).
    pub snapshot_every: i64,
}

/// Numerical Recipes' 64-bit LCG; the high bits are the usable ones.
pub struct Lcg(pub u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// Uniform-ish in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Boots the app on a fresh SQLite file named after `name`, seeds it per `spec` and serves
/// it on a loopback port; returns the base URL.
pub async fn serve(name: &str, spec: Spec) -> String {
    let dir = std::env::temp_dir().join(format!("orrery-bench-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let args = ServeArgs {
        database: DatabaseArgs {
            database_url: format!("sqlite://{}?mode=rwc", dir.join("orrery.db").display()),
        },
        listen: "127.0.0.1:0".parse().unwrap(),
        checklists: std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("checklists"),
        default_template: "orr-standard".into(),
        sources: SourceArgs::default(),
        verify_interval_secs: 0,
        verify_concurrency: 1,
        rescore_interval_secs: 0,
        slo_observe_interval_secs: 0,
        digest: orrery::config::DigestArgs::default(),
        public_url: None,
        auth: orrery::config::AuthArgs::default(),
    };
    let app = App::build(&args, Arc::new(SystemClock)).await.unwrap();
    let started = std::time::Instant::now();
    seed(&app, spec).await;
    // Then one re-scoring pass, as the running app makes every hour: it writes a snapshot
    // where the seeded history ends elsewhere than the answers score, and keeps each
    // service's item states beside its latest score.
    let pass = app.services.rescore_all().await.unwrap();
    eprintln!(
        "seeded {name}: {} services in {:.1} s ({} scored, {} snapshots written)",
        spec.services,
        started.elapsed().as_secs_f64(),
        pass.scored,
        pass.written
    );
    let (addr, server) = app
        .serve(args.listen, std::future::pending())
        .await
        .unwrap();
    tokio::spawn(server);
    format!("http://{addr}")
}

/// Inserts `rows` in chunks small enough for SQLite's limit on bound values.
async fn insert<A, C>(db: &C, rows: Vec<A>, columns: usize)
where
    A: ActiveModelTrait + Send,
    C: ConnectionTrait,
{
    let per_chunk = (30_000 / columns).max(1);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(per_chunk).collect();
        <A::Entity as EntityTrait>::insert_many(chunk)
            .exec_without_returning(db)
            .await
            .unwrap();
    }
}

async fn seed(app: &App, spec: Spec) {
    let db: &DatabaseConnection = app.services.db.conn();
    let stored = app.services.templates.latest("orr-standard").unwrap();
    let template = &stored.template;
    let now = Utc::now();
    let mut rng = Lcg(0x5eed ^ spec.services as u64);
    let txn = db.begin().await.unwrap();
    let teams = (0..spec.teams)
        .map(|t| team::ActiveModel {
            id: Set(t as i64 + 1),
            slug: Set(format!("team-{t:02}")),
            name: Set(format!("Team {t:02}")),
            description: Set(None),
            contact_channel: Set(None),
            oncall_url: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .collect();
    insert(&txn, teams, 9).await;

    let (mut services, mut reviews, mut answers) = (Vec::new(), Vec::new(), Vec::new());
    let (mut waivers, mut actions, mut snapshots) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..spec.services {
        let id = i as i64 + 1;
        let tier = Tier::ALL[rng.below(4) as usize];
        let lifecycle = Lifecycle::ALL[rng.below(Lifecycle::ALL.len() as u64) as usize];
        services.push(service::ActiveModel {
            id: Set(id),
            slug: Set(format!("svc-{i:05}")),
            name: Set(format!("Service {i}")),
            description: Set(format!("Benchmark service number {i}")),
            team_id: Set((i % spec.teams) as i64 + 1),
            tier: Set(tier),
            lifecycle: Set(lifecycle),
            repository: Set(None),
            monitoring: Set(None),
            links: Set(serde_json::json!([])),
            launch_target: Set(None),
            repository_path: Set(None),
            pr_check_policy: Set(Default::default()),
            archived_at: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        });
        let state = [
            ReviewState::Draft,
            ReviewState::InReview,
            ReviewState::Approved,
        ][rng.below(3) as usize];
        let approved = state == ReviewState::Approved;
        reviews.push(review::ActiveModel {
            id: Set(id),
            service_id: Set(id),
            template_id: Set(stored.id),
            state: Set(state),
            target_date: Set(None),
            decision: Set(None),
            decision_notes: Set(None),
            decided_by: Set(approved.then(|| "sam".to_owned())),
            decided_at: Set(approved.then(|| now - Duration::days(rng.below(80) as i64))),
            submitted_at: Set(None),
            gate_at_decision: Set(None),
            approved_over_no_go: Set(approved && rng.below(10) == 0),
            override_reason: Set(None),
            decision_conditions: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        });
        for (_, item) in template.items().filter(|(_, item)| item.applies_to(tier)) {
            let outcome = match rng.below(100) {
                0..=9 => continue,
                10..=74 => Outcome::Pass,
                75..=89 => Outcome::Fail,
                _ => Outcome::NotApplicable,
            };
            let na = outcome == Outcome::NotApplicable;
            answers.push(item_response::ActiveModel {
                id: Default::default(),
                review_id: Set(id),
                item_key: Set(item.key.clone()),
                outcome: Set(outcome),
                source: Set(ResponseSource::Manual),
                evidence: Set(Some("https://wiki.example/evidence".into())),
                note: Set(na.then(|| "stateless: nothing to restore".into())),
                observed: Set(None),
                commit_sha: Set(None),
                responded_by: Set("olivia".into()),
                responded_at: Set(now - Duration::hours(rng.below(24 * 60) as i64)),
                na_acceptance: Set(na.then_some(NaAcceptance::Accepted)),
                na_decided_by: Set(na.then(|| "sam".into())),
                na_decided_at: Set(na.then_some(now)),
                na_comment: Set(None),
                carried_from: Set(None),
                version: Set(1),
                created_at: Set(now),
            });
            if outcome == Outcome::Fail && item.severity != Severity::Minor && rng.below(8) == 0 {
                waivers.push(waiver::ActiveModel {
                    id: Default::default(),
                    review_id: Set(id),
                    item_key: Set(item.key.clone()),
                    reason: Set("vendor fix due next sprint".into()),
                    compensating_control: Set("manual check every morning".into()),
                    requested_by: Set("olivia".into()),
                    approved_by: Set(Some("sam".into())),
                    state: Set(WaiverState::Approved),
                    expires_at: Set(now + Duration::days(rng.below(90) as i64 - 20)),
                    decided_at: Set(Some(now)),
                    version: Set(1),
                    created_at: Set(now),
                    updated_at: Set(now),
                });
            }
        }
        for a in 0..rng.below(4).saturating_sub(1) {
            actions.push(action_item::ActiveModel {
                id: Default::default(),
                review_id: Set(id),
                title: Set(format!("Follow-up {a} for service {i}")),
                owner: Set("olivia".into()),
                due_date: Set((now + Duration::days(rng.below(60) as i64 - 30)).date_naive()),
                done: Set(rng.below(3) == 0),
                done_at: Set(None),
                done_by: Set(None),
                created_by: Set("sam".into()),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
            });
        }
        history(&mut rng, id, spec, now, &mut snapshots);
    }
    insert(&txn, services, 17).await;
    insert(&txn, reviews, 17).await;
    insert(&txn, answers, 19).await;
    insert(&txn, waivers, 12).await;
    insert(&txn, actions, 11).await;
    insert(&txn, snapshots, 6).await;
    // What `record_history` does for each snapshot it writes, for every service at once
    // (when the table exists: the bench also measured the code from before it).
    let has_latest = txn
        .query_one_raw(sea_orm::Statement::from_string(
            txn.get_database_backend(),
            "SELECT name FROM sqlite_master WHERE name = 'latest_scores'",
        ))
        .await
        .unwrap()
        .is_some();
    if has_latest {
        txn.execute_unprepared(LATEST_SCORES).await.unwrap();
    }
    txn.commit().await.unwrap();
}

/// Fills `latest_scores` from each service's latest snapshot (the highest id).
const LATEST_SCORES: &str = "INSERT INTO latest_scores (service_id, snapshot_id, taken_at, score, level, gate) \
     SELECT s.service_id, s.id, s.taken_at, s.score, s.level, s.gate FROM score_snapshots s \
     WHERE s.id IN (SELECT MAX(id) FROM score_snapshots GROUP BY service_id)";

/// A service's score history: a snapshot every few days over the history window, the score
/// drifting, level and gate following it. One service in fifty has no history before the
/// re-scoring pass, one in thirty has nothing assessed (no score) at the end of it.
fn history(
    rng: &mut Lcg,
    service_id: i64,
    spec: Spec,
    now: DateTime<Utc>,
    out: &mut Vec<score_snapshot::ActiveModel>,
) {
    if rng.below(50) == 0 {
        return;
    }
    let every = (spec.snapshot_every + rng.below(5) as i64 - 2).max(1);
    let mut score = 20.0 + rng.below(700) as f64 / 10.0;
    let mut t = now - Duration::days(spec.history_days) + Duration::hours(rng.below(48) as i64);
    let unassessed = rng.below(30) == 0;
    loop {
        let last = t + Duration::days(every) > now;
        let value = (!(last && unassessed)).then_some(score);
        let gate = match value {
            Some(s) if s >= 85.0 => Decision::Go,
            Some(s) if s >= 60.0 => Decision::GoWithConditions,
            _ => Decision::NoGo,
        };
        out.push(score_snapshot::ActiveModel {
            id: Default::default(),
            service_id: Set(service_id),
            taken_at: Set(t),
            score: Set(value),
            level: Set(value.map_or(0, |s| (s / 30.0) as i32)),
            gate: Set(gate),
            counts: Set(serde_json::json!({"passed": 40, "failed": 5, "waived": 1, "notApplicable": 3, "unanswered": 6})),
        });
        if last {
            return;
        }
        score = (score + rng.below(161) as f64 / 10.0 - 7.0).clamp(0.0, 100.0);
        t += Duration::days(every);
    }
}
