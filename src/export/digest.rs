//! The weekly digest: what changed in the portfolio over the week a schedule closes, as
//! Markdown, posted to a Slack-compatible incoming webhook (`{"text": …}`), once per period
//! however many replicas run (see [`Services::claim_digest`]).
//!
//! The digest is the export's report over the week, trimmed to what changed: the headline
//! mix, then only the sections with something in them (movers with the items that moved
//! them, approvals over NO-GO in the week, waivers that expired in the week or expire in the
//! next one, action items that fell overdue in the week, SLOs spent or burning fast).

use super::digest_text::digest_markdown;
use super::{ApiError, Meta, ReportDoc, ReportRequest, execute};
use crate::domain::digest::{DigestPeriod, DigestSchedule};
use crate::error::AppResult;
use crate::graphql::AppSchema;
use crate::services::{Actor, Services};
use chrono::{DateTime, Duration, Utc};
use std::future::Future;
use std::pin::Pin;

/// How long after its scheduled instant a digest is still sent (a replica that was down
/// then sends it late; older periods are skipped rather than posted days late).
pub const GRACE_HOURS: i64 = 24;
/// How often a waiting replica looks again (a failed post is retried this often).
pub const RECHECK_MINUTES: i64 = 5;

/// Where digests are posted.
pub trait DigestSink: Send + Sync {
    /// Posts `markdown`; the error says what went wrong without the destination's address.
    fn post<'a>(
        &'a self,
        markdown: &'a str,
    ) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;
}

/// A Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat, Discord's `/slack`
/// endpoint): a POST of `{"text": markdown}`. The URL is a secret; it is never logged.
pub struct IncomingWebhook {
    url: url::Url,
    client: reqwest::Client,
}

impl IncomingWebhook {
    /// A webhook at `url` (http or https); the error never repeats the URL.
    pub fn new(url: &str) -> Result<Self, String> {
        let url = url::Url::parse(url.trim())
            .map_err(|e| format!("the digest webhook URL does not parse ({e})"))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err("the digest webhook URL must be an http(s) URL with a host".into());
        }
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(15))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("cannot build the webhook client: {e}"))?;
        Ok(Self { url, client })
    }
}

impl DigestSink for IncomingWebhook {
    fn post<'a>(
        &'a self,
        markdown: &'a str,
    ) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>> {
        Box::pin(async move {
            let response = self
                .client
                .post(self.url.clone())
                .json(&serde_json::json!({ "text": markdown }))
                .send()
                .await
                .map_err(|e| format!("the webhook could not be reached: {}", e.without_url()))?;
            let status = response.status();
            if status.is_success() {
                Ok(())
            } else {
                Err(format!("the webhook answered {status}"))
            }
        })
    }
}

/// What one look at the schedule did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DigestOutcome {
    /// The latest period closed more than [`GRACE_HOURS`] ago: nothing to send.
    NotDue,
    /// Another replica sent it, holds it, or it failed too often.
    Handled,
    /// This replica posted it.
    Sent(DigestPeriod),
    /// This replica tried and failed (recorded; retried later).
    Failed(DigestPeriod, String),
}

/// The digest of `period`: the report over it, trimmed to what changed.
pub async fn render(
    schema: &AppSchema,
    services: &Services,
    period: DigestPeriod,
    base_url: Option<String>,
    schedule: &DigestSchedule,
) -> Result<String, ApiError> {
    let request = ReportRequest {
        from: Some(period.start),
        to: Some(period.end),
        ..ReportRequest::default()
    };
    let json = execute(schema, services, Actor::system(), &request).await?;
    let json = json.into_json().map_err(|e| ApiError {
        message: format!("the report cannot be read: {e}"),
        code: "INTERNAL".into(),
    })?;
    let doc: ReportDoc = serde_json::from_value(json).map_err(|e| ApiError {
        message: format!("the report cannot be read: {e}"),
        code: "INTERNAL".into(),
    })?;
    let meta = Meta {
        title: format!(
            "Orrery weekly digest: {} to {}",
            period.start.format("%Y-%m-%d"),
            period.end.format("%Y-%m-%d")
        ),
        filter: format!("All services · sent {schedule}"),
        period: format!(
            "{} to {}",
            period.start.format("%Y-%m-%d %H:%M UTC"),
            period.end.format("%Y-%m-%d %H:%M UTC")
        ),
        generated_at: period.end,
        base_url,
    };
    Ok(digest_markdown(&doc, &meta, period))
}

/// Sends the digest of the latest period `schedule` closed before `now`, unless it is past
/// its grace, already sent, or being sent by another replica.
pub async fn send_due(
    schema: &AppSchema,
    services: &Services,
    sink: &dyn DigestSink,
    schedule: &DigestSchedule,
    base_url: Option<String>,
    now: DateTime<Utc>,
) -> AppResult<DigestOutcome> {
    let period = schedule.latest_period(now);
    if now - period.end > Duration::hours(GRACE_HOURS) {
        return Ok(DigestOutcome::NotDue);
    }
    if !services.claim_digest(period, now).await? {
        return Ok(DigestOutcome::Handled);
    }
    let posted = match render(schema, services, period, base_url, schedule).await {
        Ok(text) => sink.post(&text).await,
        Err(e) => Err(format!("the report could not be built: {e}")),
    };
    services
        .finish_digest(period, posted.clone(), services.now())
        .await?;
    Ok(match posted {
        Ok(()) => DigestOutcome::Sent(period),
        Err(e) => DigestOutcome::Failed(period, e),
    })
}

/// Runs the digest schedule until `stop` flips to true: looks every
/// [`RECHECK_MINUTES`] (and at each scheduled instant) whether a digest is due.
pub async fn run(
    schema: AppSchema,
    services: Services,
    sink: std::sync::Arc<dyn DigestSink>,
    schedule: DigestSchedule,
    base_url: Option<String>,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        let now = services.now();
        match send_due(
            &schema,
            &services,
            sink.as_ref(),
            &schedule,
            base_url.clone(),
            now,
        )
        .await
        {
            Ok(DigestOutcome::Sent(p)) => tracing::info!(period_end = %p.end, "weekly digest sent"),
            Ok(DigestOutcome::Failed(p, e)) => {
                tracing::warn!(period_end = %p.end, error = %e, "weekly digest not sent; retrying later");
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "weekly digest check failed"),
        }
        let next = schedule
            .next_after(now)
            .min(now + Duration::minutes(RECHECK_MINUTES));
        let wait = (next - services.now())
            .to_std()
            .unwrap_or(std::time::Duration::from_secs(1))
            .max(std::time::Duration::from_secs(1));
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            _ = stop.changed() => return,
        }
    }
}
