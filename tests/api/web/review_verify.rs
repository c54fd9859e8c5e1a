//! "Verify now" on the checklist page: without sources the page says why checks were
//! skipped; with a local repository the items show the evidence, and a manual pass the
//! check contradicts is called out.

use super::html::*;
use super::review::{item_text, seed};
use crate::dual_test;
use crate::helpers::TestApp;
use reqwest::{StatusCode, header};
use serde_json::json;

dual_test!(
    verify_now_without_sources_explains_why,
    verify_now_shows_evidence_and_contradictions
);

async fn verify_now_without_sources_explains_why(app: TestApp) {
    let review = seed(&app).await;
    let (_, html) = get(&app, &format!("/reviews/{review}")).await;
    let actions = section(&html, "actions-title");
    assert!(actions.contains("Verify now"), "{actions}");
    assert!(
        actions.contains("repository checks are skipped: the service has no repository configured"),
        "{actions}"
    );
    assert!(actions.contains(
        "Prometheus checks are skipped: Prometheus is not configured on this server; ask your Orrery administrator"
    ));
    assert!(!actions.contains("--"), "no command-line flags: {actions}");
    let res = post(
        &app,
        &format!("/reviews/{review}/verify"),
        &[("filter", "failing")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = res.headers()[header::LOCATION].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(&format!(
            "/reviews/{review}?filter=failing&saved=verified&passed=0&failed=0&errors=0&skipped="
        )),
        "{location}"
    );
    let (_, html) = get(&app, &location).await;
    let notice = text(&by_id(&html, "review-notice").unwrap());
    assert!(
        notice.contains("Verification ran: 0 passed, 0 failed, 0 errors,")
            && notice.contains("could not run"),
        "{notice}"
    );
    // Nothing could be checked, so nothing was written: no audit row, no version bump.
    assert_eq!(
        app.audit_actions("review", &review).await[0],
        "review.start"
    );
}

async fn verify_now_shows_evidence_and_contradictions(app: TestApp) {
    app.seed_team("payments").await;
    let repo =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/repos/neglected");
    let data = app
        .ok(
            "mutation($r: String) { createService(input: {slug: \"legacy\", name: \"Legacy\", teamSlug: \"payments\", tier: TIER2, repository: $r}) { currentReview { id } } }",
            json!({"r": repo.display().to_string()}),
        )
        .await;
    let review = data["createService"]["currentReview"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // The owner claims replicas are fine before automation looks.
    app.ok(
        "mutation($r: ID!) { respondToItem(reviewId: $r, itemKey: \"resilience.replicas\", outcome: PASS, evidence: \"trust me\", expectedVersion: 0) { version } }",
        json!({"r": review}),
    )
    .await;
    let (_, html) = get(&app, &format!("/reviews/{review}")).await;
    let actions = section(&html, "actions-title");
    assert!(actions.contains("Repository: local checkout"), "{actions}");

    let res = post(&app, &format!("/reviews/{review}/verify"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = res.headers()[header::LOCATION].to_str().unwrap().to_owned();
    let failed: u32 = location
        .split("failed=")
        .nth(1)
        .and_then(|v| v.split('&').next())
        .and_then(|v| v.parse().ok())
        .unwrap();
    assert!(failed >= 8, "{location}");
    let (_, html) = get(&app, &location).await;
    assert!(text(&by_id(&html, "review-notice").unwrap()).contains(&format!("{failed} failed")));
    let replicas = item_text(&html, "resilience.replicas");
    assert!(
        replicas.contains("Latest automated check ✕ Fail")
            && replicas.contains("The manual answer contradicts this check")
            && replicas.contains("Answered by alice")
            && replicas.contains("File deploy/deployment.yaml")
            && replicas.contains("Observed values"),
        "{replicas}"
    );
    // An item the check answered shows it was recorded by automation, with its evidence.
    let (_, failing) = get(&app, &format!("/reviews/{review}?filter=failing")).await;
    assert!(failing.matches("<article class=\"item ").count() >= 8);
    assert!(text(&failing).contains("Recorded by an automated check"));
}
