//! The crate's errors: [`IndexError`] for opening, writing and reading the index, and
//! [`SearchError`] for a search request (what is wrong with the query, the cursor, or the
//! index underneath).

use sourcer_core::QueryProblem;

/// Opening, writing or reading the index failed.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The directory holds an index written with another schema version.
    #[error(
        "the index at {path} uses schema version {found}, this build needs {expected}: \
         rebuild it (sourcer reindex)"
    )]
    ReindexNeeded {
        path: String,
        found: u32,
        expected: u32,
    },
    /// Another writer (maybe another process) holds the index lock.
    #[error("the index is locked by another writer")]
    Locked,
    #[error("index i/o error: {0}")]
    Io(#[from] std::io::Error),
    #[error("index error: {0}")]
    Tantivy(tantivy::TantivyError),
}

impl From<tantivy::TantivyError> for IndexError {
    fn from(e: tantivy::TantivyError) -> Self {
        match e {
            tantivy::TantivyError::LockFailure(..) => IndexError::Locked,
            other => IndexError::Tantivy(other),
        }
    }
}

impl From<tantivy::directory::error::OpenDirectoryError> for IndexError {
    fn from(e: tantivy::directory::error::OpenDirectoryError) -> Self {
        IndexError::Tantivy(e.into())
    }
}

/// A search could not run.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The query is invalid; every problem is listed (same shape as the parser's).
    #[error("invalid query: {}", .0.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<QueryProblem>),
    /// The cursor is malformed or belongs to another search.
    #[error("bad cursor: {0}")]
    BadCursor(String),
    #[error(transparent)]
    Index(#[from] IndexError),
}

impl From<tantivy::TantivyError> for SearchError {
    fn from(e: tantivy::TantivyError) -> Self {
        SearchError::Index(e.into())
    }
}
