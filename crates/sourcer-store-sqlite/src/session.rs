//! Sourcing sessions on SQLite: the use cases that start runs (each charges and enqueues in
//! the same transaction) and the session and candidate reads.

use std::collections::HashMap;

use async_trait::async_trait;
use sourcer_core::ObjectId;
use sourcer_store::{
    Candidate, CandidatePage, Lease, LedgerKind, NewSession, OutboxEvent, RunCompletion, RunStart,
    Session, SessionPatch, SessionStore, SessionSummary, StartedRun, StoreError, StoreResult,
};
use sourcer_store_sql::session::{
    CANDIDATE_COLUMNS, CandidateRow, SESSION_COLUMNS, SessionRow, ensure_idle,
};
use sqlx::{AssertSqlSafe, SqliteConnection};

use crate::codec::{now_ms, to_json};
use crate::error::db_err;
use crate::job::insert_job;
use crate::ledger::{self, Movement, job_key};
use crate::session_row::load_session;
use crate::{SqliteStore, commit, session_run};

/// Enqueues the run's job and charges for it; returns the job id and the balance.
async fn start_run(
    conn: &mut SqliteConnection,
    workspace_id: &str,
    session_id: &str,
    run: &RunStart,
    reason: &str,
    now: i64,
) -> StoreResult<(i64, sourcer_store::Balance)> {
    sourcer_store::check_amount(run.cost)?;
    let job_id = insert_job(conn, &run.job, now).await?;
    // Keyed by the job: the run's refund finds its charge, and neither can happen twice.
    let charge_key = job_key(job_id, "charge");
    let movement = Movement {
        kind: LedgerKind::Charge,
        amount: run.cost,
        reason,
        reference: Some(("session", session_id)),
        dedup_key: Some(&charge_key),
    };
    let balance = ledger::apply(conn, workspace_id, movement, now).await?;
    Ok((job_id, balance))
}

#[async_trait]
impl SessionStore for SqliteStore {
    #[tracing::instrument(skip_all, fields(session.id = %session.id))]
    async fn create_session(&self, session: NewSession, run: RunStart) -> StoreResult<StartedRun> {
        let now = now_ms();
        let (id, workspace_id) = (session.id.to_string(), session.workspace_id.to_string());
        let mut tx = self.begin_write().await?;
        let project: Option<String> =
            sqlx::query_scalar("SELECT id FROM projects WHERE id = $1 AND workspace_id = $2")
                .bind(session.project_id.to_string())
                .bind(&workspace_id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_err)?;
        project.ok_or(StoreError::NotFound)?;
        let (job_id, balance) =
            start_run(&mut tx, &workspace_id, &id, &run, "session created", now).await?;
        sqlx::query(
            "INSERT INTO sourcing_sessions (id, workspace_id, project_id, created_by, title, \
             jd_text, sample_profile_url, queries, nuances, status, provider, credit_charged, \
             run_job_id, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'processing', $10, $11, $12, $13, $13)",
        )
        .bind(&id)
        .bind(&workspace_id)
        .bind(session.project_id.to_string())
        .bind(&session.created_by)
        .bind(&session.title)
        .bind(&session.jd_text)
        .bind(session.sample_profile_url.as_deref())
        .bind(to_json(&session.queries)?)
        .bind(to_json(&session.nuances)?)
        .bind(session.provider.as_deref())
        .bind(run.cost > 0)
        .bind(job_id)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let session = load_session(&mut tx, None, &id).await?;
        commit(tx).await?;
        Ok(StartedRun {
            session,
            job_id,
            balance,
        })
    }

    async fn get_session(&self, workspace_id: ObjectId, id: ObjectId) -> StoreResult<Session> {
        let mut conn = self.reader().acquire().await.map_err(db_err)?;
        load_session(&mut conn, Some(&workspace_id.to_string()), &id.to_string()).await
    }

