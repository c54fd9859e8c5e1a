//! The web UI through plain HTTP, as a browser without JavaScript uses it: pages, filters,
//! forms with redirect-after-post and errors next to fields, stale edits, error pages,
//! static assets and the cross-site guard.

#[path = "web_slo.rs"]
mod slo;

use crate::dual_test;
use crate::helpers::TestApp;
use chrono::{Duration, Utc};
use reqwest::{StatusCode, header};
use serde_json::{Value, json};

dual_test!(
    portfolio_lists_and_filters,
    empty_portfolio_points_to_registration,
    service_page_puts_the_gate_first,
    register_form_redirects_or_explains,
    stale_edit_keeps_input_and_explains,
    team_page_lists_services_and_expiring_waivers,
    unknown_pages_are_404,
    static_assets_are_cached,
    cross_site_posts_are_refused
);

// ---- A small HTML-aware toolkit -------------------------------------------------------

/// The inner HTML of the first element whose opening tag contains `marker` (nesting of the
/// same tag respected).
fn element_with(html: &str, marker: &str) -> Option<String> {
    let at = html.find(marker)?;
    let open = html[..at].rfind('<')?;
    let name: String = html[open + 1..]
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    let body_start = open + html[open..].find('>')? + 1;
    let (open_tag, close_tag) = (format!("<{name}"), format!("</{name}>"));
    let (mut depth, mut i) = (1, body_start);
    while depth > 0 {
        let next_close = html[i..].find(&close_tag)? + i;
        match html[i..].find(&open_tag).map(|p| p + i) {
            Some(o) if o < next_close => {
                depth += 1;
                i = o + open_tag.len();
            }
            _ => {
                depth -= 1;
                i = next_close + close_tag.len();
            }
        }
    }
    Some(html[body_start..i - close_tag.len()].to_owned())
}

/// The inner HTML of the element with `id`.
fn by_id(html: &str, id: &str) -> Option<String> {
    element_with(html, &format!("id=\"{id}\""))
}

/// The visible text of the section labelled by the heading with `heading_id`.
fn section(html: &str, heading_id: &str) -> String {
    let inner = element_with(html, &format!("aria-labelledby=\"{heading_id}\""))
        .unwrap_or_else(|| panic!("no section labelled by {heading_id}"));
    text(&inner)
}

/// The value of `attr` on the element carrying `id="…"`.
fn attr(html: &str, id: &str, attr: &str) -> Option<String> {
    let at = html.find(&format!("id=\"{id}\""))?;
    let open = html[..at].rfind('<')?;
    let tag = &html[open..open + html[open..].find('>')?];
    let start = tag.find(&format!(" {attr}=\""))? + attr.len() + 3;
    Some(decode(&tag[start..start + tag[start..].find('"')?]))
}

/// Decodes the entities an HTML escaper writes: named ones and `&#NN;`.
fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let Some(semi) = tail.find(';').filter(|n| *n < 10) else {
            out.push('&');
            rest = &tail[1..];
            continue;
        };
        let entity = &tail[1..semi];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e => e
                .strip_prefix('#')
                .and_then(|n| n.parse::<u32>().ok())
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &tail[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Visible text: tags dropped, entities decoded, whitespace collapsed.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode(&out)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where `needle` first occurs in `hay`, failing the test when it does not.
fn pos(hay: &str, needle: &str) -> usize {
    hay.find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not found in:\n{hay}"))
}

// ---- Requests -------------------------------------------------------------------------

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn get(app: &TestApp, path: &str) -> (StatusCode, String) {
    let res = client()
        .get(format!("{}{path}", app.base))
        .send()
        .await
        .unwrap();
    let status = res.status();
    if status.is_success() || status.is_client_error() || status.is_server_error() {
        let ct = res.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(ct.starts_with("text/html"), "{path}: {ct}");
    }
    (status, res.text().await.unwrap())
}

async fn post(app: &TestApp, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
    client()
        .post(format!("{}{path}", app.base))
        .header("x-orrery-actor", "carol")
        .header("origin", app.base.clone())
        .header("sec-fetch-site", "same-origin")
        .form(form)
        .send()
        .await
        .unwrap()
}

const ITEMS: &str =
    "query($s: String!) { service(slug: $s) { currentReview { id items { key } } } }";
const ANSWER: &str = "mutation($r: ID!, $k: String!) {
    respondToItem(reviewId: $r, itemKey: $k, outcome: PASS, expectedVersion: 0) { version } }";

