//! `POST /graphql` (single operations only, JSON only). The explorer page at `GET /graphql`
//! is part of the web UI.

use crate::edge::origin::check_same_origin;
use crate::edge::{Acting, ActorRejection, AppState};
use crate::graphql::request_data;
use async_graphql::ServerError;
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
/// refused by the extractor. The actor is checked last, after the origin and the body (so
/// it is taken as a `Result`): an invalid `X-Orrery-Actor` header is answered by
/// [`ActorRejection`].
pub async fn execute(
    State(state): State<AppState>,
    headers: HeaderMap,
    acting: Result<Acting, ActorRejection>,
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
    if check_same_origin(&headers, &state.hosts).is_err() {
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
    let actor = match acting {
        Ok(Acting(actor)) => actor,
        Err(rejection) => return rejection.into_response(),
    };
    let (loaders, actor) = request_data(&state.services, actor);
    let mut response = state
        .schema
        .execute(request.data(loaders).data(actor))
        .await;
    // Parse and validation errors from async-graphql itself carry no code: they are the
    // client's input problems. Every error is counted by code first (see `counted_code`).
    for err in &mut response.errors {
        let code = counted_code(err);
        metrics::counter!("orrery_graphql_errors_total", "code" => code).increment(1);
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

/// The code `err` is counted under in `orrery_graphql_errors_total`: its own; for a
/// code-less one `VALIDATION` when async-graphql raised it for the client's input (before
/// execution, so without a path, or while coercing an argument), otherwise `NONE`: an
/// error that escaped the API's error mapping, still answered as `VALIDATION`.
fn counted_code(err: &ServerError) -> String {
    match err.extensions.as_ref().and_then(|e| e.get("code")) {
        Some(async_graphql::Value::String(code)) => code.clone(),
        Some(_) => "OTHER".to_owned(),
        None if err.path.is_empty()
            || err.message.starts_with("Failed to parse \"")
            || err.message.starts_with("Expected input type \"") =>
        {
            "VALIDATION".to_owned()
        }
        None => "NONE".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::counted_code;
    use async_graphql::{PathSegment, Pos, ServerError};

    fn error(message: &str, path: &[&str], code: Option<&str>) -> ServerError {
        let mut err = ServerError::new(message, Some(Pos { line: 1, column: 1 }));
        err.path = path
            .iter()
            .map(|p| PathSegment::Field((*p).to_owned()))
            .collect();
        if let Some(code) = code {
            err.extensions
                .get_or_insert_with(Default::default)
                .set("code", code);
        }
        err
    }

    #[test]
    fn errors_are_counted_by_code_and_unmapped_ones_as_none() {
        let cases = [
            (
                error("team `x` was not found", &["team"], Some("NOT_FOUND")),
                "NOT_FOUND",
            ),
            (error("Unknown field \"nope\"", &[], None), "VALIDATION"),
            (
                error(
                    "Failed to parse \"NaiveDate\": premature end of input",
                    &["startReview"],
                    None,
                ),
                "VALIDATION",
            ),
            (
                error(
                    "Expected input type \"Int\", found \"a\".",
                    &["signOff"],
                    None,
                ),
                "VALIDATION",
            ),
            (error("data `Services` missing", &["teams"], None), "NONE"),
        ];
        for (err, expected) in cases {
            assert_eq!(counted_code(&err), expected, "{}", err.message);
        }
    }
}
