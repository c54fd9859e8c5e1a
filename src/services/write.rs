//! The write envelope every mutating use case runs in: a write transaction (`BEGIN
//! IMMEDIATE` on SQLite) opened at one instant for one actor, versioned updates that turn a
//! lost race into `CONFLICT`, audit rows written in the same transaction, the commit, and
//! then the score history of the services the change touched. A use case reads as its rules:
//!
//! ```ignore
//! let mut w = self.write(actor).await?;
//! let before = /* load, check the rules */;
//! let after = w.update::<waiver::Entity>("waiver", id, expected, changes).await?;
//! w.audit(Change::new("waiver.approve", ("waiver", id)).before(&before).after(&after)).await?;
//! w.rescore(review.service_id);
//! w.commit().await?;
//! ```

use super::{Actor, Services};
use crate::error::{AppError, AppResult};
use crate::store::Database;
use crate::store::audit::{self, AuditEntry};
use crate::store::entities::person;
use crate::store::versioned::{Checked, Versioned, delete_checked, update_checked};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{DatabaseTransaction, EntityTrait, NotSet, Set};
use serde::Serialize;

/// One audited change: what was done to which entity, and the entity before and after.
pub(crate) struct Change {
    action: &'static str,
    entity_type: &'static str,
    entity_id: String,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
    failed: Option<serde_json::Error>,
}

impl Change {
    /// `action` (e.g. `waiver.approve`) on `entity` (its type and identifier).
    pub fn new(
        action: &'static str,
        (entity_type, entity_id): (&'static str, impl ToString),
    ) -> Self {
        Self {
            action,
            entity_type,
            entity_id: entity_id.to_string(),
            before: None,
            after: None,
            failed: None,
        }
    }

    /// The entity as it was.
    pub fn before<T: Serialize>(mut self, value: &T) -> Self {
        self.before = self.snapshot(value);
        self
    }

    /// The entity as it is now.
    pub fn after<T: Serialize>(mut self, value: &T) -> Self {
        self.after = self.snapshot(value);
        self
    }

    fn snapshot<T: Serialize>(&mut self, value: &T) -> Option<serde_json::Value> {
        serde_json::to_value(value)
            .map_err(|e| self.failed = Some(e))
            .ok()
    }
}

/// An open change on behalf of one actor; dropped without [`Write::commit`], it rolls back.
pub(crate) struct Write<'s> {
    /// Where to record score history after the commit (none for catalog-wide changes).
    services: Option<&'s Services>,
    actor: &'s Actor,
    txn: DatabaseTransaction,
    now: DateTime<Utc>,
    rescore: Vec<i64>,
}

impl Services {
    /// Opens the write envelope for `actor`, at the clock's current instant.
    /// Read-only tokens are refused here, before anything is read.
    pub(crate) async fn write<'s>(&'s self, actor: &'s Actor) -> AppResult<Write<'s>> {
        if !actor.can_write() {
            return Err(AppError::Forbidden(
                "this API token may only read (scope READ); use a token with the WRITE scope"
                    .into(),
            ));
        }
        let mut w = Write::open(&self.db, actor, self.now()).await?;
        w.services = Some(self);
        Ok(w)
    }
}

impl<'s> Write<'s> {
    /// Opens a change on `db` outside the services (template loading at start-up); it
    /// records no score history.
    pub async fn open(db: &Database, actor: &'s Actor, now: DateTime<Utc>) -> AppResult<Self> {
        Ok(Write {
            services: None,
            actor,
            txn: db.write().await?,
            now,
            rescore: Vec::new(),
        })
    }

    /// The instant the change happens at (one for all its rows).
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Who makes the change.
    pub fn actor(&self) -> &'s Actor {
        self.actor
    }

    /// The transaction, for the change's reads and writes.
    pub fn txn(&self) -> &DatabaseTransaction {
        &self.txn
    }

    /// Updates row `id` of `E` if its version is still `expected`: the row after, or
    /// `NOT_FOUND` / `CONFLICT` naming `what`.
    pub async fn update<E: Versioned>(
        &self,
        what: &'static str,
        id: i64,
        expected: i64,
        changes: E::ActiveModel,
    ) -> AppResult<E::Model> {
        match update_checked::<E, _>(&self.txn, id, expected, changes).await? {
            Checked::Done(row) => Ok(row),
            Checked::Stale(row) => Err(AppError::stale(what, expected, E::version_of(&row))),
            Checked::Missing => Err(AppError::not_found(what, id.to_string())),
        }
    }

    /// Like [`Write::update`], but hands a lost race back to the caller, to explain it in
    /// its own words.
    pub async fn update_checked<E: Versioned>(
        &self,
        id: i64,
        expected: i64,
        changes: E::ActiveModel,
    ) -> AppResult<Checked<E::Model>> {
        Ok(update_checked::<E, _>(&self.txn, id, expected, changes).await?)
    }

    /// Deletes row `id` of `E` if its version is still `expected`: the row as it was, or
    /// `NOT_FOUND` / `CONFLICT` naming `what`.
    pub async fn delete<E: Versioned>(
        &self,
        what: &'static str,
        id: i64,
        expected: i64,
    ) -> AppResult<E::Model> {
        match delete_checked::<E, _>(&self.txn, id, expected).await? {
            Checked::Done(row) => Ok(row),
            Checked::Stale(row) => Err(AppError::stale(what, expected, E::version_of(&row))),
            Checked::Missing => Err(AppError::not_found(what, id.to_string())),
        }
    }

    /// Writes the audit row of `change`, and makes sure the actor exists as a person.
    pub async fn audit(&self, change: Change) -> AppResult<()> {
        if let Some(e) = change.failed {
            return Err(AppError::Internal(anyhow::anyhow!("audit snapshot: {e}")));
        }
        person::Entity::insert(person::ActiveModel {
            id: NotSet,
            login: Set(self.actor.login().to_owned()),
            name: Set(None),
            created_at: Set(self.now),
        })
        .on_conflict(
            OnConflict::column(person::Column::Login)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&self.txn)
        .await?;
        let entry = AuditEntry {
            actor: self.actor.login(),
            action: change.action,
            entity_type: change.entity_type,
            entity_id: change.entity_id,
            at: self.now,
        };
        audit::record(&self.txn, entry, change.before, change.after).await?;
        Ok(())
    }

    /// Re-scores `service_id` (and its dependents) once the change has committed.
    pub fn rescore(&mut self, service_id: i64) {
        if !self.rescore.contains(&service_id) {
            self.rescore.push(service_id);
        }
    }

    /// The last step of a use case: audits `change`, re-scores `service` (when the change
    /// can move its score) and commits.
    pub async fn done(mut self, change: Change, service: Option<i64>) -> AppResult<()> {
        self.audit(change).await?;
        if let Some(id) = service {
            self.rescore(id);
        }
        self.commit().await
    }

    /// Commits, then records score history for the services the change touched.
    pub async fn commit(self) -> AppResult<()> {
        self.txn.commit().await?;
        if let Some(services) = self.services
            && !self.rescore.is_empty()
        {
            services.refresh_history(&self.rescore).await;
        }
        Ok(())
    }
}
