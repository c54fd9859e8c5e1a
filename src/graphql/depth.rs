//! The query depth limit, with introspection counted apart.
//!
//! async-graphql's own `limit_depth` counts every field, so the standard introspection query
//! that GraphiQL, graphql-js, Apollo and schemathesis send (its `TypeRef` fragment nests nine
//! `ofType` levels, 15 fields deep in all) would be refused by a limit that suits user
//! queries. This walker measures two depths on the parsed document, before validation:
//!
//! - the **user depth**: nested fields outside any `__schema`/`__type` subtree, bounded by
//!   [`MAX_DEPTH`];
//! - the **introspection depth**: the nesting level of the deepest field inside such a
//!   subtree, counted from the operation's root, bounded by [`MAX_INTROSPECTION_DEPTH`], so
//!   an endless `ofType { ofType { … } }` chain is still refused.
//!
//! Fragment spreads and inline fragments add no level (as in async-graphql). Each fragment is
//! measured once (a document that spreads fragments many times is walked in linear time),
//! and a fragment that spreads itself is refused rather than followed.

use super::MAX_DEPTH;
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Name, Pos, ServerError, ServerResult};
use std::collections::HashMap;

/// Deepest nesting accepted inside `__schema`/`__type` (the standard introspection query
/// needs 15).
pub const MAX_INTROSPECTION_DEPTH: usize = 20;

/// How deep a selection set reaches, each measure relative to the set itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Reach {
    /// Nested fields outside introspection subtrees.
    user: usize,
    /// Nesting level of the deepest field inside an introspection subtree (0: none).
    introspection: usize,
    /// Nested fields of any kind.
    all: usize,
}

impl Reach {
    fn max(self, other: Reach) -> Reach {
        Reach {
            user: self.user.max(other.user),
            introspection: self.introspection.max(other.introspection),
            all: self.all.max(other.all),
        }
    }
}

/// A fragment's measure, or that it is being measured (a spread met then is a cycle).
#[derive(Clone, Copy)]
enum Memo {
    Walking,
    Done(Reach),
}

struct Walker<'a> {
    doc: &'a ExecutableDocument,
    fragments: HashMap<&'a Name, Memo>,
}

fn is_introspection(name: &str) -> bool {
    name == "__schema" || name == "__type"
}

impl<'a> Walker<'a> {
    fn set(&mut self, set: &'a SelectionSet) -> ServerResult<Reach> {
        let mut reach = Reach::default();
        for selection in &set.items {
            let here = match &selection.node {
                Selection::Field(field) => {
                    let inner = self.set(&field.node.selection_set.node)?;
                    let all = 1 + inner.all;
                    if is_introspection(&field.node.name.node) {
                        Reach {
                            user: 0,
                            introspection: all,
                            all,
                        }
                    } else {
                        Reach {
                            user: 1 + inner.user,
                            introspection: match inner.introspection {
                                0 => 0,
                                n => n + 1,
                            },
                            all,
                        }
                    }
                }
                Selection::InlineFragment(inline) => self.set(&inline.node.selection_set.node)?,
                Selection::FragmentSpread(spread) => {
                    self.fragment(&spread.node.fragment_name.node, spread.pos)?
                }
            };
            reach = reach.max(here);
        }
        Ok(reach)
    }

    fn fragment(&mut self, name: &'a Name, pos: Pos) -> ServerResult<Reach> {
        match self.fragments.get(name) {
            Some(Memo::Done(reach)) => return Ok(*reach),
            Some(Memo::Walking) => {
                return Err(ServerError::new(
                    format!(
                        "Fragment \"{name}\" spreads itself (directly or through other fragments)."
                    ),
                    Some(pos),
                ));
            }
            None => {}
        }
        // An unknown fragment is reported by validation; it adds nothing here.
        let Some(fragment) = self.doc.fragments.get(name) else {
            return Ok(Reach::default());
        };
        self.fragments.insert(name, Memo::Walking);
        let reach = self.set(&fragment.node.selection_set.node)?;
        self.fragments.insert(name, Memo::Done(reach));
        Ok(reach)
    }
}

/// Refuses a document any of whose operations is nested deeper than the limits (see the
/// module docs); the error says which limit and what was found.
pub fn check(doc: &ExecutableDocument) -> ServerResult<()> {
    let mut walker = Walker {
        doc,
        fragments: HashMap::new(),
    };
    for (_, operation) in doc.operations.iter() {
        let reach = walker.set(&operation.node.selection_set.node)?;
        if reach.user > MAX_DEPTH {
            return Err(ServerError::new(
                format!(
                    "Query is nested too deep: it nests fields {} levels deep; the limit is {MAX_DEPTH}.",
                    reach.user
                ),
                Some(operation.pos),
            ));
        }
        if reach.introspection > MAX_INTROSPECTION_DEPTH {
            return Err(ServerError::new(
                format!(
                    "Introspection is nested too deep: it nests fields {} levels deep; the limit \
                     for __schema and __type is {MAX_INTROSPECTION_DEPTH}.",
                    reach.introspection
                ),
                Some(operation.pos),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "depth_tests.rs"]
mod tests;
