//! Database migrations for Orrery.
//!
//! Every migration is written with the sea-query schema builder so that it
//! runs unchanged on both SQLite and PostgreSQL; the only raw SQL is the
//! backend-specific trigger DDL in
//! [`m20261123_000004_audit_append_only`].
//!
//! Migrations are applied in the order returned by
//! [`Migrator::migrations`]; once released, a migration must never be
//! edited — add a new one instead.

pub use sea_orm_migration::prelude::*;

mod helpers;
mod m20261123_000001_create_catalog;
mod m20261123_000002_create_reviews;
mod m20261123_000003_create_history;
mod m20261123_000004_audit_append_only;
mod m20261123_000005_create_verification_results;
mod m20261123_000006_create_verification_jobs;
mod m20261123_000007_create_action_items;
mod m20261206_000008_audit_no_rewrite;
mod m20261206_000009_canonical_logins;
mod m20261206_000010_access;
mod m20261206_000011_gate_authority;
mod m20261206_000012_sessions;
mod m20261206_000013_pr_checks;
mod m20261206_000014_pr_check_settings;
mod m20261206_000015_manifests;
mod m20261206_000016_latest_scores;
mod m20261206_000017_slo_observations;
mod m20261206_000018_report_digests;
mod m20261206_000019_carried_answers;
mod m20261206_000022_latest_item_states;

/// The Orrery schema migrator.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_catalog::Migration),
            Box::new(m20261123_000002_create_reviews::Migration),
            Box::new(m20261123_000003_create_history::Migration),
            Box::new(m20261123_000004_audit_append_only::Migration),
            Box::new(m20261123_000005_create_verification_results::Migration),
            Box::new(m20261123_000006_create_verification_jobs::Migration),
            Box::new(m20261123_000007_create_action_items::Migration),
            Box::new(m20261206_000008_audit_no_rewrite::Migration),
            Box::new(m20261206_000009_canonical_logins::Migration),
            Box::new(m20261206_000010_access::Migration),
            Box::new(m20261206_000011_gate_authority::Migration),
            Box::new(m20261206_000012_sessions::Migration),
            Box::new(m20261206_000013_pr_checks::Migration),
            Box::new(m20261206_000014_pr_check_settings::Migration),
            Box::new(m20261206_000015_manifests::Migration),
            Box::new(m20261206_000016_latest_scores::Migration),
            Box::new(m20261206_000017_slo_observations::Migration),
            Box::new(m20261206_000018_report_digests::Migration),
            Box::new(m20261206_000019_carried_answers::Migration),
            Box::new(m20261206_000022_latest_item_states::Migration),
        ]
    }
}
