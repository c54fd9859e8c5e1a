//! `syncManifest`: make a service follow an `orrery.yaml` given in the request.

use crate::graphql::error::GqlResult;
use crate::graphql::types::SyncReport;
use crate::graphql::{actor, svc};
use async_graphql::{Context, Object, Result};

/// Readiness-as-code mutations.
#[derive(Default)]
pub struct ManifestMutation;

#[Object]
impl ManifestMutation {
    /// Syncs service `service` to the manifest `yaml` (the content of its `orrery.yaml`),
    /// recorded as read at `commit` (default `manual`). Owners of the service's team and
    /// admins only. Fields changed in Orrery since the last sync are kept and reported as
    /// drift. An invalid manifest fails with VALIDATION on `yaml`, each problem as
    /// `orrery.yaml:line:column: path: message`.
    async fn sync_manifest(
        &self,
        ctx: &Context<'_>,
        service: String,
        yaml: String,
        commit: Option<String>,
    ) -> Result<SyncReport> {
        let commit = commit.unwrap_or_else(|| "manual".into());
        svc(ctx)
            .sync_manifest_yaml(actor(ctx), &service, "orrery.yaml", &yaml, &commit)
            .await
            .map(Into::into)
            .gql_in(&["service", "yaml", "commit"])
    }
}
