//! Round-trip test for the Orrery migrations.
//!
//! Runs every migration up, checks the schema (tables, id generation, the
//! `version` default, foreign-key actions and the append-only audit
//! triggers), rolls everything back and applies it again.
//!
//! SQLite (in memory) is always tested. PostgreSQL is tested when reachable
//! at `ORRERY_TEST_PG_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`,
//! the maintenance database): a uniquely named scratch database is created
//! for the test and dropped afterwards. If PostgreSQL cannot be reached the
//! PostgreSQL test logs why and passes.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use migration::{Migrator, MigratorTrait, SchemaManager};
use sea_orm_migration::sea_orm::{
    self, ActiveModelTrait, ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr,
    Set,
};

/// Every table the migrations create.
const TABLES: [&str; 16] = [
    "teams",
    "people",
    "services",
    "dependencies",
    "capacity_plans",
    "slos",
    "checklist_templates",
    "reviews",
    "item_responses",
    "waivers",
    "sign_offs",
    "score_snapshots",
    "audit_events",
    "verification_results",
    "verification_jobs",
    "action_items",
];

/// Minimal entity for `teams`, used to check that sea-orm inserts get ids
/// back and that `version` defaults to 1.
mod team {
    use sea_orm_migration::sea_orm::{self, entity::prelude::*};

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "teams")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub slug: String,
        pub name: String,
        pub description: Option<String>,
        pub contact_channel: Option<String>,
        pub oncall_url: Option<String>,
        pub version: i64,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

#[tokio::test]
async fn sqlite_roundtrip() {
    let mut options = ConnectOptions::new("sqlite::memory:");
    // One long-lived connection: the in-memory database lives as long as it.
    options
        .max_connections(1)
        .min_connections(1)
        .idle_timeout(None::<Duration>)
        .sqlx_logging(false);
    let db = Database::connect(options).await.expect("connect to sqlite");
    exercise(&db).await;
    db.close().await.expect("close sqlite");
}

#[tokio::test]
async fn postgres_roundtrip() {
    let admin_url = std::env::var("ORRERY_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned());
    let admin = match Database::connect(pg_options(&admin_url)).await {
        Ok(admin) => admin,
        Err(err) => {
            eprintln!("skipping PostgreSQL round trip: cannot connect to {admin_url}: {err}");
            return;
        }
    };

    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after epoch")
        .as_nanos();
    let name = format!("orrery_mig_{}_{nanos}", std::process::id());
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

    // Run the checks in their own task so that a failure still lets us drop
    // the scratch database before re-raising it.
    let outcome = tokio::spawn(async move {
        let db = Database::connect(pg_options(&url))
            .await
            .expect("connect to scratch database");
        exercise(&db).await;
        db.close().await.expect("close scratch database");
    })
    .await;

    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .await
        .expect("drop scratch database");
    admin.close().await.expect("close admin connection");

    if let Err(err) = outcome {
        std::panic::resume_unwind(err.into_panic());
    }
}

fn pg_options(url: &str) -> ConnectOptions {
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(2)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(5))
        .sqlx_logging(false);
    options
}

/// The backend-independent checks.
async fn exercise(db: &DatabaseConnection) {
    Migrator::up(db, None).await.expect("migrate up");
    assert_eq!(
        Migrator::get_pending_migrations(db)
            .await
            .expect("pending migrations")
            .len(),
        0
    );
    assert_tables(db, true).await;
    check_ids_and_defaults(db).await;
    check_foreign_keys(db).await;
    check_action_items(db).await;
    check_audit_append_only(db).await;
    check_audit_no_rewrite(db).await;

    Migrator::down(db, None).await.expect("migrate down");
    assert_tables(db, false).await;
    assert_eq!(
        Migrator::get_applied_migrations(db)
            .await
            .expect("applied migrations")
            .len(),
        0
    );

    Migrator::up(db, None).await.expect("migrate up again");
    assert_tables(db, true).await;
    check_audit_append_only(db).await;
    check_audit_no_rewrite(db).await;
}

