//! Sign-in with an OpenID Connect provider: the authorization code flow with PKCE (S256),
//! `state` and `nonce`, the ID token verified against the provider's published keys.
//!
//! [`OidcClient::discover`] reads the provider's discovery document and keys once, at
//! start-up. [`OidcClient::authorize`] makes the redirect to the provider and the
//! [`PendingLogin`] to keep until it answers; [`OidcClient::finish`] exchanges the code,
//! verifies the ID token and says who signed in ([`SignedIn`]). Storing pending sign-ins and
//! sessions is the services' job (`services::access`); the pages are in `web::signin`.
//!
//! The HTTP client follows no redirects (a provider cannot bounce Orrery's requests
//! elsewhere) and gives up after ten seconds. Codes, tokens, the client secret and the PKCE
//! verifier are never logged.

mod claims;
pub mod cookie;
mod error;
mod settings;

pub use error::SigninError;
pub use settings::OidcSettings;

use crate::domain::session::{check_groups, login_from_claims};
use crate::services::access::pending_logins::PendingLogin;
use crate::services::access::sessions::SignedIn;
use claims::{OtherClaims, groups_of};
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType,
    CoreGenderClaim, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
    CoreProviderMetadata, CoreRevocableToken, CoreRevocationErrorResponse,
    CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AccessToken, AccessTokenHash, AuthorizationCode, ClientId, ClientSecret, CsrfToken,
    EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdTokenFields, IssuerUrl,
    Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope,
    StandardErrorResponse, StandardTokenResponse, SubjectIdentifier, TokenResponse, UserInfoClaims,
};
use std::time::Duration;

type IdFields = IdTokenFields<
    OtherClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
type Tokens = StandardTokenResponse<IdFields, CoreTokenType>;
type Client = openidconnect::Client<
    OtherClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    Tokens,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// A provider Orrery signs people in with, discovered at start-up.
pub struct OidcClient {
    client: Client,
    http: reqwest::Client,
    groups_claim: String,
    scopes: Vec<String>,
    secure_cookies: bool,
}

impl std::fmt::Debug for OidcClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcClient")
            .field("groups_claim", &self.groups_claim)
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}

/// A redirect to the provider and what to keep until it answers.
pub struct Authorization {
    /// Where to send the browser.
    pub url: String,
    /// The `state` in that URL (the key of the pending sign-in; a secret until used).
    pub state: String,
    /// The PKCE verifier, the nonce and where to go afterwards.
    pub pending: PendingLogin,
}

impl OidcClient {
    /// Reads the provider's discovery document and keys. Fails with the reason when the
    /// provider cannot be reached or its document is unusable; Orrery does not start then.
    pub async fn discover(settings: &OidcSettings) -> anyhow::Result<Self> {
        use anyhow::Context;
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .context("cannot build the HTTP client")?;
        let issuer = IssuerUrl::new(settings.issuer.trim_end_matches('/').to_owned())
            .with_context(|| format!("--oidc-issuer `{}` is not a URL", settings.issuer))?;
        let metadata = CoreProviderMetadata::discover_async(issuer, &http)
            .await
            .map_err(|e| anyhow::anyhow!("{}", error_chain(&e)))
            .with_context(|| {
                format!(
                    "OpenID Connect discovery failed for --oidc-issuer {}",
                    settings.issuer
                )
            })?;
        let redirect = RedirectUrl::new(settings.redirect_url.clone())
            .context("the sign-in callback URL is not a URL (check --public-url)")?;
        let client = openidconnect::Client::from_provider_metadata(
            metadata,
            ClientId::new(settings.client_id.clone()),
            Some(ClientSecret::new(settings.client_secret.clone())),
        )
        .set_redirect_uri(redirect);
        Ok(Self {
            client,
            http,
            groups_claim: settings.groups_claim.clone(),
            scopes: settings.scopes.clone(),
            secure_cookies: settings.redirect_url.starts_with("https://"),
        })
    }

    /// Whether cookies must be `Secure` (the public URL is https).
    pub fn secure_cookies(&self) -> bool {
        self.secure_cookies
    }

