//! Webhook configs (InstaView W1-W7) plus Sourcer's delivery log. Responses are
//! `{success, data}` (lists: `{success, data: {data: [...], total}}`); custom header values
//! and the signing secret are never shown again after creation.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};
use sourcer_engine::webhook::{NewWebhook, WebhookUpdate};
use sourcer_store::{Delivery, DeliveryStatus, WebhookAttempt, WebhookConfig, WebhookHeader};
use uuid::Uuid;

use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::{AppJson, AppPath, AppQuery};
use crate::time::format_rfc3339;

/// Default and largest page of the delivery log.
const DEFAULT_DELIVERIES: u32 = 50;
const MAX_DELIVERIES: u32 = 200;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/webhooks", get(list_webhooks).post(create_webhook))
        .route(
            "/webhooks/{id}",
            get(get_webhook)
                .patch(update_webhook)
                .delete(delete_webhook),
        )
        .route("/webhooks/{id}/test", post(test_webhook))
        .route("/webhooks/{id}/reset-circuit", post(reset_circuit))
        .route("/webhooks/{id}/deliveries", get(list_deliveries))
        .route(
            "/webhooks/{id}/deliveries/{delivery_id}/attempts",
            get(list_attempts),
        )
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct WebhookBody {
    url: Option<String>,
    events: Option<Vec<String>>,
    name: Option<String>,
    description: Option<String>,
    headers: Option<Vec<WebhookHeader>>,
    is_active: Option<bool>,
    max_retries: Option<i32>,
    timeout_ms: Option<i64>,
}

#[derive(Debug, Deserialize)]
struct DeliveriesQuery {
    limit: Option<u32>,
}

/// Unknown, malformed and other workspaces' ids answer the same 404.
fn parse_uuid(id: &str, what: &str) -> ApiResult<Uuid> {
    id.parse().map_err(|_| ApiError::not_found(what))
}

fn ok(status: StatusCode, data: Value) -> Response {
    (status, axum::Json(json!({"success": true, "data": data}))).into_response()
}

fn list(items: Vec<Value>) -> Response {
    let total = items.len();
    ok(StatusCode::OK, json!({"data": items, "total": total}))
}

fn config_json(config: &WebhookConfig) -> Value {
    let headers: Vec<Value> = config
        .headers
        .iter()
        .map(|h| json!({"name": h.name, "isMasked": true}))
        .collect();
    json!({
        "id": config.id,
        "workspaceId": config.workspace_id,
        "url": config.url,
        "name": config.name,
        "description": config.description,
        "headers": headers,
        "events": config.events,
        "isActive": config.is_active,
        "maxRetries": config.max_retries,
        "timeoutMs": config.timeout_ms,
        "consecutiveFailures": config.consecutive_failures,
        "circuitOpenedAt": config.circuit_opened_at.map(format_rfc3339),
        "createdAt": format_rfc3339(config.created_at),
        "updatedAt": format_rfc3339(config.updated_at),
    })
}

fn delivery_json(delivery: &Delivery) -> Value {
    let next = (delivery.status == DeliveryStatus::Pending).then_some(delivery.next_attempt_at);
    json!({
        "id": delivery.id,
        "webhookId": delivery.config_id,
        "event": delivery.event,
        "status": delivery.status.as_str(),
        "attempts": delivery.attempts,
        "nextAttemptAt": next.map(format_rfc3339),
        "createdAt": format_rfc3339(delivery.created_at),
    })
}

fn attempt_json(attempt: &WebhookAttempt) -> Value {
    json!({
        "attempt": attempt.attempt,
        "startedAt": format_rfc3339(attempt.started_at),
        "httpStatus": attempt.http_status,
        "error": attempt.error,
        "durationMs": attempt.duration_ms,
    })
}

#[tracing::instrument(skip_all)]
async fn list_webhooks(State(state): State<AppState>, Caller(key): Caller) -> ApiResult<Response> {
    let configs = state.list_webhooks(&key).await?;
    Ok(list(configs.iter().map(config_json).collect()))
}

