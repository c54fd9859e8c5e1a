//! DNS rebinding: requests for a host the server does not answer for get 421 and write
//! nothing; origins are compared with their scheme.

use crate::dual_test;
use crate::helpers::TestApp;
use reqwest::StatusCode;
use serde_json::json;

dual_test!(
    foreign_hosts_get_421_and_write_nothing,
    loopback_names_and_the_origin_scheme
);

const CREATE_TEAM: &str =
    r#"{"query":"mutation { createTeam(input: {slug: \"rebound\", name: \"R\"}) { slug } }"}"#;

fn port(app: &TestApp) -> String {
    app.base.rsplit(':').next().unwrap().to_owned()
}

async fn send(app: &TestApp, path: &str, host: &str, origin: Option<&str>) -> reqwest::Response {
    let mut request = app
        .client
        .post(format!("{}{path}", app.base))
        .header("host", host)
        .header("x-orrery-actor", "mallory");
    if let Some(origin) = origin {
        request = request
            .header("origin", origin)
            .header("sec-fetch-site", "same-origin");
    }
    if path == "/graphql" {
        request = request
            .header("content-type", "application/json")
            .body(CREATE_TEAM);
    } else {
        request = request
            .header("content-type", "application/x-www-form-urlencoded")
            .body("slug=rebound&name=R");
    }
    request.send().await.unwrap()
}

async fn foreign_hosts_get_421_and_write_nothing(app: TestApp) {
    let attacker = format!("attacker.example:{}", port(&app));
    let origin = format!("http://{attacker}");
    for path in ["/graphql", "/teams/new"] {
        let res = send(&app, path, &attacker, Some(&origin)).await;
        assert_eq!(res.status(), StatusCode::MISDIRECTED_REQUEST, "{path}");
        let body = res.text().await.unwrap();
        assert!(body.contains("does not answer for that host"), "{body}");
        // Without browser headers too: the host alone decides.
        let res = send(&app, path, "attacker.example", None).await;
        assert_eq!(res.status(), StatusCode::MISDIRECTED_REQUEST, "{path}");
    }
    // Pages are refused as well (a rebound page could read them).
    let res = app
        .client
        .get(format!("{}/", app.base))
        .header("host", &attacker)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::MISDIRECTED_REQUEST);
    // Nothing was written.
    let teams = app.ok("{ teams { slug } }", json!({})).await;
    assert_eq!(teams["teams"], json!([]));
    // Health and metrics answer probes that use the pod's address.
    for path in ["/healthz", "/readyz", "/metrics"] {
        let res = app
            .client
            .get(format!("{}{path}", app.base))
            .header("host", "10.1.2.3:8080")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
    }
}

async fn loopback_names_and_the_origin_scheme(app: TestApp) {
    let port = port(&app);
    for (i, name) in ["localhost", "127.0.0.1", "[::1]"].iter().enumerate() {
        let host = format!("{name}:{port}");
        let res = app
            .client
            .post(format!("{}/graphql", app.base))
            .header("host", &host)
            .header("origin", format!("http://{host}"))
            .header("x-orrery-actor", "alice")
            .json(&json!({"query": format!("mutation {{ createTeam(input: {{slug: \"t{i}\", name: \"T\"}}) {{ slug }} }}")}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{host}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert!(body.get("errors").is_none(), "{host}: {body:#}");
    }
    // The right host with the wrong scheme is another origin.
    let host = format!("127.0.0.1:{port}");
    let res = app
        .client
        .post(format!("{}/graphql", app.base))
        .header("host", &host)
        .header("origin", format!("https://{host}"))
        .json(&json!({"query": "mutation { createTeam(input: {slug: \"tls\", name: \"T\"}) { slug } }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = send(&app, "/teams/new", &host, Some(&format!("https://{host}"))).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let teams = app.ok("{ teams { slug } }", json!({})).await;
    assert_eq!(teams["teams"].as_array().unwrap().len(), 3, "{teams:#}");
}

/// `serve` on a non-loopback address without `--public-url` stops with what to set.
#[tokio::test]
async fn a_non_loopback_listener_without_a_public_url_is_refused() {
    let dir = std::env::temp_dir().join(format!("orrery-listen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = format!("sqlite://{}?mode=rwc", dir.join("orrery.db").display());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_orrery"))
        .args(["serve", "--listen", "0.0.0.0:0", "--database-url", &db])
        .args(["--verify-interval-secs", "0"])
        .env_remove("ORRERY_PUBLIC_URL")
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--public-url") && stderr.contains("ORRERY_PUBLIC_URL"),
        "{stderr}"
    );
}