    /// A new sign-in: the provider's authorization URL with a PKCE S256 challenge, a fresh
    /// `state` and `nonce`, and what to keep until the provider answers.
    pub fn authorize(&self, return_to: String) -> Authorization {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = self.client.authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        );
        for scope in &self.scopes {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.set_pkce_challenge(challenge).url();
        Authorization {
            url: url.into(),
            state: state.secret().clone(),
            pending: PendingLogin {
                pkce_verifier: verifier.secret().clone(),
                nonce: nonce.secret().clone(),
                return_to,
            },
        }
    }

    /// Finishes a sign-in: exchanges `code` (with the PKCE verifier), verifies the ID token
    /// (signature against the provider's keys, issuer, audience, expiry, nonce, access
    /// token hash) and reads who signed in. Groups come from the ID token, else from the
    /// userinfo endpoint when the provider has one.
    pub async fn finish(
        &self,
        code: String,
        pending: &PendingLogin,
    ) -> Result<SignedIn, SigninError> {
        let tokens = self
            .client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| {
                tracing::warn!(error = %e, "OpenID Connect: no token endpoint");
                SigninError::Exchange
            })?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier.clone()))
            .request_async(&self.http)
            .await
            .map_err(|e| {
                // A response that does not parse is not quoted: its text may hold tokens.
                let why = match &e {
                    openidconnect::RequestTokenError::Parse(..) => e.to_string(),
                    _ => error_chain(&e),
                };
                tracing::warn!(error = %why, "OpenID Connect: code exchange failed");
                SigninError::Exchange
            })?;
        let id_token = tokens.id_token().ok_or_else(|| {
            tracing::warn!("OpenID Connect: the token response has no ID token");
            SigninError::IdToken
        })?;
        let verifier = self.client.id_token_verifier();
        let claims = id_token
            .claims(&verifier, &Nonce::new(pending.nonce.clone()))
            .map_err(|e| {
                tracing::warn!(error = %e, "OpenID Connect: the ID token did not verify");
                SigninError::IdToken
            })?;
        if let Some(expected) = claims.access_token_hash() {
            let actual = id_token
                .signing_alg()
                .ok()
                .zip(id_token.signing_key(&verifier).ok())
                .and_then(|(alg, key)| {
                    AccessTokenHash::from_token(tokens.access_token(), alg, key).ok()
                });
            if actual.as_ref() != Some(expected) {
                tracing::warn!("OpenID Connect: the access token does not match at_hash");
                return Err(SigninError::IdToken);
            }
        }
        let login = login_from_claims(
            claims.preferred_username().map(|u| u.as_str()),
            claims.email().map(|e| e.as_str()),
            claims.subject().as_str(),
        )
        .map_err(SigninError::Login)?;
        let name = claims
            .name()
            .and_then(|n| n.get(None))
            .map(|n| n.as_str().trim().to_owned())
            .filter(|n| !n.is_empty() && !n.chars().any(char::is_control))
            .map(|n| n.chars().take(200).collect());
        let groups = match claims.additional_claims().claims.get(&self.groups_claim) {
            Some(value) => groups_of(value).map_err(SigninError::Groups)?,
            None => {
                self.userinfo_groups(tokens.access_token(), claims.subject())
                    .await?
            }
        };
        let groups = check_groups(groups).map_err(SigninError::Groups)?;
        Ok(SignedIn {
            login,
            name,
            groups,
        })
    }

    /// The groups the userinfo endpoint names for `subject` (none if the provider has no
    /// such endpoint or does not send the claim there either).
    async fn userinfo_groups(
        &self,
        access_token: &AccessToken,
        subject: &SubjectIdentifier,
    ) -> Result<Vec<String>, SigninError> {
        let Ok(request) = self
            .client
            .user_info(access_token.clone(), Some(subject.clone()))
        else {
            return Ok(Vec::new());
        };
        let info: UserInfoClaims<OtherClaims, CoreGenderClaim> =
            request.request_async(&self.http).await.map_err(|e| {
                // Only the outer message: the causes may quote the claims.
                tracing::warn!(error = %e, "OpenID Connect: userinfo failed");
                SigninError::UserInfo
            })?;
        match info.additional_claims().claims.get(&self.groups_claim) {
            Some(value) => groups_of(value).map_err(SigninError::Groups),
            None => Ok(Vec::new()),
        }
    }
}

/// An error and its causes on one line (they name URLs and statuses, never secrets).
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}