#[tracing::instrument(skip_all)]
async fn create_webhook(
    State(state): State<AppState>,
    Caller(key): Caller,
    AppJson(body): AppJson<WebhookBody>,
) -> ApiResult<Response> {
    let input = NewWebhook {
        url: body
            .url
            .ok_or_else(|| ApiError::bad_request("url is required"))?,
        events: body
            .events
            .ok_or_else(|| ApiError::bad_request("events is required"))?,
        name: body.name,
        description: body.description,
        headers: body.headers.unwrap_or_default(),
        is_active: body.is_active,
        max_retries: body.max_retries,
        timeout_ms: body.timeout_ms,
    };
    let config = state.create_webhook(&key, input).await?;
    let mut data = config_json(&config);
    // The only time the secret leaves the server.
    data["signingSecret"] = json!(config.signing_secret);
    Ok(ok(StatusCode::CREATED, data))
}

#[tracing::instrument(skip_all, fields(webhook.id = %id))]
async fn get_webhook(
    State(state): State<AppState>,
    Caller(key): Caller,
    AppPath(id): AppPath<String>,
) -> ApiResult<Response> {
    let config = state.get_webhook(&key, parse_uuid(&id, "Webhook")?).await?;
    Ok(ok(StatusCode::OK, config_json(&config)))
}

#[tracing::instrument(skip_all, fields(webhook.id = %id))]
async fn update_webhook(
    State(state): State<AppState>,
    Caller(key): Caller,
    AppPath(id): AppPath<String>,
    AppJson(body): AppJson<WebhookBody>,
) -> ApiResult<Response> {
    let input = WebhookUpdate {
        url: body.url,
        events: body.events,
        name: body.name,
        description: body.description,
        headers: body.headers,
        is_active: body.is_active,
        max_retries: body.max_retries,
        timeout_ms: body.timeout_ms,
    };
    let config = state
        .update_webhook(&key, parse_uuid(&id, "Webhook")?, input)
        .await?;
    Ok(ok(StatusCode::OK, config_json(&config)))
}

#[tracing::instrument(skip_all, fields(webhook.id = %id))]
async fn delete_webhook(
    State(state): State<AppState>,
    Caller(key): Caller,
    AppPath(id): AppPath<String>,
) -> ApiResult<Response> {
    state
        .delete_webhook(&key, parse_uuid(&id, "Webhook")?)
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[tracing::instrument(skip_all, fields(webhook.id = %id))]
async fn test_webhook(
    State(state): State<AppState>,
    Caller(key): Caller,
    AppPath(id): AppPath<String>,
) -> ApiResult<Response> {
    let ping = state
        .ping_webhook(&key, parse_uuid(&id, "Webhook")?)
        .await?;
    let data = json!({
        "success": ping.success,
        "deliveryId": ping.delivery_id,
        "httpStatus": ping.http_status,
        "durationMs": ping.duration_ms,
        "message": ping.message,
    });
    Ok(ok(StatusCode::OK, data))
}

#[tracing::instrument(skip_all, fields(webhook.id = %id))]
async fn reset_circuit(
    State(state): State<AppState>,
    Caller(key): Caller,
    AppPath(id): AppPath<String>,
) -> ApiResult<Response> {
    let config = state
        .reset_webhook_circuit(&key, parse_uuid(&id, "Webhook")?)
        .await?;
    Ok(ok(StatusCode::OK, config_json(&config)))
}

#[tracing::instrument(skip_all, fields(webhook.id = %id))]
async fn list_deliveries(
    State(state): State<AppState>,
    Caller(key): Caller,
    AppPath(id): AppPath<String>,
    AppQuery(query): AppQuery<DeliveriesQuery>,
) -> ApiResult<Response> {
    let limit = query.limit.unwrap_or(DEFAULT_DELIVERIES);
    if !(1..=MAX_DELIVERIES).contains(&limit) {
        return Err(ApiError::bad_request(format!(
            "limit must be between 1 and {MAX_DELIVERIES}"
        )));
    }
    let deliveries = state
        .webhook_deliveries(&key, parse_uuid(&id, "Webhook")?, limit)
        .await?;
    Ok(list(deliveries.iter().map(delivery_json).collect()))
}

#[tracing::instrument(skip_all, fields(webhook.id = %id, delivery.id = %delivery_id))]
async fn list_attempts(
    State(state): State<AppState>,
    Caller(key): Caller,
    AppPath((id, delivery_id)): AppPath<(String, String)>,
) -> ApiResult<Response> {
    let id = parse_uuid(&id, "Webhook")?;
    let delivery_id = parse_uuid(&delivery_id, "Delivery")?;
    let attempts = state.delivery_attempts(&key, id, delivery_id).await?;
    Ok(list(attempts.iter().map(attempt_json).collect()))
}
