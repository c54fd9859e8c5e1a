//! Who is looking at a page, and the "Who are you?" page that lets a person pick the name
//! recorded on their answers, waivers and sign-offs (kept in a cookie until authentication
//! lands; see [`crate::edge::Acting`]), and [`WebActor`], the extractor through which every
//! page handler learns who is acting.
//!
//! The [`remember`] middleware puts the viewer's name and the page's address in a task-local,
//! so every page's layout can show "You are …" without each handler passing it along.

use super::error::WebError;
use super::page::{Chrome, Nav, render};
use crate::domain::ids::Login;
use crate::edge::auth::ModeName;
use crate::edge::{Acting, ActorRejection, DEFAULT_ACTOR, forget_cookie, remember_cookie};
use crate::services::Actor;
use crate::services::access::sessions::SignedIn;
use askama::Template;
use axum::Form;
use axum::extract::{FromRequestParts, Query, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// The acting person of a page post: [`Acting`] (the one place that says who is acting, and
/// where sign-in will plug in), refusing an invalid `X-Orrery-Actor` header with the
/// `400` error page ([`WebError::BadRequest`]) rather than the API's JSON.
#[derive(Debug, Clone)]
pub struct WebActor(pub Actor);

impl<S: Send + Sync> FromRequestParts<S> for WebActor {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Acting::from_request_parts(parts, state)
            .await
            .map(|Acting(actor)| WebActor(actor))
            .map_err(|rejection| match rejection {
                ActorRejection::Invalid(e) => WebError::BadRequest(e.to_string()),
                ActorRejection::Nobody => WebError::Forbidden("sign in first".into()),
            })
    }
}

/// The viewer of the page being rendered.
#[derive(Debug, Clone)]
pub struct Viewer {
    /// The login actions are recorded under (`anonymous` when nobody is named).
    pub login: String,
    /// Whether the person has named themselves.
    pub named: bool,
    /// Path and query of the current page, to come back to after choosing a name.
    pub here: String,
    /// Display name from the identity provider, when signed in with a session.
    pub name: Option<String>,
    /// How people are identified (`local`, `oidc` or `proxy`): local mode shows a banner and
    /// the "Who are you?" link, oidc a sign-out button.
    pub mode: &'static str,
    /// The acting person, when one is identified: what pages ask which actions to offer.
    pub actor: Option<Actor>,
}

impl Viewer {
    /// Local (trial) mode: anyone can act as anyone.
    pub fn local(&self) -> bool {
        self.mode == "local"
    }

    /// Signed in through OpenID Connect (so there is a session to end).
    pub fn can_sign_out(&self) -> bool {
        self.mode == "oidc" && self.named
    }
}

impl Viewer {
    /// `here`, percent-encoded for the `return_to` query parameter.
    pub fn return_query(&self) -> String {
        let mut out = String::with_capacity(self.here.len());
        for b in self.here.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    }
}

tokio::task_local! {
    static VIEWER: Viewer;
}

/// The viewer of the page being rendered, outside a request: an unnamed visitor.
pub fn current() -> Viewer {
    VIEWER.try_with(Clone::clone).unwrap_or_else(|_| Viewer {
        login: DEFAULT_ACTOR.into(),
        named: false,
        here: "/".into(),
        name: None,
        mode: "local",
        actor: None,
    })
}

/// Middleware: records who is asking for the page while it is served (through [`Acting`],
/// like every handler; a request it refuses is shown as `anonymous` here and refused by the
/// handler that needs the actor).
pub async fn remember(request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let mode = parts.extensions.get::<ModeName>().map_or("local", |m| m.0);
    let name = parts
        .extensions
        .get::<SignedIn>()
        .and_then(|s| s.name.clone());
    let actor = Acting::from_request_parts(&mut parts, &())
        .await
        .ok()
        .map(|Acting(a)| a);
    let login = actor
        .as_ref()
        .map_or_else(|| DEFAULT_ACTOR.into(), |a| a.login().to_owned());
    let request = Request::from_parts(parts, body);
    let here = request
        .uri()
        .path_and_query()
        .map_or_else(|| "/".to_owned(), |pq| pq.as_str().to_owned());
    let viewer = Viewer {
        named: login != DEFAULT_ACTOR,
        login,
        here,
        name,
        mode,
        actor,
    };
    VIEWER.scope(viewer, next.run(request)).await
}

