//! A session's candidates: Get Profiles for Session (F4) and Get Candidate Details (F8).

use std::collections::HashMap;

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use serde::Deserialize;
use serde_json::{Value, json};
use sourcer_core::{ObjectId, Profile};
use sourcer_store::{ApiKey, Candidate};

use crate::AppState;
use crate::auth::Caller;
use crate::envelope::Fj;
use crate::error::{ApiError, ApiResult};
use crate::extract::{AppPath, AppQuery};
use crate::routes::session::parse_id;
use crate::view::profile::{Revealed, candidate_details, profile_doc};

const MAX_LIMIT: u32 = 200;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sourcing-session/{id}/profiles", get(list_profiles))
        .route(
            "/sourcing-session/candidate/{candidate_id}/details",
            get(candidate),
        )
}

#[derive(Debug, Deserialize)]
struct PageQuery {
    page: Option<String>,
    limit: Option<String>,
}

fn positive(value: Option<&str>, name: &str, default: u32, max: u32) -> ApiResult<u32> {
    let Some(text) = value.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(default);
    };
    match text.parse::<u32>() {
        Ok(n) if n >= 1 && n <= max => Ok(n),
        _ => Err(ApiError::bad_request(format!(
            "{name} must be a whole number from 1 to {max}"
        ))),
    }
}

async fn profiles_of(
    state: &AppState,
    key: &ApiKey,
    candidates: &[Candidate],
) -> ApiResult<(HashMap<i64, Profile>, HashMap<i64, Revealed>)> {
    let pids: Vec<i64> = candidates.iter().map(|c| c.pid).collect();
    let mut profiles = HashMap::new();
    for row in state.store.profiles_by_pids(&pids).await? {
        let profile: Profile = serde_json::from_str(&row.data)
            .map_err(|e| anyhow::Error::new(e).context("stored profile"))?;
        profiles.insert(row.pid, profile);
    }
    let mut kinds: HashMap<i64, Vec<_>> = HashMap::new();
    for r in state
        .store
        .revealed_contacts(key.workspace_id, &pids)
        .await?
    {
        kinds.entry(r.pid).or_default().push(r.kind);
    }
    let revealed = kinds
        .into_iter()
        .map(|(pid, k)| (pid, Revealed::from_kinds(k.into_iter())))
        .collect();
    Ok((profiles, revealed))
}

#[tracing::instrument(skip_all, fields(session.id = %id))]
async fn list_profiles(
    State(state): State<AppState>,
    Caller(key): Caller,
    AppPath(id): AppPath<String>,
    AppQuery(q): AppQuery<PageQuery>,
) -> ApiResult<Fj> {
    let session_id = parse_id(&id, "Session")?;
    let page = positive(q.page.as_deref(), "page", 1, u32::MAX)?;
    let limit = positive(q.limit.as_deref(), "limit", 20, MAX_LIMIT)?;
    let found = state
        .store
        .list_candidates(key.workspace_id, session_id, page, limit)
        .await?;
    let (profiles, revealed) = profiles_of(&state, &key, &found.candidates).await?;
    let docs: Vec<Value> = found
        .candidates
        .iter()
        .filter_map(|c| {
            Some(profile_doc(
                c,
                profiles.get(&c.pid)?,
                revealed.get(&c.pid).copied().unwrap_or_default(),
            ))
        })
        .collect();
    let total = found.total.max(0) as u64;
    let total_pages = total.div_ceil(u64::from(limit));
    let page64 = u64::from(page);
    let data = json!({
        "docs": docs,
        "totalDocs": total,
        "limit": limit,
        "page": page,
        "totalPages": total_pages,
        "pagingCounter": (page64 - 1) * u64::from(limit) + 1,
        "hasPrevPage": page > 1,
        "hasNextPage": page64 < total_pages,
        "prevPage": (page > 1).then(|| page - 1),
        "nextPage": (page64 < total_pages).then(|| page + 1),
    });
    Ok(Fj::ok(data, "Profiles fetched successfully"))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DetailsQuery {
    session_id: Option<String>,
}

#[tracing::instrument(skip_all, fields(candidate.id = %candidate_id))]
async fn candidate(
    State(state): State<AppState>,
    Caller(key): Caller,
    AppPath(candidate_id): AppPath<String>,
    AppQuery(q): AppQuery<DetailsQuery>,
) -> ApiResult<Fj> {
    let session_id = q
        .session_id
        .ok_or_else(|| ApiError::bad_request("sessionId is required"))?;
    let session_id: ObjectId = parse_id(&session_id, "Session")?;
    let candidate_id = parse_id(&candidate_id, "Candidate")?;
    let candidate = state
        .store
        .get_candidate(key.workspace_id, session_id, candidate_id)
        .await
        .map_err(|_| ApiError::not_found("Candidate"))?;
    let (profiles, revealed) = profiles_of(&state, &key, std::slice::from_ref(&candidate)).await?;
    let profile = profiles
        .get(&candidate.pid)
        .ok_or_else(|| ApiError::not_found("Candidate"))?;
    let data = candidate_details(
        &candidate,
        profile,
        revealed.get(&candidate.pid).copied().unwrap_or_default(),
    );
    Ok(Fj::ok(data, "Candidate details fetched successfully"))
}
