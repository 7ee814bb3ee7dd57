//! Sourcing sessions (the FutureJobs API) and the candidates each run adds to them.
//!
//! A session's work is a job. Every method that starts a run charges, enqueues the run's job
//! and changes the session in one transaction; completing or failing a run is fenced by that
//! job's lease, so a stalled worker that lost its lease cannot overwrite a newer run.

use std::fmt;
use std::str::FromStr;

use async_trait::async_trait;
use serde_json::Value;
use sourcer_core::ObjectId;
use time::OffsetDateTime;

use crate::{Balance, Lease, NewJob, OutboxEvent, StoreError, StoreResult};

/// `profileMatchingStatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SessionStatus {
    /// The first search (or a re-run after an update) is running.
    Processing,
    /// A fetch-more run is running.
    FetchingMore,
    /// No run in flight; results (or `sourcing_error`) are final.
    Done,
}

impl SessionStatus {
    /// The wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Processing => "processing",
            SessionStatus::FetchingMore => "fetching_more",
            SessionStatus::Done => "done",
        }
    }
}

impl fmt::Display for SessionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SessionStatus {
    type Err = StoreError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "processing" => SessionStatus::Processing,
            "fetching_more" => SessionStatus::FetchingMore,
            "done" => SessionStatus::Done,
            other => return Err(anyhow::anyhow!("unknown session status {other:?}").into()),
        })
    }
}

/// One completed run's batch, as FutureJobs lists them (`batchKey`, `count`, `_id`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SessionBatch {
    /// The batch `_id`.
    pub id: ObjectId,
    /// The engine's key for the batch.
    pub key: String,
    /// Candidates the run added.
    pub count: i64,
}

/// A session to create. The caller picks the id so it can put it in the run job's payload.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSession {
    /// The session `_id`.
    pub id: ObjectId,
    /// The owning workspace.
    pub workspace_id: ObjectId,
    /// The project of the API key that created it.
    pub project_id: ObjectId,
    /// The creating API key's id.
    pub created_by: String,
    /// `sessionTitle`.
    pub title: String,
    /// `jdDetail.userText`.
    pub jd_text: String,
    /// `jdDetail.sampleProfileURL`.
    pub sample_profile_url: Option<String>,
    /// `queries` as the client sent it.
    pub queries: Value,
    /// `nuances` as the client sent it.
    pub nuances: Value,
    /// The matching provider that will score the session.
    pub provider: Option<String>,
}

/// A stored session.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// The session `_id`.
    pub id: ObjectId,
    /// The owning workspace.
    pub workspace_id: ObjectId,
    /// The owning project.
    pub project_id: ObjectId,
    /// The creating API key's id.
    pub created_by: String,
    /// `sessionTitle`.
    pub title: String,
    /// `jdDetail.userText`.
    pub jd_text: String,
    /// `jdDetail.sampleProfileURL`.
    pub sample_profile_url: Option<String>,
    /// `queries` as the client sent it.
    pub queries: Value,
    /// `nuances` as the client sent it.
    pub nuances: Value,
    /// `profileMatchingStatus`.
    pub status: SessionStatus,
    /// Set when the last run failed (status is then `done`).
    pub sourcing_error: Option<String>,
    /// The search cursor the next fetch-more continues from.
    pub next_cursor: Option<String>,
    /// Fetch-more runs started.
    pub search_more_counter: i64,
    /// Updates that changed queries or nuances.
    pub filter_changes_counter: i64,
    /// `totalAvailableProfiles`.
    pub total_available: i64,
    /// `totalProfilesForMatching`.
    pub total_for_matching: i64,
    /// `totalProfilesMatched`.
    pub total_matched: i64,
    /// `profileMatchingProvider`.
    pub provider: Option<String>,
    /// Whether the latest run was charged and not refunded (`sessionCreditCharged`).
    pub credit_charged: bool,
    /// The relaxed filters the last run fell back to.
    pub fallback_filters: Option<Value>,
    /// Whether the last run used fallback filters.
    pub is_fallback: bool,
    /// Whether the final (widest) fallback has been used.
    pub has_used_final_fallback: bool,
    /// One entry per completed run.
    pub batches: Vec<SessionBatch>,
    /// The job of the latest run.
    pub run_job_id: Option<i64>,
    /// When the last run completed.
    pub last_candidates_fetched_at: Option<OffsetDateTime>,
    /// When the session was created.
    pub created_at: OffsetDateTime,
    /// When the session last changed.
    pub updated_at: OffsetDateTime,
    /// Incremented on every change.
    pub version: i64,
}

/// A session in a project listing.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionSummary {
    /// The session.
    pub session: Session,
    /// Candidates it holds (`totalProfiles`).
    pub candidate_count: i64,
}

/// A merge patch of a session; `None` fields are left alone.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SessionPatch {
    /// New `sessionTitle`.
    pub title: Option<String>,
    /// New `jdDetail.userText`.
    pub jd_text: Option<String>,
    /// New `jdDetail.sampleProfileURL`.
    pub sample_profile_url: Option<String>,
    /// New `queries` (replaces the old ones).
    pub queries: Option<Value>,
    /// New `nuances` (replaces the old ones).
    pub nuances: Option<Value>,
}

/// What starting a run costs and which job performs it.
#[derive(Debug, Clone, PartialEq)]
pub struct RunStart {
    /// Credits to charge now (0: free, no ledger row). Refunded once if the run fails.
    pub cost: i64,
    /// The run's job.
    pub job: NewJob,
}

