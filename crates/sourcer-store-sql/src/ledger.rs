//! The pure half of credit movements: what a movement is, its dedup keys, and why a refused
//! one was refused. The conditional updates themselves stay in each backend.

use sourcer_store::{Balance, LedgerKind, StoreError};

/// One movement of a workspace's credits.
#[derive(Debug, Clone, Copy)]
pub struct Movement<'a> {
    pub kind: LedgerKind,
    pub amount: i64,
    pub reason: &'a str,
    pub reference: Option<(&'a str, &'a str)>,
    pub dedup_key: Option<&'a str>,
}

/// Why a movement's conditional update matched no row, given the account's `current`
/// balance.
pub fn refusal(movement: Movement<'_>, current: Balance) -> StoreError {
    match movement.kind {
        LedgerKind::Charge | LedgerKind::Hold => StoreError::InsufficientCredits {
            available: current.available,
            required: movement.amount,
        },
        LedgerKind::Capture | LedgerKind::Release => {
            StoreError::Conflict("more credits settled than are held")
        }
        // Credits-in updates have no condition: only a missing account matches nothing,
        // and reading the balance already reported that.
        LedgerKind::Grant | LedgerKind::Refund => StoreError::NotFound,
    }
}

/// Ledger dedup keys of a job's credit movements (`job:<id>:charge`, `job:<id>:refund`...).
pub fn job_key(job_id: i64, what: &str) -> String {
    format!("job:{job_id}:{what}")
}
