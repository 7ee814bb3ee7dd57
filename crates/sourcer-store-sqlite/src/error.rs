//! Classification of SQLite driver errors into `StoreError`.

use sourcer_store::StoreError;
use sqlx::error::ErrorKind;

/// SQLite primary result codes that mean "try again later".
const SQLITE_BUSY: i64 = 5;
const SQLITE_LOCKED: i64 = 6;

/// Unique constraints by the column list SQLite names in its message, with what callers see.
const UNIQUE_CONFLICTS: &[(&str, &str)] = &[
    ("workspaces.name", "workspace name already exists"),
    (
        "projects.workspace_id, projects.name",
        "project name already exists in the workspace",
    ),
    ("api_keys.key_id", "api key id already exists"),
    ("ledger_entries.dedup_key", "ledger entry already recorded"),
    ("jobs.dedup_key", "job already enqueued"),
    (
        "session_candidates.session_id, session_candidates.pid",
        "candidate already in session",
    ),
    ("sourcing_sessions.id", "session id already exists"),
    ("preview_runs.id", "preview id already exists"),
    ("profiles.id", "profile id already exists"),
];

/// Maps a driver error to the store vocabulary.
pub(crate) fn db_err(error: sqlx::Error) -> StoreError {
    match error {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => {
            tracing::warn!(error.message = %error, "sqlite pool unavailable");
            StoreError::Unavailable
        }
        sqlx::Error::Database(db) => match db.kind() {
            ErrorKind::UniqueViolation => StoreError::Conflict(unique_conflict(db.message())),
            ErrorKind::ForeignKeyViolation => {
                StoreError::Conflict("a referenced row does not exist")
            }
            ErrorKind::CheckViolation => {
                StoreError::Conflict("a check constraint refused the write")
            }
            // `ErrorKind` is non-exhaustive: everything else is classified by its code.
            _ => {
                let primary = db
                    .code()
                    .and_then(|c| c.parse::<i64>().ok())
                    .map(|c| c & 0xff);
                if matches!(primary, Some(SQLITE_BUSY | SQLITE_LOCKED)) {
                    tracing::warn!(error.message = %db, "sqlite busy");
                    StoreError::Unavailable
                } else {
                    StoreError::Other(anyhow::Error::new(sqlx::Error::Database(db)))
                }
            }
        },
        other => StoreError::Other(anyhow::Error::new(other).context("sqlite")),
    }
}

fn unique_conflict(message: &str) -> &'static str {
    UNIQUE_CONFLICTS
        .iter()
        .find(|(columns, _)| message.ends_with(columns))
        .map_or("a unique constraint refused the write", |(_, what)| what)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_messages_name_the_constraint_that_failed() {
        assert_eq!(
            unique_conflict("UNIQUE constraint failed: jobs.dedup_key"),
            "job already enqueued"
        );
        assert_eq!(
            unique_conflict("UNIQUE constraint failed: something.else"),
            "a unique constraint refused the write"
        );
    }
}
