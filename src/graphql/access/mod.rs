//! The GraphQL side of access: who am I, API tokens, roles and service accounts.

mod types;

use super::error::{GqlResult, parse_id};
use super::{actor, svc};
use crate::services::access::tokens::NewToken;
use async_graphql::{Context, ID, InputObject, Object, Result};
use chrono::{DateTime, Utc};
pub use types::{ApiToken, CreatedApiToken, Me, RoleGrant, ServiceAccount, TokenScope};

/// Input of `createApiToken`.
#[derive(InputObject)]
pub struct CreateApiTokenInput {
    /// What the token is for, e.g. `deploy pipeline`.
    pub name: String,
    /// What it may do (`READ` queries; `WRITE` also mutations).
    pub scopes: Vec<TokenScope>,
    /// When it stops working: required, at most a year ahead.
    pub expires_at: DateTime<Utc>,
    /// A service account to act as (admins only); the token acts as you otherwise.
    pub acts_as: Option<String>,
}

/// Queries about access.
#[derive(Default)]
pub struct AccessQuery;

#[Object]
impl AccessQuery {
    /// Who you are and what you may do.
    async fn me(&self, ctx: &Context<'_>) -> Result<Me> {
        let me = actor(ctx);
        let grants = svc(ctx).grants(svc(ctx).db.conn(), me).await.gql()?;
        Ok(Me::new(me, grants))
    }

    /// The API tokens you made, newest first (revoked and expired ones too).
    async fn api_tokens(&self, ctx: &Context<'_>) -> Result<Vec<ApiToken>> {
        let tokens = svc(ctx).api_tokens(actor(ctx)).await.gql()?;
        Ok(tokens.into_iter().map(ApiToken).collect())
    }

    /// Every role grant: admins, team owners and sign-off roles.
    async fn role_grants(&self, ctx: &Context<'_>) -> Result<Vec<RoleGrant>> {
        let grants = svc(ctx).role_grants().await.gql()?;
        Ok(grants.into_iter().map(RoleGrant).collect())
    }

    /// Service accounts API tokens may act as.
    async fn service_accounts(&self, ctx: &Context<'_>) -> Result<Vec<ServiceAccount>> {
        let accounts = svc(ctx).service_accounts().await.gql()?;
        Ok(accounts.into_iter().map(ServiceAccount).collect())
    }
}

/// Mutations about access.
#[derive(Default)]
pub struct AccessMutation;

#[Object]
impl AccessMutation {
    /// Makes an API token. The secret is in the answer this once and never again; keep it
    /// like a password and send it as `Authorization: Bearer <secret>`.
    async fn create_api_token(
        &self,
        ctx: &Context<'_>,
        input: CreateApiTokenInput,
    ) -> Result<CreatedApiToken> {
        let input = NewToken {
            name: input.name,
            scopes: input.scopes.into_iter().map(Into::into).collect(),
            expires_at: input.expires_at,
            acts_as: input.acts_as,
        };
        svc(ctx)
            .create_api_token(actor(ctx), input)
            .await
            .map(CreatedApiToken)
            .gql_in(&[])
    }

    /// Revokes a token (yours, or any as an admin); it stops working on the next request.
    async fn revoke_api_token(&self, ctx: &Context<'_>, id: ID) -> Result<ApiToken> {
        let id = parse_id("id", &id)?;
        svc(ctx)
            .revoke_api_token(actor(ctx), id)
            .await
            .map(ApiToken)
            .gql()
    }

    /// Lets `subject` (a login, or `group:NAME` for a provider group) sign reviews as
    /// `role` (admins only).
    async fn assign_sign_off_role(
        &self,
        ctx: &Context<'_>,
        role: String,
        subject: String,
    ) -> Result<RoleGrant> {
        svc(ctx)
            .assign_sign_off_role(actor(ctx), &role, &subject)
            .await
            .map(RoleGrant)
            .gql()
    }

    /// Takes a sign-off role away (admins only).
    async fn unassign_sign_off_role(
        &self,
        ctx: &Context<'_>,
        role: String,
        subject: String,
    ) -> Result<bool> {
        svc(ctx)
            .unassign_sign_off_role(actor(ctx), &role, &subject)
            .await
            .gql()
    }

    /// Makes `subject` an admin (admins only).
    async fn grant_admin(&self, ctx: &Context<'_>, subject: String) -> Result<bool> {
        svc(ctx).set_admin(actor(ctx), &subject, true).await.gql()
    }

    /// Makes `subject` no longer an admin (admins only; `--admin` logins stay admins).
    async fn revoke_admin(&self, ctx: &Context<'_>, subject: String) -> Result<bool> {
        svc(ctx).set_admin(actor(ctx), &subject, false).await.gql()
    }

    /// Adds an owner to a team (its owners or an admin may).
    async fn add_team_owner(
        &self,
        ctx: &Context<'_>,
        team_slug: String,
        subject: String,
    ) -> Result<bool> {
        svc(ctx)
            .set_team_owner(actor(ctx), &team_slug, &subject, true)
            .await
            .gql()
    }

    /// Removes an owner from a team (its owners or an admin may).
    async fn remove_team_owner(
        &self,
        ctx: &Context<'_>,
        team_slug: String,
        subject: String,
    ) -> Result<bool> {
        svc(ctx)
            .set_team_owner(actor(ctx), &team_slug, &subject, false)
            .await
            .gql()
    }

    /// Creates a service account API tokens may act as (admins only).
    async fn create_service_account(
        &self,
        ctx: &Context<'_>,
        login: String,
        description: String,
    ) -> Result<ServiceAccount> {
        svc(ctx)
            .create_service_account(actor(ctx), &login, &description)
            .await
            .map(ServiceAccount)
            .gql()
    }
}
