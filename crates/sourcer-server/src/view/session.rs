//! The session object as FutureJobs clients read it (seed 001's schema).

use serde_json::{Value, json};
use sourcer_engine::session::RunAccepted;
use sourcer_store::Session;

use crate::time::format_rfc3339;

/// `data.session`.
pub fn session_json(s: &Session, project_name: Option<&str>) -> Value {
    let batches: Vec<Value> = s
        .batches
        .iter()
        .map(|b| json!({"batchKey": b.key, "count": b.count, "_id": b.id}))
        .collect();
    let mut v = json!({
        "_id": s.id,
        "sessionTitle": s.title,
        "medium": "MANUAL",
        "jdDetail": {"userText": s.jd_text, "sampleProfileURL": s.sample_profile_url.clone().unwrap_or_default()},
        "queries": s.queries,
        "nuances": s.nuances,
        "redFlags": "",
        "mustHaves": "",
        "additionalNotes": "",
        "createdBy": s.created_by,
        "workspaceId": s.workspace_id,
        "projectId": s.project_id,
        "next_cursor": s.next_cursor.clone().unwrap_or_default(),
        "searchMoreCounter": s.search_more_counter,
        "filterChangesCounter": s.filter_changes_counter,
        "lastCandidatesFetchedAt": s.last_candidates_fetched_at.map(format_rfc3339),
        "profileMatchingStatus": s.status.as_str(),
        "totalProfilesForMatching": s.total_for_matching,
        "totalProfilesMatched": s.total_matched,
        "profileMatchingProvider": s.provider.clone().unwrap_or_else(|| "sourcer".into()),
        "sessionCreditCharged": s.credit_charged,
        "forceRefreshAnalysis": false,
        "isFallback": s.is_fallback,
        "fallbackFilters": s.fallback_filters,
        "hasUsedFinalFallback": s.has_used_final_fallback,
        "totalAvailableProfiles": s.total_available,
        "metadata": {},
        "batches": batches,
        "createdAt": format_rfc3339(s.created_at),
        "updatedAt": format_rfc3339(s.updated_at),
        "__v": s.version,
    });
    if let Some(error) = &s.sourcing_error {
        v["sourcingError"] = json!(error);
    }
    if let Some(name) = project_name {
        v["projectName"] = json!(name);
    }
    v
}

/// `data.sourcing` of create and update, and `data` of fetch-more.
pub fn sourcing_json(run: &RunAccepted, reason: &str) -> Value {
    let s = &run.session;
    json!({
        "total_display_count": run.display_count,
        "next_cursor": s.next_cursor.clone().unwrap_or_default(),
        "fallbackApplied": s.is_fallback,
        "isFallback": s.is_fallback,
        "filterChangesCounter": s.filter_changes_counter,
        "searchMoreCounter": s.search_more_counter,
        "profileMatchingStatus": s.status.as_str(),
        "newProfilesCount": run.display_count,
        "totalAvailableProfiles": run.available,
        "creditInfo": {
            "charged": run.charged > 0,
            "amount": run.charged,
            "reason": reason,
            "remainingCredits": run.remaining_credits,
        },
    })
}

/// One entry of Get Project Sessions.
pub fn session_summary_json(s: &Session, candidates: i64) -> Value {
    json!({
        "_id": s.id,
        "sessionTitle": s.title,
        "jdDetail": {"userText": s.jd_text},
        "projectId": s.project_id,
        "profileMatchingStatus": s.status.as_str(),
        "createdAt": format_rfc3339(s.created_at),
        "updatedAt": format_rfc3339(s.updated_at),
        "totalProfiles": candidates,
    })
}
