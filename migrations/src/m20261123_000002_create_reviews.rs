//! Creates the readiness-review tables: `checklist_templates`, `reviews`,
//! `item_responses`, `waivers` and `sign_offs`, with their foreign keys and
//! indexes. Depends on `services` from the catalog migration.
//!
//! `down` drops the five tables (children first).

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{create_index, drop_tables};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ChecklistTemplates::Table)
                    .col(big_pk_auto(ChecklistTemplates::Id))
                    .col(string_len(ChecklistTemplates::Key, 64))
                    .col(integer(ChecklistTemplates::Version))
                    .col(string_len(ChecklistTemplates::Name, 200))
                    .col(string_len(ChecklistTemplates::ContentHash, 64))
                    .col(json_binary(ChecklistTemplates::Definition))
                    .col(string_len_null(ChecklistTemplates::SourcePath, 500))
                    .col(timestamp_with_time_zone(ChecklistTemplates::CreatedAt))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "uq_checklist_templates_key_version",
            ChecklistTemplates::Table,
            [ChecklistTemplates::Key, ChecklistTemplates::Version],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Reviews::Table)
                    .col(big_pk_auto(Reviews::Id))
                    .col(big_integer(Reviews::ServiceId))
                    .col(big_integer(Reviews::TemplateId))
                    .col(string_len(Reviews::State, 16))
                    .col(date_null(Reviews::TargetDate))
                    .col(string_len_null(Reviews::Decision, 24))
                    .col(text_null(Reviews::DecisionNotes))
                    .col(string_len_null(Reviews::DecidedBy, 64))
                    .col(timestamp_with_time_zone_null(Reviews::DecidedAt))
                    .col(timestamp_with_time_zone_null(Reviews::SubmittedAt))
                    .col(big_integer(Reviews::Version).default(1))
                    .col(timestamp_with_time_zone(Reviews::CreatedAt))
                    .col(timestamp_with_time_zone(Reviews::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reviews_service_id")
                            .from(Reviews::Table, Reviews::ServiceId)
                            .to(Services::Table, Services::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reviews_template_id")
                            .from(Reviews::Table, Reviews::TemplateId)
                            .to(ChecklistTemplates::Table, ChecklistTemplates::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_reviews_service_id",
            Reviews::Table,
            [Reviews::ServiceId],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(ItemResponses::Table)
                    .col(big_pk_auto(ItemResponses::Id))
                    .col(big_integer(ItemResponses::ReviewId))
                    .col(string_len(ItemResponses::ItemKey, 100))
                    .col(string_len(ItemResponses::Outcome, 16))
                    .col(string_len(ItemResponses::Source, 16))
                    .col(text_null(ItemResponses::Evidence))
                    .col(text_null(ItemResponses::Note))
                    .col(json_binary_null(ItemResponses::Observed))
                    .col(string_len_null(ItemResponses::CommitSha, 64))
                    .col(string_len(ItemResponses::RespondedBy, 64))
                    .col(timestamp_with_time_zone(ItemResponses::RespondedAt))
                    .col(big_integer(ItemResponses::Version).default(1))
                    .col(timestamp_with_time_zone(ItemResponses::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_item_responses_review_id")
                            .from(ItemResponses::Table, ItemResponses::ReviewId)
                            .to(Reviews::Table, Reviews::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "uq_item_responses_review_item",
            ItemResponses::Table,
            [ItemResponses::ReviewId, ItemResponses::ItemKey],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Waivers::Table)
                    .col(big_pk_auto(Waivers::Id))
                    .col(big_integer(Waivers::ReviewId))
                    .col(string_len(Waivers::ItemKey, 100))
                    .col(text(Waivers::Reason))
                    .col(text(Waivers::CompensatingControl))
                    .col(string_len(Waivers::RequestedBy, 64))
                    .col(string_len_null(Waivers::ApprovedBy, 64))
                    .col(string_len(Waivers::State, 16))
                    .col(timestamp_with_time_zone(Waivers::ExpiresAt))
                    .col(timestamp_with_time_zone_null(Waivers::DecidedAt))
                    .col(big_integer(Waivers::Version).default(1))
                    .col(timestamp_with_time_zone(Waivers::CreatedAt))
                    .col(timestamp_with_time_zone(Waivers::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_waivers_review_id")
                            .from(Waivers::Table, Waivers::ReviewId)
                            .to(Reviews::Table, Reviews::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_waivers_review_item",
            Waivers::Table,
            [Waivers::ReviewId, Waivers::ItemKey],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(SignOffs::Table)
                    .col(big_pk_auto(SignOffs::Id))
                    .col(big_integer(SignOffs::ReviewId))
                    .col(string_len(SignOffs::Role, 64))
                    .col(string_len(SignOffs::Signer, 64))
                    .col(string_len(SignOffs::Decision, 16))
                    .col(text_null(SignOffs::Comment))
                    .col(big_integer(SignOffs::ReviewVersion))
                    .col(timestamp_with_time_zone(SignOffs::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sign_offs_review_id")
                            .from(SignOffs::Table, SignOffs::ReviewId)
                            .to(Reviews::Table, Reviews::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "uq_sign_offs_review_role",
            SignOffs::Table,
            [SignOffs::ReviewId, SignOffs::Role],
            true,
        )
        .await?;

        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Children before parents so foreign keys never dangle.
        drop_tables(
            manager,
            [
                SignOffs::Table.into_iden(),
                Waivers::Table.into_iden(),
                ItemResponses::Table.into_iden(),
                Reviews::Table.into_iden(),
                ChecklistTemplates::Table.into_iden(),
            ],
        )
        .await
    }
}

/// Referenced from the catalog migration; only the columns used here.
#[derive(DeriveIden)]
enum Services {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ChecklistTemplates {
    Table,
    Id,
    Key,
    Version,
    Name,
    ContentHash,
    Definition,
    SourcePath,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Reviews {
    Table,
    Id,
    ServiceId,
    TemplateId,
    State,
    TargetDate,
    Decision,
    DecisionNotes,
    DecidedBy,
    DecidedAt,
    SubmittedAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ItemResponses {
    Table,
    Id,
    ReviewId,
    ItemKey,
    Outcome,
    Source,
    Evidence,
    Note,
    Observed,
    CommitSha,
    RespondedBy,
    RespondedAt,
    Version,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Waivers {
    Table,
    Id,
    ReviewId,
    ItemKey,
    Reason,
    CompensatingControl,
    RequestedBy,
    ApprovedBy,
    State,
    ExpiresAt,
    DecidedAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum SignOffs {
    Table,
    Id,
    ReviewId,
    Role,
    Signer,
    Decision,
    Comment,
    ReviewVersion,
    CreatedAt,
}
