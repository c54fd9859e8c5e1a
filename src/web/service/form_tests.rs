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
