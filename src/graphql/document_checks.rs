//! The checks every parsed GraphQL document passes before validation and execution: the
//! depth limits ([`super::depth`]) and no control characters in any string argument
//! ([`super::text_guard`]). One schema extension runs them in that order.

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{ServerResult, Variables};
use std::sync::Arc;

/// The extension registered on the schema.
pub struct DocumentChecks;

impl ExtensionFactory for DocumentChecks {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(DocumentChecks)
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for DocumentChecks {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        super::depth::check(&document)?;
        super::text_guard::check_document(&document, variables)?;
        Ok(document)
    }
}
