//! The sign-in tests' setting: the app in the `oidc` mode against the real provider
//! ([`Idp`]), with a clock the test can move, and [`Agent`], an HTTP client that keeps
//! cookies and follows redirects one at a time, the way a browser does, so each step of
//! the sign-in can be looked at.

use super::idp::{CLIENT_ID, CLIENT_SECRET, Idp};
use crate::helpers::{Backend, TestApp};
use chrono::{DateTime, TimeDelta, Utc};
use orrery::config::SourceArgs;
use orrery::services::Clock;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// The wall clock moved by an offset the test sets.
#[derive(Default)]
pub struct MovableClock(Mutex<TimeDelta>);

impl MovableClock {
    /// Moves the clock `by` forward.
    pub fn advance(&self, by: TimeDelta) {
        *self.0.lock().unwrap() += by;
    }
}

impl Clock for MovableClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + *self.0.lock().unwrap()
    }
}

/// The app signing people in with the provider.
pub struct OidcApp {
    pub app: TestApp,
    pub idp: Idp,
    pub clock: Arc<MovableClock>,
    /// The redirect URI registered with the provider.
    pub callback: String,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

impl OidcApp {
    /// The app on `backend` at `http://127.0.0.1:<port>`, signing in with a fresh provider.
    pub async fn start(backend: Backend) -> OidcApp {
        Self::start_at(backend, None).await
    }

    /// Like [`Self::start`], with `public_url` as the address people use (say, https behind
    /// a proxy); the app still listens on loopback.
    pub async fn start_at(backend: Backend, public_url: Option<&str>) -> OidcApp {
        let port = free_port();
        let public = public_url
            .map(str::to_owned)
            .unwrap_or_else(|| format!("http://127.0.0.1:{port}"));
        let callback = format!("{public}/auth/callback");
        let idp = Idp::start(std::slice::from_ref(&callback)).await;
        let clock = Arc::new(MovableClock::default());
        let issuer = idp.issuer.clone();
        let configure = move |args: &mut orrery::config::ServeArgs| {
            args.listen = format!("127.0.0.1:{port}").parse().unwrap();
            args.public_url = Some(public.clone());
            args.auth.auth = Some(orrery::config::AuthKind::Oidc);
            args.auth.oidc_issuer = Some(issuer.clone());
            args.auth.oidc_client_id = Some(CLIENT_ID.into());
            args.auth.oidc_client_secret = Some(CLIENT_SECRET.into());
            args.auth.oidc_scopes = vec!["profile".into(), "email".into(), "groups".into()];
            args.auth.session_idle_minutes = 30;
            args.auth.session_max_hours = 2;
            args.auth.admins = vec!["alice".into()];
        };
        let app =
            TestApp::spawn_configured(backend, SourceArgs::default(), &configure, clock.clone())
                .await;
        OidcApp {
            app,
            idp,
            clock,
            callback,
        }
    }

    /// The absolute address of `path` on the app.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.app.base)
    }

    /// The rows of `sessions`: `(id_hash, login, name, groups)`.
    pub async fn session_rows(&self) -> Vec<(String, String, Option<String>, String)> {
        use sea_orm::{ConnectionTrait, Statement};
        let db = sea_orm::Database::connect(&self.app.database_url)
            .await
            .unwrap();
        let rows = db
            .query_all_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT id_hash, login, name, groups FROM sessions ORDER BY created_at",
            ))
            .await
            .unwrap();
        let out = rows
            .iter()
            .map(|r| {
                (
                    r.try_get::<String>("", "id_hash").unwrap(),
                    r.try_get::<String>("", "login").unwrap(),
                    r.try_get::<Option<String>>("", "name").unwrap(),
                    r.try_get::<String>("", "groups").unwrap(),
                )
            })
            .collect();
        db.close().await.ok();
        out
    }
}

/// One answer, kept whole.
pub struct Answer {
    pub status: u16,
    pub location: Option<String>,
    pub set_cookies: Vec<String>,
    pub body: String,
}

/// A cookie-keeping HTTP client that never follows redirects by itself. Cookies are kept per
/// host and port (and sent whatever their path), which is all these tests need.
pub struct Agent {
    http: reqwest::Client,
    jar: BTreeMap<String, BTreeMap<String, String>>,
}

