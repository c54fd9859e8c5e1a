//! Closes the rewrite paths that the row triggers of
//! [`m20261123_000004_audit_append_only`](super::m20261123_000004_audit_append_only)
//! leave open on `audit_events`.
//!
//! - PostgreSQL: `TRUNCATE` fires no row trigger. The statement trigger
//!   `audit_events_no_truncate` (`BEFORE TRUNCATE`, function
//!   `audit_events_no_rewrite()`) refuses it. `INSERT … ON CONFLICT (id) DO
//!   UPDATE` and `MERGE` already fire the row triggers of migration 4.
//! - SQLite: `INSERT OR REPLACE` / `REPLACE INTO` with an existing id deletes
//!   the old row without firing delete triggers (unless `recursive_triggers`
//!   is on). The trigger `audit_events_no_replace` (`BEFORE INSERT`, when a
//!   row with the new id already exists) refuses every insert that names an
//!   existing id, whatever its conflict clause: `OR REPLACE`, `OR IGNORE`,
//!   `ON CONFLICT … DO UPDATE` and `DO NOTHING` alike.
//!
//! The message contains `audit_events is append-only`, as in migration 4.
//! `down` drops the trigger (and the function).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let statements: &[&str] = match manager.get_database_backend() {
            DbBackend::Postgres => &[
                "CREATE OR REPLACE FUNCTION audit_events_no_rewrite() RETURNS trigger \
                 LANGUAGE plpgsql AS $$ \
                 BEGIN \
                     RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP; \
                 END; \
                 $$",
                "CREATE TRIGGER audit_events_no_truncate \
                 BEFORE TRUNCATE ON audit_events \
                 FOR EACH STATEMENT EXECUTE FUNCTION audit_events_no_rewrite()",
            ],
            DbBackend::Sqlite => &[
                "CREATE TRIGGER audit_events_no_replace BEFORE INSERT ON audit_events \
                 WHEN EXISTS (SELECT 1 FROM audit_events WHERE id = NEW.id) \
                 BEGIN SELECT RAISE(ABORT, 'audit_events is append-only (an event with this id exists)'); END",
            ],
            other => return Err(unsupported(other)),
        };
        run(manager, statements).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let statements: &[&str] = match manager.get_database_backend() {
            DbBackend::Postgres => &[
                "DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events",
                "DROP FUNCTION IF EXISTS audit_events_no_rewrite()",
            ],
            DbBackend::Sqlite => &["DROP TRIGGER IF EXISTS audit_events_no_replace"],
            other => return Err(unsupported(other)),
        };
        run(manager, statements).await
    }
}

/// Executes each statement, in order, on the migration connection.
async fn run(manager: &SchemaManager<'_>, statements: &[&str]) -> Result<(), DbErr> {
    let db = manager.get_connection();
    for sql in statements {
        db.execute_unprepared(sql).await?;
    }
    Ok(())
}

fn unsupported(backend: DbBackend) -> DbErr {
    DbErr::Migration(format!(
        "audit_events rewrite triggers are not implemented for {backend:?}"
    ))
}
