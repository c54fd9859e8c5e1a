//! `POST /webhooks/github`: GitHub App deliveries. Authenticated by their signature, not by
//! sign-in (see [`crate::edge::auth`]). The handler hands the raw body and headers to
//! [`crate::services::Services::receive_github_delivery`] and answers at once:
//!
//! - `202 {"queued": true, "job": ID}` — work was queued;
//! - `200 {"duplicate": true}` — this delivery id was already received, nothing queued;
//! - `204` — a `ping`, or an event or action Orrery does not act on;
//! - `401` — bad or missing signature, or missing `X-GitHub-Delivery` / `X-GitHub-Event`;
//! - `400` — signed, but the payload is not what the event promises;
//! - `404` — no webhook secret is configured (the endpoint is off);
//! - `413` — the body is larger than [`MAX_WEBHOOK_BODY_BYTES`].
//!
//! Errors have the API's shape: `{"errors": [{"message", "extensions": {"code"}}]}`.

use crate::edge::AppState;
use crate::services::webhooks::{IncomingDelivery, Received, WebhookError};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Largest delivery accepted. GitHub caps payloads at 25 MB, but the events Orrery acts on
/// are far smaller; a push with a huge payload is refused (`413`) and its services are
/// re-verified on their regular schedule instead.
pub const MAX_WEBHOOK_BODY_BYTES: usize = 5 * 1024 * 1024;

/// The route's path.
pub const PATH: &str = "/webhooks/github";

/// Receives one delivery.
pub async fn github(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let delivery = IncomingDelivery {
        delivery_id: text("x-github-delivery"),
        event: text("x-github-event"),
        signature: text("x-hub-signature-256"),
        body: &body,
    };
    match state.services.receive_github_delivery(delivery).await {
        Ok(Received::Queued { job_id }) => (
            StatusCode::ACCEPTED,
            axum::Json(json!({"queued": true, "job": job_id})),
        )
            .into_response(),
        Ok(Received::Duplicate) => {
            (StatusCode::OK, axum::Json(json!({"duplicate": true}))).into_response()
        }
        Ok(Received::Pong | Received::Ignored(_)) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => refuse(&e, delivery.delivery_id),
    }
}

fn refuse(e: &WebhookError, delivery: Option<&str>) -> Response {
    let (status, code) = match e {
        WebhookError::Disabled => (StatusCode::NOT_FOUND, "NOT_FOUND"),
        WebhookError::Unauthenticated(_) => (StatusCode::UNAUTHORIZED, "UNAUTHENTICATED"),
        WebhookError::Invalid(_) => (StatusCode::BAD_REQUEST, "VALIDATION"),
        WebhookError::App(app) => {
            let status = match app.code() {
                crate::error::ErrorCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
                _ => StatusCode::INTERNAL_SERVER_ERROR,
            };
            tracing::error!(error = %app.log_detail(), "recording a GitHub delivery failed");
            (status, app.code().as_str())
        }
    };
    let message = match e {
        WebhookError::App(app) => app.public_message(),
        other => other.to_string(),
    };
    if matches!(e, WebhookError::Unauthenticated(_)) {
        // The delivery id is not a secret; the body and signature are never logged.
        let delivery = delivery.filter(|d| crate::domain::webhook::valid_delivery_id(d));
        tracing::warn!(delivery = delivery.unwrap_or("-"), %message, "GitHub delivery refused");
    }
    let body = json!({"errors": [{"message": message, "extensions": {"code": code}}]});
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}
