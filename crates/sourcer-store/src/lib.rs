//! Storage port: store traits, records and errors; no database driver.
//!
//! The traits are grouped by aggregate (profiles, tenancy, credits, reveals, sessions, jobs,
//! previews, webhooks) and combined into [`Store`]. Each method is one use case and one
//! transaction: when a state change must also charge credits, enqueue a job or emit webhook
//! events, the method takes those as arguments and writes them atomically (outbox), so no
//! transaction type ever crosses the trait. Backends (`sourcer-store-sqlite`, later
//! `sourcer-store-postgres`) implement the traits, classify their driver errors into
//! [`StoreError`], and run the backend-independent suite in [`conformance`] (feature
//! `conformance`).
//!
//! Timestamps are whatever precision the backend keeps (SQLite: milliseconds), so compare
//! records read back from the store, not values built in memory.
//!
//! This crate must not depend on any database driver or on the engine.

pub mod credit;
pub mod error;
pub mod job;
pub mod preview;
pub mod profile;
pub mod reveal;
pub mod session;
pub mod tenant;
pub mod upsert_plan;
pub mod webhook;

#[cfg(feature = "conformance")]
pub mod conformance;

pub use credit::{Balance, CreditStore, LedgerEntry, LedgerKind, check_amount};
pub use error::{StoreError, StoreResult};
pub use job::{DEFAULT_MAX_ATTEMPTS, Job, JobCounts, JobStatus, JobStore, Lease, NewJob};
pub use preview::{NewPreview, PreviewRun, PreviewStatus, PreviewStore, StartedPreview};
pub use profile::{
    ProfileChange, ProfileKey, ProfileStore, ProfileUpsert, StoredProfile, UpsertedProfile,
};
pub use reveal::{ContactKind, RevealOutcome, RevealStore, RevealedContact};
pub use session::{
    Candidate, CandidatePage, NewCandidate, NewSession, RunCompletion, RunStart, Session,
    SessionBatch, SessionPatch, SessionStatus, SessionStore, SessionSummary, StartedRun,
};
pub use tenant::{ApiKey, ApiKeySummary, NewApiKey, Project, TenantStore, Workspace};
pub use webhook::{
    AttemptReport, ClaimedDelivery, Delivery, DeliveryLease, DeliveryOutcome, DeliveryStatus,
    NewWebhookConfig, OutboxEvent, WebhookAttempt, WebhookConfig, WebhookHeader, WebhookPatch,
    WebhookStore,
};

/// Everything the engine and server need from a backend, usable as `Arc<dyn Store>`.
pub trait Store:
    ProfileStore
    + TenantStore
    + CreditStore
    + RevealStore
    + SessionStore
    + JobStore
    + PreviewStore
    + WebhookStore
    + Send
    + Sync
{
}

impl<T> Store for T where
    T: ProfileStore
        + TenantStore
        + CreditStore
        + RevealStore
        + SessionStore
        + JobStore
        + PreviewStore
        + WebhookStore
        + Send
        + Sync
{
}
