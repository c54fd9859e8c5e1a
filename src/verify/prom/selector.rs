//! PromQL label matchers: parsing a service's selector (`job="checkout",namespace=~"shop|cart"`),
//! matching label sets the way Prometheus does, and finding the matchers an expression uses.

use regex::Regex;
use std::collections::BTreeMap;
use std::fmt;

/// The comparison of a label matcher.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchOp {
    /// `=`
    Equal,
    /// `!=`
    NotEqual,
    /// `=~` (regex, anchored at both ends)
    Regex,
    /// `!~` (regex, anchored at both ends)
    NotRegex,
}

impl MatchOp {
    /// The operator as written in PromQL.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Equal => "=",
            Self::NotEqual => "!=",
            Self::Regex => "=~",
            Self::NotRegex => "!~",
        }
    }
}

/// One label matcher, e.g. `namespace=~"shop|cart"`.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// Label name.
    pub name: String,
    /// Comparison.
    pub op: MatchOp,
    /// Value (unescaped), or the regex for `=~`/`!~`.
    pub value: String,
    regex: Option<Regex>,
}

impl PartialEq for Matcher {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && self.op == other.op && self.value == other.value
    }
}

impl Eq for Matcher {}

impl Matcher {
    /// A matcher; regex matchers are compiled anchored (`^(?:…)$`) as Prometheus does.
    pub fn new(name: &str, op: MatchOp, value: &str) -> Result<Self, String> {
        if !is_label_name(name) {
            return Err(format!("`{name}` is not a valid label name"));
        }
        let regex = match op {
            MatchOp::Regex | MatchOp::NotRegex => {
                Some(Regex::new(&format!("^(?:{value})$")).map_err(|e| {
                    format!(
                        "invalid regex in {name}{}\"{value}\": {}",
                        op.as_str(),
                        last_line(&e.to_string())
                    )
                })?)
            }
            MatchOp::Equal | MatchOp::NotEqual => None,
        };
        Ok(Self {
            name: name.to_owned(),
            op,
            value: value.to_owned(),
            regex,
        })
    }

    /// Whether a label value satisfies the matcher (an absent label has the value `""`).
    pub fn matches_value(&self, value: &str) -> bool {
        match (self.op, &self.regex) {
            (MatchOp::Equal, _) => value == self.value,
            (MatchOp::NotEqual, _) => value != self.value,
            (MatchOp::Regex, Some(re)) => re.is_match(value),
            (MatchOp::NotRegex, Some(re)) => !re.is_match(value),
            (MatchOp::Regex | MatchOp::NotRegex, None) => false,
        }
    }

    /// Whether a label set satisfies the matcher.
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.matches_value(labels.get(&self.name).map_or("", String::as_str))
    }
}

impl fmt::Display for Matcher {
    /// The normalised form: `name op "value"` with no spaces and Go-style escapes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}\"", self.name, self.op.as_str())?;
        for c in self.value.chars() {
            match c {
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                '\n' => f.write_str("\\n")?,
                c => write!(f, "{c}")?,
            }
        }
        f.write_str("\"")
    }
}

/// Whether every matcher holds for `labels`.
pub fn matches_all(matchers: &[Matcher], labels: &BTreeMap<String, String>) -> bool {
    matchers.iter().all(|m| m.matches(labels))
}

/// Joins matchers in their normalised form: `job="a",namespace="b"`.
pub fn format_matchers(matchers: &[Matcher]) -> String {
    matchers
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

fn is_label_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn last_line(text: &str) -> String {
    text.lines().last().unwrap_or_default().trim().to_owned()
}

/// Parses a comma-separated list of matchers, optionally inside `{…}`:
/// `job="checkout", namespace=~'shop|cart'`. Whitespace and a trailing comma are allowed;
/// values may use `"…"`, `'…'` (with escapes) or `` `…` `` (raw). An empty list is `[]`.
pub fn parse_matchers(text: &str) -> Result<Vec<Matcher>, String> {
    let trimmed = text.trim();
    let inner = match trimmed.strip_prefix('{') {
        Some(rest) => rest
            .strip_suffix('}')
            .ok_or_else(|| format!("`{text}`: missing closing `}}`"))?,
        None => trimmed,
    };
    let mut p = Parser {
        chars: inner.char_indices().peekable(),
        text: inner,
    };
    let mut out = Vec::new();
    loop {
        p.skip_ws();
        if p.peek().is_none() {
            break;
        }
        let name = p.name().ok_or_else(|| p.error("expected a label name"))?;
        p.skip_ws();
        let op = p
            .op()
            .ok_or_else(|| p.error(&format!("expected =, !=, =~ or !~ after `{name}`")))?;
        p.skip_ws();
        let value = p.string().map_err(|e| p.error(&e))?;
        out.push(Matcher::new(&name, op, &value).map_err(|e| format!("`{text}`: {e}"))?);
        p.skip_ws();
        match p.next() {
            None => break,
            Some(',') => {}
            Some(c) => return Err(p.error(&format!("expected `,` but found `{c}`"))),
        }
    }
    Ok(out)
}

struct Parser<'a> {
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    text: &'a str,
}

