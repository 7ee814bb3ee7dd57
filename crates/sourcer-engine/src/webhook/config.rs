//! Webhook config use cases (W1-W5, W7): validating what a client sends (URL safety, event
//! names, custom headers, retry budget, timeout) and the store calls, scoped to the caller's
//! workspace. Another workspace's config answers exactly like an unknown one.

use reqwest::header::{HeaderName, HeaderValue};
use sourcer_store::{
    ApiKey, Delivery, NewWebhookConfig, StoreError, WebhookAttempt, WebhookConfig, WebhookHeader,
    WebhookPatch,
};
use uuid::Uuid;

use super::events::{EVENTS, canonical_event};
use super::sign::new_secret;
use super::ssrf::check_url;
use crate::engine::Engine;
use crate::error::{EngineError, EngineResult, not_found};

/// Longest `name`.
pub const MAX_NAME: usize = 255;
/// Longest `description`.
pub const MAX_DESCRIPTION: usize = 1_000;
/// Most custom headers per config.
pub const MAX_HEADERS: usize = 50;
/// Longest custom header name and value.
pub const MAX_HEADER_NAME: usize = 255;
pub const MAX_HEADER_VALUE: usize = 4_096;
/// Most retries a config may ask for.
pub const MAX_RETRIES: i32 = 10;
/// Allowed per-attempt timeouts.
pub const TIMEOUT_MS: std::ops::RangeInclusive<i64> = 1_000..=30_000;

/// Headers the sender sets itself; a custom header may not replace them.
const RESERVED_HEADERS: [&str; 9] = [
    "content-type",
    "content-length",
    "host",
    "user-agent",
    "transfer-encoding",
    "connection",
    "webhook-id",
    "webhook-timestamp",
    "webhook-signature",
];

/// A config to create (W3), as received.
#[derive(Debug, Clone, Default)]
pub struct NewWebhook {
    pub url: String,
    pub events: Vec<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub headers: Vec<WebhookHeader>,
    pub is_active: Option<bool>,
    pub max_retries: Option<i32>,
    pub timeout_ms: Option<i64>,
}

/// A merge patch of a config (W4); `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct WebhookUpdate {
    pub url: Option<String>,
    pub events: Option<Vec<String>>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub headers: Option<Vec<WebhookHeader>>,
    pub is_active: Option<bool>,
    pub max_retries: Option<i32>,
    pub timeout_ms: Option<i64>,
}

fn invalid(message: impl Into<String>) -> EngineError {
    EngineError::InvalidInput(message.into())
}

/// Canonical, de-duplicated event names; unknown names are refused with the known list.
pub fn parse_events(names: &[String]) -> EngineResult<Vec<String>> {
    if names.is_empty() {
        return Err(invalid(format!(
            "events must name at least one of: {}",
            EVENTS.join(", ")
        )));
    }
    let mut events: Vec<String> = Vec::with_capacity(names.len());
    for name in names {
        let event = canonical_event(name).ok_or_else(|| {
            invalid(format!(
                "unknown event {name:?}; known events: {}",
                EVENTS.join(", ")
            ))
        })?;
        if !events.iter().any(|e| e == event) {
            events.push(event.to_string());
        }
    }
    Ok(events)
}

/// Checks custom headers: valid HTTP names and values, within limits, none of ours.
pub fn check_headers(headers: &[WebhookHeader]) -> EngineResult<()> {
    if headers.len() > MAX_HEADERS {
        return Err(invalid(format!(
            "at most {MAX_HEADERS} headers are allowed"
        )));
    }
    for header in headers {
        if header.name.is_empty() || header.name.len() > MAX_HEADER_NAME {
            return Err(invalid(format!(
                "header names are 1 to {MAX_HEADER_NAME} characters"
            )));
        }
        if header.value.is_empty() || header.value.len() > MAX_HEADER_VALUE {
            return Err(invalid(format!(
                "header values are 1 to {MAX_HEADER_VALUE} characters"
            )));
        }
        let name = HeaderName::from_bytes(header.name.as_bytes())
            .map_err(|_| invalid(format!("{:?} is not a valid header name", header.name)))?;
        if RESERVED_HEADERS.contains(&name.as_str()) {
            return Err(invalid(format!(
                "header {:?} is set by Sourcer and cannot be replaced",
                header.name
            )));
        }
        HeaderValue::from_str(&header.value).map_err(|_| {
            invalid(format!(
                "the value of header {:?} is not a valid header value",
                header.name
            ))
        })?;
    }
    Ok(())
}

