//! The delivery worker: claims due deliveries with a lease, POSTs each one signed, records
//! the attempt and decides what comes next (delivered, retry at a backoff, or give up).
//!
//! Only a 2xx answer is a success; redirects are not followed (a 3xx is a failure), and the
//! response body is never read, so the attempt log cannot become a way to read internal
//! pages. A sender that dies mid-attempt leaves the delivery claimable again once its lease
//! ends, with the same `webhook-id`: receivers de-duplicate on it.

use std::time::{Duration, Instant};

use rand::Rng;
use reqwest::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use serde_json::{Value, json};
use sourcer_store::{
    ApiKey, AttemptReport, ClaimedDelivery, DeliveryOutcome, StoreError, WebhookConfig,
};
use time::OffsetDateTime;
use time::macros::format_description;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use super::events::PING;
use super::sign::{secret_key, signature};
use super::ssrf::{GuardedResolver, check_target};
use crate::engine::Engine;
use crate::error::EngineResult;

/// Deliveries claimed per round.
const BATCH: u32 = 16;
/// A claimed delivery is invisible to other senders this long: longer than the longest
/// attempt (timeouts are at most 30 s).
const LEASE: Duration = Duration::from_secs(60);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Longest wait between attempts, whatever the configured schedule says.
const MAX_DELAY_SECS: u64 = 7 * 24 * 3600;
const USER_AGENT: &str = concat!("Sourcer-Webhooks/", env!("CARGO_PKG_VERSION"));

/// Sends deliveries for one engine. Cheap to clone.
#[derive(Clone)]
pub struct Deliverer {
    engine: Engine,
    client: reqwest::Client,
}

/// What a test (ping) delivery observed (W6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PingResult {
    /// A 2xx arrived.
    pub success: bool,
    /// The `webhook-id` sent (pings are not stored in the outbox).
    pub delivery_id: Uuid,
    /// The answer's status, when one arrived.
    pub http_status: Option<u16>,
    /// How long the attempt took (0 when the config was not called).
    pub duration_ms: i64,
    /// What happened, in words (why the config was not called, or the failure).
    pub message: String,
}

/// One round of [`Deliverer::deliver_due`] with a fresh client; for tests and one-shot use.
pub async fn deliver_due(engine: &Engine) -> anyhow::Result<usize> {
    Deliverer::new(engine.clone())?.deliver_due().await
}

fn iso(t: OffsetDateTime) -> String {
    let format =
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    t.to_offset(time::UtcOffset::UTC)
        .format(&format)
        .unwrap_or_default()
}

impl Deliverer {
    /// A sender whose client never follows redirects, ignores proxy settings and, unless the
    /// development setting is on, connects only to addresses [`GuardedResolver`] checked.
    pub fn new(engine: Engine) -> anyhow::Result<Deliverer> {
        // reqwest is built without a bundled TLS provider; an Err only means one is installed.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .connect_timeout(CONNECT_TIMEOUT)
            .user_agent(USER_AGENT);
        if !engine.config.webhooks.dev_allow_local {
            builder = builder.dns_resolver(GuardedResolver);
        }
        Ok(Deliverer {
            engine,
            client: builder.build()?,
        })
    }

