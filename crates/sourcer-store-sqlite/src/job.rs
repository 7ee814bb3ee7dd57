//! The job queue on SQLite: claims are one `UPDATE ... RETURNING` inside `BEGIN IMMEDIATE`
//! (a single writer needs no `SKIP LOCKED`), completions are fenced by `(id, attempts)`.

use std::time::Duration;

use async_trait::async_trait;
use sourcer_store::{Job, JobCounts, JobStatus, JobStore, Lease, NewJob, StoreError, StoreResult};
use sourcer_store_sql::job::{JOB_COLUMNS, JobRow};
use sqlx::{AssertSqlSafe, SqliteConnection};
use time::OffsetDateTime;

use crate::codec::{duration_ms, now_ms, to_json, to_ms};
use crate::error::db_err;
use crate::{SqliteStore, commit};

/// Enqueues `job` inside the caller's transaction; returns its id.
pub(crate) async fn insert_job(
    conn: &mut SqliteConnection,
    job: &NewJob,
    now: i64,
) -> StoreResult<i64> {
    if job.max_attempts < 1 {
        return Err(StoreError::Conflict("a job needs at least one attempt"));
    }
    sqlx::query_scalar(
        "INSERT INTO jobs (kind, payload, status, run_at, attempts, max_attempts, dedup_key, \
         created_at, updated_at) VALUES ($1, $2, 'queued', $3, 0, $4, $5, $6, $6) RETURNING id",
    )
    .bind(&job.kind)
    .bind(to_json(&job.payload)?)
    .bind(job.run_at.map_or(now, to_ms))
    .bind(job.max_attempts)
    .bind(job.dedup_key.as_deref())
    .bind(now)
    .fetch_one(&mut *conn)
    .await
    .map_err(db_err)
}

/// Moves a job the lease still holds to a final status; `StaleLease` if the lease is lost.
pub(crate) async fn settle_job(
    conn: &mut SqliteConnection,
    lease: Lease,
    status: JobStatus,
    error: Option<&str>,
    now: i64,
) -> StoreResult<()> {
    let settled = sqlx::query(
        "UPDATE jobs SET status = $3, last_error = COALESCE($4, last_error), \
         locked_until = NULL, finished_at = $5, updated_at = $5 \
         WHERE id = $1 AND attempts = $2 AND status = 'running'",
    )
    .bind(lease.job_id)
    .bind(lease.attempt)
    .bind(status.as_str())
    .bind(error)
    .bind(now)
    .execute(&mut *conn)
    .await
    .map_err(db_err)?;
    if settled.rows_affected() == 0 {
        return Err(StoreError::StaleLease);
    }
    Ok(())
}

#[async_trait]
impl JobStore for SqliteStore {
    async fn enqueue_job(&self, job: NewJob) -> StoreResult<i64> {
        let mut tx = self.begin_write().await?;
        let id = insert_job(&mut tx, &job, now_ms()).await?;
        commit(tx).await?;
        Ok(id)
    }

    #[tracing::instrument(skip_all, fields(job.worker = worker))]
    async fn claim_job(
        &self,
        kinds: &[&str],
        worker: &str,
        lease_for: Duration,
    ) -> StoreResult<Option<Job>> {
        let kind_filter = if kinds.is_empty() {
            String::new()
        } else {
            let placeholders: Vec<String> =
                (0..kinds.len()).map(|i| format!("${}", i + 4)).collect();
            format!("AND kind IN ({})", placeholders.join(", "))
        };
        // Due queued jobs and expired leases are both claimable: the latter is crash recovery.
        let sql = format!(
            "UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = $1, \
             locked_until = $2, updated_at = $3 \
             WHERE id = (SELECT id FROM jobs \
                 WHERE ((status = 'queued' AND run_at <= $3) \
                     OR (status = 'running' AND locked_until <= $3)) {kind_filter} \
                 ORDER BY run_at, id LIMIT 1) \
             RETURNING {JOB_COLUMNS}"
        );
        let now = now_ms();
        let mut query = sqlx::query_as::<_, JobRow>(AssertSqlSafe(sql))
            .bind(worker)
            .bind(now.saturating_add(duration_ms(lease_for)))
            .bind(now);
        for kind in kinds {
            query = query.bind(*kind);
        }
        let mut tx = self.begin_write().await?;
        let row = query.fetch_optional(&mut *tx).await.map_err(db_err)?;
        commit(tx).await?;
        row.map(Job::try_from).transpose()
    }