fn check_text(field: &str, value: &Option<String>, max: usize) -> EngineResult<()> {
    match value {
        Some(v) if v.chars().count() > max => {
            Err(invalid(format!("{field} is limited to {max} characters")))
        }
        _ => Ok(()),
    }
}

fn check_budget(max_retries: Option<i32>, timeout_ms: Option<i64>) -> EngineResult<()> {
    if max_retries.is_some_and(|n| !(0..=MAX_RETRIES).contains(&n)) {
        return Err(invalid(format!(
            "maxRetries must be between 0 and {MAX_RETRIES}"
        )));
    }
    if timeout_ms.is_some_and(|t| !TIMEOUT_MS.contains(&t)) {
        return Err(invalid(format!(
            "timeoutMs must be between {} and {}",
            TIMEOUT_MS.start(),
            TIMEOUT_MS.end()
        )));
    }
    Ok(())
}

impl Engine {
    /// W3: validates and stores a config with a fresh signing secret (returned in the config;
    /// the caller shows it once).
    pub async fn create_webhook(
        &self,
        caller: &ApiKey,
        input: NewWebhook,
    ) -> EngineResult<WebhookConfig> {
        let events = parse_events(&input.events)?;
        check_text("name", &input.name, MAX_NAME)?;
        check_text("description", &input.description, MAX_DESCRIPTION)?;
        check_headers(&input.headers)?;
        check_budget(input.max_retries, input.timeout_ms)?;
        let url = check_url(&input.url, self.config.webhooks.dev_allow_local).await?;
        let defaults = &self.config.webhooks;
        let default_retries =
            i32::try_from(defaults.retry_schedule_secs.len()).unwrap_or(MAX_RETRIES);
        let default_timeout =
            i64::try_from(defaults.default_timeout_ms).unwrap_or(*TIMEOUT_MS.end());
        let config = NewWebhookConfig {
            workspace_id: caller.workspace_id,
            url: url.to_string(),
            name: input.name.unwrap_or_default(),
            description: input.description.unwrap_or_default(),
            events,
            headers: input.headers,
            signing_secret: new_secret(),
            is_active: input.is_active.unwrap_or(true),
            max_retries: input
                .max_retries
                .unwrap_or(default_retries.min(MAX_RETRIES)),
            timeout_ms: input.timeout_ms.unwrap_or(default_timeout),
        };
        Ok(self.store.create_webhook(config).await?)
    }

    /// W1: the workspace's configs, oldest first.
    pub async fn list_webhooks(&self, caller: &ApiKey) -> EngineResult<Vec<WebhookConfig>> {
        Ok(self.store.list_webhooks(caller.workspace_id).await?)
    }

    /// W2: one config of the caller's workspace.
    pub async fn get_webhook(&self, caller: &ApiKey, id: Uuid) -> EngineResult<WebhookConfig> {
        self.store
            .get_webhook(caller.workspace_id, id)
            .await
            .map_err(not_found("Webhook"))
    }

    /// W4: a merge patch. Re-activating a config whose circuit is open is refused: the
    /// failure streak would re-open it on the next failure; `reset-circuit` clears both.
    pub async fn update_webhook(
        &self,
        caller: &ApiKey,
        id: Uuid,
        input: WebhookUpdate,
    ) -> EngineResult<WebhookConfig> {
        let current = self.get_webhook(caller, id).await?;
        let events = input.events.as_deref().map(parse_events).transpose()?;
        check_text("name", &input.name, MAX_NAME)?;
        check_text("description", &input.description, MAX_DESCRIPTION)?;
        if let Some(headers) = &input.headers {
            check_headers(headers)?;
        }
        check_budget(input.max_retries, input.timeout_ms)?;
        let url = match &input.url {
            Some(raw) => Some(
                check_url(raw, self.config.webhooks.dev_allow_local)
                    .await?
                    .to_string(),
            ),
            None => None,
        };
        if input.is_active == Some(true) && current.circuit_opened_at.is_some() {
            return Err(EngineError::Conflict(
                "the webhook's circuit is open; POST /webhooks/{id}/reset-circuit to re-activate it".into(),
            ));
        }
        let patch = WebhookPatch {
            url,
            name: input.name,
            description: input.description,
            events,
            headers: input.headers,
            is_active: input.is_active,
            max_retries: input.max_retries,
            timeout_ms: input.timeout_ms,
        };
        self.store
            .update_webhook(caller.workspace_id, id, patch)
            .await
            .map_err(not_found("Webhook"))
    }