async fn assert_tables(db: &DatabaseConnection, present: bool) {
    let manager = SchemaManager::new(db);
    for table in TABLES {
        assert_eq!(
            manager.has_table(table).await.expect("has_table"),
            present,
            "table {table} present"
        );
    }
}

/// Inserts through sea-orm get their generated id back; `version` defaults to 1.
async fn check_ids_and_defaults(db: &DatabaseConnection) {
    let now = chrono::Utc::now();
    let mut ids = Vec::new();
    for slug in ["ids-a", "ids-b"] {
        let team = team::ActiveModel {
            slug: Set(slug.to_owned()),
            name: Set(format!("Team {slug}")),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("insert team");
        assert!(team.id > 0, "generated id {}", team.id);
        assert_eq!(team.version, 1, "version defaults to 1");
        assert_eq!(team.slug, slug);
        ids.push(team.id);
    }
    assert!(ids[1] > ids[0], "ids increase: {ids:?}");

    // A raw insert of the same slug violates the unique constraint.
    let duplicate = db
        .execute_unprepared(
            "INSERT INTO teams (slug, name, created_at, updated_at) \
             VALUES ('ids-a', 'dup', '2026-11-23T00:00:00Z', '2026-11-23T00:00:00Z')",
        )
        .await;
    assert!(duplicate.is_err(), "duplicate slug accepted");
}

/// RESTRICT from services to teams, CASCADE from services to slos.
async fn check_foreign_keys(db: &DatabaseConnection) {
    exec(
        db,
        "INSERT INTO teams (slug, name, created_at, updated_at) \
         VALUES ('fk-team', 'FK team', '2026-11-23T00:00:00Z', '2026-11-23T00:00:00Z')",
    )
    .await;
    exec(
        db,
        "INSERT INTO services (slug, name, team_id, tier, lifecycle, links, created_at, updated_at) \
         SELECT 'fk-svc', 'FK service', id, 'T1', 'production', '[]', \
                '2026-11-23T00:00:00Z', '2026-11-23T00:00:00Z' \
         FROM teams WHERE slug = 'fk-team'",
    )
    .await;
    exec(
        db,
        "INSERT INTO slos (service_id, name, sli_kind, objective_percent, window_days, \
                           created_at, updated_at) \
         SELECT id, 'availability', 'ratio', 99.9, 28, \
                '2026-11-23T00:00:00Z', '2026-11-23T00:00:00Z' \
         FROM services WHERE slug = 'fk-svc'",
    )
    .await;
    assert_eq!(count(db, "SELECT COUNT(*) AS n FROM slos").await, 1);
    assert_eq!(
        count(db, "SELECT MIN(version) AS n FROM services").await,
        1,
        "raw insert gets version 1"
    );

    let restricted = db
        .execute_unprepared("DELETE FROM teams WHERE slug = 'fk-team'")
        .await;
    assert!(
        restricted.is_err(),
        "deleting a team with services succeeded"
    );

    exec(db, "DELETE FROM services WHERE slug = 'fk-svc'").await;
    assert_eq!(count(db, "SELECT COUNT(*) AS n FROM slos").await, 0);
    exec(db, "DELETE FROM teams WHERE slug = 'fk-team'").await;
}

/// `action_items`: `done` defaults to false and `version` to 1; they go with their review.
async fn check_action_items(db: &DatabaseConnection) {
    exec(
        db,
        "INSERT INTO teams (slug, name, created_at, updated_at) \
         VALUES ('ai-team', 'AI team', '2026-11-23T00:00:00Z', '2026-11-23T00:00:00Z')",
    )
    .await;
    exec(
        db,
        "INSERT INTO services (slug, name, team_id, tier, lifecycle, links, created_at, updated_at) \
         SELECT 'ai-svc', 'AI service', id, 'tier3', 'beta', '[]', \
                '2026-11-23T00:00:00Z', '2026-11-23T00:00:00Z' \
         FROM teams WHERE slug = 'ai-team'",
    )
    .await;
    exec(
        db,
        "INSERT INTO checklist_templates (key, version, name, content_hash, definition, created_at) \
         VALUES ('ai-tpl', 1, 'AI', 'h', '{}', '2026-11-23T00:00:00Z')",
    )
    .await;
    exec(
        db,
        "INSERT INTO reviews (service_id, template_id, state, created_at, updated_at) \
         SELECT s.id, t.id, 'draft', '2026-11-23T00:00:00Z', '2026-11-23T00:00:00Z' \
         FROM services s, checklist_templates t WHERE s.slug = 'ai-svc' AND t.key = 'ai-tpl'",
    )
    .await;
    exec(
        db,
        "INSERT INTO action_items (review_id, title, owner, due_date, created_by, created_at, updated_at) \
         SELECT id, 'Add a runbook', 'bob', '2027-01-31', 'alice', \
                '2026-11-23T00:00:00Z', '2026-11-23T00:00:00Z' FROM reviews",
    )
    .await;
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) AS n FROM action_items WHERE done = false AND version = 1"
        )
        .await,
        1,
        "done defaults to false, version to 1"
    );
    exec(db, "DELETE FROM reviews").await;
    assert_eq!(count(db, "SELECT COUNT(*) AS n FROM action_items").await, 0);
    exec(db, "DELETE FROM services WHERE slug = 'ai-svc'").await;
    exec(db, "DELETE FROM checklist_templates WHERE key = 'ai-tpl'").await;
    exec(db, "DELETE FROM teams WHERE slug = 'ai-team'").await;
}

