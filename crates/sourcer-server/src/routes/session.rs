//! Sourcing sessions (F1 create, F2 details, F3 project sessions, F5 fetch-more, F6 update).

use axum::Router;
use axum::extract::State;
use axum::routing::{get, patch, post};
use serde::Deserialize;
use serde_json::{Value, json};
use sourcer_core::ObjectId;
use sourcer_engine::session::{CreateSession, UpdateSession};

use crate::AppState;
use crate::auth::Caller;
use crate::envelope::Fj;
use crate::error::{ApiError, ApiResult};
use crate::extract::{AppJson, AppPath};
use crate::view::session::{session_json, session_summary_json, sourcing_json};

const MAX_TITLE: usize = 300;
const MAX_JD: usize = 20_000;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sourcing-session", post(create_session))
        .route("/sourcing-session/{id}", get(get_session))
        .route("/sourcing-session/{id}/fetch-more", post(fetch_more))
        .route(
            "/sourcing-session/update-session/{id}",
            patch(update_session),
        )
        .route("/projects/sessions", get(list_project_sessions))
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct JdDetail {
    user_text: Option<String>,
    #[serde(rename = "sampleProfileURL")]
    sample_profile_url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SessionRequest {
    session_title: Option<String>,
    jd_detail: Option<JdDetail>,
    queries: Option<Value>,
    nuances: Option<Vec<String>>,
}

impl SessionRequest {
    fn check_lengths(&self) -> ApiResult<()> {
        if self
            .session_title
            .as_ref()
            .is_some_and(|t| t.chars().count() > MAX_TITLE)
        {
            return Err(ApiError::bad_request(format!(
                "sessionTitle is limited to {MAX_TITLE} characters"
            )));
        }
        let jd = self.jd_detail.as_ref().and_then(|d| d.user_text.as_ref());
        if jd.is_some_and(|t| t.chars().count() > MAX_JD) {
            return Err(ApiError::bad_request(format!(
                "jdDetail.userText is limited to {MAX_JD} characters"
            )));
        }
        Ok(())
    }
}

/// Unknown ids and ids of other workspaces answer the same 404.
pub fn parse_id(id: &str, what: &str) -> ApiResult<ObjectId> {
    id.parse().map_err(|_| ApiError::not_found(what))
}

#[tracing::instrument(skip_all)]
async fn create_session(
    State(state): State<AppState>,
    Caller(key): Caller,
    AppJson(body): AppJson<SessionRequest>,
) -> ApiResult<Fj> {
    body.check_lengths()?;
    let queries = body
        .queries
        .ok_or_else(|| ApiError::bad_request("queries is required"))?;
    let jd = body.jd_detail.unwrap_or_default();
    let input = CreateSession {
        title: body.session_title,
        jd_text: jd.user_text,
        sample_profile_url: jd.sample_profile_url.filter(|u| !u.is_empty()),
        queries,
        nuances: body.nuances.unwrap_or_default(),
    };
    let run = state.create_session(&key, input).await?;
    let data = json!({
        "session": session_json(&run.session, None),
        "sourcing": sourcing_json(&run, "Sourcing Session Created"),
    });
    Ok(Fj::created(data, "Session created successfully"))
}

#[tracing::instrument(skip_all, fields(session.id = %id))]
async fn get_session(
    State(state): State<AppState>,
    Caller(key): Caller,
    AppPath(id): AppPath<String>,
) -> ApiResult<Fj> {
    let session = state.get_session(&key, parse_id(&id, "Session")?).await?;
    let project = state
        .store
        .get_project(key.workspace_id, session.project_id)
        .await
        .ok();
    let data =
        json!({"session": session_json(&session, project.as_ref().map(|p| p.name.as_str()))});
    Ok(Fj::ok(data, "Session fetched successfully"))
}

#[tracing::instrument(skip_all, fields(session.id = %id))]
async fn fetch_more(
    State(state): State<AppState>,
    Caller(key): Caller,
    AppPath(id): AppPath<String>,
    AppJson(_body): AppJson<Value>,
) -> ApiResult<Fj> {
    let run = state.fetch_more(&key, parse_id(&id, "Session")?).await?;
    Ok(Fj::ok(
        sourcing_json(&run, "Sourcing Session - Fetched More Profiles"),
        "Fetching more profiles",
    ))
}

#[tracing::instrument(skip_all, fields(session.id = %id))]
async fn update_session(
    State(state): State<AppState>,
    Caller(key): Caller,
    AppPath(id): AppPath<String>,
    AppJson(body): AppJson<SessionRequest>,
) -> ApiResult<Fj> {
    body.check_lengths()?;
    let jd = body.jd_detail.unwrap_or_default();
    let input = UpdateSession {
        title: body.session_title,
        jd_text: jd.user_text,
        sample_profile_url: jd.sample_profile_url,
        queries: body.queries,
        nuances: body.nuances,
    };
    let run = state
        .update_session(&key, parse_id(&id, "Session")?, input)
        .await?;
    let data = json!({
        "session": session_json(&run.session, None),
        "sourcing": sourcing_json(&run, "Sourcing Session Updated"),
    });
    Ok(Fj::ok(data, "Session updated successfully"))
}

#[tracing::instrument(skip_all)]
async fn list_project_sessions(
    State(state): State<AppState>,
    Caller(key): Caller,
) -> ApiResult<Fj> {
    let sessions = state
        .store
        .list_project_sessions(key.workspace_id, key.project_id)
        .await?;
    let data: Vec<Value> = sessions
        .iter()
        .map(|s| session_summary_json(&s.session, s.candidate_count))
        .collect();
    Ok(Fj::ok(json!(data), "Project sessions fetched successfully"))
}
