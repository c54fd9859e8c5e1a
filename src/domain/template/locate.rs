//! Maps JSON pointers (as reported by schema validation) back to YAML source positions.

use serde_saphyr::granit_parser::{Event, Parser};
use std::collections::HashMap;

/// 1-based line and column of a node in the YAML source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

enum Frame {
    /// Inside a mapping: the pending key once read, else waiting for a key.
    Map {
        pointer: String,
        key: Option<String>,
    },
    /// Inside a sequence: the next index.
    Seq { pointer: String, next: usize },
}

/// Positions of every node of the first YAML document, keyed by JSON pointer
/// (`""` for the root, `/categories/0/items/3/severity` for a nested value).
#[derive(Debug, Default)]
pub struct PositionMap(HashMap<String, Position>);

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

impl PositionMap {
    /// Builds the map; malformed YAML yields a partial map (the YAML parser reports the error).
    pub fn build(source: &str) -> Self {
        let mut map = HashMap::new();
        let mut stack: Vec<Frame> = Vec::new();
        let mut started = false;
        for next in Parser::new_from_str(source) {
            let Ok((event, span)) = next else { break };
            let pos = Position {
                line: span.start.line(),
                column: span.start.col() + 1,
            };
            // Work out the pointer of the node this event starts (if it starts one).
            let node_pointer = |stack: &mut Vec<Frame>| -> Option<String> {
                match stack.last_mut() {
                    None => Some(String::new()),
                    Some(Frame::Seq { pointer, next }) => {
                        let p = format!("{pointer}/{next}");
                        *next += 1;
                        Some(p)
                    }
                    Some(Frame::Map { pointer, key }) => {
                        key.take().map(|k| format!("{pointer}/{}", escape(&k)))
                    }
                }
            };
            match event {
                Event::DocumentStart(..) if started => break,
                Event::DocumentStart(..) => started = true,
                Event::Scalar(value, ..) => {
                    if let Some(Frame::Map {
                        key: key @ None, ..
                    }) = stack.last_mut()
                    {
                        *key = Some(value.into_owned());
                    } else if let Some(p) = node_pointer(&mut stack) {
                        map.entry(p).or_insert(pos);
                    }
                }
                Event::Alias(_) => {
                    if let Some(Frame::Map {
                        key: key @ None, ..
                    }) = stack.last_mut()
                    {
                        *key = Some(String::from("*alias"));
                    } else if let Some(p) = node_pointer(&mut stack) {
                        map.entry(p).or_insert(pos);
                    }
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let is_map = matches!(event, Event::MappingStart(..));
                    let pointer = node_pointer(&mut stack).unwrap_or_default();
                    map.entry(pointer.clone()).or_insert(pos);
                    stack.push(if is_map {
                        Frame::Map { pointer, key: None }
                    } else {
                        Frame::Seq { pointer, next: 0 }
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                }
                _ => {}
            }
        }
        Self(map)
    }

    /// Position of the node at `pointer`, or of its nearest ancestor that has one.
    pub fn find(&self, pointer: &str) -> Option<Position> {
        let mut p = pointer;
        loop {
            if let Some(pos) = self.0.get(p) {
                return Some(*pos);
            }
            p = &p[..p.rfind('/')?];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "key: a\nlist:\n  - x: 1\n    y: [2, 3]\n  - z\nnested:\n  a/b: true\n";

    #[test]
    fn finds_nested_nodes() {
        let m = PositionMap::build(SRC);
        assert_eq!(m.find("/key"), Some(Position { line: 1, column: 6 }));
        assert_eq!(m.find("/list/0/x"), Some(Position { line: 3, column: 8 }));
        assert_eq!(
            m.find("/list/0/y/1"),
            Some(Position {
                line: 4,
                column: 12
            })
        );
        assert_eq!(m.find("/list/1"), Some(Position { line: 5, column: 5 }));
        assert_eq!(
            m.find("/nested/a~1b"),
            Some(Position { line: 7, column: 8 })
        );
    }

    #[test]
    fn missing_nodes_fall_back_to_their_parent() {
        let m = PositionMap::build(SRC);
        assert_eq!(m.find("/list/0/missing"), m.find("/list/0"));
        assert!(m.find("").is_some());
    }
}
