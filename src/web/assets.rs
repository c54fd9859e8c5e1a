//! Static files embedded in the binary and served under `/static/`.
//!
//! Pages link to `/static/<stem>.<hash>.<ext>`, where the hash is taken from the content,
//! so those URLs are cached for a year (`immutable`) and a new build changes them. The
//! plain name (`/static/app.css`) also answers, revalidated on every use.

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

struct Asset {
    name: &'static str,
    body: &'static [u8],
    content_type: &'static str,
    hashed: String,
}

const FILES: [(&str, &[u8], &str); 9] = [
    (
        "app.css",
        include_bytes!("../../web/static/app.css"),
        "text/css; charset=utf-8",
    ),
    (
        "app.js",
        include_bytes!("../../web/static/app.js"),
        "text/javascript; charset=utf-8",
    ),
    (
        "pages.css",
        include_bytes!("../../web/static/pages.css"),
        "text/css; charset=utf-8",
    ),
    (
        "catalog.css",
        include_bytes!("../../web/static/catalog.css"),
        "text/css; charset=utf-8",
    ),
    (
        "reports.css",
        include_bytes!("../../web/static/reports.css"),
        "text/css; charset=utf-8",
    ),
    (
        "explorer.css",
        include_bytes!("../../web/static/explorer.css"),
        "text/css; charset=utf-8",
    ),
    (
        "explorer.js",
        include_bytes!("../../web/static/explorer.js"),
        "text/javascript; charset=utf-8",
    ),
    (
        "explorer-schema.js",
        include_bytes!("../../web/static/explorer-schema.js"),
        "text/javascript; charset=utf-8",
    ),
    (
        "favicon.svg",
        include_bytes!("../../web/static/favicon.svg"),
        "image/svg+xml",
    ),
];

/// `app.css` with content `body` becomes `app.<first 10 hex digits of its SHA-256>.css`.
fn hashed_name(name: &str, body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    let hex: String = digest[..5].iter().map(|b| format!("{b:02x}")).collect();
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hex}.{ext}"),
        None => format!("{name}.{hex}"),
    }
}

static ASSETS: LazyLock<Vec<Asset>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|&(name, body, content_type)| Asset {
            name,
            body,
            content_type,
            hashed: hashed_name(name, body),
        })
        .collect()
});

/// The URL pages use for an embedded file, e.g. `/static/app.1a2b3c4d5e.css`.
pub fn url(name: &str) -> String {
    ASSETS.iter().find(|a| a.name == name).map_or_else(
        || format!("/static/{name}"),
        |a| format!("/static/{}", a.hashed),
    )
}

/// `GET /static/{file}`.
pub async fn serve(Path(file): Path<String>) -> Response {
    let found = ASSETS.iter().find_map(|a| match file.as_str() {
        f if f == a.hashed => Some((a, "public, max-age=31536000, immutable")),
        f if f == a.name => Some((a, "no-cache")),
        _ => None,
    });
    match found {
        Some((a, cache)) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(a.content_type),
                ),
                (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
                (
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ),
            ],
            a.body,
        )
            .into_response(),
        None => (
            StatusCode::NOT_FOUND,
            [(header::CACHE_CONTROL, "no-store")],
            "no such file",
        )
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_a_content_hash() {
        let a = hashed_name("app.css", b"body{}");
        assert!(a.starts_with("app.") && a.ends_with(".css"), "{a}");
        assert_eq!(a.len(), "app..css".len() + 10);
        assert_ne!(a, hashed_name("app.css", b"body{ }"));
        assert!(url("app.js").starts_with("/static/app."));
        assert_eq!(url("missing.txt"), "/static/missing.txt");
    }
}
