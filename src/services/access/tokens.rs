//! API tokens: created once (the secret is shown then and never again), stored as a SHA-256
//! hash, presented as `Authorization: Bearer orr_…`, revoked with effect on the next request.

use super::{Actor, TokenScope};
use crate::domain::access::Act;
use crate::domain::ids::Login;
use crate::domain::records;
use crate::domain::validation::required_text;
use crate::error::{AppError, AppResult};
use crate::services::Services;
use crate::services::write::Change;
use crate::store::entities::{api_token, service_account};
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, NotSet, QueryFilter, QueryOrder, Set};
use sha2::{Digest, Sha256};

/// Prefix of every token secret, so leaked tokens are easy to recognise and scan for.
pub const TOKEN_PREFIX: &str = "orr_";

/// Longest a token may live.
pub const MAX_TOKEN_DAYS: i64 = 366;

/// How often `last_used_at` is written for a busy token (not on every request).
const LAST_USED_GRANULARITY_SECS: i64 = 60;

/// What `createApiToken` asks for.
#[derive(Debug, Clone)]
pub struct NewToken {
    /// What the token is for, e.g. `deploy pipeline`.
    pub name: String,
    /// What it may do.
    pub scopes: Vec<TokenScope>,
    /// When it stops working (required; at most a year ahead).
    pub expires_at: DateTime<Utc>,
    /// A service account to act as (admins only); otherwise the maker.
    pub acts_as: Option<String>,
}

/// A token just made: its record and the secret, shown this once.
#[derive(Debug, Clone)]
pub struct CreatedToken {
    /// The stored token.
    pub token: records::ApiToken,
    /// The secret to put in `Authorization: Bearer …`.
    pub secret: String,
}

