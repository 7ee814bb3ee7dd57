//! Filters Autocomplete (F9) and JD to Filters (F10).

use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;
use sourcer_index::AutocompleteField;

use crate::AppState;
use crate::auth::Caller;
use crate::envelope::Fj;
use crate::error::{ApiError, ApiResult};
use crate::extract::{AppJson, AppQuery};

const MAX_SUGGESTIONS: usize = 50;
const MAX_JD: usize = 20_000;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sourcing-session/filters/autocomplete", get(autocomplete))
        .route("/sourcing-session/get-annotation", post(annotate))
}

#[derive(Debug, Deserialize)]
struct AutocompleteQuery {
    filter_type: Option<String>,
    query: Option<String>,
    limit: Option<String>,
}

#[tracing::instrument(skip_all)]
async fn autocomplete(
    State(state): State<AppState>,
    Caller(_key): Caller,
    AppQuery(q): AppQuery<AutocompleteQuery>,
) -> ApiResult<Fj> {
    let filter_type = q
        .filter_type
        .ok_or_else(|| ApiError::bad_request("filter_type is required"))?;
    let prefix = q
        .query
        .ok_or_else(|| ApiError::bad_request("query is required"))?;
    let field = AutocompleteField::parse(&filter_type).ok_or_else(|| {
        ApiError::bad_request(format!(
            "unknown filter_type {filter_type:?}; use one of: {}",
            AutocompleteField::names().join(", ")
        ))
    })?;
    let limit = match q.limit.as_deref().map(str::trim) {
        None | Some("") => 10,
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MAX_SUGGESTIONS).contains(n))
            .ok_or_else(|| {
                ApiError::bad_request(format!("limit must be from 1 to {MAX_SUGGESTIONS}"))
            })?,
    };
    let index = state.index.clone();
    let suggestions =
        tokio::task::spawn_blocking(move || index.autocomplete(field, &prefix, limit))
            .await
            .map_err(|e| ApiError::internal(e.into()))?
            .map_err(|e| ApiError::internal(e.into()))?;
    let list: Vec<_> = suggestions
        .iter()
        .map(|s| json!({"label": s.value, "value": s.value, "count": s.count}))
        .collect();
    Ok(Fj::ok(
        json!({"list": list}),
        "Suggestions fetched successfully",
    ))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AnnotateRequest {
    user_text: Option<String>,
    #[serde(rename = "linkedin_profile_url")]
    _linkedin_profile_url: Option<String>,
}

#[tracing::instrument(skip_all)]
async fn annotate(Caller(_key): Caller, AppJson(body): AppJson<AnnotateRequest>) -> ApiResult<Fj> {
    let text = body
        .user_text
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| ApiError::bad_request("userText is required"))?;
    if text.chars().count() > MAX_JD {
        return Err(ApiError::bad_request(format!(
            "userText is limited to {MAX_JD} characters"
        )));
    }
    let annotation = tokio::task::spawn_blocking(move || sourcer_match::annotate(&text))
        .await
        .map_err(|e| ApiError::internal(e.into()))?;
    Ok(Fj::ok(
        annotation.to_f10(),
        "Annotation generated successfully",
    ))
}
