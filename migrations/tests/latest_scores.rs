//! Migration 16 fills `latest_scores` from the score history already recorded: for every
//! service its latest snapshot (the highest id), nothing for a service never scored.
//!
//! SQLite (in memory) always; PostgreSQL when reachable at `ORRERY_TEST_PG_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`), in a scratch database dropped afterwards.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use migration::{Migrator, MigratorTrait};
use sea_orm_migration::sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, Statement,
};

/// Migrations before `latest_scores`.
const BEFORE: u32 = 15;

#[tokio::test]
async fn sqlite_backfill() {
    let mut options = ConnectOptions::new("sqlite::memory:");
    options
        .max_connections(1)
        .min_connections(1)
        .idle_timeout(None::<Duration>)
        .sqlx_logging(false);
    let db = Database::connect(options).await.expect("connect to sqlite");
    backfill(&db).await;
}

#[tokio::test]
async fn postgres_backfill() {
    let admin_url = std::env::var("ORRERY_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned());
    let Ok(admin) = Database::connect(admin_url.as_str()).await else {
        eprintln!("skipping PostgreSQL backfill: cannot connect to {admin_url}");
        return;
    };
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after epoch")
        .as_nanos();
    let name = format!("orrery_mig16_{}_{nanos}", std::process::id());
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .expect("create scratch database");
    let (base, _) = admin_url
        .split('?')
        .next()
        .and_then(|url| url.rsplit_once('/'))
        .expect("database URL has a path");
    let url = format!("{base}/{name}");
    let outcome = tokio::spawn(async move {
        let db = Database::connect(url.as_str()).await.expect("connect");
        backfill(&db).await;
        db.close().await.expect("close");
    })
    .await;
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .await
        .expect("drop scratch database");
    if let Err(err) = outcome {
        std::panic::resume_unwind(err.into_panic());
    }
}

async fn backfill(db: &DatabaseConnection) {
    Migrator::up(db, Some(BEFORE)).await.expect("migrate to 15");
    let ts = "'2026-12-01 10:00:00+00:00'";
    db.execute_unprepared(&format!(
        "INSERT INTO teams (id, slug, name, version, created_at, updated_at) \
         VALUES (1, 't', 'T', 1, {ts}, {ts})"
    ))
    .await
    .expect("team");
    for (id, slug) in [(1, "a"), (2, "b"), (3, "c")] {
        db.execute_unprepared(&format!(
            "INSERT INTO services (id, slug, name, description, team_id, tier, lifecycle, \
             links, pr_check_policy, version, created_at, updated_at) \
             VALUES ({id}, '{slug}', '{slug}', '', 1, 'tier3', 'production', '[]', \
             'block_regressions', 1, {ts}, {ts})"
        ))
        .await
        .expect("service");
    }
    // a: two snapshots (the second latest); b: one with no score; c: none.
    for (id, service, score, level, gate) in [
        (1, 1, "40.0", 0, "NO_GO"),
        (2, 2, "NULL", 0, "NO_GO"),
        (3, 1, "92.5", 2, "GO"),
    ] {
        db.execute_unprepared(&format!(
            "INSERT INTO score_snapshots (id, service_id, taken_at, score, level, gate, counts) \
             VALUES ({id}, {service}, {ts}, {score}, {level}, '{gate}', '{{}}')"
        ))
        .await
        .expect("snapshot");
    }
    Migrator::up(db, None).await.expect("migrate up");
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT service_id, snapshot_id, score, level, gate FROM latest_scores \
             ORDER BY service_id",
        ))
        .await
        .expect("read latest_scores");
    let read: Vec<(i64, i64, Option<f64>, i32, String)> = rows
        .iter()
        .map(|r| {
            (
                r.try_get("", "service_id").unwrap(),
                r.try_get("", "snapshot_id").unwrap(),
                r.try_get("", "score").unwrap(),
                r.try_get("", "level").unwrap(),
                r.try_get("", "gate").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            (1, 3, Some(92.5), 2, "GO".to_owned()),
            (2, 2, None, 0, "NO_GO".to_owned()),
        ]
    );
    // Deleting a service deletes its row.
    db.execute_unprepared("DELETE FROM score_snapshots WHERE service_id = 1")
        .await
        .expect("delete snapshots");
    db.execute_unprepared("DELETE FROM services WHERE id = 1")
        .await
        .expect("delete service");
    let left = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT service_id FROM latest_scores",
        ))
        .await
        .expect("read latest_scores");
    assert_eq!(left.len(), 1);
    Migrator::down(db, Some(1)).await.expect("migrate down one");
}
