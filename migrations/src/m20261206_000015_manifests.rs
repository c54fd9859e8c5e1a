//! `service_manifests`: what the last sync of a service's `orrery.yaml` applied.
//!
//! One row per service (unique `service_id`, deleted with the service): the `commit` the
//! manifest was read at, `applied` (JSON object: field → the value the sync wrote or
//! confirmed, e.g. `"service.tier": "tier1"`, `"slos.availability": {…}`), `drift` (JSON
//! array of `{field, in_manifest, in_orrery}` the sync did not overwrite because the field
//! was changed in Orrery since the sync before), when and by whom it ran, and `version`.
//!
//! `down` drops the table.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::drop_tables;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ServiceManifests::Table)
                    .col(big_pk_auto(ServiceManifests::Id))
                    .col(big_integer_uniq(ServiceManifests::ServiceId))
                    .col(string_len(ServiceManifests::CommitSha, 64))
                    .col(json_binary(ServiceManifests::Applied))
                    .col(json_binary(ServiceManifests::Drift))
                    .col(string_len(ServiceManifests::SyncedBy, 64))
                    .col(timestamp_with_time_zone(ServiceManifests::SyncedAt))
                    .col(big_integer(ServiceManifests::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_service_manifests_service_id")
                            .from(ServiceManifests::Table, ServiceManifests::ServiceId)
                            .to(Services::Table, Services::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, [ServiceManifests::Table.into_iden()]).await
    }
}

#[derive(DeriveIden)]
enum ServiceManifests {
    Table,
    Id,
    ServiceId,
    CommitSha,
    Applied,
    Drift,
    SyncedBy,
    SyncedAt,
    Version,
}

#[derive(DeriveIden)]
enum Services {
    Table,
    Id,
}