    async fn extend_job_lease(&self, lease: Lease, lease_for: Duration) -> StoreResult<()> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let extended = sqlx::query(
            "UPDATE jobs SET locked_until = $3, updated_at = $4 \
             WHERE id = $1 AND attempts = $2 AND status = 'running'",
        )
        .bind(lease.job_id)
        .bind(lease.attempt)
        .bind(now.saturating_add(duration_ms(lease_for)))
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        if extended.rows_affected() == 0 {
            return Err(StoreError::StaleLease);
        }
        commit(tx).await
    }

    async fn finish_job(&self, lease: Lease) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        settle_job(&mut tx, lease, JobStatus::Done, None, now_ms()).await?;
        commit(tx).await
    }

    async fn retry_job(
        &self,
        lease: Lease,
        error: &str,
        run_at: OffsetDateTime,
    ) -> StoreResult<JobStatus> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let status: Option<String> = sqlx::query_scalar(
            "UPDATE jobs SET \
                 status = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END, \
                 finished_at = CASE WHEN attempts >= max_attempts THEN $5 ELSE NULL END, \
                 run_at = $3, last_error = $4, locked_until = NULL, updated_at = $5 \
             WHERE id = $1 AND attempts = $2 AND status = 'running' RETURNING status",
        )
        .bind(lease.job_id)
        .bind(lease.attempt)
        .bind(to_ms(run_at))
        .bind(error)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        let status = status.ok_or(StoreError::StaleLease)?.parse()?;
        commit(tx).await?;
        Ok(status)
    }

    async fn fail_job(&self, lease: Lease, error: &str) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        settle_job(&mut tx, lease, JobStatus::Failed, Some(error), now_ms()).await?;
        commit(tx).await
    }

    async fn get_job(&self, id: i64) -> StoreResult<Job> {
        let sql = format!("SELECT {JOB_COLUMNS} FROM jobs WHERE id = $1");
        let row: Option<JobRow> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(self.reader())
            .await
            .map_err(db_err)?;
        row.ok_or(StoreError::NotFound)?.try_into()
    }

    async fn list_dead_jobs(&self, limit: u32) -> StoreResult<Vec<Job>> {
        let sql = format!(
            "SELECT {JOB_COLUMNS} FROM jobs WHERE status = 'dead' \
             ORDER BY finished_at DESC, id DESC LIMIT $1"
        );
        let rows: Vec<JobRow> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(i64::from(limit))
            .fetch_all(self.reader())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(Job::try_from).collect()
    }

    async fn requeue_dead_job(&self, id: i64, extra_attempts: i32) -> StoreResult<Job> {
        if extra_attempts < 1 {
            return Err(StoreError::Conflict(
                "a requeued job needs at least one attempt",
            ));
        }
        let sql = format!(
            "UPDATE jobs SET status = 'queued', run_at = $3, max_attempts = attempts + $2, \
             locked_by = NULL, locked_until = NULL, finished_at = NULL, updated_at = $3 \
             WHERE id = $1 AND status = 'dead' RETURNING {JOB_COLUMNS}"
        );
        let mut tx = self.begin_write().await?;
        let row: Option<JobRow> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(id)
            .bind(extra_attempts)
            .bind(now_ms())
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let Some(row) = row else {
            let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM jobs WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_err)?;
            return Err(match exists {
                Some(_) => StoreError::Conflict("only dead jobs can be requeued"),
                None => StoreError::NotFound,
            });
        };
        commit(tx).await?;
        row.try_into()
    }

    async fn count_jobs(&self) -> StoreResult<JobCounts> {
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT status, COUNT(*) FROM jobs GROUP BY status")
                .fetch_all(self.reader())
                .await
                .map_err(db_err)?;
        let mut counts = JobCounts::default();
        for (status, count) in rows {
            let count = u64::try_from(count).unwrap_or_default();
            match status.parse()? {
                JobStatus::Queued => counts.queued = count,
                JobStatus::Running => counts.running = count,
                JobStatus::Done => counts.done = count,
                JobStatus::Failed => counts.failed = count,
                JobStatus::Dead => counts.dead = count,
            }
        }
        Ok(counts)
    }
}
