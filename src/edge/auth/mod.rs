//! Authentication: who is making each request, in one of three modes.
//!
//! - `local` — people name themselves (the `X-Orrery-Actor` header, else the `orrery_actor`
//!   cookie the "Who are you?" page sets). A trial mode, only allowed on loopback, where
//!   everyone may do what an admin may.
//! - `oidc` — people sign in with an OpenID Connect provider; a server-side session follows.
//! - `proxy` — an authenticating reverse proxy vouches for the person in a header, trusted
//!   only from the configured address ranges.
//!
//! In every mode an `Authorization: Bearer orr_…` API token identifies its maker or service
//! account. The [`authenticate`] middleware runs before every handler: it works out the
//! actor once and leaves it in the request for the [`Acting`](super::Acting) extractor, or
//! answers `401` itself (`extensions.code: UNAUTHENTICATED` for the API; pages redirect to
//! sign-in) when oidc or proxy mode finds nobody on a route that needs someone.

pub mod oidc;
mod proxy;
mod refuse;

pub use proxy::ProxySettings;

use super::AppState;
use super::actor::local_actor;
use crate::config::{AuthArgs, AuthKind};
use crate::domain::FieldError;
use crate::services::Actor;
use crate::services::access::sessions::SignedIn;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::Response;
use oidc::OidcClient;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// The configured way of identifying people.
#[derive(Debug, Clone)]
pub enum AuthMode {
    /// People name themselves (trial mode, loopback only).
    Local,
    /// OpenID Connect sign-in with server-side sessions, with the provider discovered at
    /// start-up.
    Oidc(Arc<OidcClient>),
    /// Identity headers from a trusted authenticating proxy.
    Proxy(ProxySettings),
}

impl AuthMode {
    /// The mode the settings ask for; `--auth` unset means `local`, which
    /// [`AuthMode::check_listen`] refuses off loopback.
    pub fn from_args(args: &AuthArgs) -> Result<Self, String> {
        match args.auth.unwrap_or(AuthKind::Local) {
            AuthKind::Local => Ok(Self::Local),
            AuthKind::Proxy => ProxySettings::from_args(args).map(Self::Proxy),
            AuthKind::Oidc => Err(
                "--auth oidc reads the provider's discovery document: use AuthMode::from_settings"
                    .into(),
            ),
        }
    }

    /// The mode the settings ask for, discovering the OpenID Connect provider for `oidc`
    /// (start-up fails with the reason when discovery does).
    pub async fn from_settings(args: &AuthArgs, public_url: Option<&str>) -> anyhow::Result<Self> {
        if args.auth != Some(AuthKind::Oidc) {
            return Self::from_args(args).map_err(anyhow::Error::msg);
        }
        let settings = oidc::OidcSettings::from_args(args, public_url)?;
        let client = OidcClient::discover(&settings).await?;
        tracing::info!(issuer = %settings.issuer, redirect = %settings.redirect_url, "sign-in with OpenID Connect");
        Ok(Self::Oidc(Arc::new(client)))
    }

    /// Local mode lets anyone act as anyone, so it only serves on a loopback address.
    pub fn check_listen(&self, listen: SocketAddr) -> Result<(), String> {
        if matches!(self, Self::Local) && !listen.ip().is_loopback() {
            return Err(format!(
                "local mode lets anyone act as anyone, so it only listens on loopback, not on {listen}; \
                 choose --auth oidc or --auth proxy (see the README, \"Sign-in and roles\")"
            ));
        }
        Ok(())
    }

    /// Whether every request (but the open routes) needs an identified person.
    pub fn requires_sign_in(&self) -> bool {
        !matches!(self, Self::Local)
    }

    /// The mode's name, as in `--auth`.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Local => "local",
            Self::Oidc(_) => "oidc",
            Self::Proxy(_) => "proxy",
        }
    }
}

/// What the middleware found about the request's actor, for the extractors.
#[derive(Debug, Clone)]
pub enum Identity {
    /// An identified actor.
    Known(Actor),
    /// Local mode with an `X-Orrery-Actor` header that is not a valid login: refused by the
    /// handler that needs the actor, after its own checks (origin, body).
    Invalid(FieldError),
    /// Nobody, on a route that does not need anyone (sign-in pages).
    Nobody,
}

