//! Logins are case-insensitive: their canonical form is trimmed lowercase. This migration
//! rewrites the logins already stored in that form, so `Alice` and `alice` recorded before
//! the rule are one person afterwards (a requester can no longer approve their own waiver by
//! changing case).
//!
//! `people` keeps one row per canonical login (the oldest). `audit_events` is append-only and
//! keeps what was recorded at the time. `down` cannot restore the original spelling and
//! leaves the data as it is.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Every column that holds a person's login, by table.
const LOGIN_COLUMNS: [(&str, &str); 9] = [
    ("waivers", "requested_by"),
    ("waivers", "approved_by"),
    ("reviews", "decided_by"),
    ("item_responses", "responded_by"),
    ("sign_offs", "signer"),
    ("action_items", "owner"),
    ("action_items", "done_by"),
    ("action_items", "created_by"),
    ("people", "login"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        // Duplicates by case in `people` (a unique column) collapse to the oldest row first.
        db.execute_unprepared(
            "DELETE FROM people WHERE EXISTS (SELECT 1 FROM people p2 \
             WHERE LOWER(TRIM(p2.login)) = LOWER(TRIM(people.login)) AND p2.id < people.id)",
        )
        .await?;
        for (table, column) in LOGIN_COLUMNS {
            db.execute_unprepared(&format!(
                "UPDATE {table} SET {column} = LOWER(TRIM({column})) \
                 WHERE {column} IS NOT NULL AND {column} <> LOWER(TRIM({column}))"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}
