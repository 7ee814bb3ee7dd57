//! Credits: one account per workspace and its append-only ledger.
//!
//! Every balance change is one ledger row written in the same transaction, so replaying the
//! ledger always reproduces the balance. Movements that belong to another use case (a session
//! charge, a preview hold, a reveal) are written by that use case's method, never through a
//! separate call the caller could forget.

use std::fmt;
use std::str::FromStr;

use async_trait::async_trait;
use sourcer_core::ObjectId;
use time::OffsetDateTime;

use crate::{StoreError, StoreResult};

/// A workspace's credits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Balance {
    /// Credits that can be spent or held now.
    pub available: i64,
    /// Credits reserved by running previews, not yet captured or released.
    pub held: i64,
}

/// What a ledger row did to the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LedgerKind {
    /// Credits added by an operator: `available += amount`.
    Grant,
    /// Credits spent: `available -= amount`.
    Charge,
    /// A charge given back: `available += amount`.
    Refund,
    /// Credits reserved: `available -= amount`, `held += amount`.
    Hold,
    /// Held credits spent: `held -= amount`.
    Capture,
    /// Held credits given back: `held -= amount`, `available += amount`.
    Release,
}

impl LedgerKind {
    /// The stable lower-case name stored in the ledger.
    pub fn as_str(self) -> &'static str {
        match self {
            LedgerKind::Grant => "grant",
            LedgerKind::Charge => "charge",
            LedgerKind::Refund => "refund",
            LedgerKind::Hold => "hold",
            LedgerKind::Capture => "capture",
            LedgerKind::Release => "release",
        }
    }

    /// How one row of this kind moves `(available, held)`, per credit.
    pub fn effect(self) -> (i64, i64) {
        match self {
            LedgerKind::Grant | LedgerKind::Refund => (1, 0),
            LedgerKind::Charge => (-1, 0),
            LedgerKind::Hold => (-1, 1),
            LedgerKind::Capture => (0, -1),
            LedgerKind::Release => (1, -1),
        }
    }
}

impl fmt::Display for LedgerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for LedgerKind {
    type Err = StoreError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "grant" => LedgerKind::Grant,
            "charge" => LedgerKind::Charge,
            "refund" => LedgerKind::Refund,
            "hold" => LedgerKind::Hold,
            "capture" => LedgerKind::Capture,
            "release" => LedgerKind::Release,
            other => return Err(anyhow::anyhow!("unknown ledger kind {other:?}").into()),
        })
    }
}

/// One immutable ledger row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerEntry {
    /// Increasing with time; also the paging cursor.
    pub id: i64,
    /// The account's workspace.
    pub workspace_id: ObjectId,
    /// What the row did.
    pub kind: LedgerKind,
    /// Credits moved; always positive.
    pub amount: i64,
    /// `available` right after this row.
    pub available_after: i64,
    /// `held` right after this row.
    pub held_after: i64,
    /// Why, in words (`"session created"`, `"operator grant"`).
    pub reason: String,
    /// What the movement is about, e.g. `("session", "<24-hex>")`.
    pub reference: Option<(String, String)>,
    /// A key that can appear once in the whole ledger, so a retried job can never charge or
    /// refund twice.
    pub dedup_key: Option<String>,
    /// When the row was written.
    pub created_at: OffsetDateTime,
}

/// Account reads and operator grants.
#[async_trait]
pub trait CreditStore: Send + Sync {
    /// Adds `amount` (> 0) credits to the workspace. A `dedup_key` already in the ledger is a
    /// `Conflict` and changes nothing, which makes an operator retry safe.
    async fn grant_credits(
        &self,
        workspace_id: ObjectId,
        amount: i64,
        reason: &str,
        dedup_key: Option<&str>,
    ) -> StoreResult<Balance>;

    /// The workspace's balance; `NotFound` for an unknown workspace.
    async fn credit_balance(&self, workspace_id: ObjectId) -> StoreResult<Balance>;

    /// Ledger rows newest first: at most `limit` rows with `id < before` (all when `None`).
    async fn list_ledger(
        &self,
        workspace_id: ObjectId,
        before: Option<i64>,
        limit: u32,
    ) -> StoreResult<Vec<LedgerEntry>>;
}

/// Rejects negative credit amounts, which would turn a debit into a credit.
///
/// Backends call this before writing; zero is allowed and means "free, write no ledger row".
pub fn check_amount(amount: i64) -> StoreResult<i64> {
    if amount < 0 {
        return Err(StoreError::Conflict("credit amounts must not be negative"));
    }
    Ok(amount)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ledger_kinds_round_trip_through_their_names() {
        for kind in [
            LedgerKind::Grant,
            LedgerKind::Charge,
            LedgerKind::Refund,
            LedgerKind::Hold,
            LedgerKind::Capture,
            LedgerKind::Release,
        ] {
            assert_eq!(kind.as_str().parse::<LedgerKind>().unwrap(), kind);
        }
        assert!("bonus".parse::<LedgerKind>().is_err());
    }

    #[test]
    fn negative_amounts_are_refused_and_zero_is_free() {
        assert!(matches!(check_amount(-1), Err(StoreError::Conflict(_))));
        assert_eq!(check_amount(0).unwrap(), 0);
    }
}
