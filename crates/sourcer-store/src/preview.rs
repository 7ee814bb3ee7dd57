//! Preview runs (the InstaView preview API): a credit hold at creation, settled by the run.
//!
//! Creation holds the maximum cost; completion captures what was used and releases the rest;
//! failure releases everything. Like sessions, settling is fenced by the run job's lease.

use std::fmt;
use std::str::FromStr;

use async_trait::async_trait;
use serde_json::Value;
use sourcer_core::ObjectId;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{Balance, Lease, NewJob, OutboxEvent, StoreError, StoreResult};

/// Where a preview run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PreviewStatus {
    /// Running.
    Processing,
    /// Results are stored.
    Completed,
    /// The run failed; `error_code` says why.
    Failed,
}

impl PreviewStatus {
    /// The wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            PreviewStatus::Processing => "processing",
            PreviewStatus::Completed => "completed",
            PreviewStatus::Failed => "failed",
        }
    }
}

impl fmt::Display for PreviewStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PreviewStatus {
    type Err = StoreError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "processing" => PreviewStatus::Processing,
            "completed" => PreviewStatus::Completed,
            "failed" => PreviewStatus::Failed,
            other => return Err(anyhow::anyhow!("unknown preview status {other:?}").into()),
        })
    }
}

/// A preview run to create. The caller picks the id (`req_prev_<uuid>`) so it can put it in
/// the job payload.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPreview {
    /// `req_prev_<uuid>`.
    pub id: String,
    /// The owning workspace.
    pub workspace_id: ObjectId,
    /// The project of the API key that created it.
    pub project_id: ObjectId,
    /// The request body as received.
    pub request: Value,
    /// Candidates requested (1..=100).
    pub limit: i64,
    /// The config to notify, already checked by the caller.
    pub webhook_id: Option<Uuid>,
}

/// A stored preview run.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviewRun {
    /// `req_prev_<uuid>`.
    pub id: String,
    /// The owning workspace.
    pub workspace_id: ObjectId,
    /// The owning project.
    pub project_id: ObjectId,
    /// The request body as received.
    pub request: Value,
    /// Candidates requested.
    pub limit: i64,
    /// Where the run is.
    pub status: PreviewStatus,
    /// Credits held at creation.
    pub held: i64,
    /// Credits captured at completion.
    pub captured: i64,
    /// The results, once completed.
    pub result: Option<Value>,
    /// Why it failed (`AGENT_ERROR`).
    pub error_code: Option<String>,
    /// The failure in words.
    pub error_message: Option<String>,
    /// The config to notify.
    pub webhook_id: Option<Uuid>,
    /// The run's job.
    pub job_id: i64,
    /// When the run was created.
    pub created_at: OffsetDateTime,
    /// When the run completed or failed.
    pub completed_at: Option<OffsetDateTime>,
}

/// The result of creating a preview.
#[derive(Debug, Clone, PartialEq)]
pub struct StartedPreview {
    /// The run.
    pub preview: PreviewRun,
    /// The workspace's balance after the hold.
    pub balance: Balance,
}

/// Preview runs.
#[async_trait]
pub trait PreviewStore: Send + Sync {
    /// Creates a `processing` run, holds `hold` credits (available -> held) and enqueues
    /// `job`, atomically. `InsufficientCredits` writes nothing.
    async fn create_preview(
        &self,
        preview: NewPreview,
        hold: i64,
        job: NewJob,
    ) -> StoreResult<StartedPreview>;

    /// One run of the workspace; another workspace's run is `NotFound`.
    async fn get_preview(&self, workspace_id: ObjectId, id: &str) -> StoreResult<PreviewRun>;

    /// Fenced by the run's lease: captures `used` credits of the hold (more than held is a
    /// `Conflict`), releases the rest, stores `result`, marks the run completed, finishes the
    /// job and writes the events.
    async fn complete_preview(
        &self,
        lease: Lease,
        id: &str,
        used: i64,
        result: Value,
        events: Vec<OutboxEvent>,
    ) -> StoreResult<PreviewRun>;

    /// Fenced by the run's lease: releases the whole hold, stores the error, marks the run
    /// failed, fails the job and writes the events.
    async fn fail_preview(
        &self,
        lease: Lease,
        id: &str,
        error_code: &str,
        error_message: &str,
        events: Vec<OutboxEvent>,
    ) -> StoreResult<PreviewRun>;
}