/// Passes the first `n` items of a service's current review.
async fn pass_items(app: &TestApp, slug: &str, n: usize) {
    let data = app.ok(ITEMS, json!({"s": slug})).await;
    let review = data["service"]["currentReview"]["id"].as_str().unwrap();
    let items: Vec<Value> = data["service"]["currentReview"]["items"]
        .as_array()
        .unwrap()
        .clone();
    for item in items.iter().take(n) {
        app.ok(ANSWER, json!({"r": review, "k": item["key"]})).await;
    }
}

async fn seed_portfolio(app: &TestApp) {
    app.seed_team("payments").await;
    app.seed_team("search").await;
    app.seed_service("checkout", "payments", "TIER1").await;
    app.seed_service("ledger", "payments", "TIER3").await;
    app.seed_service("search-api", "search", "TIER4").await;
    pass_items(app, "ledger", 12).await;
}

// ---- Tests ----------------------------------------------------------------------------

async fn portfolio_lists_and_filters(app: TestApp) {
    seed_portfolio(&app).await;
    let (status, html) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    let page = text(&html);
    for slug in ["checkout", "ledger", "search-api"] {
        assert!(
            html.contains(&format!("href=\"/services/{slug}\"")),
            "{slug}"
        );
    }
    assert!(page.contains("3 services"), "{page}");
    assert!(page.contains("3 NO-GO"), "new services are NO-GO: {page}");
    assert!(html.contains("badge--nogo"));
    assert!(html.contains("href=\"/teams/payments\""));
    assert!(page.contains("Tier 1") && page.contains("No level"));
    assert!(by_id(&html, "f-team").unwrap().contains("value=\"search\""));

    let only = |html: &str, yes: &[&str], no: &[&str]| {
        for s in yes {
            assert!(
                html.contains(&format!("href=\"/services/{s}\"")),
                "{s} missing"
            );
        }
        for s in no {
            assert!(
                !html.contains(&format!("href=\"/services/{s}\"")),
                "{s} present"
            );
        }
    };
    let (_, html) = get(&app, "/?team=search").await;
    only(&html, &["search-api"], &["checkout", "ledger"]);
    let (_, html) = get(&app, "/?tier=tier1&lifecycle=development").await;
    only(&html, &["checkout"], &["ledger", "search-api"]);
    let (_, html) = get(&app, "/?q=LEDG").await;
    only(&html, &["ledger"], &["checkout", "search-api"]);
    assert_eq!(attr(&html, "f-q", "value").as_deref(), Some("LEDG"));
    let (_, html) = get(&app, "/?gate=NO_GO&team=payments").await;
    only(&html, &["checkout", "ledger"], &["search-api"]);
    let (_, html) = get(&app, "/?gate=GO").await;
    assert!(text(&html).contains("No services match these filters"));
    assert!(html.contains("href=\"/services/new\""));

    // Ledger answered 12 items, so it scores highest.
    let (_, html) = get(&app, "/?sort=score_desc").await;
    assert!(pos(&html, "/services/ledger\"") < pos(&html, "/services/checkout\""));
    assert!(html.contains("aria-sort=\"descending\""));
    let (_, html) = get(&app, "/?sort=score_asc").await;
    assert!(pos(&html, "/services/ledger\"") > pos(&html, "/services/checkout\""));
    // Unknown filter values are ignored rather than failing the page.
    let (status, _) = get(&app, "/?tier=gold&sort=sideways").await;
    assert_eq!(status, StatusCode::OK);
}

async fn empty_portfolio_points_to_registration(app: TestApp) {
    let (status, html) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    let empty = text(&by_id(&html, "empty-title").unwrap());
    assert_eq!(empty, "No services yet");
    assert!(text(&html).contains("Register a service"));
    assert!(html.contains("<main id=\"main\""));
    assert!(html.contains("href=\"#main\""), "skip link");
}