/// Only paths on this site are followed after choosing a name (no open redirects): one
/// leading `/`, no `//` and no backslash anywhere (browsers read both as the start of another
/// host, and drop tabs and line breaks first, so `/\t/evil.example` is `//evil.example`), and
/// nothing but visible ASCII (which also keeps the `Location` header valid). Anything else
/// goes back to `/`.
pub(super) fn local_path(raw: Option<&str>) -> String {
    match raw {
        Some(p)
            if p.starts_with('/')
                && !p.contains("//")
                && !p.contains('\\')
                && p.bytes().all(|b| b.is_ascii_graphic()) =>
        {
            p.into()
        }
        _ => "/".into(),
    }
}

#[derive(Template)]
#[template(path = "me.html", config = "web/askama.toml")]
struct MePage {
    page: Chrome,
    login: String,
    return_to: String,
    error: Option<String>,
}

/// `?return_to=` on the "Who are you?" page.
#[derive(Debug, Default, Deserialize)]
pub struct ReturnTo {
    return_to: Option<String>,
}

/// `GET /me`.
pub async fn form(Query(q): Query<ReturnTo>) -> Response {
    let viewer = current();
    // Outside local mode people do not name themselves: show who they are instead.
    if !viewer.local() {
        return axum::response::Redirect::to("/account").into_response();
    }
    let page = MePage {
        page: Chrome::new("Who are you?", Nav::None),
        login: if viewer.named {
            viewer.login
        } else {
            String::new()
        },
        return_to: local_path(q.return_to.as_deref()),
        error: None,
    };
    render(StatusCode::OK, &page)
}

/// The posted form.
#[derive(Debug, Deserialize)]
pub struct MeForm {
    login: String,
    return_to: Option<String>,
    forget: Option<String>,
}

/// `POST /me`: remembers (or forgets) the name and goes back where the person came from.
pub async fn choose(Form(f): Form<MeForm>) -> Result<Response, WebError> {
    if !current().local() {
        return Err(WebError::Forbidden(
            "Names are not chosen here: this Orrery signs people in.".into(),
        ));
    }
    let back = local_path(f.return_to.as_deref());
    let cookie = if f.forget.is_some() {
        forget_cookie()
    } else {
        match Login::parse("login", &f.login) {
            Ok(login) => remember_cookie(&login),
            Err(e) => {
                let page = MePage {
                    page: Chrome::new("Who are you?", Nav::None),
                    login: f.login,
                    return_to: back,
                    error: Some(e.message),
                };
                return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page));
            }
        }
    };
    Ok((
        StatusCode::SEE_OTHER,
        [(header::SET_COOKIE, cookie), (header::LOCATION, back)],
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn return_query_is_encoded() {
        let v = super::Viewer {
            login: "a".into(),
            named: true,
            here: "/reviews/3?filter=failing&x=a b".into(),
            name: None,
            mode: "local",
            actor: None,
        };
        assert_eq!(
            v.return_query(),
            "/reviews/3%3Ffilter%3Dfailing%26x%3Da%20b"
        );
    }

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(
            local_path(Some("/reviews/3?filter=failing")),
            "/reviews/3?filter=failing"
        );
        assert_eq!(local_path(Some("//evil.example/")), "/");
        assert_eq!(local_path(Some("https://evil.example/")), "/");
        assert_eq!(local_path(Some("/\\evil.example")), "/");
        assert_eq!(local_path(None), "/");
        for hostile in [
            "/\t/evil.example",
            "/\n/evil.example",
            "/%0d%0a",
            "/a\r\nSet-Cookie: x=1",
            "/reviews//evil",
            "/ok/\u{0}",
            "/caf\u{e9}",
            "/a b",
            "",
            "evil.example",
        ] {
            let back = local_path(Some(hostile));
            assert!(back == "/" || back == hostile, "{hostile:?} -> {back:?}");
            assert!(
                back.parse::<axum::http::HeaderValue>().is_ok(),
                "{hostile:?} must give a valid Location"
            );
            assert!(!back.starts_with("//") && !back.contains(['\t', '\n', '\r']));
        }
        assert_eq!(local_path(Some("/\t/evil.example")), "/");
        assert_eq!(local_path(Some("/%0d%0a")), "/%0d%0a");
    }

    proptest::proptest! {
        /// Whatever is posted, the redirect stays on this site and is a valid header.
        #[test]
        fn every_return_path_stays_on_this_site(raw in "\\PC*|/[\\x00-\\x7f]{0,12}") {
            let back = local_path(Some(&raw));
            proptest::prop_assert!(back.starts_with('/'));
            proptest::prop_assert!(!back.contains("//") && !back.contains('\\'));
            proptest::prop_assert!(back.parse::<axum::http::HeaderValue>().is_ok());
            proptest::prop_assert!(back.bytes().all(|b| b.is_ascii_graphic()));
        }
    }
}
