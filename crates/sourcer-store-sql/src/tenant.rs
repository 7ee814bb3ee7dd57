//! Workspace, project and API key rows.

use sourcer_store::{ApiKey, Project, StoreError, StoreResult, Workspace};

use crate::codec::{from_ms, from_ms_opt, object_id, sha256};

/// The `api_keys` columns, in `KeyRow` order.
pub const KEY_COLUMNS: &str =
    "key_id, workspace_id, project_id, secret_hash, last4, name, created_at, revoked_at";

#[derive(sqlx::FromRow)]
pub struct KeyRow {
    key_id: String,
    workspace_id: String,
    project_id: String,
    secret_hash: Vec<u8>,
    last4: String,
    name: Option<String>,
    created_at: i64,
    revoked_at: Option<i64>,
}

impl TryFrom<KeyRow> for ApiKey {
    type Error = StoreError;

    fn try_from(row: KeyRow) -> StoreResult<ApiKey> {
        Ok(ApiKey {
            key_id: row.key_id,
            workspace_id: object_id(&row.workspace_id)?,
            project_id: object_id(&row.project_id)?,
            secret_hash: sha256(&row.secret_hash)?,
            last4: row.last4,
            name: row.name,
            created_at: from_ms(row.created_at)?,
            revoked_at: from_ms_opt(row.revoked_at)?,
        })
    }
}

/// A workspace from its `(id, name, created_at)` row.
pub fn workspace(row: (String, String, i64)) -> StoreResult<Workspace> {
    let (id, name, created_at) = row;
    Ok(Workspace {
        id: object_id(&id)?,
        name,
        created_at: from_ms(created_at)?,
    })
}

/// A project from its `(id, workspace_id, name, created_at)` row.
pub fn project(row: (String, String, String, i64)) -> StoreResult<Project> {
    let (id, workspace_id, name, created_at) = row;
    Ok(Project {
        id: object_id(&id)?,
        workspace_id: object_id(&workspace_id)?,
        name,
        created_at: from_ms(created_at)?,
    })
}