async fn service_page_puts_the_gate_first(app: TestApp) {
    seed_portfolio(&app).await;
    app.ok(
        "mutation { addDependency(input: {serviceSlug: \"checkout\", targetServiceSlug: \"ledger\", kind: HARD, timeoutMs: 300}) { id } }",
        json!({}),
    )
    .await;
    app.ok(
        "mutation { addDependency(input: {serviceSlug: \"checkout\", externalName: \"Stripe API\", kind: SOFT}) { id } }",
        json!({}),
    )
    .await;
    app.ok(
        "mutation { setCapacityPlan(input: {serviceSlug: \"checkout\", peakRps: 600, unitCapacityRps: 250, replicas: 4, growthPctPerMonth: 10, headroomTargetPct: 30, plannedEvents: []}) { version } }",
        json!({}),
    )
    .await;
    let (status, html) = get(&app, "/services/checkout").await;
    assert_eq!(status, StatusCode::OK);
    let gate = by_id(&html, "gate-title").unwrap();
    assert_eq!(gate, "Launch gate");
    // The gate and its reasons come before the score, levels and categories.
    let reasons = pos(&html, "A tier1 service must define at least one SLO");
    assert!(pos(&html, "id=\"gate-title\"") < reasons);
    assert!(reasons < pos(&html, "id=\"score-title\""));
    assert!(reasons < pos(&html, "id=\"categories-title\""));
    assert!(text(&html).contains("Blocking the launch"));
    assert!(html.contains("badge--nogo"));
    // Gauge and sparkline are inline SVG drawn by the server.
    assert!(html.contains("class=\"gauge__track\" d=\"M10 62 A50 50 0 0 1 110 62\""));
    let spark = pos(&html, "data-chart=\"score-history\"");
    assert!(
        html[spark..].contains("class=\"spark__line\" d=\"M0 "),
        "sparkline path"
    );
    // Levels, categories, dependencies (with their own gates), capacity.
    let page = text(&html);
    assert!(page.contains("Missing for Bronze"), "{page}");
    assert!(page.contains("SLOs & observability"), "{page}");
    assert!(html.contains("href=\"/services/ledger\""));
    assert!(page.contains("Stripe API external"));
    assert!(page.contains("timeout 300 ms"));
    assert!(page.contains("1000 rps (4 × 250 rps)"), "{page}");
    assert!(page.contains("meets the 30% target"));

    // SLOs show their definition and say plainly that the budget is not measured yet.
    app.ok(
        "mutation { defineSlo(serviceSlug: \"checkout\", input: {name: \"availability\", sliKind: RATIO, goodQuery: \"a\", totalQuery: \"b\", objectivePercent: 99.9}) { id } }",
        json!({}),
    )
    .await;
    let (_, html) = get(&app, "/services/checkout").await;
    let slos = section(&html, "slo-title");
    assert!(slos.contains("availability 99.9% over 28 days"), "{slos}");
    assert!(slos.contains("Budget status not measured yet"), "{slos}");
    assert!(slos.contains("no Prometheus is configured"));
    assert!(
        !slos.contains("of the error budget left"),
        "no figures without data"
    );
    assert!(!html.contains("must define at least one SLO"));

    // A dependent sees ledger's page list it.
    let (_, ledger) = get(&app, "/services/ledger").await;
    assert!(text(&ledger).contains("Depended on by"));
}

async fn register_form_redirects_or_explains(app: TestApp) {
    app.seed_team("payments").await;
    let (status, html) = get(&app, "/services/new").await;
    assert_eq!(status, StatusCode::OK);
    for id in [
        "f-slug",
        "f-name",
        "f-team",
        "f-tier",
        "f-lifecycle",
        "f-repository",
    ] {
        assert!(
            html.contains(&format!("<label for=\"{id}\"")),
            "label for {id}"
        );
    }

    // Invalid: every problem is shown next to its field and the input is kept.
    let bad = post(
        &app,
        "/services/new",
        &[
            ("slug", "Bad Slug!"),
            ("name", ""),
            ("team", "payments"),
            ("tier", "tier2"),
            ("lifecycle", "beta"),
            ("repository", "not a repo"),
            ("launch_target", "next week"),
            ("link_kind", "runbook"),
            ("link_title", "Runbook"),
            ("link_url", "wiki/checkout"),
        ],
    )
    .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = bad.text().await.unwrap();
    assert!(text(&by_id(&html, "f-slug-error").unwrap()).contains("not a valid slug"));
    assert!(text(&by_id(&html, "f-name-error").unwrap()).contains("must not be empty"));
    assert!(text(&by_id(&html, "f-repository-error").unwrap()).contains("GitHub repository"));
    assert!(text(&by_id(&html, "f-launch_target-error").unwrap()).contains("date like"));
    assert!(text(&by_id(&html, "f-link_url_0-error").unwrap()).contains("http"));
    assert_eq!(attr(&html, "f-slug", "value").as_deref(), Some("Bad Slug!"));
    assert_eq!(
        attr(&html, "f-slug", "aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(
        attr(&html, "f-repository", "value").as_deref(),
        Some("not a repo")
    );
    assert_eq!(
        attr(&html, "f-link_url_0", "value").as_deref(),
        Some("wiki/checkout")
    );
    assert!(
        by_id(&html, "f-tier")
            .unwrap()
            .contains("value=\"tier2\" selected")
    );
    let summary = text(&by_id(&html, "error-summary-title").unwrap());
    assert_eq!(summary, "There are 5 problems");

    // Valid: redirect to the new service's page.
    let good = [
        ("slug", "checkout"),
        ("name", "Checkout"),
        ("description", "Takes the money"),
        ("team", "payments"),
        ("tier", "tier2"),
        ("lifecycle", "beta"),
        ("repository", "acme/checkout"),
        ("monitoring_job", "checkout"),
        ("launch_target", "2027-03-31"),
        ("link_kind", "runbook"),
        ("link_title", ""),
        ("link_url", "https://runbooks.example/checkout"),
        ("link_kind", "dashboard"),
        ("link_title", ""),
        ("link_url", ""),
    ];
    let ok = post(&app, "/services/new", &good).await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        ok.headers()[header::LOCATION],
        "/services/checkout?saved=created"
    );
    let (_, html) = get(&app, "/services/checkout?saved=created").await;
    let page = text(&html);
    assert!(page.contains("Service registered"), "{page}");
    assert!(page.contains("Takes the money") && page.contains("Launch target 2027-03-31"));
    assert!(html.contains("href=\"https://runbooks.example/checkout\""));
    assert!(html.contains("href=\"https://github.com/acme/checkout\""));
    assert!(page.contains("job=\"checkout\""));
    let who = app
        .ok(
            "{ auditEvents(entityType: \"service\", entityId: \"checkout\", first: 1) { actor } }",
            json!({}),
        )
        .await;
    assert_eq!(who["auditEvents"][0]["actor"], "carol");

    // `new` would hide the registration page, so it is reserved.
    let mut reserved = good.to_vec();
    reserved[0] = ("slug", "new");
    let html = post(&app, "/services/new", &reserved)
        .await
        .text()
        .await
        .unwrap();
    assert!(text(&by_id(&html, "f-slug-error").unwrap()).contains("reserved"));

    // The same slug again: the conflict is shown next to the slug.
    let again = post(&app, "/services/new", &good).await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = again.text().await.unwrap();
    assert!(text(&by_id(&html, "f-slug-error").unwrap()).contains("already exists"));
}

