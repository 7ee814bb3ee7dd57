//! Tenancy: workspaces, their projects, and the API keys that authenticate as a project.

use async_trait::async_trait;
use sourcer_core::ObjectId;
use time::OffsetDateTime;

use crate::StoreResult;

/// A tenant: owns credits, sessions, previews and webhooks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workspace {
    /// The workspace `_id`.
    pub id: ObjectId,
    /// Unique across the deployment.
    pub name: String,
    /// When the workspace was created.
    pub created_at: OffsetDateTime,
}

/// A project inside a workspace; API keys and sessions belong to one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// The project `_id`.
    pub id: ObjectId,
    /// The owning workspace.
    pub workspace_id: ObjectId,
    /// Unique within the workspace.
    pub name: String,
    /// When the project was created.
    pub created_at: OffsetDateTime,
}

/// A key to store. The secret itself never reaches the store, only its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApiKey {
    /// The public part of the key the auth path looks up (unique).
    pub key_id: String,
    /// The project the key authenticates as.
    pub project_id: ObjectId,
    /// SHA-256 of the full secret key.
    pub secret_hash: [u8; 32],
    /// The last four characters of the key, for masked listings.
    pub last4: String,
    /// An optional human label.
    pub name: Option<String>,
}

/// A stored key as the auth path needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    /// The public key id.
    pub key_id: String,
    /// The workspace of the key's project.
    pub workspace_id: ObjectId,
    /// The project the key authenticates as.
    pub project_id: ObjectId,
    /// SHA-256 of the full secret key; compare in constant time.
    pub secret_hash: [u8; 32],
    /// The last four characters of the key.
    pub last4: String,
    /// The optional human label.
    pub name: Option<String>,
    /// When the key was created.
    pub created_at: OffsetDateTime,
    /// When the key was revoked; a revoked key must not authenticate.
    pub revoked_at: Option<OffsetDateTime>,
}

impl ApiKey {
    /// Whether the key may still authenticate.
    pub fn is_active(&self) -> bool {
        self.revoked_at.is_none()
    }
}

/// A key as listings show it: no hash, only the last four characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKeySummary {
    /// The public key id.
    pub key_id: String,
    /// The project the key authenticates as.
    pub project_id: ObjectId,
    /// The last four characters of the key.
    pub last4: String,
    /// The optional human label.
    pub name: Option<String>,
    /// When the key was created.
    pub created_at: OffsetDateTime,
    /// When the key was revoked.
    pub revoked_at: Option<OffsetDateTime>,
}

impl From<ApiKey> for ApiKeySummary {
    fn from(key: ApiKey) -> Self {
        Self {
            key_id: key.key_id,
            project_id: key.project_id,
            last4: key.last4,
            name: key.name,
            created_at: key.created_at,
            revoked_at: key.revoked_at,
        }
    }
}

/// Workspaces, projects and API keys.
#[async_trait]
pub trait TenantStore: Send + Sync {
    /// The workspace with this name, created (with an empty credit account) if missing.
    async fn ensure_workspace(&self, name: &str) -> StoreResult<Workspace>;

    /// The named project in the named workspace, creating either or both if missing (what
    /// `keys create --workspace W --project P` needs). Safe to race.
    async fn ensure_project(
        &self,
        workspace_name: &str,
        project_name: &str,
    ) -> StoreResult<(Workspace, Project)>;

    /// The workspace with this id.
    async fn get_workspace(&self, id: ObjectId) -> StoreResult<Workspace>;

    /// The workspace with this name, if any.
    async fn find_workspace_by_name(&self, name: &str) -> StoreResult<Option<Workspace>>;

    /// A project of this workspace; another workspace's project is `NotFound`.
    async fn get_project(
        &self,
        workspace_id: ObjectId,
        project_id: ObjectId,
    ) -> StoreResult<Project>;

    /// The workspace's projects, by name.
    async fn list_projects(&self, workspace_id: ObjectId) -> StoreResult<Vec<Project>>;

    /// Stores a key for an existing project (`NotFound` otherwise); a taken `key_id` is a
    /// `Conflict`.
    async fn create_api_key(&self, key: NewApiKey) -> StoreResult<ApiKey>;

    /// The auth path: one indexed read by public key id. Revoked keys are returned too, with
    /// `revoked_at` set, so the caller can tell "revoked" from "unknown" in its logs.
    async fn find_api_key(&self, key_id: &str) -> StoreResult<Option<ApiKey>>;

    /// The workspace's keys, oldest first, masked.
    async fn list_api_keys(&self, workspace_id: ObjectId) -> StoreResult<Vec<ApiKeySummary>>;

    /// Revokes a key of this workspace (another workspace's key is `NotFound`); revoking
    /// twice keeps the first `revoked_at`.
    async fn revoke_api_key(
        &self,
        workspace_id: ObjectId,
        key_id: &str,
    ) -> StoreResult<ApiKeySummary>;
}
