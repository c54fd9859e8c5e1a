//! Rows into records: the one place a sea-orm `Model` becomes a domain record.

use super::entities;
use crate::domain::records;

/// `From<row> for record`, moving every field.
macro_rules! into_record {
    ($($table:ident => $record:ident { $($field:ident),+ $(,)? })+) => {$(
        impl From<entities::$table::Model> for records::$record {
            fn from(row: entities::$table::Model) -> Self {
                Self { $($field: row.$field),+ }
            }
        }
    )+};
}

into_record! {
    team => Team { id, slug, name, description, contact_channel, oncall_url, version, created_at, updated_at }
    service => Service { id, slug, name, description, team_id, tier, lifecycle, repository, monitoring, links, launch_target, repository_path, pr_check_policy, archived_at, version, created_at, updated_at }
    dependency => Dependency { id, service_id, target_service_id, external_name, kind, timeout_ms, retry_policy, fallback, version, created_at }
    slo => Slo { id, service_id, name, description, sli_kind, good_query, total_query, latency_metric, latency_threshold_seconds, objective_percent, window_days, version, created_at, updated_at }
    capacity_plan => CapacityPlan { id, service_id, peak_rps, unit_capacity_rps, replicas, growth_pct_per_month, headroom_target_pct, planned_events, load_test_url, reviewed_at, version, created_at, updated_at }
    review => Review { id, service_id, template_id, state, target_date, decision, decision_notes, decided_by, decided_at, submitted_at, gate_at_decision, approved_over_no_go, override_reason, decision_conditions, version, created_at, updated_at }
    item_response => ItemResponse { id, review_id, item_key, outcome, source, evidence, note, observed, commit_sha, responded_by, responded_at, na_acceptance, na_decided_by, na_decided_at, na_comment, carried_from, version, created_at }
    waiver => Waiver { id, review_id, item_key, reason, compensating_control, requested_by, approved_by, state, expires_at, decided_at, version, created_at, updated_at }
    sign_off => SignOff { id, review_id, role, signer, decision, comment, review_version, created_at }
    action_item => ActionItem { id, review_id, title, owner, due_date, done, done_at, done_by, created_by, version, created_at, updated_at }
    verification_result => VerificationResult { id, review_id, item_key, outcome, evidence, commit_sha, checked_at, last_conclusive, flagged, version }
    score_snapshot => ScoreSnapshot { id, service_id, taken_at, score, level, gate, counts }
    role_grant => RoleGrant { id, role, team_id, subject, granted_by, granted_at }
    service_account => ServiceAccount { id, login, description, created_by, created_at }
    api_token => ApiToken { id, name, prefix, acts_as, created_by, scopes, created_at, expires_at, last_used_at, revoked_at, revoked_by }
    audit_event => AuditEvent { id, occurred_at, actor, action, entity_type, entity_id, before, after }
}