/// The auth mode's name, left in every request for the pages' layout.
#[derive(Debug, Clone, Copy)]
pub struct ModeName(pub &'static str);

/// Routes that answer without anyone signed in. `/badge/` serves README badges, which
/// GitHub fetches anonymously through its image proxy; they show a service's gate and level
/// only (see `web::badge`). GitHub webhooks prove themselves with their signature instead
/// (see [`crate::http::webhooks`]).
fn open_route(path: &str) -> bool {
    matches!(
        path,
        "/healthz" | "/readyz" | "/metrics" | "/webhooks/github"
    ) || path.starts_with("/static/")
        || path.starts_with("/auth/")
        || path.starts_with("/badge/")
}

/// Open routes whose answer never depends on who asks, so credentials that are not good are
/// ignored rather than refused: probes, metrics, badges and webhooks (signed instead).
fn ignores_credentials(path: &str) -> bool {
    matches!(
        path,
        "/healthz" | "/readyz" | "/metrics" | "/webhooks/github"
    ) || path.starts_with("/badge/")
}

/// Middleware: identifies the actor (API token, then the mode's own way) and leaves an
/// [`Identity`] in the request, or refuses it with `401`.
pub async fn authenticate(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let open = open_route(&path);
    let peer = peer(&req);
    let mut session = None;
    let identity = match identify(&state, req.headers(), peer, &mut session).await {
        Ok(Some(actor)) => Identity::Known(actor),
        Ok(None) if open || !state.auth.requires_sign_in() => Identity::Nobody,
        Ok(None) => return refuse::unauthenticated(&state.auth, &req, None),
        Err(Failure::InvalidName(e)) => Identity::Invalid(e),
        Err(Failure::Refused(why)) if ignores_credentials(&path) => {
            tracing::debug!(%why, "ignoring credentials on an open route");
            Identity::Nobody
        }
        Err(Failure::Refused(why)) => {
            return refuse::unauthenticated(&state.auth, &req, Some(&why));
        }
        Err(Failure::Unavailable) => return refuse::unavailable(),
    };
    req.extensions_mut().insert(identity);
    req.extensions_mut().insert(ModeName(state.auth.name()));
    if let Some(session) = session {
        req.extensions_mut().insert(session);
    }
    if let AuthMode::Oidc(client) = &*state.auth {
        req.extensions_mut().insert(client.clone());
    }
    next.run(req).await
}

/// Why no actor could be worked out.
enum Failure {
    /// Local mode: the named login is not valid.
    InvalidName(FieldError),
    /// Credentials were presented and are not good (401 with this reason).
    Refused(String),
    /// The database could not be asked.
    Unavailable,
}

/// The actor of a request. In the oidc mode, the live session the `orrery_session` cookie
/// names also goes to `session` (the page header shows its display name).
async fn identify(
    state: &AppState,
    headers: &HeaderMap,
    peer: Option<IpAddr>,
    session: &mut Option<SignedIn>,
) -> Result<Option<Actor>, Failure> {
    if let Some(token) = bearer(headers)? {
        return match state.services.token_actor(token).await {
            Ok(Some(actor)) => Ok(Some(actor)),
            Ok(None) => Err(Failure::Refused(
                "the API token is not valid: unknown, expired or revoked".into(),
            )),
            Err(e) => {
                tracing::error!(error = %e.log_detail(), "API token lookup failed");
                Err(Failure::Unavailable)
            }
        };
    }
    match &*state.auth {
        AuthMode::Local => local_actor(headers).map(Some).map_err(Failure::InvalidName),
        AuthMode::Oidc(_) => {
            let Some(secret) = oidc::cookie::read(headers, oidc::cookie::SESSION_COOKIE) else {
                return Ok(None);
            };
            match state.services.session(&secret).await {
                Ok(found) => {
                    *session = found;
                    Ok(session
                        .as_ref()
                        .map(|s| Actor::signed_in(s.login.clone(), s.groups.clone())))
                }
                Err(e) => {
                    tracing::error!(error = %e.log_detail(), "session lookup failed");
                    Err(Failure::Unavailable)
                }
            }
        }
        AuthMode::Proxy(p) => p.actor(headers, peer).map_err(Failure::Refused),
    }
}

/// The bearer token of `Authorization`, if one is presented; any other scheme is refused.
fn bearer(headers: &HeaderMap) -> Result<Option<&str>, Failure> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value.to_str().unwrap_or("");
    match value.split_once(' ') {
        Some((scheme, token))
            if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() =>
        {
            Ok(Some(token.trim()))
        }
        _ => Err(Failure::Refused(
            "the Authorization header must be `Bearer <API token>`".into(),
        )),
    }
}

/// The address the connection comes from (unknown when served without connect info).
fn peer(req: &Request) -> Option<IpAddr> {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_mode_serves_only_on_loopback() {
        let local = AuthMode::Local;
        assert!(
            local
                .check_listen("127.0.0.1:8080".parse().unwrap())
                .is_ok()
        );
        assert!(local.check_listen("[::1]:8080".parse().unwrap()).is_ok());
        let e = local
            .check_listen("0.0.0.0:8080".parse().unwrap())
            .unwrap_err();
        assert!(e.contains("only listens on loopback"), "{e}");
        assert!(!local.requires_sign_in());
    }

    #[test]
    fn unset_means_local_and_proxy_needs_ranges() {
        assert!(matches!(
            AuthMode::from_args(&AuthArgs::default()),
            Ok(AuthMode::Local)
        ));
        let proxy = AuthArgs {
            auth: Some(AuthKind::Proxy),
            ..AuthArgs::default()
        };
        assert!(AuthMode::from_args(&proxy).is_err());
    }

    #[test]
    fn only_bearer_authorization_is_accepted() {
        let mut h = HeaderMap::new();
        assert!(matches!(bearer(&h), Ok(None)));
        h.insert(header::AUTHORIZATION, "Bearer orr_abc".parse().unwrap());
        assert!(matches!(bearer(&h), Ok(Some("orr_abc"))));
        h.insert(header::AUTHORIZATION, "Basic YWxpY2U6eA==".parse().unwrap());
        assert!(matches!(bearer(&h), Err(Failure::Refused(_))));
        assert!(open_route("/static/app.css") && open_route("/healthz") && !open_route("/"));
        assert!(open_route("/badge/checkout.svg") && ignores_credentials("/badge/x.svg"));
        assert!(!ignores_credentials("/auth/signin") && !open_route("/badges"));
        assert!(open_route("/webhooks/github") && !open_route("/webhooks/other"));
        assert!(ignores_credentials("/webhooks/github"));
    }
}
