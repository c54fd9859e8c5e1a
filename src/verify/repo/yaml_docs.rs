//! YAML and JSON documents with the source position of every node.
//!
//! A file is cut into its documents at the `---` and `...` markers (a marker at column 0
//! ends any YAML content, so the cut never splits a node) and each document is parsed on
//! its own: one broken document leaves the others of its file readable. Every node's line
//! and column is kept, so evidence can point at the line to change.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use serde_saphyr::{Location, Spanned};
use std::collections::HashMap;
use std::fmt;

/// One step from a document's root to a node.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    /// A member of a mapping.
    Key(String),
    /// An element of a sequence, 0-based.
    Index(usize),
}

/// A position in a file, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// Line.
    pub line: u32,
    /// Column.
    pub column: u32,
}

impl Position {
    fn from_location(l: &Location, first_line: u32) -> Option<Self> {
        let (line, column) = (
            u32::try_from(l.line()).ok()?,
            u32::try_from(l.column()).ok()?,
        );
        (line > 0).then(|| Self {
            line: line + first_line - 1,
            column,
        })
    }
}

/// One parsed document.
#[derive(Debug, Clone)]
pub struct Document {
    /// The document as JSON.
    pub value: Value,
    /// Where the document's content starts.
    pub start: Position,
    /// Positions by path from the root; a mapping member is where its key is written.
    positions: HashMap<Vec<Step>, Position>,
}

impl Document {
    /// Where the node at `path` is written, or else its nearest ancestor.
    pub fn position(&self, path: &[Step]) -> Position {
        (0..=path.len())
            .rev()
            .find_map(|n| self.positions.get(&path[..n]).copied())
            .unwrap_or(self.start)
    }
}

/// A document that does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// Where the parser stopped.
    pub at: Position,
    /// What the parser said, without its position.
    pub message: String,
    /// The document holds template syntax (`{{ … }}`, `{% … %}`): it is a template to be
    /// rendered, not broken YAML.
    pub templated: bool,
}

/// The documents of one file: those that parse and those that do not.
#[derive(Debug, Clone, Default)]
pub struct ParsedFile {
    /// Documents that parsed, in file order (empty documents are left out).
    pub documents: Vec<Document>,
    /// Documents that did not.
    pub broken: Vec<Broken>,
}

/// Parses every document of a file (`.json` files as one JSON document).
pub fn parse_file(path: &str, text: &str) -> ParsedFile {
    if path.ends_with(".json") {
        return parse_json(text);
    }
    let mut parsed = ParsedFile::default();
    for (first_line, chunk) in split_documents(text) {
        match parse_chunk(chunk, first_line) {
            Ok(documents) => parsed.documents.extend(documents),
            Err(mut broken) => {
                broken.templated = is_templated(chunk);
                parsed.broken.push(broken);
            }
        }
    }
    parsed
}

fn parse_json(text: &str) -> ParsedFile {
    match serde_json::from_str::<Value>(text) {
        // JSON is YAML, so the YAML reader supplies positions; values come from JSON.
        Ok(value) => {
            let positions = parse_chunk(text, 1)
                .ok()
                .and_then(|mut docs| docs.pop())
                .map(|d| d.positions)
                .unwrap_or_default();
            let start = positions
                .get(&Vec::new())
                .copied()
                .unwrap_or(Position { line: 1, column: 1 });
            ParsedFile {
                documents: vec![Document {
                    value,
                    start,
                    positions,
                }],
                broken: Vec::new(),
            }
        }
        Err(e) => ParsedFile {
            documents: Vec::new(),
            broken: vec![Broken {
                at: Position {
                    line: u32::try_from(e.line()).unwrap_or(u32::MAX),
                    column: u32::try_from(e.column()).unwrap_or(u32::MAX),
                },
                message: strip_position(&e.to_string()),
                templated: is_templated(text),
            }],
        },
    }
}

/// Whether text holds template actions a renderer fills in before it is YAML.
pub fn is_templated(text: &str) -> bool {
    ["{{", "{%"].iter().any(|open| text.contains(open))
}

/// Cuts a YAML stream into documents: (first line, text). A `---` line opens a document
/// unless only comments, directives and blank lines came before it; a `...` line closes one.
pub fn split_documents(text: &str) -> Vec<(u32, &str)> {
    let mut chunks = Vec::new();
    let (mut start, mut start_line, mut has_content) = (0usize, 1u32, false);
    let mut offset = 0usize;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let end = offset + line.len();
        if is_marker(line, "---") && has_content {
            chunks.push((start_line, &text[start..offset]));
            (start, start_line) = (offset, number);
            has_content = false;
        }
        if is_marker(line, "...") {
            chunks.push((start_line, &text[start..end]));
            (start, start_line, has_content) = (end, number + 1, false);
        } else if !is_marker(line, "---") {
            let trimmed = line.trim_start();
            has_content |=
                !(trimmed.is_empty() || trimmed.starts_with('#') || line.starts_with('%'));
        } else {
            // `--- value` carries content on the marker line itself.
            has_content |= !line[3..].trim().is_empty() && !line[3..].trim().starts_with('#');
        }
        offset = end;
    }
    if start < text.len() {
        chunks.push((start_line, &text[start..]));
    }
    chunks
}

