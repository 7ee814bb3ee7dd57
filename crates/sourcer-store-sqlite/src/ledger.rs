//! Credit movements used inside other use cases' transactions: one conditional balance
//! update plus its ledger row.
//!
//! Debits are a single `UPDATE ... WHERE available >= $n`: zero rows means not enough
//! credits. There is no read-then-write window to race in.

use sourcer_store::{Balance, LedgerKind, StoreError, StoreResult};
pub(crate) use sourcer_store_sql::ledger::{Movement, job_key};
use sqlx::SqliteConnection;

use crate::error::db_err;

/// The conditional balance update for each kind. `$1` workspace, `$2` amount, `$3` now.
fn balance_update(kind: LedgerKind) -> &'static str {
    match kind {
        LedgerKind::Grant | LedgerKind::Refund => {
            "UPDATE credit_accounts SET available = available + $2, updated_at = $3 \
             WHERE workspace_id = $1 RETURNING available, held"
        }
        LedgerKind::Charge => {
            "UPDATE credit_accounts SET available = available - $2, updated_at = $3 \
             WHERE workspace_id = $1 AND available >= $2 RETURNING available, held"
        }
        LedgerKind::Hold => {
            "UPDATE credit_accounts SET available = available - $2, held = held + $2, \
             updated_at = $3 WHERE workspace_id = $1 AND available >= $2 \
             RETURNING available, held"
        }
        LedgerKind::Capture => {
            "UPDATE credit_accounts SET held = held - $2, updated_at = $3 \
             WHERE workspace_id = $1 AND held >= $2 RETURNING available, held"
        }
        LedgerKind::Release => {
            "UPDATE credit_accounts SET held = held - $2, available = available + $2, \
             updated_at = $3 WHERE workspace_id = $1 AND held >= $2 RETURNING available, held"
        }
    }
}

/// Applies `movement` to the workspace's account and journals it; returns the new balance.
/// A zero amount writes nothing and returns the current balance.
pub(crate) async fn apply(
    conn: &mut SqliteConnection,
    workspace_id: &str,
    movement: Movement<'_>,
    now: i64,
) -> StoreResult<Balance> {
    sourcer_store::check_amount(movement.amount)?;
    if movement.amount == 0 {
        return balance(conn, workspace_id).await;
    }
    let updated: Option<(i64, i64)> = sqlx::query_as(balance_update(movement.kind))
        .bind(workspace_id)
        .bind(movement.amount)
        .bind(now)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db_err)?;
    let Some((available, held)) = updated else {
        return Err(refusal(conn, workspace_id, movement).await);
    };
    let (reference_type, reference_id) = movement.reference.unzip();
    sqlx::query(
        "INSERT INTO ledger_entries (workspace_id, kind, amount, available_after, held_after, \
         reason, reference_type, reference_id, dedup_key, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(workspace_id)
    .bind(movement.kind.as_str())
    .bind(movement.amount)
    .bind(available)
    .bind(held)
    .bind(movement.reason)
    .bind(reference_type)
    .bind(reference_id)
    .bind(movement.dedup_key)
    .bind(now)
    .execute(&mut *conn)
    .await
    .map_err(db_err)?;
    Ok(Balance { available, held })
}

/// Why a conditional update matched no row.
async fn refusal(
    conn: &mut SqliteConnection,
    workspace_id: &str,
    movement: Movement<'_>,
) -> StoreError {
    match balance(conn, workspace_id).await {
        Ok(current) => sourcer_store_sql::ledger::refusal(movement, current),
        Err(error) => error,
    }
}

/// The workspace's balance; `NotFound` if it has no account.
pub(crate) async fn balance(
    conn: &mut SqliteConnection,
    workspace_id: &str,
) -> StoreResult<Balance> {
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT available, held FROM credit_accounts WHERE workspace_id = $1")
            .bind(workspace_id)
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_err)?;
    let (available, held) = row.ok_or(StoreError::NotFound)?;
    Ok(Balance { available, held })
}

/// The amount of the ledger row with this dedup key, if one exists.
pub(crate) async fn amount_by_dedup_key(
    conn: &mut SqliteConnection,
    dedup_key: &str,
) -> StoreResult<Option<i64>> {
    sqlx::query_scalar("SELECT amount FROM ledger_entries WHERE dedup_key = $1")
        .bind(dedup_key)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db_err)
}
