//! Preview run rows.

use sourcer_store::{PreviewRun, StoreError, StoreResult};

use crate::codec::{from_json, from_json_opt, from_ms, from_ms_opt, object_id, uuid_opt};

/// The `preview_runs` columns, in `PreviewRow` order.
pub const PREVIEW_COLUMNS: &str = "id, workspace_id, project_id, request, result_limit, status, \
     held, captured, result, error_code, error_message, webhook_id, job_id, created_at, \
     completed_at";

#[derive(sqlx::FromRow)]
pub struct PreviewRow {
    id: String,
    workspace_id: String,
    project_id: String,
    request: String,
    result_limit: i64,
    status: String,
    held: i64,
    captured: i64,
    result: Option<String>,
    error_code: Option<String>,
    error_message: Option<String>,
    webhook_id: Option<String>,
    job_id: i64,
    created_at: i64,
    completed_at: Option<i64>,
}

impl TryFrom<PreviewRow> for PreviewRun {
    type Error = StoreError;

    fn try_from(row: PreviewRow) -> StoreResult<PreviewRun> {
        Ok(PreviewRun {
            id: row.id,
            workspace_id: object_id(&row.workspace_id)?,
            project_id: object_id(&row.project_id)?,
            request: from_json(&row.request)?,
            limit: row.result_limit,
            status: row.status.parse()?,
            held: row.held,
            captured: row.captured,
            result: from_json_opt(row.result.as_deref())?,
            error_code: row.error_code,
            error_message: row.error_message,
            webhook_id: uuid_opt(row.webhook_id.as_deref())?,
            job_id: row.job_id,
            created_at: from_ms(row.created_at)?,
            completed_at: from_ms_opt(row.completed_at)?,
        })
    }
}