/// The stored hash of a secret: lowercase hex SHA-256.
pub fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A new secret: `orr_` and 256 bits from the operating system's generator, base64url.
fn new_secret() -> AppResult<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("random source: {e}")))?;
    Ok(format!(
        "{TOKEN_PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    ))
}

fn scopes_text(scopes: &[TokenScope]) -> AppResult<String> {
    let mut scopes = scopes.to_vec();
    scopes.sort();
    scopes.dedup();
    if scopes.is_empty() {
        return Err(AppError::invalid(
            "scopes",
            "give at least one scope: READ or WRITE",
        ));
    }
    Ok(scopes
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(","))
}

impl Services {
    /// Creates a token for `actor` (or, for admins, for a service account).
    pub async fn create_api_token(
        &self,
        actor: &Actor,
        input: NewToken,
    ) -> AppResult<CreatedToken> {
        if actor.token_id().is_some() {
            return Err(AppError::Forbidden(
                "an API token cannot create tokens; sign in to create one".into(),
            ));
        }
        let name = required_text("name", &input.name, 100)?;
        let scopes = scopes_text(&input.scopes)?;
        let w = self.write(actor).await?;
        let now = w.now();
        if input.expires_at <= now {
            return Err(AppError::invalid("expires_at", "must be in the future"));
        }
        if input.expires_at > now + Duration::days(MAX_TOKEN_DAYS) {
            return Err(AppError::invalid(
                "expires_at",
                "must be at most a year ahead; make a new token when it expires",
            ));
        }
        let acts_as = match input
            .acts_as
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => actor.login().to_owned(),
            Some(raw) => {
                let login = Login::parse("acts_as", raw)?;
                self.authorize(
                    w.txn(),
                    actor,
                    Act::Administer {
                        what: "make tokens for service accounts",
                    },
                )
                .await?;
                service_account::Entity::find()
                    .filter(service_account::Column::Login.eq(login.as_str()))
                    .one(w.txn())
                    .await?
                    .ok_or_else(|| AppError::not_found("service account", login.as_str()))?;
                login.as_str().to_owned()
            }
        };
        let secret = new_secret()?;
        let row = api_token::ActiveModel {
            id: NotSet,
            name: Set(name),
            secret_hash: Set(secret_hash(&secret)),
            prefix: Set(secret[..TOKEN_PREFIX.len() + 6].to_owned()),
            acts_as: Set(acts_as),
            created_by: Set(actor.login().to_owned()),
            scopes: Set(scopes),
            created_at: Set(now),
            expires_at: Set(input.expires_at),
            last_used_at: Set(None),
            revoked_at: Set(None),
            revoked_by: Set(None),
        }
        .insert(w.txn())
        .await?;
        w.done(
            Change::new("api_token.create", ("api_token", row.id)).after(&row),
            None,
        )
        .await?;
        Ok(CreatedToken {
            token: row.into(),
            secret,
        })
    }

    /// Revokes a token (its maker or an admin); it stops working on the next request.
    /// Revoking a revoked token changes nothing.
    pub async fn revoke_api_token(&self, actor: &Actor, id: i64) -> AppResult<records::ApiToken> {
        let w = self.write(actor).await?;
        let before = api_token::Entity::find_by_id(id)
            .one(w.txn())
            .await?
            .ok_or_else(|| AppError::not_found("API token", id.to_string()))?;
        if before.created_by != actor.login() {
            self.authorize(
                w.txn(),
                actor,
                Act::Administer {
                    what: "revoke other people's tokens",
                },
            )
            .await?;
        }
        if before.revoked_at.is_some() {
            return Ok(before.into());
        }
        let mut row: api_token::ActiveModel = before.clone().into();
        row.revoked_at = Set(Some(w.now()));
        row.revoked_by = Set(Some(actor.login().to_owned()));
        let after = row.update(w.txn()).await?;
        w.done(
            Change::new("api_token.revoke", ("api_token", id))
                .before(&before)
                .after(&after),
            None,
        )
        .await?;
        Ok(after.into())
    }

    /// The tokens `actor` made, newest first (revoked and expired ones too).
    pub async fn api_tokens(&self, actor: &Actor) -> AppResult<Vec<records::ApiToken>> {
        Ok(api_token::Entity::find()
            .filter(api_token::Column::CreatedBy.eq(actor.login()))
            .order_by_desc(api_token::Column::Id)
            .all(self.db.conn())
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// The actor a presented secret stands for: `None` when it is unknown, expired or
    /// revoked. Notes when it was last used (at most once a minute).
    pub async fn token_actor(&self, secret: &str) -> AppResult<Option<Actor>> {
        if !secret.starts_with(TOKEN_PREFIX) || secret.len() > 200 {
            return Ok(None);
        }
        let now = self.now();
        let Some(row) = api_token::Entity::find()
            .filter(api_token::Column::SecretHash.eq(secret_hash(secret)))
            .one(self.db.conn())
            .await?
        else {
            return Ok(None);
        };
        if row.revoked_at.is_some() || row.expires_at <= now {
            return Ok(None);
        }
        let stale = row
            .last_used_at
            .is_none_or(|t| now - t >= Duration::seconds(LAST_USED_GRANULARITY_SECS));
        if stale {
            api_token::Entity::update_many()
                .col_expr(
                    api_token::Column::LastUsedAt,
                    sea_orm::sea_query::Expr::value(now),
                )
                .filter(api_token::Column::Id.eq(row.id))
                .exec(self.db.conn())
                .await?;
        }
        let scopes = row
            .scopes
            .split(',')
            .filter_map(TokenScope::parse)
            .collect();
        Ok(Some(Actor::token(
            Login::from_trusted(row.acts_as),
            row.id,
            scopes,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_prefixed_long_and_distinct() {
        let a = new_secret().unwrap();
        let b = new_secret().unwrap();
        assert!(a.starts_with(TOKEN_PREFIX));
        assert_eq!(a.len(), TOKEN_PREFIX.len() + 43);
        assert_ne!(a, b);
        assert_eq!(secret_hash(&a).len(), 64);
        assert_ne!(secret_hash(&a), secret_hash(&b));
    }

    #[test]
    fn scopes_are_required_and_normalised() {
        assert!(scopes_text(&[]).is_err());
        assert_eq!(
            scopes_text(&[TokenScope::Write, TokenScope::Read, TokenScope::Write]).unwrap(),
            "READ,WRITE"
        );
    }
}
