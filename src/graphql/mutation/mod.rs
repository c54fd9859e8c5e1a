//! Root mutations, merged from one object per area.

mod action_items;
mod catalog;
mod manifest;
mod not_applicable;
mod relations;
mod reviews;
mod templates;

use async_graphql::MergedObject;

/// Root mutation type.
#[derive(MergedObject, Default)]
pub struct MutationRoot(
    crate::graphql::access::AccessMutation,
    action_items::ActionItemMutation,
    catalog::CatalogMutation,
    manifest::ManifestMutation,
    not_applicable::NotApplicableMutation,
    relations::RelationsMutation,
    reviews::ReviewMutation,
    templates::TemplateMutation,
);
