//! Classification of PostgreSQL driver errors into `StoreError`, by SQLSTATE and constraint
//! name.

use sourcer_store::StoreError;

/// Unique constraints by the name PostgreSQL gives them, with what callers see.
const UNIQUE_CONFLICTS: &[(&str, &str)] = &[
    ("workspaces_name_key", "workspace name already exists"),
    (
        "projects_workspace_id_name_key",
        "project name already exists in the workspace",
    ),
    ("api_keys_pkey", "api key id already exists"),
    (
        "ledger_entries_dedup_key_key",
        "ledger entry already recorded",
    ),
    ("jobs_dedup_key_key", "job already enqueued"),
    (
        "session_candidates_session_id_pid_key",
        "candidate already in session",
    ),
    ("sourcing_sessions_pkey", "session id already exists"),
    ("preview_runs_pkey", "preview id already exists"),
    ("profiles_id_key", "profile id already exists"),
];

/// SQLSTATEs after which the same call may succeed later: serialization failure, deadlock
/// detected, lock not available, too many connections, and the server shutting down or
/// restarting.
const RETRYABLE: &[&str] = &[
    "40001", "40P01", "55P03", "53300", "57P01", "57P02", "57P03",
];

/// Maps a driver error to the store vocabulary.
pub(crate) fn db_err(error: sqlx::Error) -> StoreError {
    match error {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        // The server is unreachable or went away: a retry may find it back.
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
            tracing::warn!(error.message = %error, "postgres unavailable");
            StoreError::Unavailable
        }
        sqlx::Error::Database(db) => {
            let code = db.code().map(|c| c.into_owned()).unwrap_or_default();
            match code.as_str() {
                "23505" => StoreError::Conflict(unique_conflict(db.constraint())),
                "23503" => StoreError::Conflict("a referenced row does not exist"),
                "23514" => StoreError::Conflict("a check constraint refused the write"),
                "23001" => StoreError::Conflict("ledger_entries is append-only"),
                code if RETRYABLE.contains(&code) => {
                    tracing::warn!(error.message = %db, db.code = code, "postgres busy");
                    StoreError::Unavailable
                }
                _ => StoreError::Other(anyhow::Error::new(sqlx::Error::Database(db))),
            }
        }
        other => StoreError::Other(anyhow::Error::new(other).context("postgres")),
    }
}

fn unique_conflict(constraint: Option<&str>) -> &'static str {
    UNIQUE_CONFLICTS
        .iter()
        .find(|(name, _)| Some(*name) == constraint)
        .map_or("a unique constraint refused the write", |(_, what)| what)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_violations_name_the_constraint_that_failed() {
        assert_eq!(
            unique_conflict(Some("jobs_dedup_key_key")),
            "job already enqueued"
        );
        assert_eq!(
            unique_conflict(Some("something_else")),
            "a unique constraint refused the write"
        );
        assert_eq!(
            unique_conflict(None),
            "a unique constraint refused the write"
        );
    }
}
