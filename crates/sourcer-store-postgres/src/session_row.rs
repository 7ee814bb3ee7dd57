//! The session reads the session use cases share; the row structs live in
//! `sourcer_store_sql::session`.

use sourcer_store::{Session, StoreError, StoreResult};
use sourcer_store_sql::session::{SESSION_COLUMNS, SessionRow};
use sqlx::{AssertSqlSafe, PgConnection};

use crate::error::db_err;

/// How a session is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Read {
    /// A plain read.
    Plain,
    /// Locks the row until the transaction ends: a use case that checks the session's state
    /// before changing it must hold the row, or two nodes could both pass the check.
    Locked,
}

/// The session with this id, scoped to `workspace_id` when given (a run's lease already
/// proves its authority, so run completions read it unscoped).
pub(crate) async fn load_session(
    conn: &mut PgConnection,
    workspace_id: Option<&str>,
    id: &str,
    read: Read,
) -> StoreResult<Session> {
    let lock = match read {
        Read::Plain => "",
        Read::Locked => " FOR NO KEY UPDATE",
    };
    let sql = format!(
        "SELECT {SESSION_COLUMNS} FROM sourcing_sessions \
         WHERE id = $1 AND ($2::TEXT IS NULL OR workspace_id = $2){lock}"
    );
    let row: Option<SessionRow> = sqlx::query_as(AssertSqlSafe(sql))
        .bind(id)
        .bind(workspace_id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db_err)?;
    row.ok_or(StoreError::NotFound)?.try_into()
}
