//! Reveal Contact (F7): everything is in the query string; `data` always lists both contact
//! types, with only the requested one filled in.

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde::Deserialize;
use serde_json::json;
use sourcer_store::ContactKind;

use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::AppQuery;
use crate::routes::session::parse_id;

pub fn router() -> Router<AppState> {
    Router::new().route("/sourcing-session/contact/reveal", post(reveal_contact))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RevealQuery {
    sourcing_session_id: Option<String>,
    #[serde(rename = "linkedin_profile_url")]
    linkedin_profile_url: Option<String>,
    reveal_type: Option<String>,
}

fn required<'a>(value: &'a Option<String>, name: &str) -> ApiResult<&'a str> {
    value
        .as_deref()
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| ApiError::bad_request(format!("{name} is required")))
}

#[tracing::instrument(skip_all)]
async fn reveal_contact(
    State(state): State<AppState>,
    Caller(key): Caller,
    AppQuery(q): AppQuery<RevealQuery>,
) -> ApiResult<Response> {
    let session_id = parse_id(
        required(&q.sourcing_session_id, "sourcingSessionId")?,
        "Session",
    )?;
    let url = required(&q.linkedin_profile_url, "linkedin_profile_url")?;
    let kind = match required(&q.reveal_type, "revealType")?
        .trim()
        .to_ascii_uppercase()
        .as_str()
    {
        "EMAIL" => ContactKind::Email,
        "PHONE" => ContactKind::Phone,
        other => {
            return Err(ApiError::bad_request(format!(
                "revealType must be EMAIL or PHONE, not {other:?}"
            )));
        }
    };
    let revealed = state.reveal_contact(&key, session_id, url, kind).await?;
    let entry = |k: ContactKind| {
        if k == kind {
            json!({"type": k.as_str(), "values": revealed.values, "status": "FOUND"})
        } else {
            json!({"type": k.as_str(), "values": [], "status": null})
        }
    };
    let message = match kind {
        ContactKind::Email => "Email revealed successfully",
        ContactKind::Phone => "Phone revealed successfully",
    };
    let body = json!({
        "statusCode": 200,
        "data": [entry(ContactKind::Email), entry(ContactKind::Phone)],
        "message": message,
        "status": "SUCCESS",
        "creditInfo": {
            "charged": revealed.charged,
            "amount": revealed.amount,
            "reason": if revealed.charged { "Contact Revealed" } else { "Already revealed in this workspace" },
            "remainingCredits": revealed.remaining_credits,
        },
    });
    Ok(axum::Json(body).into_response())
}
