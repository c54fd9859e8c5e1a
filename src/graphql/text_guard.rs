//! Refuses control characters in every string argument of a GraphQL operation before it runs.
//!
//! The use cases clean the texts they store (see [`crate::domain::validation::clean_text`]),
//! but a string also reaches the database as a lookup key, a filter or a cursor. PostgreSQL
//! cannot hold NUL at all, and no argument has a use for the other control characters, so
//! this guard checks every string — inline or from variables, at any depth of an input
//! object or list — and answers `VALIDATION` naming the argument path (`input.name`,
//! `links[2].url`), as the use cases do. Line feeds, carriage returns and tabs pass here:
//! whether a field may span lines is the use case's rule.

use crate::domain::validation::{Lines, forbidden_char, normalise_newlines};
use async_graphql::parser::types::{
    ExecutableDocument, OperationDefinition, Selection, SelectionSet,
};
use async_graphql::{Pos, Positioned, ServerError, ServerResult, Value, Variables};

/// Checks every argument of every operation and fragment of `document`.
pub fn check_document(document: &ExecutableDocument, variables: &Variables) -> ServerResult<()> {
    for (_, operation) in document.operations.iter() {
        let resolved = operation_variables(&operation.node, variables);
        check_selections(&operation.node.selection_set, &resolved)?;
    }
    // Fragments may be used by any operation: check them against every operation's variables.
    for fragment in document.fragments.values() {
        for (_, operation) in document.operations.iter() {
            let resolved = operation_variables(&operation.node, variables);
            check_selections(&fragment.node.selection_set, &resolved)?;
        }
    }
    Ok(())
}

/// The operation's variables as they will be used: the request's values, else the defaults.
fn operation_variables(operation: &OperationDefinition, given: &Variables) -> Variables {
    let mut resolved = given.clone();
    for def in &operation.variable_definitions {
        let name = &def.node.name.node;
        if !resolved.contains_key(name)
            && let Some(default) = &def.node.default_value
        {
            resolved.insert(name.clone(), default.node.clone());
        }
    }
    resolved
}

fn check_selections(set: &Positioned<SelectionSet>, variables: &Variables) -> ServerResult<()> {
    for selection in &set.node.items {
        match &selection.node {
            Selection::Field(field) => {
                let arguments = field
                    .node
                    .arguments
                    .iter()
                    .chain(field.node.directives.iter().flat_map(|d| &d.node.arguments));
                for (name, value) in arguments {
                    let constant = value
                        .node
                        .clone()
                        .into_const_with(|var| {
                            Ok::<_, std::convert::Infallible>(
                                variables.get(&var).cloned().unwrap_or(Value::Null),
                            )
                        })
                        .unwrap_or(Value::Null);
                    check_value(name.node.as_str(), &constant, value.pos)?;
                }
                check_selections(&field.node.selection_set, variables)?;
            }
            Selection::InlineFragment(fragment) => {
                check_selections(&fragment.node.selection_set, variables)?;
            }
            Selection::FragmentSpread(_) => {} // fragments are checked on their own
        }
    }
    Ok(())
}

/// Walks `value`, refusing the first string with a forbidden character.
fn check_value(path: &str, value: &Value, pos: Pos) -> ServerResult<()> {
    match value {
        Value::String(text) => match forbidden_char(&normalise_newlines(text), Lines::Multi) {
            None => Ok(()),
            Some((at, c)) => Err(refusal(path, at, c, pos)),
        },
        Value::List(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, item)| check_value(&format!("{path}[{i}]"), item, pos)),
        Value::Object(fields) => fields
            .iter()
            .try_for_each(|(key, item)| check_value(&format!("{path}.{key}"), item, pos)),
        _ => Ok(()),
    }
}

fn refusal(path: &str, at: usize, c: char, pos: Pos) -> ServerError {
    let mut error = ServerError::new(
        format!(
            "{path}: contains the control character U+{:04X} at character {}; remove it",
            u32::from(c),
            at + 1
        ),
        Some(pos),
    );
    let extensions = error.extensions.get_or_insert_with(Default::default);
    extensions.set("code", "VALIDATION");
    extensions.set("field", path);
    error
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::parser::parse_query;

    fn check(query: &str, variables: serde_json::Value) -> Result<(), (String, String)> {
        let document = parse_query(query).unwrap();
        let variables = Variables::from_json(variables);
        check_document(&document, &variables).map_err(|e| {
            let field = e
                .extensions
                .as_ref()
                .and_then(|x| x.get("field").cloned())
                .map(|v| v.to_string())
                .unwrap_or_default();
            (field, e.message)
        })
    }

    #[test]
    fn inline_strings_are_checked_at_any_depth() {
        let (field, message) = check(
            r#"mutation { createService(input: {slug: "a", links: [{title: "x", url: "b\u0000"}]}) { slug } }"#,
            serde_json::Value::Null,
        )
        .unwrap_err();
        assert_eq!(field, "\"input.links[0].url\"");
        assert!(message.contains("U+0000 at character 2"), "{message}");
    }

    #[test]
    fn variables_are_checked_under_the_argument_they_feed() {
        let q = "mutation($i: CreateTeamInput!) { createTeam(input: $i) { slug } }";
        let (field, _) = check(q, serde_json::json!({"i": {"name": "a\u{7}"}})).unwrap_err();
        assert_eq!(field, "\"input.name\"");
        assert!(check(q, serde_json::json!({"i": {"name": "two\r\nlines\tok"}})).is_ok());
    }

    #[test]
    fn defaults_nested_fields_and_fragments_are_checked() {
        let q = r#"query($s: String = "x\u0001") { service(slug: $s) { slug } }"#;
        assert_eq!(check(q, serde_json::Value::Null).unwrap_err().0, "\"slug\"");
        let q = r#"query { a: service(slug: "ok") { reviews { ...F } } }
                   fragment F on Review { items(category: "c\u001f") { key } }"#;
        assert_eq!(
            check(q, serde_json::Value::Null).unwrap_err().0,
            "\"category\""
        );
        let q = r#"query { service(slug: "ok") { slug @include(if: true) } }"#;
        assert!(check(q, serde_json::Value::Null).is_ok());
    }
}