    async fn list_project_sessions(
        &self,
        workspace_id: ObjectId,
        project_id: ObjectId,
    ) -> StoreResult<Vec<SessionSummary>> {
        let (workspace_id, project_id) = (workspace_id.to_string(), project_id.to_string());
        // A read transaction, so the counts belong to the same snapshot as the sessions.
        let mut conn = self.reader().begin().await.map_err(db_err)?;
        let sql = format!(
            "SELECT {SESSION_COLUMNS} FROM sourcing_sessions \
             WHERE workspace_id = $1 AND project_id = $2 ORDER BY created_at DESC, id DESC"
        );
        let rows: Vec<SessionRow> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(&workspace_id)
            .bind(&project_id)
            .fetch_all(&mut *conn)
            .await
            .map_err(db_err)?;
        let counts: HashMap<String, i64> = sqlx::query_as(
            "SELECT c.session_id, COUNT(*) FROM session_candidates c \
             JOIN sourcing_sessions s ON s.id = c.session_id \
             WHERE s.workspace_id = $1 AND s.project_id = $2 GROUP BY c.session_id",
        )
        .bind(&workspace_id)
        .bind(&project_id)
        .fetch_all(&mut *conn)
        .await
        .map_err(db_err)?
        .into_iter()
        .collect();
        rows.into_iter()
            .map(|row| {
                let session = Session::try_from(row)?;
                let candidate_count = counts.get(&session.id.to_string()).copied().unwrap_or(0);
                Ok(SessionSummary {
                    session,
                    candidate_count,
                })
            })
            .collect()
    }

    #[tracing::instrument(skip_all, fields(session.id = %id))]
    async fn start_fetch_more(
        &self,
        workspace_id: ObjectId,
        id: ObjectId,
        run: RunStart,
    ) -> StoreResult<StartedRun> {
        let now = now_ms();
        let (id, workspace_id) = (id.to_string(), workspace_id.to_string());
        let mut tx = self.begin_write().await?;
        ensure_idle(&load_session(&mut tx, Some(&workspace_id), &id).await?)?;
        let (job_id, balance) =
            start_run(&mut tx, &workspace_id, &id, &run, "fetch more", now).await?;
        sqlx::query(
            "UPDATE sourcing_sessions SET status = 'fetching_more', sourcing_error = NULL, \
             search_more_counter = search_more_counter + 1, credit_charged = $2, \
             run_job_id = $3, updated_at = $4, version = version + 1 WHERE id = $1",
        )
        .bind(&id)
        .bind(run.cost > 0)
        .bind(job_id)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let session = load_session(&mut tx, None, &id).await?;
        commit(tx).await?;
        Ok(StartedRun {
            session,
            job_id,
            balance,
        })
    }

    #[tracing::instrument(skip_all, fields(session.id = %id))]
    async fn update_session(
        &self,
        workspace_id: ObjectId,
        id: ObjectId,
        patch: SessionPatch,
        run: RunStart,
    ) -> StoreResult<StartedRun> {
        let now = now_ms();
        let (id, workspace_id) = (id.to_string(), workspace_id.to_string());
        let mut tx = self.begin_write().await?;
        let old = load_session(&mut tx, Some(&workspace_id), &id).await?;
        ensure_idle(&old)?;
        let filters_changed = patch.queries.as_ref().is_some_and(|q| *q != old.queries)
            || patch.nuances.as_ref().is_some_and(|n| *n != old.nuances);
        let (job_id, balance) =
            start_run(&mut tx, &workspace_id, &id, &run, "session updated", now).await?;
        // New filters invalidate the cursor and fallback state computed for the old ones.
        sqlx::query(
            "UPDATE sourcing_sessions SET title = $2, jd_text = $3, sample_profile_url = $4, \
             queries = $5, nuances = $6, status = 'processing', sourcing_error = NULL, \
             filter_changes_counter = filter_changes_counter + $7, \
             next_cursor = CASE WHEN $7 = 1 THEN NULL ELSE next_cursor END, \
             fallback_filters = CASE WHEN $7 = 1 THEN NULL ELSE fallback_filters END, \
             is_fallback = CASE WHEN $7 = 1 THEN FALSE ELSE is_fallback END, \
             has_used_final_fallback = \
                 CASE WHEN $7 = 1 THEN FALSE ELSE has_used_final_fallback END, \
             credit_charged = $8, run_job_id = $9, updated_at = $10, version = version + 1 \
             WHERE id = $1",
        )
        .bind(&id)
        .bind(patch.title.as_ref().unwrap_or(&old.title))
        .bind(patch.jd_text.as_ref().unwrap_or(&old.jd_text))
        .bind(
            patch
                .sample_profile_url
                .as_ref()
                .or(old.sample_profile_url.as_ref()),
        )
        .bind(to_json(patch.queries.as_ref().unwrap_or(&old.queries))?)
        .bind(to_json(patch.nuances.as_ref().unwrap_or(&old.nuances))?)
        .bind(i64::from(filters_changed))
        .bind(run.cost > 0)
        .bind(job_id)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let session = load_session(&mut tx, None, &id).await?;
        commit(tx).await?;
        Ok(StartedRun {
            session,
            job_id,
            balance,
        })
    }

