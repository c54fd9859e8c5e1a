//! Receiving one delivery: signature first (over the raw bytes, before anything is parsed),
//! then the headers, then the payload; work is recorded and queued in one transaction, so
//! a delivery is either fully queued or not at all, and a redelivery queues nothing.

use crate::domain::webhook::{
    Delivery, parse_delivery, valid_delivery_id, valid_event_name, verify_signature,
};
use crate::error::AppError;
use crate::services::Services;
use crate::store::entities::{github_delivery, pr_check_job};
use crate::store::unique::insert_unless_taken;
use sea_orm::{ActiveModelTrait, NotSet, Set};

/// A delivery as it arrived: its headers and raw body.
#[derive(Debug, Clone, Copy)]
pub struct IncomingDelivery<'a> {
    /// `X-GitHub-Delivery`.
    pub delivery_id: Option<&'a str>,
    /// `X-GitHub-Event`.
    pub event: Option<&'a str>,
    /// `X-Hub-Signature-256`.
    pub signature: Option<&'a str>,
    /// The body, exactly as received.
    pub body: &'a [u8],
}

/// What became of a delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Received {
    /// Work was queued as job `job_id`.
    Queued {
        /// The job's id.
        job_id: i64,
    },
    /// This delivery id was already received: nothing was queued.
    Duplicate,
    /// A `ping`.
    Pong,
    /// Nothing to do, and why.
    Ignored(String),
}

/// Why a delivery was refused. Nothing is stored for a refused delivery.
#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    /// No webhook secret is configured: the endpoint is off.
    #[error(
        "GitHub webhooks are not enabled on this server (set --github-webhook-secret-file or \
         ORRERY_GITHUB_WEBHOOK_SECRET)"
    )]
    Disabled,
    /// The signature or a required header is missing or wrong.
    #[error("{0}")]
    Unauthenticated(String),
    /// Signed, but the payload is not what the event promises.
    #[error("{0}")]
    Invalid(String),
    /// Recording the delivery failed.
    #[error(transparent)]
    App(#[from] AppError),
}

impl Services {
    /// Verifies `delivery` and queues the work it asks for. Returns at once: the work is
    /// done by [`super::worker`], which this call wakes.
    pub async fn receive_github_delivery(
        &self,
        delivery: IncomingDelivery<'_>,
    ) -> Result<Received, WebhookError> {
        let settings = self.webhooks();
        let secret = settings.secret.as_ref().ok_or(WebhookError::Disabled)?;
        verify_signature(secret.bytes(), delivery.body, delivery.signature)
            .map_err(|e| WebhookError::Unauthenticated(e.to_string()))?;
        let delivery_id = delivery
            .delivery_id
            .map(str::trim)
            .filter(|d| valid_delivery_id(d))
            .ok_or_else(|| {
                WebhookError::Unauthenticated(
                    "the X-GitHub-Delivery header is missing or not a delivery id".into(),
                )
            })?;
        let event = delivery
            .event
            .map(str::trim)
            .filter(|e| valid_event_name(e))
            .ok_or_else(|| {
                WebhookError::Unauthenticated(
                    "the X-GitHub-Event header is missing or not an event name".into(),
                )
            })?;
        let work = match parse_delivery(event, delivery.body) {
            Ok(Delivery::Ping) => return Ok(Received::Pong),
            Ok(Delivery::Ignored(why)) => return Ok(Received::Ignored(why)),
            Ok(Delivery::Work(work)) => work,
            Err(e) => return Err(WebhookError::Invalid(e.to_string())),
        };
        let now = self.now();
        let txn = self.db.write().await.map_err(AppError::from)?;
        let recorded = github_delivery::ActiveModel {
            delivery_id: Set(delivery_id.to_owned()),
            event: Set(event.to_owned()),
            received_at: Set(now),
        };
        let key = [github_delivery::Column::DeliveryId];
        if insert_unless_taken(&txn, recorded, key)
            .await
            .map_err(AppError::from)?
            .is_none()
        {
            return Ok(Received::Duplicate);
        }
        let job = pr_check_job::ActiveModel {
            id: NotSet,
            delivery_id: Set(delivery_id.to_owned()),
            kind: Set(work.kind.as_str().to_owned()),
            repo: Set(work.full_name()),
            installation_id: Set(work.installation_id),
            head_sha: Set(work.head_sha.clone()),
            base_sha: Set(work.base_sha.clone()),
            pr_number: Set(work.pr_number),
            check_run_id: Set(work.check_run_id),
            created_at: Set(now),
            due_at: Set(now),
            lease_owner: Set(None),
            lease_until: Set(None),
            attempts: Set(0),
            last_error: Set(None),
            finished_at: Set(None),
            outcome: Set(None),
        }
        .insert(&txn)
        .await
        .map_err(AppError::from)?;
        txn.commit().await.map_err(AppError::from)?;
        settings.poke.notify_one();
        tracing::info!(
            delivery = delivery_id,
            event,
            repo = %job.repo,
            job = job.id,
            "GitHub delivery queued"
        );
        Ok(Received::Queued { job_id: job.id })
    }
}
