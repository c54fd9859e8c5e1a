//! The GraphQL API: schema assembly, hardening limits, and per-request context.

pub mod access;
mod depth;
mod document_checks;
pub mod enums;
pub mod error;
pub mod loaders;
mod mutation;
pub mod pr_check;
mod prefetch;
mod query;
pub mod report;
mod text_guard;
pub mod types;

use crate::services::{Actor, Services};
use async_graphql::{Context, EmptySubscription, Schema};
use loaders::Loaders;

/// The schema type.
pub type AppSchema = Schema<QueryRoot, mutation::MutationRoot, EmptySubscription>;

/// Root query type, merged from the catalog/review queries and access.
#[derive(async_graphql::MergedObject, Default)]
pub struct QueryRoot(
    query::CatalogQuery,
    access::AccessQuery,
    pr_check::PrCheckQuery,
    report::ReportQuery,
);

/// Deepest query accepted (not counting `__schema`/`__type` subtrees, which have their own
/// bound, [`MAX_INTROSPECTION_DEPTH`]).
pub const MAX_DEPTH: usize = 12;
/// Highest query complexity accepted (list fields count `first × child`).
pub const MAX_COMPLEXITY: usize = 5_000;
/// Largest page a connection returns.
pub const MAX_PAGE: i32 = 100;
pub use depth::MAX_INTROSPECTION_DEPTH;

/// Builds the schema with depth, complexity and directive limits and no field suggestions.
pub fn build_schema(services: Option<Services>) -> AppSchema {
    let mut builder = Schema::build(
        QueryRoot::default(),
        mutation::MutationRoot::default(),
        EmptySubscription,
    )
    .limit_complexity(MAX_COMPLEXITY)
    .limit_directives(5)
    .limit_recursive_depth(32)
    .disable_suggestions()
    .extension(document_checks::DocumentChecks);
    if let Some(s) = services {
        builder = builder.data(s);
    }
    builder.finish()
}

/// The SDL of the schema, as checked in at `src/graphql/schema.graphql`.
pub fn sdl() -> String {
    build_schema(None).sdl()
}

/// Per-request data the handler attaches: loaders and the acting person.
pub fn request_data(services: &Services, actor: Actor) -> (Loaders, Actor) {
    (Loaders::new(services), actor)
}

pub(crate) fn svc<'a>(ctx: &Context<'a>) -> &'a Services {
    ctx.data_unchecked::<Services>()
}

pub(crate) fn loaders<'a>(ctx: &Context<'a>) -> &'a Loaders {
    ctx.data_unchecked::<Loaders>()
}

pub(crate) fn actor<'a>(ctx: &Context<'a>) -> &'a Actor {
    ctx.data_unchecked::<Actor>()
}
