//! What every page shares: the layout's data, rendering with the security headers, and the
//! option lists of select boxes.

use super::assets;
use super::identity::{self, Viewer};
use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Which navigation entry is the current page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    /// The portfolio.
    Portfolio,
    /// The reliability report.
    Reports,
    /// Registering a service.
    Register,
    /// The audit log.
    Audit,
    /// The person's own work.
    MyWork,
    /// The teams index.
    Teams,
    /// Any other page.
    None,
}

/// Data the layout needs: title, asset URLs, current navigation entry.
#[derive(Debug, Clone)]
pub struct Chrome {
    /// Document title (before " · Orrery").
    pub title: String,
    /// Current navigation entry.
    pub nav: Nav,
    /// Stylesheet URL.
    pub css: String,
    /// The page-by-page stylesheet's URL (meeting, checklist, audit, my work; print).
    pub pages_css: String,
    /// The catalog forms' stylesheet URL (SLO, dependency, capacity, team pages and rows).
    pub catalog_css: String,
    /// Script URL.
    pub js: String,
    /// Favicon URL.
    pub icon: String,
    /// Product version for the footer.
    pub version: &'static str,
    /// Who is looking (shown in the header, with a link to change it).
    pub viewer: Viewer,
    /// Class of `<body>` (e.g. `meeting` for the projector layout), or empty.
    pub body_class: &'static str,
}

impl Chrome {
    /// Layout data for a page titled `title`.
    pub fn new(title: impl Into<String>, nav: Nav) -> Self {
        Self {
            title: title.into(),
            nav,
            css: assets::url("app.css"),
            pages_css: assets::url("pages.css"),
            catalog_css: assets::url("catalog.css"),
            js: assets::url("app.js"),
            icon: assets::url("favicon.svg"),
            version: env!("CARGO_PKG_VERSION"),
            viewer: identity::current(),
            body_class: "",
        }
    }

    /// The same page with `class` on `<body>`.
    pub fn with_body_class(mut self, class: &'static str) -> Self {
        self.body_class = class;
        self
    }

    /// Whether the portfolio is the current page.
    pub fn nav_portfolio(&self) -> bool {
        self.nav == Nav::Portfolio
    }

    /// Whether the reliability report is the current page.
    pub fn nav_reports(&self) -> bool {
        self.nav == Nav::Reports
    }

    /// Whether the teams index is the current page.
    pub fn nav_teams(&self) -> bool {
        self.nav == Nav::Teams
    }

    /// Whether the person's work page is the current page.
    pub fn nav_my_work(&self) -> bool {
        self.nav == Nav::MyWork
    }

    /// Whether the registration form is the current page.
    pub fn nav_register(&self) -> bool {
        self.nav == Nav::Register
    }

    /// Whether the audit log is the current page.
    pub fn nav_audit(&self) -> bool {
        self.nav == Nav::Audit
    }
}

/// Content Security Policy of every page: everything comes from this server; no inline
/// scripts or styles.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; \
                   object-src 'none'";

/// Renders a page with `status` and the security headers; a template that fails to render
/// (a bug) becomes a bare 500 that reveals nothing.
pub fn render<T: Template>(status: StatusCode, page: &T) -> Response {
    match page.render() {
        Ok(html) => (
            status,
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/html; charset=utf-8"),
                ),
                (
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(CSP),
                ),
                (
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ),
                (
                    header::REFERRER_POLICY,
                    HeaderValue::from_static("same-origin"),
                ),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
            html,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed to render");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                "internal error",
            )
                .into_response()
        }
    }
}

/// One `<option>` of a select box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opt {
    /// Submitted value.
    pub value: String,
    /// Shown text.
    pub label: String,
    /// Pre-selected.
    pub selected: bool,
}

/// Options from `(value, label)` pairs, selecting the one equal to `current`.
pub fn options<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>, current: &str) -> Vec<Opt> {
    pairs
        .into_iter()
        .map(|(value, label)| Opt {
            value: value.to_owned(),
            label: label.to_owned(),
            selected: value == current,
        })
        .collect()
}
