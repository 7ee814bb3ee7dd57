//! Contact reveals: which workspace has paid for which person's email or phone.

use std::fmt;
use std::str::FromStr;

use async_trait::async_trait;
use sourcer_core::ObjectId;

use crate::{Balance, StoreError, StoreResult};

/// The contact channel a reveal unlocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ContactKind {
    /// `revealType=EMAIL`.
    Email,
    /// `revealType=PHONE`.
    Phone,
}

impl ContactKind {
    /// The wire and storage name: `EMAIL` or `PHONE`.
    pub fn as_str(self) -> &'static str {
        match self {
            ContactKind::Email => "EMAIL",
            ContactKind::Phone => "PHONE",
        }
    }
}

impl fmt::Display for ContactKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ContactKind {
    type Err = StoreError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "EMAIL" => Ok(ContactKind::Email),
            "PHONE" => Ok(ContactKind::Phone),
            other => Err(anyhow::anyhow!("unknown contact kind {other:?}").into()),
        }
    }
}

/// The result of a reveal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RevealOutcome {
    /// False when the workspace had already revealed this contact (nothing was charged).
    pub newly_revealed: bool,
    /// Credits charged by this call.
    pub charged: i64,
    /// The workspace's balance afterwards.
    pub balance: Balance,
}

/// One contact a workspace has revealed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RevealedContact {
    /// The person.
    pub pid: i64,
    /// The channel.
    pub kind: ContactKind,
}

/// Charged, once-per-workspace contact reveals.
#[async_trait]
pub trait RevealStore: Send + Sync {
    /// Reveals `kind` of profile `pid` for the workspace: free if it already did, otherwise
    /// charges `cost` with one conditional debit and records the reveal, atomically.
    ///
    /// `NotFound` for an unknown pid; `InsufficientCredits` writes nothing.
    async fn reveal_contact(
        &self,
        workspace_id: ObjectId,
        pid: i64,
        kind: ContactKind,
        cost: i64,
    ) -> StoreResult<RevealOutcome>;

    /// Which of these pids the workspace has revealed, and which channels (profile documents
    /// show it as `revealStatus`).
    async fn revealed_contacts(
        &self,
        workspace_id: ObjectId,
        pids: &[i64],
    ) -> StoreResult<Vec<RevealedContact>>;
}
