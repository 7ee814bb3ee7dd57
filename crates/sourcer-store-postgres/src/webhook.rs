//! Webhook configs on PostgreSQL, plus the `WebhookStore` impl that delegates the outbox side
//! to `delivery`.

use std::time::Duration;

use async_trait::async_trait;
use sourcer_core::ObjectId;
use sourcer_store::{
    AttemptReport, ClaimedDelivery, Delivery, DeliveryLease, DeliveryOutcome, NewWebhookConfig,
    OutboxEvent, StoreError, StoreResult, WebhookAttempt, WebhookConfig, WebhookPatch,
    WebhookStore,
};
use sourcer_store_sql::codec::to_json;
use sourcer_store_sql::webhook::{CONFIG_COLUMNS, ConfigRow};
use sqlx::{AssertSqlSafe, PgConnection};
use uuid::Uuid;

use crate::error::db_err;
use crate::outbox::insert_events;
use crate::{PgStore, commit, delivery};

/// A live (not deleted) config of the workspace; `lock` holds the row until the transaction
/// ends, so a merge patch cannot undo a concurrent change it did not see.
async fn load_config(
    conn: &mut PgConnection,
    workspace_id: &str,
    id: Uuid,
    lock: bool,
) -> StoreResult<WebhookConfig> {
    let sql = format!(
        "SELECT {CONFIG_COLUMNS} FROM webhook_configs \
         WHERE id = $1 AND workspace_id = $2 AND deleted_at IS NULL{}",
        if lock { " FOR NO KEY UPDATE" } else { "" }
    );
    let row: Option<ConfigRow> = sqlx::query_as(AssertSqlSafe(sql))
        .bind(id.to_string())
        .bind(workspace_id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db_err)?;
    row.ok_or(StoreError::NotFound)?.try_into()
}

#[async_trait]
impl WebhookStore for PgStore {
    async fn create_webhook(&self, config: NewWebhookConfig) -> StoreResult<WebhookConfig> {
        let sql = format!(
            "INSERT INTO webhook_configs (id, workspace_id, url, name, description, events, \
             headers, signing_secret, is_active, max_retries, timeout_ms, created_at, \
             updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) \
             RETURNING {CONFIG_COLUMNS}"
        );
        let (mut tx, now) = self.begin_write().await?;
        let row: ConfigRow = sqlx::query_as(AssertSqlSafe(sql))
            .bind(Uuid::new_v4().to_string())
            .bind(config.workspace_id.to_string())
            .bind(&config.url)
            .bind(&config.name)
            .bind(&config.description)
            .bind(to_json(&config.events)?)
            .bind(to_json(&config.headers)?)
            .bind(&config.signing_secret)
            .bind(config.is_active)
            .bind(config.max_retries)
            .bind(config.timeout_ms)
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?;
        commit(tx).await?;
        row.try_into()
    }

    async fn list_webhooks(&self, workspace_id: ObjectId) -> StoreResult<Vec<WebhookConfig>> {
        let sql = format!(
            "SELECT {CONFIG_COLUMNS} FROM webhook_configs \
             WHERE workspace_id = $1 AND deleted_at IS NULL ORDER BY created_at, id"
        );
        let rows: Vec<ConfigRow> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(workspace_id.to_string())
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(WebhookConfig::try_from).collect()
    }

    async fn get_webhook(&self, workspace_id: ObjectId, id: Uuid) -> StoreResult<WebhookConfig> {
        let mut conn = self.pool().acquire().await.map_err(db_err)?;
        load_config(&mut conn, &workspace_id.to_string(), id, false).await
    }

