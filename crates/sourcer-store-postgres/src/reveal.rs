//! Contact reveals on PostgreSQL: the reveal row is claimed first, then charged, in one
//! transaction.
//!
//! Claiming with `INSERT ... ON CONFLICT DO NOTHING` is what makes a reveal charge once when
//! two nodes reveal the same contact at the same moment: the second insert waits for the
//! first transaction, then finds the row (free, already revealed) or, if the first rolled
//! back for lack of credits, inserts it and tries the charge itself.

use async_trait::async_trait;
use sourcer_core::ObjectId;
use sourcer_store::{
    ContactKind, LedgerKind, RevealOutcome, RevealStore, RevealedContact, StoreError, StoreResult,
};

use crate::error::db_err;
use crate::ledger::{self, Movement};
use crate::{PgStore, commit};

#[async_trait]
impl RevealStore for PgStore {
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
        let (mut tx, now) = self.begin_write().await?;
        let profile: Option<i64> = sqlx::query_scalar("SELECT pid FROM profiles WHERE pid = $1")
            .bind(pid)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        profile.ok_or(StoreError::NotFound)?;
        let claimed = sqlx::query(
            "INSERT INTO contact_reveals (workspace_id, pid, kind, cost, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (workspace_id, pid, kind) DO NOTHING",
        )
        .bind(&workspace_id)
        .bind(pid)
        .bind(kind.as_str())
        .bind(cost)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        if claimed.rows_affected() == 0 {
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
        // Refused for lack of credits: returning drops the transaction, so the claimed row
        // goes away with it.
        let balance = ledger::apply(&mut tx, &workspace_id, movement, now).await?;
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
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT pid, kind FROM contact_reveals WHERE workspace_id = $1 AND pid = ANY($2)",
        )
        .bind(workspace_id.to_string())
        .bind(pids)
        .fetch_all(self.pool())
        .await
        .map_err(db_err)?;
        let mut revealed = rows
            .into_iter()
            .map(|(pid, kind)| {
                Ok(RevealedContact {
                    pid,
                    kind: kind.parse()?,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        revealed.sort_unstable();
        revealed.dedup();
        Ok(revealed)
    }
}
