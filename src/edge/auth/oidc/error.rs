//! Why a sign-in failed: one stable reason each, a status, and a message for the person.
//! Provider internals (token endpoint answers, signature details) go to the log only.

use crate::domain::session::LoginRefused;
use crate::error::{AppError, ErrorCode};

/// Why a sign-in failed.
#[derive(Debug)]
pub enum SigninError {
    /// The provider sent the person back with an error, e.g. `access_denied`.
    Provider {
        /// The OAuth error code the provider sent (letters and `_` only; anything else is
        /// shown as `error`).
        error: String,
    },
    /// The answer's `state` matches no sign-in this browser started: wrong, used or expired.
    UnknownState,
    /// The answer carries neither a code nor an error.
    MissingCode,
    /// The provider did not exchange the code for tokens.
    Exchange,
    /// The ID token did not verify: signature, issuer, audience, expiry, nonce or token hash.
    IdToken,
    /// The provider's name for the person cannot be an Orrery login.
    Login(LoginRefused),
    /// The groups claim is not a list of group names.
    Groups(String),
    /// The provider's userinfo endpoint did not answer (it was asked for the groups).
    UserInfo,
    /// Orrery itself failed (storing the session, say).
    App(AppError),
}

impl From<AppError> for SigninError {
    fn from(e: AppError) -> Self {
        Self::App(e)
    }
}

impl SigninError {
    /// The provider error `raw`, kept only if it looks like an OAuth error code.
    pub fn provider(raw: &str) -> Self {
        let ok = !raw.is_empty()
            && raw.len() <= 64
            && raw.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
        Self::Provider {
            error: if ok { raw.to_owned() } else { "error".into() },
        }
    }

    /// The project's stable error code.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Provider { .. } | Self::IdToken => ErrorCode::Forbidden,
            Self::UnknownState | Self::MissingCode | Self::Login(_) | Self::Groups(_) => {
                ErrorCode::Validation
            }
            Self::Exchange | Self::UserInfo => ErrorCode::Unavailable,
            Self::App(e) => e.code(),
        }
    }

    /// A stable, more precise reason (shown on the page and logged).
    pub fn reason(&self) -> &'static str {
        match self {
            Self::Provider { .. } => "provider_error",
            Self::UnknownState => "unknown_state",
            Self::MissingCode => "missing_code",
            Self::Exchange => "code_exchange_failed",
            Self::IdToken => "id_token_invalid",
            Self::Login(_) => "login_invalid",
            Self::Groups(_) => "groups_invalid",
            Self::UserInfo => "userinfo_failed",
            Self::App(_) => "internal",
        }
    }

    /// What the person reads.
    pub fn message(&self) -> String {
        match self {
            Self::Provider { error } if error == "access_denied" => {
                "The identity provider did not let you sign in to Orrery (access denied).".into()
            }
            Self::Provider { error } => {
                format!("The identity provider refused the sign-in (`{error}`).")
            }
            Self::UnknownState => "This sign-in link has expired or was already used. \
                                   Start again from the sign-in page."
                .into(),
            Self::MissingCode => "The identity provider's answer was incomplete.".into(),
            Self::Exchange => "Orrery could not complete the sign-in with the identity \
                               provider. Try again in a moment."
                .into(),
            Self::IdToken => "The identity provider's answer could not be verified.".into(),
            Self::Login(refused) => format!(
                "Your account's `{}` cannot be used as an Orrery login: {}",
                refused.claim, refused.reason
            ),
            Self::Groups(why) => {
                format!("The identity provider's groups for your account are unusable: {why}.")
            }
            Self::UserInfo => "The identity provider did not say which groups you belong to. \
                               Try again in a moment."
                .into(),
            Self::App(e) => e.public_message(),
        }
    }
}
