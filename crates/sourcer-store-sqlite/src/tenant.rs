//! Workspaces, projects and API keys on SQLite.

use async_trait::async_trait;
use sourcer_core::ObjectId;
use sourcer_store::{
    ApiKey, ApiKeySummary, NewApiKey, Project, StoreError, StoreResult, TenantStore, Workspace,
};
use sourcer_store_sql::tenant::{KEY_COLUMNS, KeyRow, project, workspace};
use sqlx::{AssertSqlSafe, SqliteConnection};

use crate::codec::now_ms;
use crate::error::db_err;
use crate::{SqliteStore, commit};

/// Creates the workspace and its credit account unless the name exists; returns the row.
async fn ensure_workspace_in(conn: &mut SqliteConnection, name: &str) -> StoreResult<Workspace> {
    let now = now_ms();
    let id = ObjectId::new().to_string();
    sqlx::query(
        "INSERT INTO workspaces (id, name, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (name) DO NOTHING",
    )
    .bind(&id)
    .bind(name)
    .bind(now)
    .execute(&mut *conn)
    .await
    .map_err(db_err)?;
    let row: (String, String, i64) =
        sqlx::query_as("SELECT id, name, created_at FROM workspaces WHERE name = $1")
            .bind(name)
            .fetch_one(&mut *conn)
            .await
            .map_err(db_err)?;
    sqlx::query(
        "INSERT INTO credit_accounts (workspace_id, available, held, updated_at) \
         VALUES ($1, 0, 0, $2) ON CONFLICT (workspace_id) DO NOTHING",
    )
    .bind(&row.0)
    .bind(now)
    .execute(&mut *conn)
    .await
    .map_err(db_err)?;
    workspace(row)
}

#[async_trait]
impl TenantStore for SqliteStore {
    async fn ensure_workspace(&self, name: &str) -> StoreResult<Workspace> {
        let mut tx = self.begin_write().await?;
        let workspace = ensure_workspace_in(&mut tx, name).await?;
        commit(tx).await?;
        Ok(workspace)
    }

    async fn ensure_project(
        &self,
        workspace_name: &str,
        project_name: &str,
    ) -> StoreResult<(Workspace, Project)> {
        let mut tx = self.begin_write().await?;
        let workspace = ensure_workspace_in(&mut tx, workspace_name).await?;
        let workspace_id = workspace.id.to_string();
        sqlx::query(
            "INSERT INTO projects (id, workspace_id, name, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (workspace_id, name) DO NOTHING",
        )
        .bind(ObjectId::new().to_string())
        .bind(&workspace_id)
        .bind(project_name)
        .bind(now_ms())
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let row = sqlx::query_as(
            "SELECT id, workspace_id, name, created_at FROM projects \
             WHERE workspace_id = $1 AND name = $2",
        )
        .bind(&workspace_id)
        .bind(project_name)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        commit(tx).await?;
        Ok((workspace, project(row)?))
    }

    async fn get_workspace(&self, id: ObjectId) -> StoreResult<Workspace> {
        let row = sqlx::query_as("SELECT id, name, created_at FROM workspaces WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(self.reader())
            .await
            .map_err(db_err)?;
        workspace(row.ok_or(StoreError::NotFound)?)
    }

    async fn find_workspace_by_name(&self, name: &str) -> StoreResult<Option<Workspace>> {
        let row = sqlx::query_as("SELECT id, name, created_at FROM workspaces WHERE name = $1")
            .bind(name)
            .fetch_optional(self.reader())
            .await
            .map_err(db_err)?;
        row.map(workspace).transpose()
    }

    async fn get_project(
        &self,
        workspace_id: ObjectId,
        project_id: ObjectId,
    ) -> StoreResult<Project> {
        let row = sqlx::query_as(
            "SELECT id, workspace_id, name, created_at FROM projects \
             WHERE id = $1 AND workspace_id = $2",
        )
        .bind(project_id.to_string())
        .bind(workspace_id.to_string())
        .fetch_optional(self.reader())
        .await
        .map_err(db_err)?;
        project(row.ok_or(StoreError::NotFound)?)
    }

    async fn list_projects(&self, workspace_id: ObjectId) -> StoreResult<Vec<Project>> {
        let rows = sqlx::query_as(
            "SELECT id, workspace_id, name, created_at FROM projects \
             WHERE workspace_id = $1 ORDER BY name",
        )
        .bind(workspace_id.to_string())
        .fetch_all(self.reader())
        .await
        .map_err(db_err)?;
        rows.into_iter().map(project).collect()
    }

    async fn create_api_key(&self, key: NewApiKey) -> StoreResult<ApiKey> {
        let mut tx = self.begin_write().await?;
        let workspace_id: Option<String> =
            sqlx::query_scalar("SELECT workspace_id FROM projects WHERE id = $1")
                .bind(key.project_id.to_string())
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_err)?;
        let workspace_id = workspace_id.ok_or(StoreError::NotFound)?;
        let sql = format!(
            "INSERT INTO api_keys (key_id, workspace_id, project_id, secret_hash, last4, name, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {KEY_COLUMNS}"
        );
        let row: KeyRow = sqlx::query_as(AssertSqlSafe(sql))
            .bind(&key.key_id)
            .bind(&workspace_id)
            .bind(key.project_id.to_string())
            .bind(key.secret_hash.as_slice())
            .bind(&key.last4)
            .bind(key.name.as_deref())
            .bind(now_ms())
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?;
        commit(tx).await?;
        row.try_into()
    }

    async fn find_api_key(&self, key_id: &str) -> StoreResult<Option<ApiKey>> {
        let sql = format!("SELECT {KEY_COLUMNS} FROM api_keys WHERE key_id = $1");
        let row: Option<KeyRow> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(key_id)
            .fetch_optional(self.reader())
            .await
            .map_err(db_err)?;
        row.map(ApiKey::try_from).transpose()
    }

    async fn list_api_keys(&self, workspace_id: ObjectId) -> StoreResult<Vec<ApiKeySummary>> {
        let sql = format!(
            "SELECT {KEY_COLUMNS} FROM api_keys WHERE workspace_id = $1 \
             ORDER BY created_at, key_id"
        );
        let rows: Vec<KeyRow> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(workspace_id.to_string())
            .fetch_all(self.reader())
            .await
            .map_err(db_err)?;
        rows.into_iter()
            .map(|row| Ok(ApiKey::try_from(row)?.into()))
            .collect()
    }

    async fn revoke_api_key(
        &self,
        workspace_id: ObjectId,
        key_id: &str,
    ) -> StoreResult<ApiKeySummary> {
        let sql = format!(
            "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $3) \
             WHERE key_id = $1 AND workspace_id = $2 RETURNING {KEY_COLUMNS}"
        );
        let mut tx = self.begin_write().await?;
        let row: Option<KeyRow> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(key_id)
            .bind(workspace_id.to_string())
            .bind(now_ms())
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let row = row.ok_or(StoreError::NotFound)?;
        commit(tx).await?;
        Ok(ApiKey::try_from(row)?.into())
    }
}