    async fn complete_session_run(
        &self,
        lease: Lease,
        session_id: ObjectId,
        completion: RunCompletion,
        events: Vec<OutboxEvent>,
    ) -> StoreResult<Session> {
        session_run::complete(self, lease, &session_id.to_string(), completion, &events).await
    }

    async fn fail_session_run(
        &self,
        lease: Lease,
        session_id: ObjectId,
        error: &str,
        events: Vec<OutboxEvent>,
    ) -> StoreResult<Session> {
        session_run::fail(self, lease, &session_id.to_string(), error, &events).await
    }

    async fn session_pids(&self, workspace_id: ObjectId, id: ObjectId) -> StoreResult<Vec<i64>> {
        let id = id.to_string();
        let mut conn = self.reader().acquire().await.map_err(db_err)?;
        load_session(&mut conn, Some(&workspace_id.to_string()), &id).await?;
        sqlx::query_scalar("SELECT pid FROM session_candidates WHERE session_id = $1 ORDER BY pid")
            .bind(&id)
            .fetch_all(&mut *conn)
            .await
            .map_err(db_err)
    }

    async fn list_candidates(
        &self,
        workspace_id: ObjectId,
        session_id: ObjectId,
        page: u32,
        limit: u32,
    ) -> StoreResult<CandidatePage> {
        let session_id = session_id.to_string();
        // A read transaction, so `total` and the page come from one snapshot.
        let mut conn = self.reader().begin().await.map_err(db_err)?;
        load_session(&mut conn, Some(&workspace_id.to_string()), &session_id).await?;
        let total: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM session_candidates WHERE session_id = $1")
                .bind(&session_id)
                .fetch_one(&mut *conn)
                .await
                .map_err(db_err)?;
        let offset = i64::from(page.max(1) - 1) * i64::from(limit);
        let sql = format!(
            "SELECT {CANDIDATE_COLUMNS} FROM session_candidates c WHERE c.session_id = $1 \
             ORDER BY c.fit_score DESC, c.rank, c.id LIMIT $2 OFFSET $3"
        );
        let rows: Vec<CandidateRow> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(&session_id)
            .bind(i64::from(limit))
            .bind(offset)
            .fetch_all(&mut *conn)
            .await
            .map_err(db_err)?;
        let candidates = rows
            .into_iter()
            .map(Candidate::try_from)
            .collect::<StoreResult<_>>()?;
        Ok(CandidatePage { candidates, total })
    }

    async fn get_candidate(
        &self,
        workspace_id: ObjectId,
        session_id: ObjectId,
        candidate_id: ObjectId,
    ) -> StoreResult<Candidate> {
        let sql = format!(
            "SELECT {CANDIDATE_COLUMNS} FROM session_candidates c \
             JOIN sourcing_sessions s ON s.id = c.session_id \
             WHERE c.id = $1 AND c.session_id = $2 AND s.workspace_id = $3"
        );
        let row: Option<CandidateRow> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(candidate_id.to_string())
            .bind(session_id.to_string())
            .bind(workspace_id.to_string())
            .fetch_optional(self.reader())
            .await
            .map_err(db_err)?;
        row.ok_or(StoreError::NotFound)?.try_into()
    }
}
