//! Tests of the register/edit form parsing.

use super::*;

/// The form as the browser posts it.
fn posted(p: &[(&str, &str)]) -> ServiceForm {
    let pairs = p.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect();
    ServiceForm::from_post(crate::web::posted::decode(pairs, true).unwrap())
}

#[test]
fn blank_link_rows_are_dropped_and_titles_default_to_the_kind() {
    let form = posted(&[
        ("slug", "checkout"),
        ("name", "Checkout"),
        ("team", "payments"),
        ("tier", "tier2"),
        ("lifecycle", "beta"),
        ("link_kind", "runbook"),
        ("link_title", ""),
        ("link_url", ""),
        ("link_kind", "dashboard"),
        ("link_title", ""),
        ("link_url", "https://grafana.example/d/1"),
        ("monitoring_matchers", "app=\"web\"\n\n"),
    ]);
    assert_eq!(form.links.len(), 1);
    let (input, rows, errors) = form.parse();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(rows, vec![0]);
    assert_eq!(input.links[0].title, "Dashboard");
    assert_eq!(input.tier, Tier::Tier2);
    let m = input.monitoring.unwrap();
    assert_eq!(m.matchers, vec!["app=\"web\"".to_owned()]);
    assert_eq!(form.rows_to_show().len(), 1 + SPARE_LINK_ROWS);
}

#[test]
fn every_problem_is_reported_at_once() {
    let form = posted(&[
        ("slug", "Not A Slug"),
        ("name", " "),
        ("tier", "gold"),
        ("lifecycle", "production"),
        ("launch_target", "31/03/2027"),
        ("link_kind", "runbook"),
        ("link_title", "Runbook"),
        ("link_url", "ftp://x"),
    ]);
    let (_, _, errors) = form.parse();
    let fields: Vec<&str> = errors.iter().map(|(f, _)| f).collect();
    assert_eq!(
        fields,
        [
            "slug",
            "name",
            "team",
            "tier",
            "launch_target",
            "link_url_0"
        ],
        "in the order the form shows them"
    );
}

#[test]
fn a_stored_service_fills_the_form_and_becomes_full_changes() {
    let form = posted(&[
        ("slug", "checkout"),
        ("name", "Checkout"),
        ("team", "payments"),
        ("tier", "tier1"),
        ("lifecycle", "production"),
        ("launch_target", "2027-03-31"),
    ]);
    let (input, _, errors) = form.parse();
    assert!(errors.is_empty());
    let changes = as_changes(input);
    assert_eq!(changes.description.as_deref(), Some(""), "clears");
    assert_eq!(changes.repository.as_deref(), Some(""), "clears");
    assert!(matches!(changes.monitoring, Some(None)));
    assert_eq!(
        changes.launch_target,
        Some(NaiveDate::from_ymd_opt(2027, 3, 31))
    );
}

/// The fields every valid post carries.
const BASE: [(&str, &str); 5] = [
    ("slug", "checkout"),
    ("name", "Checkout"),
    ("team", "payments"),
    ("tier", "tier2"),
    ("lifecycle", "beta"),
];

fn with(extra: &[(&'static str, &'static str)]) -> ServiceForm {
    let mut fields = BASE.to_vec();
    fields.extend_from_slice(extra);
    posted(&fields)
}

fn stored(path: Option<&str>, policy: PrCheckPolicy) -> records::Service {
    let now = chrono::Utc::now();
    records::Service {
        id: 1,
        slug: "checkout".into(),
        name: "Checkout".into(),
        description: String::new(),
        team_id: 1,
        tier: Tier::Tier2,
        lifecycle: Lifecycle::Beta,
        repository: Some("acme/mono".into()),
        monitoring: None,
        links: serde_json::json!([]),
        launch_target: None,
        repository_path: path.map(str::to_owned),
        pr_check_policy: policy,
        archived_at: None,
        version: 3,
        created_at: now,
        updated_at: now,
    }
}

#[test]
fn pull_request_settings_are_parsed_when_posted() {
    let form = with(&[
        ("repository_path", " ./services/checkout/ "),
        ("pr_check_policy", "block_no_go"),
    ]);
    let (input, _, errors) = form.parse();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        input.repository_path.as_deref(),
        Some("./services/checkout/")
    );
    assert_eq!(input.pr_check_policy, Some(PrCheckPolicy::BlockNoGo));
    let changes = as_changes(input);
    assert_eq!(changes.pr_check_policy, Some(PrCheckPolicy::BlockNoGo));
    // An empty directory is the root: posted, so it clears.
    let (input, _, errors) = with(&[("repository_path", "")]).parse();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(as_changes(input).repository_path.as_deref(), Some(""));
}

#[test]
fn pull_request_settings_left_out_are_unchanged_or_default() {
    let form = with(&[]);
    assert_eq!(form.repository_path_value(), "");
    assert_eq!(form.pr_check_policy_value(), "block_regressions");
    let (input, _, errors) = form.parse();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        (input.repository_path.as_ref(), input.pr_check_policy),
        (None, None)
    );
    let changes = as_changes(input);
    assert!(changes.repository_path.is_none() && changes.pr_check_policy.is_none());
    // On edit, what was not posted keeps the stored values (and the form shows them).
    let mut form = with(&[("pr_check_policy", "informational")]);
    form.keep_unposted(&stored(Some("svc/a"), PrCheckPolicy::BlockNoGo));
    assert_eq!(form.repository_path_value(), "svc/a");
    assert_eq!(form.pr_check_policy_value(), "informational", "posted wins");
    let filled = ServiceForm::from_service(&stored(None, PrCheckPolicy::Informational), "payments");
    assert_eq!(filled.repository_path.as_deref(), Some(""));
    assert_eq!(filled.pr_check_policy.as_deref(), Some("informational"));
}

#[test]
fn bad_pull_request_settings_are_shown_at_their_fields() {
    let form = with(&[
        ("repository", "acme/mono"),
        ("repository_path", "../elsewhere"),
        ("pr_check_policy", "sometimes"),
        ("launch_target", "soon"),
    ]);
    let (_, _, errors) = form.parse();
    let fields: Vec<&str> = errors.iter().map(|(f, _)| f).collect();
    assert_eq!(
        fields,
        ["launch_target", "repository_path", "pr_check_policy"],
        "in the order the form shows them"
    );
    assert!(errors.get("repository_path").unwrap().contains(".."));
    assert_eq!(
        errors.get("pr_check_policy"),
        Some("choose what pull request checks do")
    );
}