fn is_marker(line: &str, marker: &str) -> bool {
    line.strip_prefix(marker)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
}

fn parse_chunk(chunk: &str, first_line: u32) -> Result<Vec<Document>, Broken> {
    let options = serde_saphyr::options! { with_snippet: false };
    let trees =
        serde_saphyr::from_multiple_with_options::<Spanned<Tree>>(chunk, options).map_err(|e| {
            Broken {
                at: e
                    .location()
                    .and_then(|l| Position::from_location(&l, first_line))
                    .unwrap_or(Position {
                        line: first_line,
                        column: 1,
                    }),
                message: strip_position(e.to_string().lines().next().unwrap_or_default()),
                templated: false,
            }
        })?;
    Ok(trees
        .into_iter()
        .filter(|t| !matches!(t.value, Tree::Leaf(Value::Null)))
        .map(|tree| {
            let start = Position::from_location(&tree.referenced, first_line).unwrap_or(Position {
                line: first_line,
                column: 1,
            });
            let mut positions = HashMap::new();
            let value = flatten(tree, &mut Vec::new(), None, &mut positions, first_line);
            Document {
                value,
                start,
                positions,
            }
        })
        .collect())
}

/// A parser's message without the ` at line 3, column 5` it repeats.
fn strip_position(message: &str) -> String {
    let cut = [" at line ", " line ", " at position "]
        .iter()
        .filter_map(|p| message.find(p))
        .min();
    let message = cut.map_or(message, |i| &message[..i]);
    message.trim().trim_end_matches([',', ':']).to_owned()
}

/// A YAML node as read, with the positions of its children.
enum Tree {
    Leaf(Value),
    Seq(Vec<Spanned<Tree>>),
    Map(Vec<(Spanned<KeyText>, Spanned<Tree>)>),
}

/// A mapping key as text (`1`, `true` and `~` keys read as they are written in JSON).
struct KeyText(String);

fn flatten(
    tree: Spanned<Tree>,
    path: &mut Vec<Step>,
    key_at: Option<Position>,
    positions: &mut HashMap<Vec<Step>, Position>,
    first_line: u32,
) -> Value {
    if let Some(p) = key_at.or_else(|| Position::from_location(&tree.referenced, first_line)) {
        positions.insert(path.clone(), p);
    }
    match tree.value {
        Tree::Leaf(v) => v,
        Tree::Seq(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| {
                    path.push(Step::Index(i));
                    let v = flatten(item, path, None, positions, first_line);
                    path.pop();
                    v
                })
                .collect(),
        ),
        Tree::Map(entries) => {
            let mut map = Map::new();
            for (key, value) in entries {
                let at = Position::from_location(&key.referenced, first_line);
                path.push(Step::Key(key.value.0.clone()));
                let v = flatten(value, path, at, positions, first_line);
                path.pop();
                map.insert(key.value.0, v);
            }
            Value::Object(map)
        }
    }
}

struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Tree;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML node")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Tree, E> {
        Ok(Tree::Leaf(Value::Bool(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Tree, E> {
        Ok(Tree::Leaf(Value::from(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Tree, E> {
        Ok(Tree::Leaf(Value::from(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Tree, E> {
        Ok(Tree::Leaf(
            Number::from_f64(v).map_or(Value::Null, Value::Number),
        ))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Tree, E> {
        Ok(Tree::Leaf(Value::String(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Tree, E> {
        Ok(Tree::Leaf(Value::String(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Tree, E> {
        Ok(Tree::Leaf(Value::Null))
    }
    fn visit_none<E: de::Error>(self) -> Result<Tree, E> {
        Ok(Tree::Leaf(Value::Null))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Tree, D::Error> {
        Tree::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Tree>>()? {
            items.push(item);
        }
        Ok(Tree::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<KeyText>>()? {
            entries.push((key, map.next_value::<Spanned<Tree>>()?));
        }
        Ok(Tree::Map(entries))
    }
}

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TreeVisitor)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = KeyText;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a scalar mapping key")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<KeyText, E> {
        Ok(KeyText(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<KeyText, E> {
        Ok(KeyText(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<KeyText, E> {
        Ok(KeyText(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<KeyText, E> {
        Ok(KeyText(v.to_string()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyText, E> {
        Ok(KeyText(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<KeyText, E> {
        Ok(KeyText(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<KeyText, E> {
        Ok(KeyText("null".into()))
    }
}

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // As text, the way JSON reads keys: `on:` and `y:` are the strings they spell.
        d.deserialize_string(KeyVisitor)
    }
}
