//! Preview runs on PostgreSQL: hold at creation, capture and release when the run settles.

use async_trait::async_trait;
use serde_json::Value;
use sourcer_core::ObjectId;
use sourcer_store::{
    JobStatus, Lease, LedgerKind, NewJob, NewPreview, OutboxEvent, PreviewRun, PreviewStatus,
    PreviewStore, StartedPreview, StoreError, StoreResult,
};
use sourcer_store_sql::codec::to_json;
use sourcer_store_sql::preview::{PREVIEW_COLUMNS, PreviewRow};
use sqlx::{AssertSqlSafe, PgConnection};

use crate::error::db_err;
use crate::job::{insert_job, settle_job};
use crate::ledger::{self, Movement, job_key};
use crate::outbox::insert_events;
use crate::{PgStore, commit};

/// The preview with this id, scoped to `workspace_id` when given; `lock` holds the row until
/// the transaction ends (settling checks its status before changing it).
async fn load_preview(
    conn: &mut PgConnection,
    workspace_id: Option<&str>,
    id: &str,
    lock: bool,
) -> StoreResult<PreviewRun> {
    let sql = format!(
        "SELECT {PREVIEW_COLUMNS} FROM preview_runs \
         WHERE id = $1 AND ($2::TEXT IS NULL OR workspace_id = $2){}",
        if lock { " FOR NO KEY UPDATE" } else { "" }
    );
    let row: Option<PreviewRow> = sqlx::query_as(AssertSqlSafe(sql))
        .bind(id)
        .bind(workspace_id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db_err)?;
    row.ok_or(StoreError::NotFound)?.try_into()
}

/// Settles the job and loads its still-processing preview.
async fn fence(
    conn: &mut PgConnection,
    lease: Lease,
    id: &str,
    status: JobStatus,
    error: Option<&str>,
    now: i64,
) -> StoreResult<PreviewRun> {
    // The job row first, then the preview row: the lock order every use case follows.
    settle_job(conn, lease, status, error, now).await?;
    let preview = load_preview(conn, None, id, true).await?;
    if preview.job_id != lease.job_id {
        return Err(StoreError::StaleLease);
    }
    match preview.status {
        PreviewStatus::Processing => Ok(preview),
        PreviewStatus::Completed | PreviewStatus::Failed => {
            Err(StoreError::Conflict("the preview is already settled"))
        }
    }
}

/// Moves `amount` of the preview's hold (capture or release), keyed by its job.
async fn settle_credits(
    conn: &mut PgConnection,
    preview: &PreviewRun,
    kind: LedgerKind,
    amount: i64,
    now: i64,
) -> StoreResult<()> {
    let what = match kind {
        LedgerKind::Capture => "capture",
        LedgerKind::Release => "release",
        LedgerKind::Grant | LedgerKind::Charge | LedgerKind::Refund | LedgerKind::Hold => {
            return Err(anyhow::anyhow!("a preview hold is settled by capture or release").into());
        }
    };
    let dedup_key = job_key(preview.job_id, what);
    let movement = Movement {
        kind,
        amount,
        reason: if what == "capture" {
            "preview pages served"
        } else {
            "preview hold released"
        },
        reference: Some(("preview", &preview.id)),
        dedup_key: Some(&dedup_key),
    };
    ledger::apply(conn, &preview.workspace_id.to_string(), movement, now).await?;
    Ok(())
}

#[async_trait]
impl PreviewStore for PgStore {
    #[tracing::instrument(skip_all, fields(preview.id = %preview.id))]
    async fn create_preview(
        &self,
        preview: NewPreview,
        hold: i64,
        job: NewJob,
    ) -> StoreResult<StartedPreview> {
        sourcer_store::check_amount(hold)?;
        let workspace_id = preview.workspace_id.to_string();
        let (mut tx, now) = self.begin_write().await?;
        let project: Option<String> =
            sqlx::query_scalar("SELECT id FROM projects WHERE id = $1 AND workspace_id = $2")
                .bind(preview.project_id.to_string())
                .bind(&workspace_id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_err)?;
        project.ok_or(StoreError::NotFound)?;
        let job_id = insert_job(&mut tx, &job, now).await?;
        let hold_key = job_key(job_id, "hold");
        let movement = Movement {
            kind: LedgerKind::Hold,
            amount: hold,
            reason: "preview hold",
            reference: Some(("preview", &preview.id)),
            dedup_key: Some(&hold_key),
        };
        let balance = ledger::apply(&mut tx, &workspace_id, movement, now).await?;
        sqlx::query(
            "INSERT INTO preview_runs (id, workspace_id, project_id, request, result_limit, \
             status, held, captured, webhook_id, job_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, 'processing', $6, 0, $7, $8, $9)",
        )
        .bind(&preview.id)
        .bind(&workspace_id)
        .bind(preview.project_id.to_string())
        .bind(to_json(&preview.request)?)
        .bind(preview.limit)
        .bind(hold)
        .bind(preview.webhook_id.map(|id| id.to_string()))
        .bind(job_id)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let preview = load_preview(&mut tx, None, &preview.id, false).await?;
        commit(tx).await?;
        Ok(StartedPreview { preview, balance })
    }

    async fn get_preview(&self, workspace_id: ObjectId, id: &str) -> StoreResult<PreviewRun> {
        let mut conn = self.pool().acquire().await.map_err(db_err)?;
        load_preview(&mut conn, Some(&workspace_id.to_string()), id, false).await
    }

    async fn complete_preview(
        &self,
        lease: Lease,
        id: &str,
        used: i64,
        result: Value,
        events: Vec<OutboxEvent>,
    ) -> StoreResult<PreviewRun> {
        sourcer_store::check_amount(used)?;
        let (mut tx, now) = self.begin_write().await?;
        let preview = fence(&mut tx, lease, id, JobStatus::Done, None, now).await?;
        if used > preview.held {
            return Err(StoreError::Conflict(
                "more credits captured than the preview held",
            ));
        }
        settle_credits(&mut tx, &preview, LedgerKind::Capture, used, now).await?;
        settle_credits(
            &mut tx,
            &preview,
            LedgerKind::Release,
            preview.held - used,
            now,
        )
        .await?;
        sqlx::query(
            "UPDATE preview_runs SET status = 'completed', captured = $2, result = $3, \
             completed_at = $4 WHERE id = $1",
        )
        .bind(id)
        .bind(used)
        .bind(to_json(&result)?)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        insert_events(&mut tx, &preview.workspace_id.to_string(), &events, now).await?;
        let preview = load_preview(&mut tx, None, id, false).await?;
        commit(tx).await?;
        Ok(preview)
    }

    async fn fail_preview(
        &self,
        lease: Lease,
        id: &str,
        error_code: &str,
        error_message: &str,
        events: Vec<OutboxEvent>,
    ) -> StoreResult<PreviewRun> {
        let (mut tx, now) = self.begin_write().await?;
        let preview = fence(
            &mut tx,
            lease,
            id,
            JobStatus::Failed,
            Some(error_message),
            now,
        )
        .await?;
        settle_credits(&mut tx, &preview, LedgerKind::Release, preview.held, now).await?;
        sqlx::query(
            "UPDATE preview_runs SET status = 'failed', error_code = $2, error_message = $3, \
             completed_at = $4 WHERE id = $1",
        )
        .bind(id)
        .bind(error_code)
        .bind(error_message)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        insert_events(&mut tx, &preview.workspace_id.to_string(), &events, now).await?;
        let preview = load_preview(&mut tx, None, id, false).await?;
        commit(tx).await?;
        Ok(preview)
    }
}
