//! Preview runs (InstaView I1 start, I2 results). Responses are flat
//! (`{success, requestId, status, ...}`, no `data` wrapper); errors are re-rendered in the
//! InstaView envelope by the router's `instaview_errors` layer.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use sourcer_engine::EngineError;
use sourcer_engine::preview::StartPreview;
use sourcer_store::{PreviewRun, PreviewStatus};

use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::extract::{AppJson, AppPath};
use crate::time::format_rfc3339;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sourcing/preview", post(start_preview))
        .route("/sourcing/preview/{id}/results", get(preview_results))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PreviewRequest {
    title: Option<String>,
    job_description: Option<String>,
    location: Option<String>,
    query: Option<String>,
    limit: Option<i64>,
    webhook_id: Option<String>,
}

#[tracing::instrument(skip_all)]
async fn start_preview(
    State(state): State<AppState>,
    Caller(key): Caller,
    AppJson(body): AppJson<PreviewRequest>,
) -> ApiResult<Response> {
    let input = StartPreview {
        title: body.title,
        job_description: body.job_description,
        location: body.location,
        query: body.query,
        limit: body.limit,
        webhook_id: body.webhook_id,
    };
    let preview = state.start_preview(&key, input).await?;
    let mut reply = json!({
        "success": true,
        "requestId": preview.id,
        "status": preview.status.as_str(),
        "message": "Sourcing preview run accepted and queued for processing.",
        "createdAt": format_rfc3339(preview.created_at),
    });
    if let Some(webhook_id) = preview.webhook_id {
        reply["webhookId"] = json!(webhook_id);
    }
    Ok((StatusCode::ACCEPTED, axum::Json(reply)).into_response())
}

#[tracing::instrument(skip_all, fields(preview.id = %id))]
async fn preview_results(
    State(state): State<AppState>,
    Caller(key): Caller,
    AppPath(id): AppPath<String>,
) -> ApiResult<Response> {
    let preview = state.get_preview(&key, &id).await.map_err(|e| match e {
        EngineError::NotFound(message) => ApiError::new(ErrorCode::RequestNotFound, message),
        other => other.into(),
    })?;
    let status = match preview.status {
        PreviewStatus::Processing => StatusCode::ACCEPTED,
        PreviewStatus::Completed | PreviewStatus::Failed => StatusCode::OK,
    };
    Ok((status, axum::Json(results_json(&preview))).into_response())
}

/// The I2 body: what every state has, plus the candidates once completed or the error once
/// failed.
fn results_json(preview: &PreviewRun) -> Value {
    let mut out = Map::new();
    out.insert("success".into(), json!(true));
    out.insert("requestId".into(), json!(preview.id));
    out.insert("status".into(), json!(preview.status.as_str()));
    out.insert(
        "createdAt".into(),
        json!(format_rfc3339(preview.created_at)),
    );
    if let Some(webhook_id) = preview.webhook_id {
        out.insert("webhookId".into(), json!(webhook_id));
    }
    let result = preview.result.as_ref();
    let candidates = result
        .and_then(|r| r.get("candidates"))
        .cloned()
        .unwrap_or(json!([]));
    let count = candidates.as_array().map_or(0, Vec::len);
    match preview.status {
        PreviewStatus::Processing => {
            out.insert(
                "message".into(),
                json!("The preview is still processing; poll again shortly."),
            );
            out.insert("candidatesSourcedCount".into(), json!(0));
        }
        PreviewStatus::Completed => {
            out.insert("candidatesSourcedCount".into(), json!(count));
            out.insert(
                "foundCount".into(),
                result.map_or(json!(0), |r| r["foundCount"].clone()),
            );
            out.insert("creditsConsumed".into(), json!(preview.captured));
            out.insert("candidates".into(), candidates);
        }
        PreviewStatus::Failed => {
            out.insert("candidatesSourcedCount".into(), json!(0));
            out.insert("creditsConsumed".into(), json!(preview.captured));
            out.insert("errorCode".into(), json!(preview.error_code));
            out.insert("errorMessage".into(), json!(preview.error_message));
        }
    }
    if let Some(at) = preview.completed_at {
        out.insert("completedAt".into(), json!(format_rfc3339(at)));
    }
    Value::Object(out)
}
