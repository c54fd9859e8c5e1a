//! The application error: what went wrong, with a stable machine code. Internal errors are
//! logged where they are converted for a client and never shown to it.

use crate::domain::FieldError;
use crate::domain::review::TransitionRefused;
use sea_orm::{DbErr, SqlErr};

/// Stable machine-readable error codes, part of the public API contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// The entity does not exist.
    NotFound,
    /// A stale `expectedVersion`, a duplicate, or a state that forbids the change.
    Conflict,
    /// The input is malformed or breaks a rule; `field` names where.
    Validation,
    /// The actor may not do this.
    Forbidden,
    /// A dependency (database, external system) is unavailable; retrying may help.
    Unavailable,
    /// A bug or unexpected failure; details are in the server log only.
    Internal,
}

impl ErrorCode {
    /// The wire spelling, e.g. `NOT_FOUND`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotFound => "NOT_FOUND",
            Self::Conflict => "CONFLICT",
            Self::Validation => "VALIDATION",
            Self::Forbidden => "FORBIDDEN",
            Self::Unavailable => "UNAVAILABLE",
            Self::Internal => "INTERNAL",
        }
    }
}

/// Error returned by application services.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// `entity` identified by `key` does not exist.
    #[error("{entity} `{key}` was not found")]
    NotFound {
        /// Kind of entity, e.g. `service`.
        entity: &'static str,
        /// The identifier that was looked up.
        key: String,
    },
    /// The change conflicts with the stored state.
    #[error("{message}")]
    Conflict {
        /// What conflicted and how to resolve it.
        message: String,
        /// The stored version, when the conflict is a stale `expectedVersion`.
        current_version: Option<i64>,
    },
    /// A state that forbids the change, with a stable reason code and the details a client
    /// acts on (code `CONFLICT`), e.g. approving a review whose gate is `NO_GO`.
    #[error("{}", .0.message)]
    Refused(Box<Refusal>),
    /// Invalid input.
    #[error("{0}")]
    Validation(#[from] FieldError),
    /// Not allowed for this actor.
    #[error("{0}")]
    Forbidden(String),
    /// A dependency is down.
    #[error("{0}")]
    Unavailable(String),
    /// Anything unexpected; never shown to clients.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

/// Why a change was refused, for [`AppError::Refused`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// Stable reason code, e.g. `GATE_NO_GO`.
    pub reason: &'static str,
    /// What was refused and how to proceed.
    pub message: String,
    /// The reasons behind the refusal (e.g. the gate's blocking reasons), in order.
    pub details: Vec<RefusalDetail>,
}

/// One reason behind a refusal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusalDetail {
    /// Stable code, e.g. `BLOCKER_FAILING`.
    pub code: String,
    /// The sentence to act on.
    pub message: String,
    /// The item concerned, if any.
    pub item_key: Option<String>,
}

/// Result alias for application services.
pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    /// The stable code for this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::NotFound { .. } => ErrorCode::NotFound,
            Self::Conflict { .. } | Self::Refused(_) => ErrorCode::Conflict,
            Self::Validation(_) => ErrorCode::Validation,
            Self::Forbidden(_) => ErrorCode::Forbidden,
            Self::Unavailable(_) => ErrorCode::Unavailable,
            Self::Internal(_) => ErrorCode::Internal,
        }
    }

    /// Shorthand for [`AppError::NotFound`].
    pub fn not_found(entity: &'static str, key: impl Into<String>) -> Self {
        Self::NotFound {
            entity,
            key: key.into(),
        }
    }

    /// A conflict that is not about versions (duplicates, state).
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::Conflict {
            message: message.into(),
            current_version: None,
        }
    }

    /// A stale `expectedVersion`.
    pub fn stale(entity: &str, expected: i64, current: i64) -> Self {
        Self::Conflict {
            message: format!(
                "{entity} was changed by someone else: you edited version {expected}, the current version is {current}; reload and retry"
            ),
            current_version: Some(current),
        }
    }

    /// Shorthand for a validation error on `field`.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Validation(FieldError::new(field, message))
    }

    /// The whole cause chain on one line, for the server log (never for clients).
    pub fn log_detail(&self) -> String {
        match self {
            Self::Internal(inner) => format!("{inner:#}"),
            other => other.to_string(),
        }
    }

    /// The message safe to show a client (internal details withheld).
    pub fn public_message(&self) -> String {
        match self {
            Self::Internal(_) => "internal error; the server log has the details".into(),
            other => other.to_string(),
        }
    }
}

impl From<DbErr> for AppError {
    fn from(err: DbErr) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                Self::conflict("an entity with the same unique key already exists")
            }
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => {
                Self::conflict("the change would break a reference between entities")
            }
            _ => match err {
                DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => {
                    Self::Unavailable("the database is unavailable".into())
                }
                other => Self::Internal(other.into()),
            },
        }
    }
}

impl From<TransitionRefused> for AppError {
    fn from(err: TransitionRefused) -> Self {
        Self::conflict(err.0)
    }
}

impl From<serde_json::Error> for AppError {
    fn from(err: serde_json::Error) -> Self {
        Self::Internal(err.into())
    }
}
