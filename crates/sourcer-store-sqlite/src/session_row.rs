//! The session reads the session use cases share; the row structs live in
//! `sourcer_store_sql::session`.

use sourcer_store::{Session, StoreError, StoreResult};
use sourcer_store_sql::session::{SESSION_COLUMNS, SessionRow};
use sqlx::{AssertSqlSafe, SqliteConnection};

use crate::error::db_err;

/// The session with this id, scoped to `workspace_id` when given (a run's lease already
/// proves its authority, so run completions read it unscoped).
pub(crate) async fn load_session(
    conn: &mut SqliteConnection,
    workspace_id: Option<&str>,
    id: &str,
) -> StoreResult<Session> {
    let sql = format!(
        "SELECT {SESSION_COLUMNS} FROM sourcing_sessions \
         WHERE id = $1 AND ($2 IS NULL OR workspace_id = $2)"
    );
    let row: Option<SessionRow> = sqlx::query_as(AssertSqlSafe(sql))
        .bind(id)
        .bind(workspace_id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db_err)?;
    row.ok_or(StoreError::NotFound)?.try_into()
}
