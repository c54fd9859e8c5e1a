//! The API integration tests: one binary, every test boots the real app on port 0 with a
//! fresh database, on SQLite and on PostgreSQL.

mod github_fake;
mod helpers;
mod jobs;

mod audit_log;
mod catalog;
mod cli;
mod conflicts;
mod e2e;
mod fuzz;
mod hardening;
mod introspection;
mod meeting;
mod numbers;
mod operations;
mod prom_alert_rule_checks;
mod prom_checks;
mod prom_harness;
mod prom_query_checks;
mod prom_server;
mod prom_target_and_recording_checks;
mod races;
mod relations;
mod review_sheet;
mod reviews;
mod schema;
mod scoring;
mod slo_status;
mod templates;
mod verification;
mod verify_sources;
mod web;
mod web_identity;
mod web_meeting;
mod web_review;
mod web_review_fold;
mod web_review_start;
mod web_review_verify;
mod web_team_form;
