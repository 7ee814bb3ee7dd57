//! Settling a session run, fenced by its job's lease: completion (candidates, counters,
//! batch) and failure (error, refund once).

use sourcer_core::ObjectId;
use sourcer_store::{
    JobStatus, Lease, LedgerKind, NewCandidate, OutboxEvent, RunCompletion, Session, SessionBatch,
    StoreError, StoreResult,
};
use sourcer_store_sql::codec::to_json;
use sqlx::PgConnection;

use crate::error::db_err;
use crate::job::settle_job;
use crate::ledger::{self, Movement, job_key};
use crate::outbox::insert_events;
use crate::session_row::{Read, load_session};
use crate::{PgStore, commit};

/// Settles the job and loads its session, refusing a lease that no longer drives the session.
async fn fence(
    conn: &mut PgConnection,
    lease: Lease,
    session_id: &str,
    status: JobStatus,
    error: Option<&str>,
    now: i64,
) -> StoreResult<Session> {
    // The job row first, then the session row: the lock order every use case follows.
    settle_job(conn, lease, status, error, now).await?;
    let session = load_session(conn, None, session_id, Read::Locked).await?;
    // A job that is not the session's latest run must not touch it.
    if session.run_job_id != Some(lease.job_id) {
        return Err(StoreError::StaleLease);
    }
    Ok(session)
}

/// Adds a run's candidates in one array statement.
async fn insert_candidates(
    conn: &mut PgConnection,
    session_id: &str,
    batch: i64,
    candidates: &[NewCandidate],
    now: i64,
) -> StoreResult<()> {
    if candidates.is_empty() {
        return Ok(());
    }
    let ids: Vec<String> = candidates
        .iter()
        .map(|_| ObjectId::new().to_string())
        .collect();
    let pids: Vec<i64> = candidates.iter().map(|c| c.pid).collect();
    let profile_ids: Vec<&str> = candidates.iter().map(|c| c.profile_id.as_str()).collect();
    let ranks: Vec<i64> = candidates.iter().map(|c| c.rank).collect();
    let fit_scores: Vec<f64> = candidates.iter().map(|c| c.fit_score).collect();
    let final_scores: Vec<f64> = candidates.iter().map(|c| c.final_score).collect();
    let analyses = candidates
        .iter()
        .map(|c| to_json(&c.analysis))
        .collect::<StoreResult<Vec<String>>>()?;
    sqlx::query(
        "INSERT INTO session_candidates (id, session_id, pid, profile_id, batch, rank, \
         fit_score, final_score, analysis, created_at) \
         SELECT id, $7, pid, profile_id, $8, rank, fit_score, final_score, analysis, $9 \
         FROM UNNEST($1::TEXT[], $2::BIGINT[], $3::TEXT[], $4::BIGINT[], \
             $5::DOUBLE PRECISION[], $6::DOUBLE PRECISION[], $10::TEXT[]) \
             AS t (id, pid, profile_id, rank, fit_score, final_score, analysis)",
    )
    .bind(ids)
    .bind(pids)
    .bind(profile_ids)
    .bind(ranks)
    .bind(fit_scores)
    .bind(final_scores)
    .bind(session_id)
    .bind(batch)
    .bind(now)
    .bind(analyses)
    .execute(&mut *conn)
    .await
    .map_err(db_err)?;
    Ok(())
}

pub(crate) async fn complete(
    store: &PgStore,
    lease: Lease,
    session_id: &str,
    completion: RunCompletion,
    events: &[OutboxEvent],
) -> StoreResult<Session> {
    let (mut tx, now) = store.begin_write().await?;
    let session = fence(&mut tx, lease, session_id, JobStatus::Done, None, now).await?;
    let batch_number = i64::try_from(session.batches.len()).unwrap_or(i64::MAX - 1) + 1;
    insert_candidates(
        &mut tx,
        session_id,
        batch_number,
        &completion.candidates,
        now,
    )
    .await?;
    let mut batches = session.batches;
    batches.push(SessionBatch {
        id: ObjectId::new(),
        key: completion.batch_key,
        count: i64::try_from(completion.candidates.len()).unwrap_or(i64::MAX),
    });
    sqlx::query(
        "UPDATE sourcing_sessions SET status = 'done', sourcing_error = NULL, next_cursor = $2, \
         total_available = $3, total_for_matching = $4, total_matched = $5, \
         fallback_filters = $6, is_fallback = $7, \
         has_used_final_fallback = (has_used_final_fallback OR $8), batches = $9, \
         last_candidates_fetched_at = $10, updated_at = $10, version = version + 1 \
         WHERE id = $1",
    )
    .bind(session_id)
    .bind(completion.next_cursor.as_deref())
    .bind(completion.total_available)
    .bind(completion.total_for_matching)
    .bind(completion.total_matched)
    .bind(
        completion
            .fallback_filters
            .as_ref()
            .map(to_json)
            .transpose()?,
    )
    .bind(completion.is_fallback)
    .bind(completion.has_used_final_fallback)
    .bind(to_json(&batches)?)
    .bind(now)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    insert_events(&mut tx, &session.workspace_id.to_string(), events, now).await?;
    let session = load_session(&mut tx, None, session_id, Read::Plain).await?;
    commit(tx).await?;
    Ok(session)
}

pub(crate) async fn fail(
    store: &PgStore,
    lease: Lease,
    session_id: &str,
    error: &str,
    events: &[OutboxEvent],
) -> StoreResult<Session> {
    let (mut tx, now) = store.begin_write().await?;
    let session = fence(
        &mut tx,
        lease,
        session_id,
        JobStatus::Failed,
        Some(error),
        now,
    )
    .await?;
    let workspace_id = session.workspace_id.to_string();
    let (charge_key, refund_key) = (
        job_key(lease.job_id, "charge"),
        job_key(lease.job_id, "refund"),
    );
    let charged = ledger::amount_by_dedup_key(&mut tx, &charge_key).await?;
    let refunded = ledger::amount_by_dedup_key(&mut tx, &refund_key).await?;
    if let (Some(amount), None) = (charged, refunded) {
        let movement = Movement {
            kind: LedgerKind::Refund,
            amount,
            reason: "session run failed",
            reference: Some(("session", session_id)),
            dedup_key: Some(&refund_key),
        };
        ledger::apply(&mut tx, &workspace_id, movement, now).await?;
    }
    sqlx::query(
        "UPDATE sourcing_sessions SET status = 'done', sourcing_error = $2, \
         credit_charged = FALSE, updated_at = $3, version = version + 1 WHERE id = $1",
    )
    .bind(session_id)
    .bind(error)
    .bind(now)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    insert_events(&mut tx, &workspace_id, events, now).await?;
    let session = load_session(&mut tx, None, session_id, Read::Plain).await?;
    commit(tx).await?;
    Ok(session)
}
