//! The webhook outbox: turns `OutboxEvent`s into delivery rows inside the caller's
//! transaction, so a delivery exists exactly when the change that caused it committed.

use sourcer_store::{OutboxEvent, StoreResult};
use sourcer_store_sql::codec::to_json;
use sourcer_store_sql::outbox::{subscriptions, targets};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::error::db_err;

/// Inserts one pending delivery per (event, subscribed active config of the workspace);
/// returns the delivery ids.
pub(crate) async fn insert_events(
    conn: &mut PgConnection,
    workspace_id: &str,
    events: &[OutboxEvent],
    now: i64,
) -> StoreResult<Vec<Uuid>> {
    if events.is_empty() {
        return Ok(Vec::new());
    }
    // Subscriptions are matched in Rust (`sourcer_store_sql::outbox`), not in SQL.
    let configs: Vec<(String, String)> = sqlx::query_as(
        "SELECT id, events FROM webhook_configs \
         WHERE workspace_id = $1 AND is_active AND deleted_at IS NULL ORDER BY created_at, id",
    )
    .bind(workspace_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    let subscriptions = subscriptions(configs)?;
    let mut ids = Vec::new();
    for event in events {
        let payload = to_json(&event.payload)?;
        for config_id in targets(&subscriptions, event) {
            let id = Uuid::new_v4();
            sqlx::query(
                "INSERT INTO webhook_deliveries \
                 (id, config_id, event, payload, status, attempts, next_attempt_at, created_at) \
                 VALUES ($1, $2, $3, $4, 'pending', 0, $5, $5)",
            )
            .bind(id.to_string())
            .bind(config_id.to_string())
            .bind(&event.event)
            .bind(&payload)
            .bind(now)
            .execute(&mut *conn)
            .await
            .map_err(db_err)?;
            ids.push(id);
        }
    }
    Ok(ids)
}
