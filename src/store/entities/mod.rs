//! sea-orm entities, one module per table.
//!
//! These mirror the schema created by the `migration` crate
//! (`migrations/src/`) column for column. They are plain row types: string
//! columns such as tiers, states and outcomes stay `String` here and are
//! parsed into domain types by the store layer; entities hold no logic.

pub mod action_item;
pub mod api_token;
pub mod audit_event;
pub mod capacity_plan;
pub mod checklist_template;
pub mod dependency;
pub mod github_delivery;
pub mod item_response;
pub mod latest_score;
pub mod pending_login;
pub mod person;
pub mod pr_check_job;
pub mod pr_check_run;
pub mod report_digest;
pub mod review;
pub mod role_grant;
pub mod score_snapshot;
pub mod service;
pub mod service_account;
pub mod service_manifest;
pub mod session;
pub mod sign_off;
pub mod slo;
pub mod slo_observation;
pub mod team;
pub mod verification_job;
pub mod verification_result;
pub mod waiver;