impl Parser<'_> {
    fn peek(&mut self) -> Option<char> {
        self.chars.peek().map(|(_, c)| *c)
    }

    fn next(&mut self) -> Option<char> {
        self.chars.next().map(|(_, c)| c)
    }

    fn position(&mut self) -> usize {
        self.chars.peek().map_or(self.text.len(), |(i, _)| *i)
    }

    fn error(&mut self, message: &str) -> String {
        let at = self.position();
        format!("`{}`: {message} at character {}", self.text, at + 1)
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.next();
        }
    }

    fn name(&mut self) -> Option<String> {
        let mut name = String::new();
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || c == '_' {
                name.push(c);
                self.next();
            } else {
                break;
            }
        }
        is_label_name(&name).then_some(name)
    }

    fn op(&mut self) -> Option<MatchOp> {
        let first = self.next()?;
        let op = match (first, self.peek()) {
            ('=', Some('~')) => MatchOp::Regex,
            ('!', Some('=')) => MatchOp::NotEqual,
            ('!', Some('~')) => MatchOp::NotRegex,
            ('=', _) => return Some(MatchOp::Equal),
            _ => return None,
        };
        self.next();
        Some(op)
    }

    /// A quoted string: `"…"` and `'…'` with Go escapes, `` `…` `` raw.
    fn string(&mut self) -> Result<String, String> {
        let quote = match self.next() {
            Some(q @ ('"' | '\'' | '`')) => q,
            _ => return Err("expected a quoted value".into()),
        };
        let mut out = String::new();
        loop {
            let c = self.next().ok_or("unterminated string")?;
            if c == quote {
                return Ok(out);
            }
            if c == '\\' && quote != '`' {
                out.push(self.escape(quote)?);
            } else if c == '\n' && quote != '`' {
                return Err("newline in string".into());
            } else {
                out.push(c);
            }
        }
    }

    fn escape(&mut self, quote: char) -> Result<char, String> {
        let c = self.next().ok_or("unterminated escape")?;
        let hex = |p: &mut Self, n: usize| -> Result<char, String> {
            let digits: String = (0..n).filter_map(|_| p.next()).collect();
            u32::from_str_radix(&digits, 16)
                .ok()
                .filter(|_| digits.len() == n)
                .and_then(char::from_u32)
                .ok_or_else(|| format!("invalid escape \\{c}{digits}"))
        };
        Ok(match c {
            'a' => '\x07',
            'b' => '\x08',
            'f' => '\x0c',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'v' => '\x0b',
            '\\' => '\\',
            'x' => hex(self, 2)?,
            'u' => hex(self, 4)?,
            'U' => hex(self, 8)?,
            '0'..='7' => {
                let mut digits = String::from(c);
                for _ in 0..2 {
                    digits.extend(self.next());
                }
                u32::from_str_radix(&digits, 8)
                    .ok()
                    .filter(|v| *v <= 255)
                    .and_then(char::from_u32)
                    .ok_or_else(|| format!("invalid escape \\{digits}"))?
            }
            c if c == quote => c,
            c => return Err(format!("unknown escape \\{c}")),
        })
    }
}

/// Every label matcher of every vector selector in a PromQL expression, in order. Selectors
/// that do not parse are skipped; strings and `#` comments are not mistaken for selectors.
pub fn expr_matchers(promql: &str) -> Vec<Matcher> {
    let mut out = Vec::new();
    let mut chars = promql.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' | '\'' | '`' => skip_string(&mut chars, c),
            '#' => {
                for (_, c) in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '{' => {
                let start = i + 1;
                let mut end = None;
                while let Some((j, c)) = chars.next() {
                    match c {
                        '"' | '\'' | '`' => skip_string(&mut chars, c),
                        '}' => {
                            end = Some(j);
                            break;
                        }
                        _ => {}
                    }
                }
                let Some(end) = end else { break };
                if let Ok(matchers) = parse_matchers(&promql[start..end]) {
                    out.extend(matchers);
                }
            }
            _ => {}
        }
    }
    out
}

fn skip_string(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>, quote: char) {
    while let Some((_, c)) = chars.next() {
        if c == '\\' && quote != '`' {
            chars.next();
        } else if c == quote {
            return;
        }
    }
}

/// Whether the expression uses every one of `wanted` (compared normalised: same label, operator
/// and unescaped value, whatever the quoting and spacing) somewhere in its selectors.
pub fn expr_uses_all(promql: &str, wanted: &[Matcher]) -> bool {
    let used = expr_matchers(promql);
    wanted.iter().all(|w| used.contains(w))
}
