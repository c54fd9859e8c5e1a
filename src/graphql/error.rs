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
                AppError::Validation(f) => ext.set("field", argument_path(&f.field, None)),
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
    /// Converts, keeping the machine code in `extensions`; a field is named as the
    /// operation's argument of that name (`item_key` → `itemKey`).
    fn gql(self) -> async_graphql::Result<T>;

    /// Like [`GqlResult::gql`] for an operation taking an `input` object: fields are named
    /// inside it (`links[1].url` → `input.links[1].url`), except the operation's own
    /// `arguments` (domain names, e.g. `expected_version`).
    fn gql_in(self, arguments: &[&str]) -> async_graphql::Result<T>;

    /// Like [`GqlResult::gql_in`] for an input object with another name than `input`, e.g.
    /// a `filter` (`entity_id` → `filter.entityId`).
    fn gql_under(self, object: &str, arguments: &[&str]) -> async_graphql::Result<T>;
}

impl<T> GqlResult<T> for AppResult<T> {
    fn gql(self) -> async_graphql::Result<T> {
        self.map_err(|e| e.extend())
    }

    fn gql_in(self, arguments: &[&str]) -> async_graphql::Result<T> {
        self.gql_under("input", arguments)
    }

    fn gql_under(self, object: &str, arguments: &[&str]) -> async_graphql::Result<T> {
        self.map_err(|e| match e {
            AppError::Validation(f) => {
                let path = path_under(object, &f.field, arguments);
                AppError::Validation(f.at(path)).extend()
            }
            other => other.extend(),
        })
    }
}

/// The one mapping from a domain field to a GraphQL argument path: each segment in
/// camelCase, and inside `input` unless the operation takes it as an argument of its own
/// (`arguments` is `None` for an operation without an input object). Idempotent, so a
/// path that is already an argument path stays as it is.
pub fn argument_path(field: &str, arguments: Option<&[&str]>) -> String {
    match arguments {
        None => camel_case(field),
        Some(arguments) => path_under("input", field, arguments),
    }
}

/// The path of a domain field inside the input object `object`, unless it is one of the
/// operation's own `arguments` (see [`argument_path`]).
fn path_under(object: &str, field: &str, arguments: &[&str]) -> String {
    let camel = camel_case(field);
    let first = field.split(['.', '[']).next().unwrap_or_default();
    let inside = field
        .strip_prefix(object)
        .is_some_and(|rest| rest.starts_with('.'));
    if inside || arguments.contains(&first) {
        camel
    } else {
        format!("{object}.{camel}")
    }
}

fn camel_case(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut upper = false;
    for c in field.chars() {
        match c {
            '_' => upper = true,
            c if upper => {
                out.extend(c.to_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}

impl<T> GqlResult<T> for Result<T, Arc<AppError>> {
    fn gql(self) -> async_graphql::Result<T> {
        self.map_err(|e| e.extend())
    }

    fn gql_in(self, _arguments: &[&str]) -> async_graphql::Result<T> {
        // Loader errors come from reads, which never fail validation on an input object.
        self.gql()
    }

    fn gql_under(self, _object: &str, _arguments: &[&str]) -> async_graphql::Result<T> {
        self.gql()
    }
}

/// Parses a GraphQL `ID` argument holding a numeric database id.
pub fn parse_id(field: &str, id: &async_graphql::ID) -> async_graphql::Result<i64> {
    id.parse::<i64>().ok().filter(|v| *v > 0).ok_or_else(|| {
        AppError::invalid(field, format!("`{}` is not a valid id", id.as_str())).extend()
    })
}

#[cfg(test)]
mod tests {
    use super::{argument_path, path_under};

    #[test]
    fn domain_fields_become_argument_paths() {
        assert_eq!(argument_path("item_key", None), "itemKey");
        assert_eq!(
            argument_path("expected_version", Some(&["expected_version"])),
            "expectedVersion"
        );
        assert_eq!(
            argument_path("links[1].url", Some(&[])),
            "input.links[1].url"
        );
        assert_eq!(
            argument_path("planned_events[0].peak_multiplier", Some(&[])),
            "input.plannedEvents[0].peakMultiplier"
        );
        assert_eq!(argument_path("input.reviewId", Some(&[])), "input.reviewId");
        assert_eq!(
            path_under("filter", "entity_id", &["after"]),
            "filter.entityId"
        );
        assert_eq!(path_under("filter", "after", &["after"]), "after");
        assert_eq!(path_under("filter", "filter.review", &[]), "filter.review");
    }
}
