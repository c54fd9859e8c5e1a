//! A small HTML-aware toolkit for the web tests, and plain-HTTP helpers (no redirects
//! followed, no JavaScript).

use crate::helpers::TestApp;
use reqwest::{StatusCode, header};

// ---- A small HTML-aware toolkit -------------------------------------------------------

/// The inner HTML of the first element whose opening tag contains `marker` (nesting of the
/// same tag respected).
pub(crate) fn element_with(html: &str, marker: &str) -> Option<String> {
    let at = html.find(marker)?;
    let open = html[..at].rfind('<')?;
    let name: String = html[open + 1..]
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    let body_start = open + html[open..].find('>')? + 1;
    let (open_tag, close_tag) = (format!("<{name}"), format!("</{name}>"));
    let (mut depth, mut i) = (1, body_start);
    while depth > 0 {
        let next_close = html[i..].find(&close_tag)? + i;
        match html[i..].find(&open_tag).map(|p| p + i) {
            Some(o) if o < next_close => {
                depth += 1;
                i = o + open_tag.len();
            }
            _ => {
                depth -= 1;
                i = next_close + close_tag.len();
            }
        }
    }
    Some(html[body_start..i - close_tag.len()].to_owned())
}

/// The inner HTML of the element with `id`.
pub(crate) fn by_id(html: &str, id: &str) -> Option<String> {
    element_with(html, &format!("id=\"{id}\""))
}

/// The visible text of the section labelled by the heading with `heading_id`.
pub(crate) fn section(html: &str, heading_id: &str) -> String {
    let inner = element_with(html, &format!("aria-labelledby=\"{heading_id}\""))
        .unwrap_or_else(|| panic!("no section labelled by {heading_id}"));
    text(&inner)
}

/// The value of `attr` on the element carrying `id="…"`.
pub(crate) fn attr(html: &str, id: &str, attr: &str) -> Option<String> {
    let at = html.find(&format!("id=\"{id}\""))?;
    let open = html[..at].rfind('<')?;
    let tag = &html[open..open + html[open..].find('>')?];
    let start = tag.find(&format!(" {attr}=\""))? + attr.len() + 3;
    Some(decode(&tag[start..start + tag[start..].find('"')?]))
}

/// Decodes the entities an HTML escaper writes: named ones and `&#NN;`.
pub(crate) fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let Some(semi) = tail.find(';').filter(|n| *n < 10) else {
            out.push('&');
            rest = &tail[1..];
            continue;
        };
        let entity = &tail[1..semi];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e => e
                .strip_prefix('#')
                .and_then(|n| n.parse::<u32>().ok())
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &tail[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Visible text: tags dropped, entities decoded, whitespace collapsed.
pub(crate) fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode(&out)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where `needle` first occurs in `hay`, failing the test when it does not.
pub(crate) fn pos(hay: &str, needle: &str) -> usize {
    hay.find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not found in:\n{hay}"))
}

// ---- Requests -------------------------------------------------------------------------

pub(crate) fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

pub(crate) async fn get(app: &TestApp, path: &str) -> (StatusCode, String) {
    let res = client()
        .get(format!("{}{path}", app.base))
        .send()
        .await
        .unwrap();
    let status = res.status();
    if status.is_success() || status.is_client_error() || status.is_server_error() {
        let ct = res.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(ct.starts_with("text/html"), "{path}: {ct}");
    }
    (status, res.text().await.unwrap())
}

pub(crate) async fn post(app: &TestApp, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
    client()
        .post(format!("{}{path}", app.base))
        .header("x-orrery-actor", "carol")
        .header("origin", app.base.clone())
        .header("sec-fetch-site", "same-origin")
        .form(form)
        .send()
        .await
        .unwrap()
}
