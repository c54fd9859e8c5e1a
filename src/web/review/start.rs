//! `POST /services/{slug}/reviews`: starts a new review of a service from the default
//! template (after the last one was decided or expired), with the previous answers carried
//! over to reconfirm, runs its automated checks once, then opens its checklist.

use super::super::error::WebError;
use super::super::identity::WebActor;
use super::forms::see_other;
use crate::domain::FieldError;
use crate::edge::AppState;
use crate::error::AppError;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::NaiveDate;
use serde::Deserialize;

/// The posted form: an optional target date (`YYYY-MM-DD`).
#[derive(Debug, Deserialize)]
pub struct StartForm {
    #[serde(default)]
    target_date: String,
}

/// An empty date means none; anything else must be a calendar date.
fn target_date(raw: &str) -> Result<Option<NaiveDate>, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            FieldError::new(
                "target_date",
                format!("`{raw}` is not a date like 2027-03-31"),
            )
        })
}

/// Starts the review and redirects (303) to its checklist. Refusals (another review still
/// open, a bad date) show the error page with the reason.
pub async fn start(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    WebActor(actor): WebActor,
    Form(form): Form<StartForm>,
) -> Result<Response, WebError> {
    let date =
        target_date(&form.target_date).map_err(|e| WebError::from(AppError::Validation(e)))?;
    let review = state
        .services
        .start_review(&actor, &slug, None, date)
        .await?;
    // Carried answers are people's; automated results are taken afresh. A failed run leaves
    // the review started (its items stay unanswered and the page offers to run them again).
    if let Err(e) = state.services.verify_service(&actor, &slug).await {
        tracing::info!(service = %slug, error = %e, "automated checks of a new review did not run");
    }
    Ok(see_other(format!("/reviews/{}", review.id)))
}

#[cfg(test)]
mod tests {
    use super::target_date;

    #[test]
    fn target_dates_are_optional_calendar_dates() {
        assert_eq!(target_date("  ").unwrap(), None);
        assert_eq!(
            target_date("2027-03-31").unwrap().unwrap().to_string(),
            "2027-03-31"
        );
        assert!(
            target_date("31/03/2027")
                .unwrap_err()
                .message
                .contains("2027-03-31")
        );
    }
}