const FORM_OF_CHECKOUT: [(&str, &str); 5] = [
    ("name", "Checkout (mine)"),
    ("team", "payments"),
    ("tier", "tier1"),
    ("lifecycle", "production"),
    ("description", "My description"),
];

async fn stale_edit_keeps_input_and_explains(app: TestApp) {
    app.seed_team("payments").await;
    app.seed_service("checkout", "payments", "TIER1").await;
    let (status, html) = get(&app, "/services/checkout/edit").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<input type=\"hidden\" name=\"version\" value=\"1\">"));
    assert_eq!(attr(&html, "f-name", "value").as_deref(), Some("Svc"));

    // Bob saves first.
    app.ok_as(
        "bob",
        "mutation { updateService(slug: \"checkout\", expectedVersion: 1, input: {name: \"Checkout (bob)\"}) { version } }",
        json!({}),
    )
    .await;
    let mut form: Vec<(&str, &str)> = FORM_OF_CHECKOUT.to_vec();
    form.push(("version", "1"));
    let stale = post(&app, "/services/checkout/edit", &form).await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let html = stale.text().await.unwrap();
    let notice = section(&html, "conflict-title");
    assert!(notice.contains("bob changed it at"), "{notice}");
    assert!(notice.contains("version 2"));
    assert!(notice.contains("Name saved: Checkout (bob)"), "{notice}");
    assert_eq!(
        attr(&html, "f-name", "value").as_deref(),
        Some("Checkout (mine)")
    );
    assert!(html.contains("My description"));
    assert!(html.contains("<input type=\"hidden\" name=\"version\" value=\"2\">"));

    // Saving again on purpose replaces bob's version.
    form.pop();
    form.push(("version", "2"));
    let saved = post(&app, "/services/checkout/edit", &form).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let (_, html) = get(&app, "/services/checkout?saved=updated").await;
    assert!(text(&html).contains("Checkout (mine)"));
    assert!(text(&html).contains("Changes saved."));

    // Invalid edits come back with the error beside the field.
    let bad = post(
        &app,
        "/services/checkout/edit",
        &[
            ("name", " "),
            ("team", "nobody"),
            ("tier", "tier1"),
            ("lifecycle", "beta"),
            ("version", "3"),
        ],
    )
    .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = bad.text().await.unwrap();
    assert!(by_id(&html, "f-name-error").is_some());
    let bad = post(
        &app,
        "/services/checkout/edit",
        &[
            ("name", "Checkout"),
            ("team", "nobody"),
            ("tier", "tier1"),
            ("lifecycle", "beta"),
            ("version", "3"),
        ],
    )
    .await;
    let html = bad.text().await.unwrap();
    assert!(text(&by_id(&html, "f-team-error").unwrap()).contains("no team with slug `nobody`"));
    let (status, _) = get(&app, "/services/nope/edit").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn team_page_lists_services_and_expiring_waivers(app: TestApp) {
    seed_portfolio(&app).await;
    let review = app.ok(ITEMS, json!({"s": "checkout"})).await["service"]["currentReview"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let request = "mutation($i: RequestWaiverInput!) { requestWaiver(input: $i) { id } }";
    let approve = "mutation($id: ID!) { approveWaiver(id: $id, expectedVersion: 1) { state } }";
    for (item, days) in [("change_management.ci", 10), ("ownership.owner", 60)] {
        let input = json!({"reviewId": review, "itemKey": item, "reason": "CI migration in progress",
            "compensatingControl": "manual test run before each deploy",
            "expiresAt": (Utc::now() + Duration::days(days)).to_rfc3339()});
        let id = app.ok(request, json!({"i": input})).await["requestWaiver"]["id"].clone();
        app.ok_as("bob", approve, json!({"id": id})).await;
    }
    let (status, html) = get(&app, "/teams/payments").await;
    assert_eq!(status, StatusCode::OK);
    let page = text(&html);
    assert!(
        html.contains("href=\"/services/checkout\"") && html.contains("href=\"/services/ledger\"")
    );
    assert!(!html.contains("href=\"/services/search-api\""));
    assert!(page.contains("Services 2"), "{page}");
    let waivers = section(&html, "waivers-title");
    assert!(
        waivers.contains("Waivers expiring within 30 days 1"),
        "{waivers}"
    );
    assert!(html.contains("change_management.ci"));
    assert!(
        !html.contains("ownership.owner"),
        "60 days out is not listed"
    );
    assert!(page.contains("Approved by bob"));
    assert!(
        page.contains("in 9 days") || page.contains("in 10 days"),
        "{page}"
    );
    assert!(html.contains("href=\"/services/new?team=payments\""));
}

async fn unknown_pages_are_404(app: TestApp) {
    let (status, html) = get(&app, "/services/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(text(&html).contains("service `nope` was not found"));
    let (status, html) = get(&app, "/teams/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(text(&by_id(&html, "error-title").unwrap()).contains("Not found"));
    let (status, _) = get(&app, "/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The API keeps answering as before.
    assert_eq!(
        client()
            .get(format!("{}/healthz", app.base))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
}

async fn static_assets_are_cached(app: TestApp) {
    let (_, html) = get(&app, "/").await;
    let url = |attr_start: &str| {
        let start = pos(&html, attr_start) + attr_start.len();
        html[start..start + html[start..].find('"').unwrap()].to_owned()
    };
    for (path, ct) in [
        (url("rel=\"stylesheet\" href=\""), "text/css"),
        (url("<script src=\""), "text/javascript"),
        (url("rel=\"icon\" href=\""), "image/svg+xml"),
    ] {
        let hash = path.split('.').nth(1).unwrap();
        assert_eq!(hash.len(), 10, "{path} carries a content hash");
        let res = client()
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert!(
            res.headers()[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with(ct)
        );
        let cache = res.headers()[header::CACHE_CONTROL].to_str().unwrap();
        assert!(
            cache.contains("max-age=31536000") && cache.contains("immutable"),
            "{cache}"
        );
        assert!(!res.bytes().await.unwrap().is_empty());
    }
    let plain = client()
        .get(format!("{}/static/app.css", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(plain.headers()[header::CACHE_CONTROL], "no-cache");
    let missing = client()
        .get(format!("{}/static/app.0000000000.css", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

async fn cross_site_posts_are_refused(app: TestApp) {
    app.seed_team("payments").await;
    let form = [
        ("slug", "evil"),
        ("name", "Evil"),
        ("team", "payments"),
        ("tier", "tier4"),
        ("lifecycle", "beta"),
    ];
    let forged = client()
        .post(format!("{}/services/new", app.base))
        .header("origin", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert!(text(&forged.text().await.unwrap()).contains("sent from another site"));
    let no_fetch_metadata = client()
        .post(format!("{}/services/new", app.base))
        .header("origin", "https://evil.example")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(no_fetch_metadata.status(), StatusCode::FORBIDDEN);
    let (status, _) = get(&app, "/services/evil").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "nothing was created");
    // The same form from the site itself goes through.
    assert_eq!(
        post(&app, "/services/new", &form).await.status(),
        StatusCode::SEE_OTHER
    );
}
