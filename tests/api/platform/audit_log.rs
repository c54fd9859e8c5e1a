//! The audit log cannot be rewritten, not even by SQL sent straight to the app's database:
//! every statement that would change or drop a recorded event is refused by a trigger.

use crate::dual_test;
use crate::helpers::TestApp;
use orrery::store::entities::audit_event;
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, QueryOrder};

dual_test!(audit_log_cannot_be_rewritten);

/// Statements that would rewrite event `id` (or every event), per backend.
fn rewrites(backend: DatabaseBackend, id: i64) -> Vec<String> {
    let values = format!(
        "({id}, '2026-01-01T00:00:00Z', 'mallory', 'team.delete', 'team', 'forged', NULL, NULL)"
    );
    let into = "INTO audit_events \
                (id, occurred_at, actor, action, entity_type, entity_id, before, after)";
    let common = [
        format!("UPDATE audit_events SET actor = 'mallory' WHERE id = {id}"),
        format!("DELETE FROM audit_events WHERE id = {id}"),
        "DELETE FROM audit_events".to_owned(),
        format!("INSERT {into} VALUES {values} ON CONFLICT (id) DO UPDATE SET actor = 'mallory'"),
    ];
    let specific: Vec<String> = match backend {
        DatabaseBackend::Sqlite => vec![
            format!("INSERT OR REPLACE {into} VALUES {values}"),
            format!("REPLACE {into} VALUES {values}"),
            format!("INSERT OR IGNORE {into} VALUES {values}"),
            format!("UPDATE OR REPLACE audit_events SET actor = 'mallory' WHERE id = {id}"),
        ],
        DatabaseBackend::Postgres => vec![
            "TRUNCATE audit_events".to_owned(),
            "TRUNCATE TABLE audit_events RESTART IDENTITY CASCADE".to_owned(),
            format!(
                "MERGE INTO audit_events a USING (SELECT {id}::bigint AS id) s ON a.id = s.id \
                 WHEN MATCHED THEN UPDATE SET actor = 'mallory'"
            ),
            format!(
                "MERGE INTO audit_events a USING (SELECT {id}::bigint AS id) s ON a.id = s.id \
                 WHEN MATCHED THEN DELETE"
            ),
        ],
        other => panic!("no rewrite statements for {other:?}"),
    };
    common.into_iter().chain(specific).collect()
}

async fn events(db: &DatabaseConnection) -> Vec<audit_event::Model> {
    audit_event::Entity::find()
        .order_by_asc(audit_event::Column::Id)
        .all(db)
        .await
        .expect("read audit events")
}

async fn audit_log_cannot_be_rewritten(app: TestApp) {
    app.seed_team("payments").await;
    let db = sea_orm::Database::connect(&app.database_url)
        .await
        .expect("connect to the test database");
    let before = events(&db).await;
    let target = before
        .iter()
        .find(|e| e.action == "team.create")
        .expect("creating a team is audited")
        .clone();

    for sql in rewrites(db.get_database_backend(), target.id) {
        match db.execute_unprepared(&sql).await {
            Ok(done) => panic!("{sql}: accepted ({} rows)", done.rows_affected()),
            Err(err) => assert!(
                err.to_string().contains("audit_events is append-only"),
                "{sql}: refused for another reason: {err}"
            ),
        }
        assert_eq!(events(&db).await, before, "{sql}: the log changed");
    }

    // Appending still works, so the triggers refuse rewrites, not writes.
    app.seed_team("search").await;
    let after = events(&db).await;
    assert_eq!(after[..before.len()], before[..]);
    assert!(after.len() > before.len(), "a new event was appended");
    db.close().await.ok();
}
