//! Contact reveals on SQLite: free when already revealed, else a conditional charge and the
//! reveal row in one transaction.

use async_trait::async_trait;
use sourcer_core::ObjectId;
use sourcer_store::{
    ContactKind, LedgerKind, RevealOutcome, RevealStore, RevealedContact, StoreError, StoreResult,
};
use sqlx::AssertSqlSafe;

use crate::codec::{now_ms, placeholders};
use crate::error::db_err;
use crate::ledger::{self, Movement};
use crate::{SqliteStore, commit};

/// Pids per `IN (...)` lookup.
const CHUNK: usize = 500;

#[async_trait]
impl RevealStore for SqliteStore {
    #[tracing::instrument(skip_all, fields(workspace.id = %workspace_id, profile.pid = pid))]
    async fn reveal_contact(
        &self,
        workspace_id: ObjectId,
        pid: i64,
        kind: ContactKind,
        cost: i64,
    ) -> StoreResult<RevealOutcome> {
        sourcer_store::check_amount(cost)?;
        let workspace_id = workspace_id.to_string();
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let profile: Option<i64> = sqlx::query_scalar("SELECT pid FROM profiles WHERE pid = $1")
            .bind(pid)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        profile.ok_or(StoreError::NotFound)?;
        let revealed: Option<i64> = sqlx::query_scalar(
            "SELECT pid FROM contact_reveals WHERE workspace_id = $1 AND pid = $2 AND kind = $3",
        )
        .bind(&workspace_id)
        .bind(pid)
        .bind(kind.as_str())
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        if revealed.is_some() {
            let balance = ledger::balance(&mut tx, &workspace_id).await?;
            return Ok(RevealOutcome {
                newly_revealed: false,
                charged: 0,
                balance,
            });
        }
        let reference_id = pid.to_string();
        let reason = match kind {
            ContactKind::Email => "email revealed",
            ContactKind::Phone => "phone revealed",
        };
        let movement = Movement {
            kind: LedgerKind::Charge,
            amount: cost,
            reason,
            reference: Some(("profile", &reference_id)),
            dedup_key: None,
        };
        let balance = ledger::apply(&mut tx, &workspace_id, movement, now).await?;
        sqlx::query(
            "INSERT INTO contact_reveals (workspace_id, pid, kind, cost, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&workspace_id)
        .bind(pid)
        .bind(kind.as_str())
        .bind(cost)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        commit(tx).await?;
        Ok(RevealOutcome {
            newly_revealed: true,
            charged: cost,
            balance,
        })
    }

    async fn revealed_contacts(
        &self,
        workspace_id: ObjectId,
        pids: &[i64],
    ) -> StoreResult<Vec<RevealedContact>> {
        let workspace_id = workspace_id.to_string();
        let mut revealed = Vec::new();
        for chunk in pids.chunks(CHUNK) {
            let sql = format!(
                "SELECT pid, kind FROM contact_reveals WHERE workspace_id = ? AND pid IN ({})",
                placeholders(chunk.len())
            );
            let mut query = sqlx::query_as::<_, (i64, String)>(AssertSqlSafe(sql))
                .persistent(chunk.len() == CHUNK)
                .bind(&workspace_id);
            for pid in chunk {
                query = query.bind(*pid);
            }
            for (pid, kind) in query.fetch_all(self.reader()).await.map_err(db_err)? {
                revealed.push(RevealedContact {
                    pid,
                    kind: kind.parse()?,
                });
            }
        }
        revealed.sort_unstable();
        revealed.dedup();
        Ok(revealed)
    }
}
