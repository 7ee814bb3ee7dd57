//! Webhook config, delivery and attempt rows.

use sourcer_store::{
    Delivery, StoreError, StoreResult, WebhookAttempt, WebhookConfig, WebhookHeader,
};

use crate::codec::{from_json, from_ms, from_ms_opt, object_id, uuid};

/// The `webhook_configs` columns, in `ConfigRow` order.
pub const CONFIG_COLUMNS: &str = "id, workspace_id, url, name, description, events, \
     headers, signing_secret, is_active, max_retries, timeout_ms, consecutive_failures, \
     circuit_opened_at, created_at, updated_at";

#[derive(sqlx::FromRow)]
pub struct ConfigRow {
    id: String,
    workspace_id: String,
    url: String,
    name: String,
    description: String,
    events: String,
    headers: String,
    signing_secret: String,
    is_active: bool,
    max_retries: i32,
    timeout_ms: i64,
    consecutive_failures: i32,
    circuit_opened_at: Option<i64>,
    created_at: i64,
    updated_at: i64,
}

impl TryFrom<ConfigRow> for WebhookConfig {
    type Error = StoreError;

    fn try_from(row: ConfigRow) -> StoreResult<WebhookConfig> {
        Ok(WebhookConfig {
            id: uuid(&row.id)?,
            workspace_id: object_id(&row.workspace_id)?,
            url: row.url,
            name: row.name,
            description: row.description,
            events: from_json(&row.events)?,
            headers: from_json::<Vec<WebhookHeader>>(&row.headers)?,
            signing_secret: row.signing_secret,
            is_active: row.is_active,
            max_retries: row.max_retries,
            timeout_ms: row.timeout_ms,
            consecutive_failures: row.consecutive_failures,
            circuit_opened_at: from_ms_opt(row.circuit_opened_at)?,
            created_at: from_ms(row.created_at)?,
            updated_at: from_ms(row.updated_at)?,
        })
    }
}

pub const DELIVERY_COLUMNS: &str =
    "d.id, d.config_id, d.event, d.payload, d.status, d.attempts, d.next_attempt_at, d.created_at";
/// The same columns for `RETURNING`, which may not use a table alias.
pub const DELIVERY_RETURNING: &str =
    "id, config_id, event, payload, status, attempts, next_attempt_at, created_at";

#[derive(sqlx::FromRow)]
pub struct DeliveryRow {
    id: String,
    /// Read before conversion, to load each delivery's config once.
    pub config_id: String,
    event: String,
    payload: String,
    status: String,
    attempts: i32,
    next_attempt_at: i64,
    created_at: i64,
}

impl TryFrom<DeliveryRow> for Delivery {
    type Error = StoreError;

    fn try_from(row: DeliveryRow) -> StoreResult<Delivery> {
        Ok(Delivery {
            id: uuid(&row.id)?,
            config_id: uuid(&row.config_id)?,
            event: row.event,
            payload: from_json(&row.payload)?,
            status: row.status.parse()?,
            attempts: row.attempts,
            next_attempt_at: from_ms(row.next_attempt_at)?,
            created_at: from_ms(row.created_at)?,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct AttemptRow {
    delivery_id: String,
    attempt: i32,
    started_at: i64,
    http_status: Option<i32>,
    error: Option<String>,
    duration_ms: i64,
}

impl TryFrom<AttemptRow> for WebhookAttempt {
    type Error = StoreError;

    fn try_from(row: AttemptRow) -> StoreResult<WebhookAttempt> {
        Ok(WebhookAttempt {
            delivery_id: uuid(&row.delivery_id)?,
            attempt: row.attempt,
            started_at: from_ms(row.started_at)?,
            http_status: row.http_status,
            error: row.error,
            duration_ms: row.duration_ms,
        })
    }
}
