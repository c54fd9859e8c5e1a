//! `POST /graphql` (single operations only, JSON only). The explorer page at `GET /graphql`
//! is part of the web UI.

use super::AppState;
use super::actor::actor_from_headers;
use crate::graphql::request_data;
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

fn json_error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = serde_json::json!({"errors": [{"message": message, "extensions": {"code": code}}]});
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// Executes one GraphQL operation. Requests must be `application/json` (which also blocks
/// simple cross-site form posts) and, when a browser sends them, come from this site: the
/// UI's cookie names the actor, so another site's script must not act with it. Batches are
/// refused by the extractor.
pub async fn execute(
    State(state): State<AppState>,
    headers: HeaderMap,
    request: Result<GraphQLRequest, async_graphql_axum::rejection::GraphQLRejection>,
) -> Response {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
        });
    if crate::web::guard::check_same_origin(&headers, &state.hosts).is_err() {
        return json_error(
            StatusCode::FORBIDDEN,
            "FORBIDDEN",
            "cross-site GraphQL requests are not accepted",
        );
    }
    if !is_json {
        return json_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "VALIDATION",
            "send GraphQL requests as application/json",
        );
    }
    let request = match request {
        Ok(r) => r.into_inner(),
        Err(e) => {
            return json_error(
                StatusCode::BAD_REQUEST,
                "VALIDATION",
                &format!("not a single GraphQL request: {}", e.0),
            );
        }
    };
    let actor = match actor_from_headers(&headers) {
        Ok(a) => a,
        Err(e) => {
            let body = serde_json::json!({"errors": [{"message": e.to_string(),
                "extensions": {"code": "VALIDATION", "field": e.field}}]});
            return (
                StatusCode::BAD_REQUEST,
                [(header::CONTENT_TYPE, "application/json")],
                body.to_string(),
            )
                .into_response();
        }
    };
    let (loaders, actor) = request_data(&state.services, actor);
    let mut response = state
        .schema
        .execute(request.data(loaders).data(actor))
        .await;
    // Parse and validation errors from async-graphql itself carry no code: they are the
    // client's input problems.
    for err in &mut response.errors {
        let has_code = err
            .extensions
            .as_ref()
            .is_some_and(|e| e.get("code").is_some());
        if !has_code {
            err.extensions
                .get_or_insert_with(Default::default)
                .set("code", "VALIDATION");
        }
    }
    GraphQLResponse::from(response).into_response()
}