    /// Runs delivery rounds until `shutdown`; idle rounds wait `jobs.poll_interval_ms`.
    pub fn spawn(self, shutdown: CancellationToken) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let idle = Duration::from_millis(self.engine.config.jobs.poll_interval_ms.max(10));
            while !shutdown.is_cancelled() {
                match self.deliver_due().await {
                    Ok(0) => {}
                    Ok(_) => continue,
                    Err(e) => {
                        tracing::error!(error.message = %e, error.cause_chain = ?e, "webhook delivery round failed")
                    }
                }
                tokio::select! {
                    _ = shutdown.cancelled() => break,
                    _ = tokio::time::sleep(idle) => {}
                }
            }
        })
    }

    /// Claims the deliveries due now (up to a batch), sends them concurrently and records
    /// each attempt; returns how many were attempted.
    pub async fn deliver_due(&self) -> anyhow::Result<usize> {
        let claimed = self.engine.store.claim_deliveries(BATCH, LEASE).await?;
        let count = claimed.len();
        let mut sending = JoinSet::new();
        for delivery in claimed {
            let sender = self.clone();
            sending.spawn(async move { sender.deliver(delivery).await });
        }
        while let Some(joined) = sending.join_next().await {
            match joined {
                Ok(Ok(())) => {}
                Ok(Err(e)) => {
                    tracing::error!(error.message = %e, "could not record a webhook attempt")
                }
                Err(e) => tracing::error!(error.message = %e, "webhook sender task failed"),
            }
        }
        Ok(count)
    }

    #[tracing::instrument(skip_all, fields(delivery.id = %claimed.delivery.id, delivery.attempt = claimed.delivery.attempts))]
    async fn deliver(&self, claimed: ClaimedDelivery) -> anyhow::Result<()> {
        let delivery = &claimed.delivery;
        let envelope = json!({
            "event": delivery.event, "timestamp": iso(delivery.created_at),
            "deliveryId": delivery.id, "data": delivery.payload,
        });
        let report = self.attempt(&claimed.config, delivery.id, &envelope).await;
        let delivered = report.http_status.is_some_and(|s| (200..300).contains(&s));
        let outcome = self.outcome(delivered, delivery.attempts, claimed.config.max_retries);
        let threshold = i32::try_from(self.engine.config.webhooks.circuit_failure_threshold)
            .unwrap_or(i32::MAX);
        match self
            .engine
            .store
            .record_delivery_attempt(claimed.lease(), report, outcome, threshold)
            .await
        {
            Ok(config) if config.circuit_opened_at.is_some() && !delivered => {
                tracing::warn!(webhook.id = %config.id, failures = config.consecutive_failures, "webhook circuit is open");
                Ok(())
            }
            Ok(_) => Ok(()),
            Err(StoreError::StaleLease) => {
                tracing::warn!("another sender took this delivery over; attempt not recorded");
                Ok(())
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Delivered; or, after attempt `attempt` failed, a retry while the budget lasts.
    fn outcome(&self, delivered: bool, attempt: i32, max_retries: i32) -> DeliveryOutcome {
        if delivered {
            return DeliveryOutcome::Delivered;
        }
        if attempt > max_retries {
            return DeliveryOutcome::GiveUp;
        }
        let secs = base_delay(&self.engine.config.webhooks.retry_schedule_secs, attempt);
        // Up to 10% later, so endpoints that failed together are not retried together.
        let jitter = rand::rng().random_range(0..=secs / 10);
        let delay = time::Duration::seconds(i64::try_from(secs + jitter).unwrap_or(0));
        DeliveryOutcome::RetryAt(OffsetDateTime::now_utc() + delay)
    }

    /// One signed POST of `envelope`; never fails, the report says what happened.
    async fn attempt(&self, config: &WebhookConfig, id: Uuid, envelope: &Value) -> AttemptReport {
        let started_at = OffsetDateTime::now_utc();
        let clock = Instant::now();
        let result = self.post(config, id, envelope).await;
        let duration_ms = i64::try_from(clock.elapsed().as_millis()).unwrap_or(i64::MAX);
        match result {
            Ok(status) if (200..300).contains(&status) => AttemptReport {
                started_at,
                http_status: Some(i32::from(status)),
                error: None,
                duration_ms,
            },
            Ok(status) => AttemptReport {
                started_at,
                http_status: Some(i32::from(status)),
                error: Some(format!("HTTP {status}")),
                duration_ms,
            },
            Err(error) => AttemptReport {
                started_at,
                http_status: None,
                error: Some(error),
                duration_ms,
            },
        }
    }

    async fn post(
        &self,
        config: &WebhookConfig,
        id: Uuid,
        envelope: &Value,
    ) -> Result<u16, String> {
        let dev = self.engine.config.webhooks.dev_allow_local;
        let url = check_target(&config.url, dev).map_err(|e| format!("refused: {e}"))?;
        let key = secret_key(&config.signing_secret)
            .ok_or_else(|| "the signing secret is malformed".to_string())?;
        let body =
            serde_json::to_vec(envelope).map_err(|e| format!("encoding the payload: {e}"))?;
        let id = id.to_string();
        let timestamp = OffsetDateTime::now_utc().unix_timestamp();
        let mut request = self.client.post(url).timeout(Duration::from_millis(
            u64::try_from(config.timeout_ms).unwrap_or(1).max(1),
        ));
        for header in &config.headers {
            match (
                HeaderName::from_bytes(header.name.as_bytes()),
                HeaderValue::from_str(&header.value),
            ) {
                (Ok(name), Ok(value)) => request = request.header(name, value),
                _ => tracing::warn!(webhook.id = %config.id, "skipping an invalid custom header"),
            }
        }
        // Signed over exactly the bytes sent.
        let signed = signature(&key, &id, timestamp, &body);
        let response = request
            .header(CONTENT_TYPE, "application/json")
            .header("webhook-id", &id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signed)
            .body(body)
            .send()
            .await
            .map_err(|e| describe(&e, config.timeout_ms))?;
        Ok(response.status().as_u16())
    }
}

/// Seconds to wait after failed attempt `attempt` (1-based): the schedule's entry for it,
/// the last entry once the schedule runs out, capped at a week.
fn base_delay(schedule: &[u64], attempt: i32) -> u64 {
    let index = usize::try_from(attempt - 1).unwrap_or(0);
    let secs = schedule
        .get(index)
        .or(schedule.last())
        .copied()
        .unwrap_or(5);
    secs.min(MAX_DELAY_SECS)
}

/// A transport failure in a few words (the full chain goes to the log).
fn describe(error: &reqwest::Error, timeout_ms: i64) -> String {
    tracing::debug!(error.cause_chain = ?error, "webhook attempt failed");
    if error.is_timeout() {
        return format!("timed out after {timeout_ms} ms");
    }
    let mut source: Option<&dyn std::error::Error> = Some(error);
    let mut last = error.to_string();
    while let Some(e) = source {
        last = e.to_string();
        source = e.source();
    }
    if error.is_connect() {
        format!("connection failed: {last}")
    } else {
        format!("request failed: {last}")
    }
}

impl Engine {
    /// W6: sends a signed `PING` now and reports the answer. The ping is not queued, not
    /// retried and not counted toward the circuit; a config that does not subscribe to
    /// `PING`, is disabled or has an open circuit is not called at all.
    pub async fn ping_webhook(&self, caller: &ApiKey, id: Uuid) -> EngineResult<PingResult> {
        let config = self.get_webhook(caller, id).await?;
        let delivery_id = Uuid::new_v4();
        let refuse = |message: &str| PingResult {
            success: false,
            delivery_id,
            http_status: None,
            duration_ms: 0,
            message: message.to_string(),
        };
        if !config.subscribes_to(PING) {
            return Ok(refuse("the webhook does not subscribe to PING"));
        }
        if config.circuit_opened_at.is_some() {
            return Ok(refuse("the webhook's circuit is open; reset it first"));
        }
        if !config.is_active {
            return Ok(refuse("the webhook is disabled"));
        }
        let now = OffsetDateTime::now_utc();
        let envelope = json!({
            "event": PING, "timestamp": iso(now), "deliveryId": delivery_id,
            "data": {"webhookId": config.id, "message": "ping"},
        });
        let sender = Deliverer::new(self.clone())?;
        let report = sender.attempt(&config, delivery_id, &envelope).await;
        let http_status = report.http_status.and_then(|s| u16::try_from(s).ok());
        let success = http_status.is_some_and(|s| (200..300).contains(&s));
        let message = match (&report.error, http_status) {
            (None, Some(status)) => format!("the endpoint answered {status}"),
            (Some(error), _) => error.clone(),
            (None, None) => "no answer".to_string(),
        };
        Ok(PingResult {
            success,
            delivery_id,
            http_status,
            duration_ms: report.duration_ms,
            message,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_n_waits_the_nth_delay_and_the_last_one_repeats() {
        let schedule = [5, 300, 1800];
        let delays: Vec<u64> = (1..=5).map(|n| base_delay(&schedule, n)).collect();
        assert_eq!(delays, vec![5, 300, 1800, 1800, 1800]);
        assert_eq!(base_delay(&[], 1), 5);
        assert_eq!(base_delay(&[u64::MAX], 1), MAX_DELAY_SECS);
    }
}
