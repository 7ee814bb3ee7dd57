//! Job rows.

use sourcer_store::{Job, StoreError, StoreResult};

use crate::codec::{from_json, from_ms, from_ms_opt};

/// The `jobs` columns, in `JobRow` order.
pub const JOB_COLUMNS: &str = "id, kind, payload, status, run_at, attempts, max_attempts, locked_by, \
     locked_until, last_error, dedup_key, created_at, updated_at, finished_at";

#[derive(sqlx::FromRow)]
pub struct JobRow {
    id: i64,
    kind: String,
    payload: String,
    status: String,
    run_at: i64,
    attempts: i32,
    max_attempts: i32,
    locked_by: Option<String>,
    locked_until: Option<i64>,
    last_error: Option<String>,
    dedup_key: Option<String>,
    created_at: i64,
    updated_at: i64,
    finished_at: Option<i64>,
}

impl TryFrom<JobRow> for Job {
    type Error = StoreError;

    fn try_from(row: JobRow) -> StoreResult<Job> {
        Ok(Job {
            id: row.id,
            kind: row.kind,
            payload: from_json(&row.payload)?,
            status: row.status.parse()?,
            run_at: from_ms(row.run_at)?,
            attempts: row.attempts,
            max_attempts: row.max_attempts,
            locked_by: row.locked_by,
            locked_until: from_ms_opt(row.locked_until)?,
            last_error: row.last_error,
            dedup_key: row.dedup_key,
            created_at: from_ms(row.created_at)?,
            updated_at: from_ms(row.updated_at)?,
            finished_at: from_ms_opt(row.finished_at)?,
        })
    }
}
