//! Ledger entry rows.

use sourcer_store::{LedgerEntry, StoreError, StoreResult};

use crate::codec::{from_ms, object_id};

/// A `credit_ledger` row.
#[derive(sqlx::FromRow)]
pub struct EntryRow {
    id: i64,
    workspace_id: String,
    kind: String,
    amount: i64,
    available_after: i64,
    held_after: i64,
    reason: String,
    reference_type: Option<String>,
    reference_id: Option<String>,
    dedup_key: Option<String>,
    created_at: i64,
}

impl TryFrom<EntryRow> for LedgerEntry {
    type Error = StoreError;

    fn try_from(row: EntryRow) -> StoreResult<LedgerEntry> {
        Ok(LedgerEntry {
            id: row.id,
            workspace_id: object_id(&row.workspace_id)?,
            kind: row.kind.parse()?,
            amount: row.amount,
            available_after: row.available_after,
            held_after: row.held_after,
            reason: row.reason,
            reference: row.reference_type.zip(row.reference_id),
            dedup_key: row.dedup_key,
            created_at: from_ms(row.created_at)?,
        })
    }
}