/// The result of a call that started a run.
#[derive(Debug, Clone, PartialEq)]
pub struct StartedRun {
    /// The session afterwards.
    pub session: Session,
    /// The run's job id.
    pub job_id: i64,
    /// The workspace's balance after the charge.
    pub balance: Balance,
}

/// A candidate a run found.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCandidate {
    /// The person.
    pub pid: i64,
    /// The person's import id.
    pub profile_id: String,
    /// Position in the run's ranking (1 = best).
    pub rank: i64,
    /// The fit score.
    pub fit_score: f64,
    /// `finalScore`.
    pub final_score: f64,
    /// `profileAnalysis`.
    pub analysis: Value,
}

/// A stored candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The candidate `_id`.
    pub id: ObjectId,
    /// The session.
    pub session_id: ObjectId,
    /// The person.
    pub pid: i64,
    /// The person's import id.
    pub profile_id: String,
    /// The 1-based run (batch) that found the candidate.
    pub batch: i64,
    /// Position in that run's ranking.
    pub rank: i64,
    /// The fit score.
    pub fit_score: f64,
    /// `finalScore`.
    pub final_score: f64,
    /// `profileAnalysis`.
    pub analysis: Value,
    /// When the candidate was added.
    pub created_at: OffsetDateTime,
}

/// Everything a successful run writes.
#[derive(Debug, Clone, PartialEq)]
pub struct RunCompletion {
    /// The run's candidates; a pid the session already holds is a `Conflict`.
    pub candidates: Vec<NewCandidate>,
    /// The engine's key for this batch.
    pub batch_key: String,
    /// The cursor the next fetch-more continues from.
    pub next_cursor: Option<String>,
    /// `totalAvailableProfiles`.
    pub total_available: i64,
    /// `totalProfilesForMatching`.
    pub total_for_matching: i64,
    /// `totalProfilesMatched`.
    pub total_matched: i64,
    /// The relaxed filters used, if the run fell back.
    pub fallback_filters: Option<Value>,
    /// Whether the run used fallback filters.
    pub is_fallback: bool,
    /// Whether the final fallback has been used (stays true once set).
    pub has_used_final_fallback: bool,
}

/// A page of candidates, best first.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidatePage {
    /// The page's candidates.
    pub candidates: Vec<Candidate>,
    /// Candidates in the session.
    pub total: i64,
}

/// Sessions and their candidates.
#[async_trait]
pub trait SessionStore: Send + Sync {
    /// Creates a `processing` session, charges `run.cost` and enqueues `run.job`, atomically.
    /// `InsufficientCredits` writes nothing.
    async fn create_session(&self, session: NewSession, run: RunStart) -> StoreResult<StartedRun>;

    /// One session of the workspace; another workspace's session is `NotFound`.
    async fn get_session(&self, workspace_id: ObjectId, id: ObjectId) -> StoreResult<Session>;

    /// A project's sessions, newest first, with their candidate counts.
    async fn list_project_sessions(
        &self,
        workspace_id: ObjectId,
        project_id: ObjectId,
    ) -> StoreResult<Vec<SessionSummary>>;

    /// From `done` only (else `Conflict`): sets `fetching_more`, counts the search, charges
    /// and enqueues the run, atomically.
    async fn start_fetch_more(
        &self,
        workspace_id: ObjectId,
        id: ObjectId,
        run: RunStart,
    ) -> StoreResult<StartedRun>;

    /// From `done` only (else `Conflict`): applies the patch, counts a filter change when
    /// queries or nuances changed (and then drops the cursor and fallback state, which belong
    /// to the old filters), sets `processing`, charges and enqueues the run, atomically.
    async fn update_session(
        &self,
        workspace_id: ObjectId,
        id: ObjectId,
        patch: SessionPatch,
        run: RunStart,
    ) -> StoreResult<StartedRun>;

    /// Fenced by the run's lease: adds the candidates as a new batch, stores the counters,
    /// cursor and fallback state, sets `done`, finishes the job and writes the events.
    async fn complete_session_run(
        &self,
        lease: Lease,
        session_id: ObjectId,
        completion: RunCompletion,
        events: Vec<OutboxEvent>,
    ) -> StoreResult<Session>;

    /// Fenced by the run's lease: sets `done` with `sourcing_error`, refunds the run's charge
    /// (at most once, whatever happens), marks the job failed and writes the events.
    async fn fail_session_run(
        &self,
        lease: Lease,
        session_id: ObjectId,
        error: &str,
        events: Vec<OutboxEvent>,
    ) -> StoreResult<Session>;

    /// The pids the session already holds: the exclusion set of its next search.
    async fn session_pids(&self, workspace_id: ObjectId, id: ObjectId) -> StoreResult<Vec<i64>>;

    /// Candidates ordered by fit score (descending) then rank; `page` is 1-based (0 reads as
    /// 1) and `total` counts the whole session.
    async fn list_candidates(
        &self,
        workspace_id: ObjectId,
        session_id: ObjectId,
        page: u32,
        limit: u32,
    ) -> StoreResult<CandidatePage>;

    /// One candidate of one session of the workspace.
    async fn get_candidate(
        &self,
        workspace_id: ObjectId,
        session_id: ObjectId,
        candidate_id: ObjectId,
    ) -> StoreResult<Candidate>;
}
