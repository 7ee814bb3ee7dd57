//! What a use case can refuse, in terms the HTTP layer maps to statuses and codes.

use sourcer_core::QueryProblem;
use sourcer_store::StoreError;

/// A refused or failed use case.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The `queries` object has problems (each with its key and code).
    #[error("invalid queries: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    InvalidQuery(Vec<QueryProblem>),
    /// A request field is missing or malformed.
    #[error("{0}")]
    InvalidInput(String),
    /// Nothing (more) matches: FutureJobs clients look for "No profiles match".
    #[error("No profiles match the session's filters (no new profiles left to fetch)")]
    NoProfilesMatch,
    #[error("Insufficient credits: {required} needed, {available} available")]
    InsufficientCredits { available: i64, required: i64 },
    /// Not found, or not visible to the caller's workspace (the two look the same). The
    /// text is the whole message ("Session not found").
    #[error("{0}")]
    NotFound(String),
    /// The resource is in a state that does not allow this now (e.g. a run in progress).
    #[error("{0}")]
    Conflict(String),
    #[error("Invalid LinkedIn profile URL: {0}")]
    InvalidLinkedinUrl(String),
    /// The webhook does not subscribe to the events this use needs.
    #[error("{0}")]
    WebhookNotSubscribed(String),
    /// A webhook URL that may not be called (scheme, or a private/loopback/metadata address).
    #[error("{0}")]
    UnsafeWebhookUrl(String),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// Result type of use cases.
pub type EngineResult<T> = Result<T, EngineError>;

impl From<StoreError> for EngineError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => EngineError::NotFound("Resource not found".into()),
            StoreError::InsufficientCredits {
                available,
                required,
            } => EngineError::InsufficientCredits {
                available,
                required,
            },
            StoreError::Conflict(what) => EngineError::Conflict(what.to_string()),
            other => EngineError::Internal(other.into()),
        }
    }
}

/// Maps a store `NotFound` to a named resource ("Session" gives "Session not found").
pub fn not_found(what: &'static str) -> impl Fn(StoreError) -> EngineError {
    move |e| match e {
        StoreError::NotFound => EngineError::NotFound(format!("{what} not found")),
        other => other.into(),
    }
}
