//! Session and candidate rows: column lists and decoding.

use sourcer_store::{Candidate, Session, SessionStatus, StoreError, StoreResult};

use crate::codec::{from_json, from_json_opt, from_ms, from_ms_opt, object_id};

/// The `sourcing_sessions` columns, in `SessionRow` order.
pub const SESSION_COLUMNS: &str = "id, workspace_id, project_id, created_by, title, \
     jd_text, sample_profile_url, queries, nuances, status, sourcing_error, next_cursor, \
     search_more_counter, filter_changes_counter, total_available, total_for_matching, \
     total_matched, provider, credit_charged, fallback_filters, is_fallback, \
     has_used_final_fallback, batches, run_job_id, last_candidates_fetched_at, created_at, \
     updated_at, version";

/// Candidate columns qualified with the alias `c`, so joins with sessions stay unambiguous.
pub const CANDIDATE_COLUMNS: &str = "c.id, c.session_id, c.pid, c.profile_id, c.batch, \
     c.rank, c.fit_score, c.final_score, c.analysis, c.created_at";

#[derive(sqlx::FromRow)]
pub struct SessionRow {
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
pub struct CandidateRow {
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

/// Refuses to start a run while another one is in flight.
pub fn ensure_idle(session: &Session) -> StoreResult<()> {
    match session.status {
        SessionStatus::Done => Ok(()),
        SessionStatus::Processing | SessionStatus::FetchingMore => {
            Err(StoreError::Conflict("the session is still running"))
        }
    }
}
