//! The store's one error vocabulary, shared by every backend.

/// Why a store call failed, in the few cases callers act on plus an opaque catch-all.
///
/// Backends classify their driver errors into these variants themselves; nothing above the
/// store ever inspects a driver error.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row does not exist, or belongs to another workspace (deliberately the same answer).
    #[error("not found")]
    NotFound,
    /// A uniqueness, state or reference rule refused the write; the text says which one.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// A debit or hold needed more credits than the workspace has available; nothing was
    /// written.
    #[error("insufficient credits: {available} available, {required} required")]
    InsufficientCredits {
        /// Credits available when the debit was refused.
        available: i64,
        /// Credits the operation needed.
        required: i64,
    },
    /// The job or delivery is no longer held by this attempt (its lease was taken over or it
    /// already finished); nothing was written.
    #[error("stale lease: this attempt no longer holds the lease")]
    StaleLease,
    /// The database is busy, locked, or out of connections; retrying later may succeed.
    #[error("store unavailable")]
    Unavailable,
    /// Anything else: a bug, corrupt data or an unexpected driver failure.
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl StoreError {
    /// Whether the same call may succeed if retried later without any change.
    pub fn is_retryable(&self) -> bool {
        match self {
            StoreError::Unavailable => true,
            StoreError::NotFound
            | StoreError::Conflict(_)
            | StoreError::InsufficientCredits { .. }
            | StoreError::StaleLease
            | StoreError::Other(_) => false,
        }
    }
}

/// The result of every store call.
pub type StoreResult<T> = Result<T, StoreError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unavailable_is_retryable() {
        assert!(StoreError::Unavailable.is_retryable());
        assert!(!StoreError::NotFound.is_retryable());
        assert!(!StoreError::StaleLease.is_retryable());
    }
}
