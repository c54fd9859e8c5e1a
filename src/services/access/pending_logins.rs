//! Sign-ins between the redirect to the identity provider and its answer.
//!
//! Kept in the database, keyed by the SHA-256 of the `state` sent to the provider, so any
//! replica can finish a sign-in another one started. Each is used once (taking it deletes
//! it, and only the one request that deletes it gets it) and only within
//! [`PENDING_LOGIN_TTL`].

use super::tokens::secret_hash;
use crate::error::AppResult;
use crate::services::Services;
use crate::store::entities::pending_login;
use chrono::TimeDelta;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

/// How long a person has to sign in at the provider.
pub const PENDING_LOGIN_TTL: TimeDelta = TimeDelta::minutes(10);

/// What the callback needs to finish a sign-in. Its fields are secrets until the sign-in
/// completes: never logged.
#[derive(Clone, PartialEq, Eq)]
pub struct PendingLogin {
    /// The PKCE code verifier whose S256 challenge went to the provider.
    pub pkce_verifier: String,
    /// The nonce the ID token must carry.
    pub nonce: String,
    /// Local path to go to after signing in.
    pub return_to: String,
}

impl std::fmt::Debug for PendingLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingLogin")
            .field("return_to", &self.return_to)
            .finish_non_exhaustive()
    }
}

impl Services {
    /// Remembers a sign-in sent to the provider with `state`, for [`PENDING_LOGIN_TTL`].
    /// Also purges the ones that have expired.
    pub async fn save_pending_login(&self, state: &str, pending: &PendingLogin) -> AppResult<()> {
        let now = self.now();
        pending_login::Entity::delete_many()
            .filter(pending_login::Column::ExpiresAt.lte(now))
            .exec(self.db.conn())
            .await?;
        pending_login::Entity::insert(pending_login::ActiveModel {
            state_hash: Set(secret_hash(state)),
            pkce_verifier: Set(pending.pkce_verifier.clone()),
            nonce: Set(pending.nonce.clone()),
            return_to: Set(pending.return_to.clone()),
            created_at: Set(now),
            expires_at: Set(now + PENDING_LOGIN_TTL),
        })
        .exec_without_returning(self.db.conn())
        .await?;
        Ok(())
    }

    /// Takes the sign-in started with `state`: `None` when there is none, it was already
    /// taken, or it expired. Whatever the outcome, it cannot be taken again.
    pub async fn take_pending_login(&self, state: &str) -> AppResult<Option<PendingLogin>> {
        let hash = secret_hash(state);
        let Some(row) = pending_login::Entity::find_by_id(hash.clone())
            .one(self.db.conn())
            .await?
        else {
            return Ok(None);
        };
        let taken = pending_login::Entity::delete_many()
            .filter(pending_login::Column::StateHash.eq(hash))
            .exec(self.db.conn())
            .await?;
        // Two callbacks with the same state: only the one whose delete removed the row wins.
        if taken.rows_affected != 1 || row.expires_at <= self.now() {
            return Ok(None);
        }
        Ok(Some(PendingLogin {
            pkce_verifier: row.pkce_verifier,
            nonce: row.nonce,
            return_to: row.return_to,
        }))
    }
}
