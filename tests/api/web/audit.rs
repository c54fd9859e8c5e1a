//! The audit log page: filtered events with the fields each change touched, links to the
//! entities' pages, escaping of whatever people typed, problems with the filter shown
//! next to their fields, and the "Older" link that follows the cursor.

use super::html::*;
use crate::dual_test;
use crate::helpers::TestApp;
use reqwest::StatusCode;
use serde_json::json;

dual_test!(
    audit_page_shows_changes_and_escapes_what_people_typed,
    audit_page_explains_a_bad_filter,
    audit_page_pages_with_older_links
);

const HOSTILE: &str = "\"><img src=x onerror=alert(1)><script>alert('x')</script>";

async fn audit_page_shows_changes_and_escapes_what_people_typed(app: TestApp) {
    app.seed_team("payments").await;
    let review = app.seed_service("checkout", "payments", "TIER3").await;
    app.ok_as(
        "bob",
        "mutation($d: String!) { updateService(slug: \"checkout\", expectedVersion: 1,
            input: {description: $d, links: [{kind: RUNBOOK, title: \"Runbook\", url: \"https://runbooks.example/checkout\"}]}) { version } }",
        json!({"d": HOSTILE}),
    )
    .await;

    let (status, html) = get(&app, "/audit?service=checkout&action=service.update").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("href=\"/audit\" aria-current=\"page\""),
        "the nav marks the page"
    );
    let table = by_id(&html, "audit-events").expect("a table of events");
    let rows = text(&table);
    assert!(
        rows.contains("bob") && rows.contains("service.update"),
        "{rows}"
    );
    assert!(!rows.contains("service.create"), "filtered: {rows}");
    assert!(
        table.contains("<a href=\"/services/checkout\">service checkout</a>"),
        "{table}"
    );
    // The changed fields only, old → new, nested values compact, in an expandable row.
    let details = element_with(&table, "class=\"audit-diff\"").expect("details");
    let diff = text(&details);
    assert!(diff.contains("description"), "{diff}");
    assert!(
        diff.contains("\"\" → becomes"),
        "old value then new: {diff}"
    );
    assert!(
        diff.contains(
            r#"[{"kind":"runbook","title":"Runbook","url":"https://runbooks.example/checkout"}]"#
        ),
        "{diff}"
    );
    assert!(diff.contains("version 1 → becomes 2"), "{diff}");
    assert!(
        !diff.contains("tier"),
        "unchanged fields are left out: {diff}"
    );
    // What people typed is text, never markup.
    assert!(!html.contains("<img src=x") && !html.contains("<script>alert"));
    assert!(
        html.contains("&#60;img src=x onerror=alert(1)&#62;"),
        "escaped"
    );
    assert!(diff.contains(r#""\"><img src=x onerror=alert(1)><script>alert('x')</script>""#));

    // A creation lists the fields it set; the review's events link to its checklist.
    let (_, html) = get(&app, &format!("/audit?review={review}")).await;
    let table = by_id(&html, "audit-events").unwrap();
    assert!(text(&table).contains("review.start"));
    assert!(
        table.contains(&format!("href=\"/reviews/{review}\"")),
        "{table}"
    );
    assert!(text(&table).contains("fields set"), "{}", text(&table));

    // Hostile filter values come back escaped in the form, matching nothing.
    let (status, html) = get(&app, "/audit?actor=%3Cscript%3Ealert(1)%3C%2Fscript%3E").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("<script>alert(1)"));
    assert_eq!(
        attr(&html, "f-actor", "value").as_deref(),
        Some("<script>alert(1)</script>")
    );
    assert!(text(&html).contains("No events match these filters"));

    // The service page and the checklist link to their history.
    let (_, service) = get(&app, "/services/checkout").await;
    assert_eq!(
        attr(&service, "service-history", "href").as_deref(),
        Some("/audit?service=checkout")
    );
    let (_, checklist) = get(&app, &format!("/reviews/{review}")).await;
    assert_eq!(
        attr(&checklist, "review-history", "href"),
        Some(format!("/audit?review={review}"))
    );
}

async fn audit_page_explains_a_bad_filter(app: TestApp) {
    app.seed_team("payments").await;
    let (status, html) = get(
        &app,
        "/audit?from=2026-12-07&to=2026-12-06&action=review%25&review=abc&service=Bad+Slug",
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let summary = text(&element_with(&html, "class=\"error-summary\"").unwrap());
    assert!(summary.contains("There are 4 problems"), "{summary}");
    assert!(
        summary.contains("From: must not be after “to”"),
        "{summary}"
    );
    assert!(by_id(&html, "f-from-error").is_some(), "next to the field");
    assert!(by_id(&html, "f-action-error").is_some());
    assert!(by_id(&html, "f-review-error").is_some());
    assert!(by_id(&html, "f-service-error").is_some());
    assert_eq!(attr(&html, "f-to", "value").as_deref(), Some("2026-12-06"));
    assert!(
        by_id(&html, "audit-events").is_none(),
        "no events under a bad filter"
    );

    let (status, html) = get(&app, "/audit?from=yesterday").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text(&html).contains("must be a date, YYYY-MM-DD"));
}

async fn audit_page_pages_with_older_links(app: TestApp) {
    for i in 1..=52 {
        app.seed_team(&format!("team-{i}")).await;
    }
    let (_, html) = get(&app, "/audit?entity_type=team").await;
    let first = text(&by_id(&html, "audit-events").unwrap());
    assert!(first.contains("team team-52") && first.contains("team team-3"));
    assert!(!first.contains("team team-2 "), "50 a page: {first}");
    let older = html
        .split("href=\"")
        .find_map(|s| {
            let href = decode(&s[..s.find('"')?]);
            href.starts_with("/audit?entity_type=team&after=")
                .then_some(href)
        })
        .expect("an Older link keeping the filter");
    assert!(html.contains("rel=\"next\">Older"));
    let (status, html) = get(&app, &older).await;
    assert_eq!(status, StatusCode::OK);
    let second = text(&by_id(&html, "audit-events").unwrap());
    assert!(second.contains("team team-2") && second.contains("team team-1"));
    assert!(!second.contains("team-3"), "{second}");
    assert!(!html.contains("rel=\"next\""), "nothing older");
    let newest = text(&element_with(&html, "class=\"pager\"").unwrap());
    assert_eq!(newest, "← Newest");
    assert!(html.contains("href=\"/audit?entity_type=team\">← Newest"));
}