    /// W5: deletes a config and cancels its pending deliveries; returns how many.
    pub async fn delete_webhook(&self, caller: &ApiKey, id: Uuid) -> EngineResult<u64> {
        self.store
            .delete_webhook(caller.workspace_id, id)
            .await
            .map_err(not_found("Webhook"))
    }

    /// W7: zero failures, circuit closed, active again.
    pub async fn reset_webhook_circuit(
        &self,
        caller: &ApiKey,
        id: Uuid,
    ) -> EngineResult<WebhookConfig> {
        self.store
            .reset_webhook_circuit(caller.workspace_id, id)
            .await
            .map_err(not_found("Webhook"))
    }

    /// A config's deliveries, newest first.
    pub async fn webhook_deliveries(
        &self,
        caller: &ApiKey,
        id: Uuid,
        limit: u32,
    ) -> EngineResult<Vec<Delivery>> {
        self.get_webhook(caller, id).await?;
        Ok(self
            .store
            .list_deliveries(caller.workspace_id, id, limit)
            .await?)
    }

    /// The recorded attempts of one delivery of a config, first first.
    pub async fn delivery_attempts(
        &self,
        caller: &ApiKey,
        id: Uuid,
        delivery_id: Uuid,
    ) -> EngineResult<Vec<WebhookAttempt>> {
        let missing = || EngineError::NotFound("Delivery not found".into());
        let delivery = self
            .store
            .get_delivery(caller.workspace_id, delivery_id)
            .await
            .map_err(|e| match e {
                StoreError::NotFound => missing(),
                other => other.into(),
            })?;
        if delivery.config_id != id {
            return Err(missing());
        }
        Ok(self
            .store
            .list_delivery_attempts(caller.workspace_id, delivery_id)
            .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(name: &str, value: &str) -> WebhookHeader {
        WebhookHeader {
            name: name.into(),
            value: value.into(),
        }
    }

    #[test]
    fn events_are_canonicalised_and_de_duplicated() {
        let events = parse_events(&[
            "sourcing.completed".into(),
            "SOURCING_COMPLETED".into(),
            "ping".into(),
        ])
        .unwrap();
        assert_eq!(
            events,
            vec!["SOURCING_COMPLETED".to_string(), "PING".to_string()]
        );
    }

    #[test]
    fn unknown_or_missing_events_are_refused_with_the_known_list() {
        let error = parse_events(&["interview.started".into()])
            .unwrap_err()
            .to_string();
        assert!(error.contains("SOURCING_COMPLETED"), "{error}");
        assert!(parse_events(&[]).is_err());
    }

    #[test]
    fn custom_headers_may_not_replace_signature_headers_or_smuggle_newlines() {
        assert!(check_headers(&[header("Authorization", "Bearer x")]).is_ok());
        assert!(check_headers(&[header("Webhook-Signature", "v1,forged")]).is_err());
        assert!(check_headers(&[header("X-Bad", "a\r\nHost: evil")]).is_err());
        assert!(check_headers(&[header("bad name", "x")]).is_err());
        assert!(check_headers(&[header("X-Empty", "")]).is_err());
        let many: Vec<WebhookHeader> = (0..=MAX_HEADERS)
            .map(|n| header(&format!("X-{n}"), "v"))
            .collect();
        assert!(check_headers(&many).is_err());
    }

    #[test]
    fn retry_budgets_and_timeouts_outside_their_ranges_are_refused() {
        assert!(check_budget(Some(3), Some(30_000)).is_ok());
        assert!(check_budget(Some(MAX_RETRIES + 1), None).is_err());
        assert!(check_budget(Some(-1), None).is_err());
        assert!(check_budget(None, Some(999)).is_err());
    }
}
