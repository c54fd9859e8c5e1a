//! Who is acting: the [`Acting`] extractor every handler takes, and local mode's way of
//! naming oneself.
//!
//! The [`authenticate`](super::auth::authenticate) middleware works out the actor once per
//! request (API token, signed-in session, trusted proxy, or in local mode the name given);
//! handlers never read headers or cookies themselves.
//!
//! In local mode, API clients name themselves with the `X-Orrery-Actor` header and people in
//! the web UI pick a name once (the "Who are you?" page), kept in the `orrery_actor` cookie,
//! which the browser also sends with the UI's own GraphQL calls. The header wins over the
//! cookie; with neither, the actor is `anonymous`.

use super::auth::Identity;
use crate::domain::FieldError;
use crate::domain::ids::Login;
use crate::services::Actor;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Header naming the acting person in local mode.
pub const ACTOR_HEADER: &str = "x-orrery-actor";

/// Cookie in which the web UI keeps the name the person chose (local mode).
pub const ACTOR_COOKIE: &str = "orrery_actor";

/// The actor recorded when a request names nobody (local mode).
pub const DEFAULT_ACTOR: &str = "anonymous";

/// Local mode's actor: the `X-Orrery-Actor` header, else the `orrery_actor` cookie, else
/// `anonymous`. A header that is not a valid login is refused; a cookie that is not one is
/// ignored (it may predate a rule change, and the person can pick a name again).
pub fn local_actor(headers: &HeaderMap) -> Result<Actor, FieldError> {
    if let Some(raw) = headers.get(ACTOR_HEADER) {
        return Login::parse(ACTOR_HEADER, raw.to_str().unwrap_or("")).map(Actor::trial);
    }
    Ok(Actor::trial(cookie_login(headers).unwrap_or_else(|| {
        Login::from_trusted(DEFAULT_ACTOR.into())
    })))
}

/// The acting person of a request, as an extractor: what the authentication middleware
/// found. A request it left without an actor is refused with [`ActorRejection`] (the web UI
/// wraps this extractor to answer with its error page instead).
#[derive(Debug, Clone)]
pub struct Acting(pub Actor);

/// Why [`Acting`] refused a request.
///
/// As a response it is the API's answer: a JSON body
/// `{"errors": [{"message", "extensions": {"code", "field"?}}]}` with `400 VALIDATION` for an
/// invalid `X-Orrery-Actor` header and `401 UNAUTHENTICATED` when nobody is signed in.
#[derive(Debug, Clone)]
pub enum ActorRejection {
    /// Local mode: the named login is not valid.
    Invalid(FieldError),
    /// Nobody is identified.
    Nobody,
}

impl std::fmt::Display for ActorRejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Invalid(e) => write!(f, "{e}"),
            Self::Nobody => f.write_str("sign in first"),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Acting {
    type Rejection = ActorRejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<Identity>() {
            Some(Identity::Known(actor)) => Ok(Acting(actor.clone())),
            Some(Identity::Invalid(e)) => Err(ActorRejection::Invalid(e.clone())),
            Some(Identity::Nobody) | None => Err(ActorRejection::Nobody),
        }
    }
}

impl IntoResponse for ActorRejection {
    fn into_response(self) -> Response {
        let (status, body) = match &self {
            Self::Invalid(e) => (
                StatusCode::BAD_REQUEST,
                serde_json::json!({"errors": [{"message": e.to_string(),
                    "extensions": {"code": "VALIDATION", "field": e.field}}]}),
            ),
            Self::Nobody => (
                StatusCode::UNAUTHORIZED,
                serde_json::json!({"errors": [{"message": "sign in first",
                    "extensions": {"code": "UNAUTHENTICATED"}}]}),
            ),
        };
        (
            status,
            [(header::CONTENT_TYPE, "application/json")],
            body.to_string(),
        )
            .into_response()
    }
}

/// The valid login in the `orrery_actor` cookie, if there is one.
pub fn cookie_login(headers: &HeaderMap) -> Option<Login> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|line| line.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == ACTOR_COOKIE)
        .and_then(|(_, value)| Login::parse(ACTOR_COOKIE, value.trim_matches('"')).ok())
}

/// A `Set-Cookie` value that remembers `login` for a year. `HttpOnly` because no script
/// needs it; `SameSite=Lax` so following a link into the UI keeps the name.
pub fn remember_cookie(login: &Login) -> String {
    format!(
        "{ACTOR_COOKIE}={}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax",
        login.as_str()
    )
}

/// A `Set-Cookie` value that forgets the chosen name.
pub fn forget_cookie() -> String {
    format!("{ACTOR_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, v.parse().unwrap());
        }
        h
    }

    fn who(pairs: &[(&'static str, &'static str)]) -> String {
        local_actor(&headers(pairs)).unwrap().login().to_owned()
    }

    #[test]
    fn header_wins_over_cookie() {
        assert_eq!(
            who(&[("x-orrery-actor", "alice"), ("cookie", "orrery_actor=bob")]),
            "alice"
        );
    }

    #[test]
    fn cookie_is_read_among_others() {
        assert_eq!(who(&[("cookie", "a=1; orrery_actor=bob; z=2")]), "bob");
        assert_eq!(
            who(&[("cookie", "a=1"), ("cookie", "orrery_actor=carol")]),
            "carol"
        );
    }

    #[test]
    fn nobody_named_is_anonymous() {
        assert_eq!(who(&[]), DEFAULT_ACTOR);
        assert_eq!(who(&[("cookie", "orrery_actor_x=bob")]), DEFAULT_ACTOR);
    }

    #[test]
    fn invalid_cookie_is_ignored_but_invalid_header_refused() {
        assert_eq!(who(&[("cookie", "orrery_actor=.bad name")]), DEFAULT_ACTOR);
        assert!(local_actor(&headers(&[("x-orrery-actor", "bad name")])).is_err());
    }

    #[tokio::test]
    async fn the_extractor_refuses_an_invalid_header_as_the_api_does() {
        let (mut parts, ()) = axum::http::Request::builder()
            .body(())
            .unwrap()
            .into_parts();
        let e = local_actor(&headers(&[("x-orrery-actor", "bad name")])).unwrap_err();
        parts.extensions.insert(Identity::Invalid(e));
        let rejection = Acting::from_request_parts(&mut parts, &())
            .await
            .unwrap_err();
        let response = rejection.into_response();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(json["errors"][0]["extensions"]["code"], "VALIDATION");
        assert_eq!(json["errors"][0]["extensions"]["field"], ACTOR_HEADER);
    }

    #[tokio::test]
    async fn the_extractor_refuses_nobody_with_401() {
        let (mut parts, ()) = axum::http::Request::builder()
            .body(())
            .unwrap()
            .into_parts();
        let rejection = Acting::from_request_parts(&mut parts, &())
            .await
            .unwrap_err();
        assert_eq!(rejection.into_response().status(), StatusCode::UNAUTHORIZED);
    }

    #[test]
    fn cookie_round_trips() {
        let login = Login::parse("l", "dana.w").unwrap();
        let set = remember_cookie(&login);
        let value = set.split(';').next().unwrap();
        let h = headers(&[]);
        let mut h = h;
        h.insert(header::COOKIE, value.parse().unwrap());
        assert_eq!(cookie_login(&h).unwrap().as_str(), "dana.w");
        assert!(forget_cookie().contains("Max-Age=0"));
    }
}
