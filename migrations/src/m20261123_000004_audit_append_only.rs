//! Makes `audit_events` append-only: adds triggers that reject every
//! `UPDATE` and `DELETE` on the table.
//!
//! - PostgreSQL: the plpgsql function `audit_events_append_only()` raising an
//!   exception, fired by the row trigger `audit_events_append_only`
//!   (`BEFORE UPDATE OR DELETE`).
//! - SQLite: the triggers `audit_events_no_update` and
//!   `audit_events_no_delete`, each doing
//!   `SELECT RAISE(ABORT, 'audit_events is append-only')`.
//!
//! This is the only migration with raw SQL, since triggers have no portable
//! schema-builder form. `down` drops the triggers (and the function).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Error message raised by the triggers on both backends.
const MESSAGE: &str = "audit_events is append-only";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let statements = match manager.get_database_backend() {
            DbBackend::Postgres => vec![
                format!(
                    "CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger \
                     LANGUAGE plpgsql AS $$ \
                     BEGIN \
                         RAISE EXCEPTION '{MESSAGE}'; \
                     END; \
                     $$"
                ),
                "CREATE TRIGGER audit_events_append_only \
                 BEFORE UPDATE OR DELETE ON audit_events \
                 FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()"
                    .to_owned(),
            ],
            DbBackend::Sqlite => vec![
                format!(
                    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events \
                     BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
                ),
                format!(
                    "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events \
                     BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
                ),
            ],
            other => return Err(unsupported(other)),
        };
        run(manager, &statements).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let statements: &[&str] = match manager.get_database_backend() {
            DbBackend::Postgres => &[
                "DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events",
                "DROP FUNCTION IF EXISTS audit_events_append_only()",
            ],
            DbBackend::Sqlite => &[
                "DROP TRIGGER IF EXISTS audit_events_no_update",
                "DROP TRIGGER IF EXISTS audit_events_no_delete",
            ],
            other => return Err(unsupported(other)),
        };
        run(manager, statements).await
    }
}

/// Executes each statement, in order, on the migration connection.
async fn run<S: AsRef<str>>(manager: &SchemaManager<'_>, statements: &[S]) -> Result<(), DbErr> {
    let db = manager.get_connection();
    for sql in statements {
        db.execute_unprepared(sql.as_ref()).await?;
    }
    Ok(())
}

fn unsupported(backend: DbBackend) -> DbErr {
    DbErr::Migration(format!(
        "audit_events append-only triggers are not implemented for {backend:?}"
    ))
}
