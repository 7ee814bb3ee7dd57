//! The webhook outbox on PostgreSQL: leased claims of due deliveries (`SKIP LOCKED`, so
//! senders on several nodes split the due deliveries between them) and fenced attempt
//! reports that drive each config's failure streak and circuit breaker.

use std::collections::HashMap;
use std::time::Duration;

use sourcer_store::{
    AttemptReport, ClaimedDelivery, Delivery, DeliveryLease, DeliveryOutcome, StoreError,
    StoreResult, WebhookAttempt, WebhookConfig,
};
use sourcer_store_sql::codec::{duration_ms, to_ms};
use sourcer_store_sql::webhook::{
    AttemptRow, CONFIG_COLUMNS, ConfigRow, DELIVERY_COLUMNS, DELIVERY_RETURNING, DeliveryRow,
};
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::error::db_err;
use crate::{PgStore, commit};

pub(crate) async fn claim(
    store: &PgStore,
    limit: u32,
    lease_for: Duration,
) -> StoreResult<Vec<ClaimedDelivery>> {
    // The lease is the next attempt time: a sender that dies leaves the delivery due again
    // once it passes. Inactive (or circuit-open) configs' deliveries wait where they are.
    let sql = format!(
        "UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = $2 \
         WHERE id IN (SELECT p.id FROM webhook_deliveries p \
             JOIN webhook_configs w ON w.id = p.config_id \
             WHERE p.status = 'pending' AND p.next_attempt_at <= $1 \
                 AND w.is_active AND w.deleted_at IS NULL \
             ORDER BY p.next_attempt_at, p.id LIMIT $3 FOR NO KEY UPDATE OF p SKIP LOCKED) \
         RETURNING {DELIVERY_RETURNING}"
    );
    let (mut tx, now) = store.begin_write().await?;
    let rows: Vec<DeliveryRow> = sqlx::query_as(AssertSqlSafe(sql))
        .bind(now)
        .bind(now.saturating_add(duration_ms(lease_for)))
        .bind(i64::from(limit))
        .fetch_all(&mut *tx)
        .await
        .map_err(db_err)?;
    let mut configs: HashMap<String, WebhookConfig> = HashMap::new();
    for row in &rows {
        if configs.contains_key(&row.config_id) {
            continue;
        }
        let sql = format!("SELECT {CONFIG_COLUMNS} FROM webhook_configs WHERE id = $1");
        let config: ConfigRow = sqlx::query_as(AssertSqlSafe(sql))
            .bind(&row.config_id)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?;
        configs.insert(row.config_id.clone(), config.try_into()?);
    }
    commit(tx).await?;
    let mut claimed = Vec::with_capacity(rows.len());
    for row in rows {
        let config = configs
            .get(&row.config_id)
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("claimed delivery lost its config"))?;
        claimed.push(ClaimedDelivery {
            delivery: row.try_into()?,
            config,
        });
    }
    // RETURNING order is unspecified; hand deliveries out oldest first.
    claimed.sort_by_key(|c| (c.delivery.created_at, c.delivery.id));
    Ok(claimed)
}

