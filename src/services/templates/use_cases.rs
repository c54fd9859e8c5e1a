//! Use cases over checklist templates: look up a stored version, reload the directory.
//! The registry caches parsed templates; these methods give it the services' database so
//! adapters never handle the connection.

use crate::error::AppResult;
use crate::services::templates::{LoadReport, StoredTemplate};
use crate::services::{Actor, Services};
use std::sync::Arc;

impl Services {
    /// The stored template version `id` (cached after the first read).
    pub async fn template(&self, id: i64) -> AppResult<Arc<StoredTemplate>> {
        self.templates.by_id(&self.db, id).await
    }

    /// The stored template `key` at `version`.
    pub async fn template_version(
        &self,
        key: &str,
        version: i32,
    ) -> AppResult<Arc<StoredTemplate>> {
        self.templates.by_version(&self.db, key, version).await
    }

    /// Re-reads the checklist directory on behalf of `actor`: changed templates become new
    /// versions; files with errors are reported and their previous version stays in force.
    /// Admins only.
    pub async fn reload_templates(&self, actor: &Actor) -> AppResult<LoadReport> {
        if !actor.can_write() {
            return Err(crate::error::AppError::Forbidden(
                "this API token may only read (scope READ); use a token with the WRITE scope"
                    .into(),
            ));
        }
        let what = "reload the checklist templates";
        self.authorize(
            self.db.conn(),
            actor,
            crate::domain::access::Act::Administer { what },
        )
        .await?;
        self.templates.reload(&self.db, actor, self.now()).await
    }
}
