//! Signing in with the identity provider in a real browser: a page sends you to the
//! provider, you sign in there and come back to the page with your name in the header;
//! signing out ends the session, and a page sends you to sign in again, where another
//! person signs in and is refused what their roles do not allow.

use super::browser::{Browser, DESKTOP, PHONE};
use super::server::Served;
use crate::auth::idp::{CLIENT_ID, CLIENT_SECRET, Idp};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_in_and_out_with_the_identity_provider() {
    // The app at `localhost`, the provider at `127.0.0.1`: two sites, as in production.
    let port = free_port();
    let public = format!("http://localhost:{port}");
    let idp = Idp::start(&[format!("{public}/auth/callback")]).await;
    let flags: Vec<String> = [
        "--listen",
        &format!("127.0.0.1:{port}"),
        "--public-url",
        &public,
        "--auth",
        "oidc",
        "--oidc-issuer",
        &idp.issuer,
        "--oidc-client-id",
        CLIENT_ID,
        "--oidc-scopes",
        "profile email groups",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let served = Served::start_with(
        "signin",
        &flags,
        &[("ORRERY_OIDC_CLIENT_SECRET", CLIENT_SECRET)],
    )
    .await;
    let browser = Browser::start().await;

    // A page sends an unknown visitor to the provider's sign-in form.
    browser.open(&format!("{public}/services/new")).await;
    browser
        .wait_until("the provider's sign-in form", || async {
            browser
                .url()
                .await
                .starts_with(&format!("{}/interaction/", idp.issuer))
        })
        .await;
    browser.fill("input[name=login]", "alice").await;
    browser.fill("input[name=password]", "any password").await;
    browser.screenshot("signin-provider-desktop", DESKTOP).await;
    browser.click("button[type=submit]").await;

    // Back on the page asked for, signed in, with the provider's name for Alice.
    browser
        .wait_until("the page asked for", || async {
            browser.url().await == format!("{public}/services/new")
        })
        .await;
    let header = browser.text(".viewer").await;
    assert!(header.contains("Alice Adams"), "header: {header}");
    assert!(header.contains("alice"), "header: {header}");
    browser
        .screenshot("signin-signed-in-desktop", DESKTOP)
        .await;
    browser.screenshot("signin-signed-in-phone", PHONE).await;

    // Alice creates a team, so she owns it.
    browser.open(&format!("{public}/teams/new")).await;
    browser.fill("#f-slug", "payments").await;
    browser.fill("#f-name", "Payments").await;
    browser.fill("#f-contact_channel", "#payments").await;
    browser
        .click_and_wait("form[action='/teams/new'] button[type=submit]")
        .await;
    assert!(
        browser.url().await.contains("/teams/payments"),
        "after creating the team: {}",
        browser.url().await
    );
    let session = browser
        .client
        .get_named_cookie("orrery_session")
        .await
        .expect("a session cookie");
    assert!(session.http_only().unwrap_or(false), "HttpOnly");

    // Signing out ends the session on the server and says so.
    browser.click_and_wait("form.viewer__signout button").await;
    let main = browser.text("main").await;
    assert!(main.contains("You have signed out"), "{main}");
    assert!(
        browser.exists("a[href^='/auth/signin']").await,
        "a way back in"
    );
    let header = browser.text(".viewer").await;
    assert!(
        header.contains("Not signed in") && !header.contains("Alice"),
        "{header}"
    );
    browser
        .screenshot("signin-signed-out-desktop", DESKTOP)
        .await;
    let replay = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(served.url("/services/new"))
        .header("accept", "text/html")
        .header("cookie", format!("orrery_session={}", session.value()))
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), 303, "the old session id no longer works");

    // A page now sends the browser to sign in again. (Forget the provider's own session
    // first, or it would sign Alice straight back in.)
    browser
        .open(&format!("{}/.well-known/openid-configuration", idp.issuer))
        .await;
    browser.client.delete_all_cookies().await.unwrap();
    browser.open(&format!("{public}/")).await;
    browser
        .wait_until("the provider's sign-in form again", || async {
            browser.url().await.contains("/interaction/")
        })
        .await;

    // Bob signs in; he is not an owner of Alice's team, so he may not register a service
    // for it, and the page says why.
    browser.fill("input[name=login]", "bob").await;
    browser.fill("input[name=password]", "any password").await;
    browser.click("button[type=submit]").await;
    browser
        .wait_until("Bob back at the portfolio", || async {
            browser.url().await == format!("{public}/")
        })
        .await;
    assert!(browser.text(".viewer").await.contains("Bob Brown"));
    browser.open(&format!("{public}/services/new")).await;
    browser.fill("#f-slug", "checkout").await;
    browser.fill("#f-name", "Checkout").await;
    browser.choose("#f-team", "payments").await;
    browser.choose("#f-tier", "tier2").await;
    browser
        .click_and_wait("form.form button[type=submit]")
        .await;
    let refusal = browser.text("main").await;
    assert!(
        refusal.contains("only owners of team “payments”"),
        "Bob is refused: {refusal}"
    );
    browser.screenshot("signin-refused-desktop", DESKTOP).await;
    browser.close().await;
}