pub(crate) async fn record_attempt(
    store: &PgStore,
    lease: DeliveryLease,
    report: AttemptReport,
    outcome: DeliveryOutcome,
    circuit_threshold: i32,
) -> StoreResult<WebhookConfig> {
    let (status, next_attempt_at) = match outcome {
        DeliveryOutcome::Delivered => ("delivered", None),
        DeliveryOutcome::RetryAt(at) => ("pending", Some(to_ms(at))),
        DeliveryOutcome::GiveUp => ("failed", None),
    };
    let (mut tx, now) = store.begin_write().await?;
    // The config row before the delivery row, the order `delete_webhook` locks them in.
    let config_id: Option<String> = sqlx::query_scalar(
        "SELECT w.id FROM webhook_configs w JOIN webhook_deliveries d ON d.config_id = w.id \
         WHERE d.id = $1 FOR NO KEY UPDATE OF w",
    )
    .bind(lease.delivery_id.to_string())
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_err)?;
    config_id.ok_or(StoreError::StaleLease)?;
    let config_id: Option<String> = sqlx::query_scalar(
        "UPDATE webhook_deliveries SET status = $3, \
         next_attempt_at = COALESCE($4, next_attempt_at) \
         WHERE id = $1 AND attempts = $2 AND status = 'pending' RETURNING config_id",
    )
    .bind(lease.delivery_id.to_string())
    .bind(lease.attempt)
    .bind(status)
    .bind(next_attempt_at)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_err)?;
    let config_id = config_id.ok_or(StoreError::StaleLease)?;
    sqlx::query(
        "INSERT INTO webhook_attempts (delivery_id, attempt, started_at, http_status, error, \
         duration_ms) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(lease.delivery_id.to_string())
    .bind(lease.attempt)
    .bind(to_ms(report.started_at))
    .bind(report.http_status)
    .bind(report.error.as_deref())
    .bind(report.duration_ms)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    let config_update = match outcome {
        DeliveryOutcome::Delivered => {
            "UPDATE webhook_configs SET consecutive_failures = 0, updated_at = $2 WHERE id = $1"
        }
        // SET expressions see the old row, so `consecutive_failures + 1` is the new streak.
        DeliveryOutcome::RetryAt(_) | DeliveryOutcome::GiveUp => {
            "UPDATE webhook_configs SET consecutive_failures = consecutive_failures + 1, \
             circuit_opened_at = CASE WHEN $3 > 0 AND consecutive_failures + 1 >= $3 \
                 THEN COALESCE(circuit_opened_at, $2) ELSE circuit_opened_at END, \
             is_active = CASE WHEN $3 > 0 AND consecutive_failures + 1 >= $3 \
                 THEN FALSE ELSE is_active END, \
             updated_at = $2 WHERE id = $1"
        }
    };
    sqlx::query(config_update)
        .bind(&config_id)
        .bind(now)
        .bind(circuit_threshold)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    let sql = format!("SELECT {CONFIG_COLUMNS} FROM webhook_configs WHERE id = $1");
    let config: ConfigRow = sqlx::query_as(AssertSqlSafe(sql))
        .bind(&config_id)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
    commit(tx).await?;
    config.try_into()
}

pub(crate) async fn get(store: &PgStore, workspace_id: &str, id: Uuid) -> StoreResult<Delivery> {
    let sql = format!(
        "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries d \
         JOIN webhook_configs w ON w.id = d.config_id WHERE d.id = $1 AND w.workspace_id = $2"
    );
    let row: Option<DeliveryRow> = sqlx::query_as(AssertSqlSafe(sql))
        .bind(id.to_string())
        .bind(workspace_id)
        .fetch_optional(store.pool())
        .await
        .map_err(db_err)?;
    row.ok_or(StoreError::NotFound)?.try_into()
}

pub(crate) async fn list(
    store: &PgStore,
    workspace_id: &str,
    config_id: Uuid,
    limit: u32,
) -> StoreResult<Vec<Delivery>> {
    let sql = format!(
        "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries d \
         JOIN webhook_configs w ON w.id = d.config_id \
         WHERE d.config_id = $1 AND w.workspace_id = $2 \
         ORDER BY d.created_at DESC, d.id DESC LIMIT $3"
    );
    let rows: Vec<DeliveryRow> = sqlx::query_as(AssertSqlSafe(sql))
        .bind(config_id.to_string())
        .bind(workspace_id)
        .bind(i64::from(limit))
        .fetch_all(store.pool())
        .await
        .map_err(db_err)?;
    rows.into_iter().map(Delivery::try_from).collect()
}

pub(crate) async fn attempts(
    store: &PgStore,
    workspace_id: &str,
    delivery_id: Uuid,
) -> StoreResult<Vec<WebhookAttempt>> {
    get(store, workspace_id, delivery_id).await?;
    let rows: Vec<AttemptRow> = sqlx::query_as(
        "SELECT delivery_id, attempt, started_at, http_status, error, duration_ms \
         FROM webhook_attempts WHERE delivery_id = $1 ORDER BY attempt",
    )
    .bind(delivery_id.to_string())
    .fetch_all(store.pool())
    .await
    .map_err(db_err)?;
    rows.into_iter().map(WebhookAttempt::try_from).collect()
}