/// `audit_events` accepts inserts but rejects UPDATE and DELETE.
async fn check_audit_append_only(db: &DatabaseConnection) {
    exec(
        db,
        "INSERT INTO audit_events (occurred_at, actor, action, entity_type, entity_id, after) \
         VALUES ('2026-11-23T00:00:00Z', 'tester', 'service.create', 'service', '1', \
                 '{\"slug\":\"x\"}')",
    )
    .await;
    let before = count(db, "SELECT COUNT(*) AS n FROM audit_events").await;
    assert!(before >= 1);

    let update = db
        .execute_unprepared("UPDATE audit_events SET actor = 'mallory'")
        .await;
    assert_append_only_error(update, "UPDATE");

    let delete = db.execute_unprepared("DELETE FROM audit_events").await;
    assert_append_only_error(delete, "DELETE");

    assert_eq!(
        count(db, "SELECT COUNT(*) AS n FROM audit_events").await,
        before
    );
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) AS n FROM audit_events WHERE actor = 'mallory'"
        )
        .await,
        0
    );
}

/// The rewrite paths row triggers miss: TRUNCATE (PostgreSQL), REPLACE (SQLite).
async fn check_audit_no_rewrite(db: &DatabaseConnection) {
    let before = count(db, "SELECT COUNT(*) AS n FROM audit_events").await;
    let sql = match db.get_database_backend() {
        sea_orm::DbBackend::Sqlite => {
            "REPLACE INTO audit_events (id, occurred_at, actor, action, entity_type, entity_id) \
             SELECT id, occurred_at, 'mallory', action, entity_type, entity_id FROM audit_events"
        }
        _ => "TRUNCATE audit_events",
    };
    assert_append_only_error(db.execute_unprepared(sql).await, sql);
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) AS n FROM audit_events WHERE actor <> 'mallory'"
        )
        .await,
        before
    );
}

fn assert_append_only_error<T: std::fmt::Debug>(result: Result<T, DbErr>, what: &str) {
    match result {
        Ok(value) => panic!("{what} on audit_events succeeded: {value:?}"),
        Err(err) => assert!(
            err.to_string().contains("audit_events is append-only"),
            "{what} on audit_events failed with an unexpected error: {err}"
        ),
    }
}

async fn exec(db: &DatabaseConnection, sql: &str) {
    if let Err(err) = db.execute_unprepared(sql).await {
        panic!("{sql}: {err}");
    }
}

/// Runs `sql`, which must return one integer column named `n`.
async fn count(db: &DatabaseConnection, sql: &str) -> i64 {
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            sql,
        ))
        .await
        .unwrap_or_else(|err| panic!("{sql}: {err}"))
        .unwrap_or_else(|| panic!("{sql}: no row"));
    row.try_get("", "n")
        .unwrap_or_else(|err| panic!("{sql}: {err}"))
}
