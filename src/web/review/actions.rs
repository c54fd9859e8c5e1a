//! The checklist page's review-wide actions, which work without JavaScript: submitting the
//! review (`POST /reviews/{id}/submit`) and running its automated checks now
//! (`POST /reviews/{id}/verify`). Both redirect back with a flash (303), or show the page
//! again with the reason they were refused.

use super::super::error::WebError;
use super::super::identity::WebActor;
use super::super::posted::PostedForm;
use super::forms::{LOST_VERSION, see_other};
use super::model::Notice;
use super::page::{review_id, show};
use super::view::{Filter, page_url};
use crate::edge::AppState;
use crate::error::AppError;
use crate::verify::CheckOutcome;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

/// The posted submit form: the review version the person saw.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SubmitPost {
    expected_version: String,
    /// `yes` once the person confirmed submitting with unanswered items.
    confirm_unanswered: String,
}

/// Where a submit with unanswered items goes to be confirmed: the checklist asking
/// "N of M items are not answered yet. Submit anyway?".
pub(in crate::web) fn confirm_url(id: i64) -> String {
    format!("/reviews/{id}?confirm=submit#submit-confirm")
}

/// How many applicable items of review `id` have no answer.
pub(in crate::web) async fn unanswered(state: &AppState, id: i64) -> Result<usize, WebError> {
    let sheets = state.services.review_sheets_by_ids(&[id]).await?;
    Ok(sheets.get(&id).map_or(0, |sheet| {
        let p = sheet.progress();
        p.total.saturating_sub(p.answered)
    }))
}

/// The posted verify form: the checklist filter to go back to.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct VerifyPost {
    filter: String,
}

/// `POST /reviews/{id}/submit`: `draft → in_review`, checked against the posted version.
pub async fn submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    WebActor(actor): WebActor,
    PostedForm(posted): PostedForm<SubmitPost>,
) -> Result<Response, WebError> {
    let id = review_id(&id)?;
    let Ok(version) = posted.expected_version.trim().parse::<i64>() else {
        let notice = Notice::error("The review was not submitted", LOST_VERSION);
        return show(
            &state,
            id,
            Filter::All,
            Some(notice),
            None,
            StatusCode::BAD_REQUEST,
        )
        .await;
    };
    if posted.confirm_unanswered.trim() != "yes" && unanswered(&state, id).await? > 0 {
        return Ok(see_other(confirm_url(id)));
    }
    match state.services.submit_review(&actor, id, version).await {
        Ok(_) => Ok(see_other(page_url(id, Filter::All, "submitted", None))),
        Err(e @ (AppError::Conflict { .. } | AppError::Validation(_))) => {
            let notice = Notice::error(
                "The review was not submitted",
                format!(
                    "{} Check the answers below, then submit again.",
                    e.public_message()
                ),
            );
            show(
                &state,
                id,
                Filter::All,
                Some(notice),
                None,
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /reviews/{id}/verify`: runs the service's automated checks now.
pub async fn verify(
    State(state): State<AppState>,
    Path(id): Path<String>,
    WebActor(actor): WebActor,
    PostedForm(posted): PostedForm<VerifyPost>,
) -> Result<Response, WebError> {
    let id = review_id(&id)?;
    let s = &state.services;
    let filter = Filter::parse(&posted.filter);
    let review = s.review(id).await?;
    let service = s
        .services_by_ids(&[review.service_id])
        .await?
        .remove(&review.service_id)
        .ok_or_else(|| WebError::NotFound("The review's service is gone.".into()))?;
    let current = s.current_review(service.id).await?;
    if current.as_ref().map(|r| r.id) != Some(id) {
        let notice = Notice::error(
            "Nothing was verified",
            "This is not the service's current review; checks record into the current one.",
        );
        return show(&state, id, filter, Some(notice), None, StatusCode::CONFLICT).await;
    }
    match s.verify_service(&actor, &service.slug).await {
        Ok(report) => {
            let count = |o: CheckOutcome| {
                report
                    .items
                    .iter()
                    .filter(|i| i.result.outcome == o)
                    .count()
                    .to_string()
            };
            let mut url = page_url(id, filter, "verified", None);
            url.push_str(&format!(
                "&passed={}&failed={}&errors={}&skipped={}",
                count(CheckOutcome::Pass),
                count(CheckOutcome::Fail),
                count(CheckOutcome::Error),
                report.skipped.len()
            ));
            Ok(see_other(url))
        }
        Err(e @ AppError::Conflict { .. }) => {
            let notice = Notice::error("Nothing was verified", e.public_message());
            show(&state, id, filter, Some(notice), None, StatusCode::CONFLICT).await
        }
        Err(e) => Err(e.into()),
    }
}
