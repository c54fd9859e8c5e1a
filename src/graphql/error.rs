//! Converting application errors into GraphQL errors with stable `extensions.code`.

use crate::error::{AppError, AppResult};
use async_graphql::{Error, ErrorExtensions};
use std::sync::Arc;

impl ErrorExtensions for AppError {
    fn extend(&self) -> Error {
        if let AppError::Internal(inner) = self {
            // One line with the cause chain; no backtrace per request.
            tracing::error!(error = %format_args!("{inner:#}"), "internal error while handling a GraphQL request");
        }
        Error::new(self.public_message()).extend_with(|_, ext| {
            ext.set("code", self.code().as_str());
            match self {
                AppError::Validation(f) => ext.set("field", f.field.as_str()),
                AppError::Conflict {
                    current_version: Some(v),
                    ..
                } => ext.set("currentVersion", *v),
                AppError::NotFound { entity, key } => {
                    ext.set("entity", *entity);
                    ext.set("key", key.as_str());
                }
                _ => {}
            }
        })
    }
}

/// `.gql()` turns an application result into a GraphQL result carrying the error code.
/// (Plain `?` would also compile, through async-graphql's blanket `From<Display>`, but it
/// would drop the code; always go through this.)
pub trait GqlResult<T> {
    /// Converts, keeping the machine code in `extensions`.
    fn gql(self) -> async_graphql::Result<T>;
}

impl<T> GqlResult<T> for AppResult<T> {
    fn gql(self) -> async_graphql::Result<T> {
        self.map_err(|e| e.extend())
    }
}

impl<T> GqlResult<T> for Result<T, Arc<AppError>> {
    fn gql(self) -> async_graphql::Result<T> {
        self.map_err(|e| e.extend())
    }
}

/// Parses a GraphQL `ID` argument holding a numeric database id.
pub fn parse_id(field: &str, id: &async_graphql::ID) -> async_graphql::Result<i64> {
    id.parse::<i64>().ok().filter(|v| *v > 0).ok_or_else(|| {
        AppError::invalid(field, format!("`{}` is not a valid id", id.as_str())).extend()
    })
}
