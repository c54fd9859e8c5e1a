//! Sign-in sessions, kept on the server: the browser holds a random id (the secret in the
//! `orrery_session` cookie), the database only its SHA-256 with who signed in.
//!
//! A session ends after the policy's idle time without a request, or its absolute
//! lifetime after sign-in ([`SessionPolicy`]), measured with the services' clock. A request
//! records itself as the last sighting at most once a minute ([`SessionPolicy::touch_due`]),
//! so reading pages does not write on every request. Ended rows are purged whenever a
//! session is opened.

use super::tokens::secret_hash;
use crate::domain::ids::Login;
use crate::domain::session::SessionPolicy;
use crate::error::{AppError, AppResult};
use crate::services::Services;
use crate::store::entities::session;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter};

/// Who a session belongs to, as the identity provider said at sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    /// The person's login.
    pub login: Login,
    /// Display name (the `name` claim), when the provider sent one.
    pub name: Option<String>,
    /// The person's groups at sign-in.
    pub groups: Vec<String>,
}

/// Bytes of randomness in a session id (256 bits, from the operating system).
const SECRET_BYTES: usize = 32;

/// A new random secret, base64url without padding (43 characters).
pub(crate) fn new_secret() -> AppResult<String> {
    let mut bytes = [0u8; SECRET_BYTES];
    getrandom::fill(&mut bytes)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("no randomness from the OS: {e}")))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// Whether `secret` has the shape of one [`new_secret`] makes (so junk never reaches the
/// database).
fn well_formed(secret: &str) -> bool {
    secret.len() == 43
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl Services {
    /// How long sessions live.
    pub fn session_policy(&self) -> SessionPolicy {
        self.session_policy
    }

    /// Opens a session for `who` and returns its secret (for the cookie; never stored or
    /// logged). Also purges sessions that have ended.
    pub async fn open_session(&self, who: &SignedIn) -> AppResult<String> {
        let now = self.now();
        let policy = self.session_policy;
        self.purge_sessions().await?;
        let secret = new_secret()?;
        let groups = serde_json::to_string(&who.groups)
            .map_err(|e| AppError::Internal(anyhow::Error::new(e)))?;
        session::Entity::insert(session::ActiveModel {
            id_hash: Set(secret_hash(&secret)),
            login: Set(who.login.as_str().to_owned()),
            name: Set(who.name.clone()),
            groups: Set(groups),
            created_at: Set(now),
            last_seen_at: Set(now),
            expires_at: Set(policy.expires_at(now)),
        })
        .exec_without_returning(self.db.conn())
        .await?;
        Ok(secret)
    }

    /// Who the session `secret` belongs to, if it is alive now; records the request as its
    /// last sighting (at most once a minute). An ended session is deleted.
    pub async fn session(&self, secret: &str) -> AppResult<Option<SignedIn>> {
        if !well_formed(secret) {
            return Ok(None);
        }
        let hash = secret_hash(secret);
        let Some(row) = session::Entity::find_by_id(hash.clone())
            .one(self.db.conn())
            .await?
        else {
            return Ok(None);
        };
        let now = self.now();
        let policy = self.session_policy;
        if !policy.is_live(row.last_seen_at, row.expires_at, now) {
            session::Entity::delete_by_id(hash)
                .exec(self.db.conn())
                .await?;
            return Ok(None);
        }
        if policy.touch_due(row.last_seen_at, now) {
            session::Entity::update_many()
                .col_expr(session::Column::LastSeenAt, Expr::value(now))
                .filter(session::Column::IdHash.eq(hash))
                .exec(self.db.conn())
                .await?;
        }
        let groups: Vec<String> = serde_json::from_str(&row.groups)
            .map_err(|e| AppError::Internal(anyhow::Error::new(e)))?;
        Ok(Some(SignedIn {
            login: Login::from_trusted(row.login),
            name: row.name,
            groups,
        }))
    }

    /// Ends the session `secret` (signing out, or a new sign-in replacing it). Ending a
    /// session that does not exist is not an error.
    pub async fn close_session(&self, secret: &str) -> AppResult<()> {
        if well_formed(secret) {
            session::Entity::delete_by_id(secret_hash(secret))
                .exec(self.db.conn())
                .await?;
        }
        Ok(())
    }

    /// Deletes every session that has ended by now (idle too long or past its end).
    pub async fn purge_sessions(&self) -> AppResult<u64> {
        let now = self.now();
        let idle_since = now - self.session_policy.idle;
        let ended = session::Entity::delete_many()
            .filter(
                Condition::any()
                    .add(session::Column::ExpiresAt.lte(now))
                    .add(session::Column::LastSeenAt.lte(idle_since)),
            )
            .exec(self.db.conn())
            .await?;
        Ok(ended.rows_affected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_and_well_formed() {
        let a = new_secret().unwrap();
        let b = new_secret().unwrap();
        assert_ne!(a, b);
        assert!(well_formed(&a), "{a}");
        assert!(!well_formed("short"));
        assert!(!well_formed(&format!("{}!", &a[..42])));
        assert_eq!(secret_hash("abc").len(), 64);
        assert_eq!(
            secret_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
