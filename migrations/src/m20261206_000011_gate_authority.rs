//! The gate's authority.
//!
//! - `reviews` records the gate a decision was taken at (`gate_at_decision`:
//!   `GO`, `GO_WITH_CONDITIONS` or `NO_GO`), whether it was approved over a
//!   `NO_GO` (`approved_over_no_go`) with the override's `override_reason`,
//!   and, for `GO_WITH_CONDITIONS`, the conditions as JSON
//!   (`decision_conditions`: `[{code, message, item_key?}]`).
//! - `item_responses` records a second person's verdict on a `not_applicable`
//!   answer: `na_acceptance` (`pending`, `accepted`, `rejected`; null when
//!   the answer is not `not_applicable`), `na_decided_by`, `na_decided_at`
//!   and `na_comment`. Existing `not_applicable` answers become `pending`.
//! - `score_snapshots.score` becomes nullable: a service with nothing
//!   applicable left to assess has no score. SQLite cannot drop a `NOT NULL`,
//!   so there the table is rebuilt (same columns, foreign key and index).
//!
//! `down` drops the new columns and makes `score` required again (a missing
//! score becomes 0).

use sea_orm_migration::sea_orm::DatabaseBackend;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        let columns = [
            (
                Reviews::Table.into_iden(),
                string_len_null(Reviews::GateAtDecision, 24),
            ),
            (
                Reviews::Table.into_iden(),
                boolean(Reviews::ApprovedOverNoGo).default(false).to_owned(),
            ),
            (
                Reviews::Table.into_iden(),
                text_null(Reviews::OverrideReason),
            ),
            (
                Reviews::Table.into_iden(),
                json_binary_null(Reviews::DecisionConditions),
            ),
            (
                ItemResponses::Table.into_iden(),
                string_len_null(ItemResponses::NaAcceptance, 16),
            ),
            (
                ItemResponses::Table.into_iden(),
                string_len_null(ItemResponses::NaDecidedBy, 64),
            ),
            (
                ItemResponses::Table.into_iden(),
                timestamp_with_time_zone_null(ItemResponses::NaDecidedAt),
            ),
            (
                ItemResponses::Table.into_iden(),
                text_null(ItemResponses::NaComment),
            ),
        ];
        for (table, mut column) in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        let db = manager.get_connection();
        db.execute_unprepared(
            "UPDATE item_responses SET na_acceptance = 'pending' WHERE outcome = 'not_applicable'",
        )
        .await?;
        score_nullable(manager, true).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        score_nullable(manager, false).await?;
        let columns = [
            (
                Reviews::Table.into_iden(),
                Reviews::GateAtDecision.into_iden(),
            ),
            (
                Reviews::Table.into_iden(),
                Reviews::ApprovedOverNoGo.into_iden(),
            ),
            (
                Reviews::Table.into_iden(),
                Reviews::OverrideReason.into_iden(),
            ),
            (
                Reviews::Table.into_iden(),
                Reviews::DecisionConditions.into_iden(),
            ),
            (
                ItemResponses::Table.into_iden(),
                ItemResponses::NaAcceptance.into_iden(),
            ),
            (
                ItemResponses::Table.into_iden(),
                ItemResponses::NaDecidedBy.into_iden(),
            ),
            (
                ItemResponses::Table.into_iden(),
                ItemResponses::NaDecidedAt.into_iden(),
            ),
            (
                ItemResponses::Table.into_iden(),
                ItemResponses::NaComment.into_iden(),
            ),
        ];
        for (table, column) in columns {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}

/// Makes `score_snapshots.score` nullable (`nullable`) or required again (nulls become 0).
async fn score_nullable(manager: &SchemaManager<'_>, nullable: bool) -> Result<(), DbErr> {
    let db = manager.get_connection();
    if manager.get_database_backend() != DatabaseBackend::Sqlite {
        let sql = if nullable {
            "ALTER TABLE score_snapshots ALTER COLUMN score DROP NOT NULL"
        } else {
            "UPDATE score_snapshots SET score = 0 WHERE score IS NULL; \
             ALTER TABLE score_snapshots ALTER COLUMN score SET NOT NULL"
        };
        db.execute_unprepared(sql).await?;
        return Ok(());
    }
    let score = if nullable {
        double_null(ScoreSnapshots::Score)
    } else {
        double(ScoreSnapshots::Score)
    };
    let create = Table::create()
        .table(ScoreSnapshotsNew::Table)
        .col(big_pk_auto(ScoreSnapshots::Id))
        .col(big_integer(ScoreSnapshots::ServiceId))
        .col(timestamp_with_time_zone(ScoreSnapshots::TakenAt))
        .col(score)
        .col(integer(ScoreSnapshots::Level))
        .col(string_len(ScoreSnapshots::Gate, 24))
        .col(json_binary(ScoreSnapshots::Counts))
        .foreign_key(
            ForeignKey::create()
                .name("fk_score_snapshots_service_id")
                .from(ScoreSnapshotsNew::Table, ScoreSnapshots::ServiceId)
                .to(Services::Table, Services::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
        .to_string(SqliteQueryBuilder);
    let index = Index::create()
        .name("idx_score_snapshots_service_taken_at")
        .table(ScoreSnapshots::Table)
        .col(ScoreSnapshots::ServiceId)
        .col(ScoreSnapshots::TakenAt)
        .to_owned()
        .to_string(SqliteQueryBuilder);
    let score_expr = if nullable {
        "score"
    } else {
        "COALESCE(score, 0)"
    };
    // One script on one connection: the pool's other connections never see a half-built
    // table.
    db.execute_unprepared(&format!(
        "{create}; \
         INSERT INTO score_snapshots_new (id, service_id, taken_at, score, level, gate, counts) \
         SELECT id, service_id, taken_at, {score_expr}, level, gate, counts FROM score_snapshots; \
         DROP TABLE score_snapshots; \
         ALTER TABLE score_snapshots_new RENAME TO score_snapshots; \
         {index};"
    ))
    .await?;
    Ok(())
}

#[derive(DeriveIden)]
enum Reviews {
    Table,
    GateAtDecision,
    ApprovedOverNoGo,
    OverrideReason,
    DecisionConditions,
}

#[derive(DeriveIden)]
enum ItemResponses {
    Table,
    NaAcceptance,
    NaDecidedBy,
    NaDecidedAt,
    NaComment,
}

#[derive(DeriveIden)]
enum ScoreSnapshots {
    Table,
    Id,
    ServiceId,
    TakenAt,
    Score,
    Level,
    Gate,
    Counts,
}

#[derive(DeriveIden)]
enum ScoreSnapshotsNew {
    Table,
}

#[derive(DeriveIden)]
enum Services {
    Table,
    Id,
}