impl Default for Agent {
    fn default() -> Self {
        Self {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            jar: BTreeMap::new(),
        }
    }
}

fn origin_of(url: &reqwest::Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or(""),
        url.port_or_known_default().unwrap_or(0)
    )
}

impl Agent {
    /// The cookie `name` this agent holds for `url`'s host.
    pub fn cookie(&self, url: &str, name: &str) -> Option<String> {
        let url = reqwest::Url::parse(url).unwrap();
        self.jar.get(&origin_of(&url))?.get(name).cloned()
    }

    /// Sets (or replaces) a cookie for `url`'s host.
    pub fn set_cookie(&mut self, url: &str, name: &str, value: &str) {
        let url = reqwest::Url::parse(url).unwrap();
        self.jar
            .entry(origin_of(&url))
            .or_default()
            .insert(name.into(), value.into());
    }

    /// Sends a request, keeping the cookies it sets.
    async fn send(
        &mut self,
        method: reqwest::Method,
        url: &str,
        form: Option<&[(&str, &str)]>,
    ) -> Answer {
        let parsed = reqwest::Url::parse(url).unwrap_or_else(|e| panic!("{url}: {e}"));
        let key = origin_of(&parsed);
        let mut request = self.http.request(method, parsed);
        // As a browser does, so pages that need a session redirect to sign-in.
        request = request.header(reqwest::header::ACCEPT, "text/html,*/*");
        if let Some(cookies) = self.jar.get(&key).filter(|c| !c.is_empty()) {
            let line: Vec<String> = cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
            request = request.header(COOKIE, line.join("; "));
        }
        if let Some(form) = form {
            request = request.form(form);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(|l| response.url().join(l).unwrap().to_string());
        let set_cookies: Vec<String> = response
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_owned))
            .collect();
        let jar = self.jar.entry(key).or_default();
        for c in &set_cookies {
            let pair = c.split(';').next().unwrap_or("");
            if let Some((name, value)) = pair.split_once('=') {
                let expired = c.to_ascii_lowercase().contains("max-age=0") || value.is_empty();
                if expired {
                    jar.remove(name.trim());
                } else {
                    jar.insert(name.trim().into(), value.into());
                }
            }
        }
        let body = response.text().await.unwrap_or_default();
        Answer {
            status,
            location,
            set_cookies,
            body,
        }
    }

    /// `GET url`.
    pub async fn get(&mut self, url: &str) -> Answer {
        self.send(reqwest::Method::GET, url, None).await
    }

    /// `POST url` with a form.
    pub async fn post(&mut self, url: &str, form: &[(&str, &str)]) -> Answer {
        self.send(reqwest::Method::POST, url, Some(form)).await
    }

    /// Follows redirects from `url` through the provider, signing in as `login` on its
    /// form when it asks, until a redirect names `callback`; returns that callback URL.
    pub async fn through_provider(&mut self, url: &str, callback: &str, login: &str) -> String {
        let mut next = url.to_owned();
        for _ in 0..12 {
            let answer = self.get(&next).await;
            match (answer.status, answer.location) {
                (300..=399, Some(location)) if location.starts_with(callback) => return location,
                (300..=399, Some(location)) => next = location,
                (200, None) if next.contains("/interaction/") => {
                    let posted = self
                        .post(
                            &next,
                            &[("prompt", "login"), ("login", login), ("password", "x")],
                        )
                        .await;
                    next = posted.location.unwrap_or_else(|| {
                        panic!(
                            "the provider's login form did not redirect: {}",
                            posted.body
                        )
                    });
                }
                (status, _) => panic!("unexpected answer {status} at {next}: {}", answer.body),
            }
        }
        panic!("too many redirects from {url}");
    }

    /// Signs in at `app` as `login` and returns the callback's answer (not followed).
    pub async fn sign_in(&mut self, app: &OidcApp, login: &str, return_to: &str) -> Answer {
        let start = app.url(&format!("/auth/signin?return_to={return_to}"));
        let callback = self.through_provider(&start, &app.callback, login).await;
        // With an https public URL the app still listens on loopback: send it there.
        let local = callback.replacen(&app.callback, &app.url("/auth/callback"), 1);
        self.get(&local).await
    }
}
