//! Session and candidate rows: column lists, decoding, and the reads the session use cases
//! share.

use sourcer_store::{Candidate, Session, StoreError, StoreResult};
use sqlx::{AssertSqlSafe, PgConnection};

use crate::codec::{from_json, from_json_opt, from_ms, from_ms_opt, object_id};
use crate::error::db_err;

pub(crate) const SESSION_COLUMNS: &str = "id, workspace_id, project_id, created_by, title, \
     jd_text, sample_profile_url, queries, nuances, status, sourcing_error, next_cursor, \
     search_more_counter, filter_changes_counter, total_available, total_for_matching, \
     total_matched, provider, credit_charged, fallback_filters, is_fallback, \
     has_used_final_fallback, batches, run_job_id, last_candidates_fetched_at, created_at, \
     updated_at, version";

/// Candidate columns qualified with the alias `c`, so joins with sessions stay unambiguous.
pub(crate) const CANDIDATE_COLUMNS: &str = "c.id, c.session_id, c.pid, c.profile_id, c.batch, \
     c.rank, c.fit_score, c.final_score, c.analysis, c.created_at";

#[derive(sqlx::FromRow)]
pub(crate) struct SessionRow {
    id: String,
    workspace_id: String,
    project_id: String,
    created_by: String,
    title: String,
    jd_text: String,
    sample_profile_url: Option<String>,
    queries: String,
    nuances: String,
    status: String,
    sourcing_error: Option<String>,
    next_cursor: Option<String>,
    search_more_counter: i64,
    filter_changes_counter: i64,
    total_available: i64,
    total_for_matching: i64,
    total_matched: i64,
    provider: Option<String>,
    credit_charged: bool,
    fallback_filters: Option<String>,
    is_fallback: bool,
    has_used_final_fallback: bool,
    batches: String,
    run_job_id: Option<i64>,
    last_candidates_fetched_at: Option<i64>,
    created_at: i64,
    updated_at: i64,
    version: i64,
}

impl TryFrom<SessionRow> for Session {
    type Error = StoreError;

    fn try_from(row: SessionRow) -> StoreResult<Session> {
        Ok(Session {
            id: object_id(&row.id)?,
            workspace_id: object_id(&row.workspace_id)?,
            project_id: object_id(&row.project_id)?,
            created_by: row.created_by,
            title: row.title,
            jd_text: row.jd_text,
            sample_profile_url: row.sample_profile_url,
            queries: from_json(&row.queries)?,
            nuances: from_json(&row.nuances)?,
            status: row.status.parse()?,
            sourcing_error: row.sourcing_error,
            next_cursor: row.next_cursor,
            search_more_counter: row.search_more_counter,
            filter_changes_counter: row.filter_changes_counter,
            total_available: row.total_available,
            total_for_matching: row.total_for_matching,
            total_matched: row.total_matched,
            provider: row.provider,
            credit_charged: row.credit_charged,
            fallback_filters: from_json_opt(row.fallback_filters.as_deref())?,
            is_fallback: row.is_fallback,
            has_used_final_fallback: row.has_used_final_fallback,
            batches: from_json(&row.batches)?,
            run_job_id: row.run_job_id,
            last_candidates_fetched_at: from_ms_opt(row.last_candidates_fetched_at)?,
            created_at: from_ms(row.created_at)?,
            updated_at: from_ms(row.updated_at)?,
            version: row.version,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct CandidateRow {
    id: String,
    session_id: String,
    pid: i64,
    profile_id: String,
    batch: i64,
    rank: i64,
    fit_score: f64,
    final_score: f64,
    analysis: String,
    created_at: i64,
}

impl TryFrom<CandidateRow> for Candidate {
    type Error = StoreError;

    fn try_from(row: CandidateRow) -> StoreResult<Candidate> {
        Ok(Candidate {
            id: object_id(&row.id)?,
            session_id: object_id(&row.session_id)?,
            pid: row.pid,
            profile_id: row.profile_id,
            batch: row.batch,
            rank: row.rank,
            fit_score: row.fit_score,
            final_score: row.final_score,
            analysis: from_json(&row.analysis)?,
            created_at: from_ms(row.created_at)?,
        })
    }
}

/// How a session is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Read {
    /// A plain read.
    Plain,
    /// Locks the row until the transaction ends: a use case that checks the session's state
    /// before changing it must hold the row, or two nodes could both pass the check.
    Locked,
}

/// The session with this id, scoped to `workspace_id` when given (a run's lease already
/// proves its authority, so run completions read it unscoped).
pub(crate) async fn load_session(
    conn: &mut PgConnection,
    workspace_id: Option<&str>,
    id: &str,
    read: Read,
) -> StoreResult<Session> {
    let lock = match read {
        Read::Plain => "",
        Read::Locked => " FOR NO KEY UPDATE",
    };
    let sql = format!(
        "SELECT {SESSION_COLUMNS} FROM sourcing_sessions \
         WHERE id = $1 AND ($2::TEXT IS NULL OR workspace_id = $2){lock}"
    );
    let row: Option<SessionRow> = sqlx::query_as(AssertSqlSafe(sql))
        .bind(id)
        .bind(workspace_id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db_err)?;
    row.ok_or(StoreError::NotFound)?.try_into()
}