    async fn update_webhook(
        &self,
        workspace_id: ObjectId,
        id: Uuid,
        patch: WebhookPatch,
    ) -> StoreResult<WebhookConfig> {
        let workspace_id = workspace_id.to_string();
        let (mut tx, now) = self.begin_write().await?;
        let old = load_config(&mut tx, &workspace_id, id, true).await?;
        let sql = format!(
            "UPDATE webhook_configs SET url = $2, name = $3, description = $4, events = $5, \
             headers = $6, is_active = $7, max_retries = $8, timeout_ms = $9, updated_at = $10 \
             WHERE id = $1 RETURNING {CONFIG_COLUMNS}"
        );
        let row: ConfigRow = sqlx::query_as(AssertSqlSafe(sql))
            .bind(id.to_string())
            .bind(patch.url.unwrap_or(old.url))
            .bind(patch.name.unwrap_or(old.name))
            .bind(patch.description.unwrap_or(old.description))
            .bind(to_json(&patch.events.unwrap_or(old.events))?)
            .bind(to_json(&patch.headers.unwrap_or(old.headers))?)
            .bind(patch.is_active.unwrap_or(old.is_active))
            .bind(patch.max_retries.unwrap_or(old.max_retries))
            .bind(patch.timeout_ms.unwrap_or(old.timeout_ms))
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?;
        commit(tx).await?;
        row.try_into()
    }

    async fn delete_webhook(&self, workspace_id: ObjectId, id: Uuid) -> StoreResult<u64> {
        let (mut tx, now) = self.begin_write().await?;
        let deleted = sqlx::query(
            "UPDATE webhook_configs SET deleted_at = $3, is_active = FALSE, updated_at = $3 \
             WHERE id = $1 AND workspace_id = $2 AND deleted_at IS NULL",
        )
        .bind(id.to_string())
        .bind(workspace_id.to_string())
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        if deleted.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let cancelled = sqlx::query(
            "UPDATE webhook_deliveries SET status = 'cancelled' \
             WHERE config_id = $1 AND status = 'pending'",
        )
        .bind(id.to_string())
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        commit(tx).await?;
        Ok(cancelled.rows_affected())
    }

    async fn enqueue_events(
        &self,
        workspace_id: ObjectId,
        events: Vec<OutboxEvent>,
    ) -> StoreResult<Vec<Uuid>> {
        let (mut tx, now) = self.begin_write().await?;
        let ids = insert_events(&mut tx, &workspace_id.to_string(), &events, now).await?;
        commit(tx).await?;
        Ok(ids)
    }

    async fn claim_deliveries(
        &self,
        limit: u32,
        lease_for: Duration,
    ) -> StoreResult<Vec<ClaimedDelivery>> {
        delivery::claim(self, limit, lease_for).await
    }

    async fn record_delivery_attempt(
        &self,
        lease: DeliveryLease,
        report: AttemptReport,
        outcome: DeliveryOutcome,
        circuit_threshold: i32,
    ) -> StoreResult<WebhookConfig> {
        delivery::record_attempt(self, lease, report, outcome, circuit_threshold).await
    }

    async fn get_delivery(&self, workspace_id: ObjectId, id: Uuid) -> StoreResult<Delivery> {
        delivery::get(self, &workspace_id.to_string(), id).await
    }

    async fn list_deliveries(
        &self,
        workspace_id: ObjectId,
        config_id: Uuid,
        limit: u32,
    ) -> StoreResult<Vec<Delivery>> {
        delivery::list(self, &workspace_id.to_string(), config_id, limit).await
    }

    async fn list_delivery_attempts(
        &self,
        workspace_id: ObjectId,
        delivery_id: Uuid,
    ) -> StoreResult<Vec<WebhookAttempt>> {
        delivery::attempts(self, &workspace_id.to_string(), delivery_id).await
    }

    async fn reset_webhook_circuit(
        &self,
        workspace_id: ObjectId,
        id: Uuid,
    ) -> StoreResult<WebhookConfig> {
        let sql = format!(
            "UPDATE webhook_configs SET consecutive_failures = 0, circuit_opened_at = NULL, \
             is_active = TRUE, updated_at = $3 \
             WHERE id = $1 AND workspace_id = $2 AND deleted_at IS NULL \
             RETURNING {CONFIG_COLUMNS}"
        );
        let (mut tx, now) = self.begin_write().await?;
        let row: Option<ConfigRow> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(id.to_string())
            .bind(workspace_id.to_string())
            .bind(now)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let row = row.ok_or(StoreError::NotFound)?;
        commit(tx).await?;
        row.try_into()
    }
}
