//! Authentication: the API key from `x-fj-api-key`, or `Authorization` (raw or `Bearer`), as
//! the FutureJobs and InstaView clients send it. Any failure is the same 401.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use sourcer_store::ApiKey;

use crate::AppState;
use crate::error::ApiError;

/// The authenticated caller: an active key and the project and workspace it belongs to.
#[derive(Debug, Clone)]
pub struct Caller(pub ApiKey);

fn presented_key(parts: &Parts) -> Option<&str> {
    let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(key) = header("x-fj-api-key").filter(|k| !k.trim().is_empty()) {
        return Some(key);
    }
    let auth = header("authorization")?.trim();
    let key = match auth.split_once(' ') {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => rest.trim(),
        _ => auth,
    };
    (!key.is_empty()).then_some(key)
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let key = presented_key(parts).ok_or_else(ApiError::unauthorized)?;
        match sourcer_engine::keys::authenticate(&*state.store, key).await? {
            Some(key) => Ok(Caller(key)),
            None => Err(ApiError::unauthorized()),
        }
    }
}
