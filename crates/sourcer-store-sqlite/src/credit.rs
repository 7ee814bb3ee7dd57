//! Credit accounts and the ledger on SQLite: operator grants and reads.

use async_trait::async_trait;
use sourcer_core::ObjectId;
use sourcer_store::{Balance, CreditStore, LedgerEntry, LedgerKind, StoreError, StoreResult};
use sourcer_store_sql::credit::EntryRow;

use crate::codec::now_ms;
use crate::error::db_err;
use crate::ledger::{self, Movement};
use crate::{SqliteStore, commit};

#[async_trait]
impl CreditStore for SqliteStore {
    #[tracing::instrument(skip_all, fields(workspace.id = %workspace_id, credits.amount = amount))]
    async fn grant_credits(
        &self,
        workspace_id: ObjectId,
        amount: i64,
        reason: &str,
        dedup_key: Option<&str>,
    ) -> StoreResult<Balance> {
        if amount <= 0 {
            return Err(StoreError::Conflict("a grant must be positive"));
        }
        let movement = Movement {
            kind: LedgerKind::Grant,
            amount,
            reason,
            reference: None,
            dedup_key,
        };
        let mut tx = self.begin_write().await?;
        let balance = ledger::apply(&mut tx, &workspace_id.to_string(), movement, now_ms()).await?;
        commit(tx).await?;
        Ok(balance)
    }

    async fn credit_balance(&self, workspace_id: ObjectId) -> StoreResult<Balance> {
        let mut conn = self.reader().acquire().await.map_err(db_err)?;
        ledger::balance(&mut conn, &workspace_id.to_string()).await
    }

    async fn list_ledger(
        &self,
        workspace_id: ObjectId,
        before: Option<i64>,
        limit: u32,
    ) -> StoreResult<Vec<LedgerEntry>> {
        let rows: Vec<EntryRow> = sqlx::query_as(
            "SELECT id, workspace_id, kind, amount, available_after, held_after, reason, \
             reference_type, reference_id, dedup_key, created_at FROM ledger_entries \
             WHERE workspace_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3",
        )
        .bind(workspace_id.to_string())
        .bind(before.unwrap_or(i64::MAX))
        .bind(i64::from(limit))
        .fetch_all(self.reader())
        .await
        .map_err(db_err)?;
        rows.into_iter().map(LedgerEntry::try_from).collect()
    }
}
