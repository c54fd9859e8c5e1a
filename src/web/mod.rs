//! The web UI: server-rendered pages (askama templates in `web/templates`, assets in
//! `web/static`, both embedded in the binary). Handlers are thin: they read the request,
//! call the same [`Services`](crate::services::Services) as the GraphQL API, and turn the
//! results into view models the templates show. Every page works without JavaScript.
//!
//! Routes: `/` (portfolio), `/services/new` (register), `/services/{slug}` (service page),
//! `/services/{slug}/edit`, `/services/{slug}/reviews` (start one), the service's SLO,
//! dependency, capacity plan and archive forms (`/services/{slug}/slos/new`,
//! `/services/{slug}/slos/{id}/edit` and `/delete`, `/services/{slug}/dependencies/new` and
//! `/{id}/remove`, `/services/{slug}/capacity`, `/services/{slug}/archive`; see [`catalog`]),
//! `/teams` (every team), `/teams/new`, `/teams/{slug}`, `/teams/{slug}/edit`, `/me` (who are you? — local mode), `/my-work` (what waits for the person), `/account` (your roles
//! and API tokens, with its form posts), `/auth/signin`, `/auth/callback` and `/auth/signout` (the
//! `oidc` mode's sign-in, in `signin`), `GET /graphql` (the GraphQL explorer), the checklist
//! `/reviews/{id}` with its form posts (`/items/{key}`, `/waivers`, `/submit`, `/verify`), the
//! launch review meeting `/reviews/{id}/meeting` with its form posts, the audit log `/audit`
//! (filtered by its GET form, `?service=<slug>` or `?review=<id>` for one service's or one
//! review's history), the reliability report `/reports` (see [`reports`]), `/static/{file}`, the README badge `/badge/{slug}.svg` (open to
//! everyone, see [`badge`]); anything else is a 404 page.
//! Form posts must come from this site (see [`guard`]).
//!
//! Features have folders: `review` (the checklist and its forms), `service` (the service
//! page and its register/edit form), `team`, `meeting` (launch review meeting mode), `audit`
//! (the audit log and its field-by-field changes), `badge` (the README badge), `reports`
//! (the reliability report for leadership).
//! What pages share stays at the top: the layout (`page`), formatting, error pages, form
//! errors and typed form posts (`posted`), the acting person (`identity`), assets, SVG
//! and table rows, and the scorecard summary used by review, service and meeting pages.

mod account;
mod assets;
mod audit;
mod badge;
mod catalog;
mod decision_view;
mod error;
mod explorer;
mod form_errors;
mod format;
pub mod guard;
mod identity;
mod meeting;
mod my_work;
mod page;
mod permits;
mod portfolio;
mod posted;
mod reason_groups;
mod report_export;
mod reports;
mod review;
mod row_status;
mod rows;
mod scorecard_view;
mod service;
mod signin;
mod svg;
mod team;

use crate::edge::AppState;
use axum::Router;
use axum::routing::{get, post};

/// The UI's routes, merged into the application router.
pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/", get(portfolio::page))
        .route(
            "/services/new",
            get(service::edit::new_form).post(service::edit::create),
        )
        .route("/services/{slug}", get(service::page::page))
        .route(
            "/services/{slug}/edit",
            get(service::edit::edit_form).post(service::edit::update),
        )
        .route(
            "/teams/new",
            get(team::new::new_form).post(team::new::create),
        )
        .route("/teams", get(team::index::page))
        .route("/teams/{slug}", get(team::page::page))
        .route(
            "/teams/{slug}/edit",
            get(team::edit::edit_form).post(team::edit::update),
        )
        .route(
            "/services/{slug}/slos/new",
            get(catalog::slo::new_form).post(catalog::slo::create),
        )
        .route(
            "/services/{slug}/slos/{id}/edit",
            get(catalog::slo::edit_form).post(catalog::slo::update),
        )
        .route(
            "/services/{slug}/slos/{id}/delete",
            post(catalog::slo::delete),
        )
        .route(
            "/services/{slug}/dependencies/new",
            get(catalog::dependency::new_form).post(catalog::dependency::create),
        )
        .route(
            "/services/{slug}/dependencies/{id}/remove",
            post(catalog::dependency::remove),
        )
        .route(
            "/services/{slug}/capacity",
            get(catalog::capacity::form).post(catalog::capacity::save),
        )
        .route(
            "/services/{slug}/archive",
            get(catalog::archive::confirm).post(catalog::archive::archive),
        )
        .route("/my-work", get(my_work::page))
        .route("/reports", get(reports::page))
        .route("/audit", get(audit::page))
        .route("/reports/export", get(report_export::download))
        .route("/me", get(identity::form).post(identity::choose))
        .route("/account", get(account::show))
        .route("/account/tokens", post(account::create))
        .route("/account/tokens/{id}/revoke", post(account::revoke))
        .route("/graphql", get(explorer::page))
        .route("/services/{slug}/reviews", post(review::start::start))
        .route("/reviews/{id}", get(review::page::page))
        .route("/reviews/{id}/items/{key}", post(review::forms::answer))
        .route("/reviews/{id}/waivers", post(review::forms::waiver))
        .route(
            "/reviews/{id}/items/{key}/na-accept",
            post(review::na::accept),
        )
        .route(
            "/reviews/{id}/items/{key}/na-reject",
            post(review::na::reject),
        )
        .route("/reviews/{id}/submit", post(review::actions::submit))
        .route("/reviews/{id}/verify", post(review::actions::verify))
        .route("/reviews/{id}/meeting", get(meeting::page))
        .route("/reviews/{id}/meeting/submit", post(meeting::submit))
        .route(
            "/reviews/{id}/waivers/{wid}/approve",
            post(meeting::approve_waiver),
        )
        .route(
            "/reviews/{id}/waivers/{wid}/reject",
            post(meeting::reject_waiver),
        )
        .route("/reviews/{id}/signoffs", post(meeting::sign_off))
        .route("/reviews/{id}/decision", post(meeting::decide))
        .route("/reviews/{id}/action-items", post(meeting::add_action))
        .route(
            "/reviews/{id}/action-items/{aid}",
            post(meeting::toggle_action),
        )
        .route("/auth/signin", get(signin::signin))
        .route("/auth/callback", get(signin::callback))
        .route("/auth/signout", post(signin::signout))
        .route("/static/{file}", get(assets::serve))
        .route("/badge/{file}", get(badge::serve))
        .route_layer(axum::middleware::from_fn_with_state(
            state,
            guard::same_origin,
        ))
        .fallback(error::fallback)
        .layer(axum::middleware::from_fn(identity::remember))
}
