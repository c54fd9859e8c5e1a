//! Counter series selectors as SLIs write them: a metric name and the matchers between braces.

/// A series selector split into its metric name and its matchers (the text between braces).
#[derive(Debug, PartialEq)]
pub(super) struct Selector {
    pub(super) name: Option<String>,
    pub(super) matchers: Option<String>,
}

impl Selector {
    /// Parses `name`, `name{…}` or `{…}`; matchers are kept as written (Prometheus checks
    /// them), but quotes are respected when looking for the closing brace.
    pub(super) fn parse(text: &str) -> Result<Self, String> {
        const HINT: &str = "expected a counter series selector such as \
                            `http_requests_total{job=\"api\",code!~\"5..\"}`; functions, \
                            ranges and operators are added by Orrery";
        let text = text.trim();
        let name_len = text
            .char_indices()
            .find(|&(i, c)| {
                !(c.is_ascii_alphabetic() || c == '_' || c == ':' || (i > 0 && c.is_ascii_digit()))
            })
            .map_or(text.len(), |(i, _)| i);
        let (name, rest) = text.split_at(name_len);
        let rest = rest.trim_start();
        let name = (!name.is_empty()).then(|| name.to_owned());
        if rest.is_empty() {
            return match name {
                Some(_) => Ok(Self {
                    name,
                    matchers: None,
                }),
                None => Err(format!("empty query; {HINT}")),
            };
        }
        let Some(body) = rest.strip_prefix('{') else {
            return Err(format!("unexpected `{}`; {HINT}", first_chars(rest)));
        };
        let mut quote: Option<char> = None;
        let mut escaped = false;
        let mut close = None;
        for (i, c) in body.char_indices() {
            match quote {
                Some(q) => {
                    if escaped {
                        escaped = false;
                    } else if c == '\\' && q != '`' {
                        escaped = true;
                    } else if c == q {
                        quote = None;
                    }
                }
                None => match c {
                    '"' | '\'' | '`' => quote = Some(c),
                    '}' => {
                        close = Some(i);
                        break;
                    }
                    '{' | '(' | '[' => {
                        return Err(format!("unexpected `{c}` inside the matchers; {HINT}"));
                    }
                    _ => {}
                },
            }
        }
        let Some(close) = close else {
            return Err(format!("missing closing `}}`; {HINT}"));
        };
        let trailing = body[close + 1..].trim();
        if !trailing.is_empty() {
            return Err(format!(
                "unexpected `{}` after the matchers; {HINT}",
                first_chars(trailing)
            ));
        }
        let inner = body[..close].trim().trim_end_matches(',').trim_end();
        if name.is_none() && inner.is_empty() {
            return Err(format!("empty selector `{{}}`; {HINT}"));
        }
        Ok(Self {
            name,
            matchers: (!inner.is_empty()).then(|| inner.to_owned()),
        })
    }

    pub(super) fn to_promql(&self) -> String {
        let name = self.name.as_deref().unwrap_or("");
        match &self.matchers {
            Some(m) => format!("{name}{{{m}}}"),
            None => name.to_owned(),
        }
    }
}

fn first_chars(text: &str) -> String {
    let short: String = text.chars().take(20).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}
