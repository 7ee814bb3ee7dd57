//! The durable job queue: leased claims, fenced completions, retries and dead letters.
//!
//! Delivery is at least once: a job whose lease expires (its worker crashed or stalled) is
//! claimed again with `attempts + 1`. The attempt number is the fencing token: every
//! completion names the `(job id, attempt)` it holds, and a completion from an attempt that
//! lost its lease is refused with `StaleLease` by the database, not by the worker's belief.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use serde_json::Value;
use time::OffsetDateTime;

use crate::{StoreError, StoreResult};

/// The default attempt budget of a new job.
pub const DEFAULT_MAX_ATTEMPTS: i32 = 5;

/// Where a job is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobStatus {
    /// Waiting for `run_at`.
    Queued,
    /// Claimed; the holder's lease ends at `locked_until`.
    Running,
    /// Finished successfully.
    Done,
    /// Finished with a failure the handler decided not to retry.
    Failed,
    /// Out of attempts; kept for inspection and manual requeue.
    Dead,
}

impl JobStatus {
    /// The stable lower-case name stored in the table.
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Running => "running",
            JobStatus::Done => "done",
            JobStatus::Failed => "failed",
            JobStatus::Dead => "dead",
        }
    }
}

impl fmt::Display for JobStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for JobStatus {
    type Err = StoreError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "queued" => JobStatus::Queued,
            "running" => JobStatus::Running,
            "done" => JobStatus::Done,
            "failed" => JobStatus::Failed,
            "dead" => JobStatus::Dead,
            other => return Err(anyhow::anyhow!("unknown job status {other:?}").into()),
        })
    }
}

/// A job to enqueue, alone or inside another use case's transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct NewJob {
    /// The stable job name the runner dispatches on (`"session_run"`).
    pub kind: String,
    /// The handler's input; it must carry whatever the handler needs to scope its reads
    /// (e.g. the workspace id).
    pub payload: Value,
    /// Not claimable before this instant; `None` means now.
    pub run_at: Option<OffsetDateTime>,
    /// How many claims the job gets before retries stop.
    pub max_attempts: i32,
    /// At most one job can ever carry a given key; a second enqueue is a `Conflict`.
    pub dedup_key: Option<String>,
}

impl NewJob {
    /// A job due now with the default attempt budget and no dedup key.
    pub fn new(kind: impl Into<String>, payload: Value) -> Self {
        Self {
            kind: kind.into(),
            payload,
            run_at: None,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            dedup_key: None,
        }
    }

    /// Delays the first claim until `run_at`.
    pub fn run_at(mut self, run_at: OffsetDateTime) -> Self {
        self.run_at = Some(run_at);
        self
    }

    /// Sets the attempt budget.
    pub fn max_attempts(mut self, max_attempts: i32) -> Self {
        self.max_attempts = max_attempts;
        self
    }

    /// Makes the job unique by `key`.
    pub fn dedup_key(mut self, key: impl Into<String>) -> Self {
        self.dedup_key = Some(key.into());
        self
    }
}

/// A stored job.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    /// Increasing id.
    pub id: i64,
    /// The stable job name.
    pub kind: String,
    /// The handler's input.
    pub payload: Value,
    /// Where the job is.
    pub status: JobStatus,
    /// When the job becomes (or became) claimable.
    pub run_at: OffsetDateTime,
    /// How many times the job has been claimed; the current claim's fencing token.
    pub attempts: i32,
    /// The attempt budget.
    pub max_attempts: i32,
    /// The worker holding (or last holding) the lease.
    pub locked_by: Option<String>,
    /// When the current lease ends.
    pub locked_until: Option<OffsetDateTime>,
    /// The last failure reported.
    pub last_error: Option<String>,
    /// The uniqueness key, if any.
    pub dedup_key: Option<String>,
    /// When the job was enqueued.
    pub created_at: OffsetDateTime,
    /// When the row last changed.
    pub updated_at: OffsetDateTime,
    /// When the job reached `done`, `failed` or `dead`.
    pub finished_at: Option<OffsetDateTime>,
}

impl Job {
    /// The fencing token of this claim, for every completion call.
    pub fn lease(&self) -> Lease {
        Lease {
            job_id: self.id,
            attempt: self.attempts,
        }
    }

    /// True when this claim is beyond the attempt budget, which only happens when the holder
    /// of the final attempt lost its lease (crashed): the runner should give up on the job
    /// (fail it, refunding what it charged) instead of running it again.
    pub fn attempts_exhausted(&self) -> bool {
        self.attempts > self.max_attempts
    }
}

/// Proof of holding a job: `(job id, attempt number)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Lease {
    /// The job.
    pub job_id: i64,
    /// The attempt that claimed it.
    pub attempt: i32,
}

/// How many jobs are in each status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct JobCounts {
    /// Waiting to run.
    pub queued: u64,
    /// Claimed (including expired leases not yet reclaimed).
    pub running: u64,
    /// Finished successfully.
    pub done: u64,
    /// Failed without retry.
    pub failed: u64,
    /// Out of attempts.
    pub dead: u64,
}

/// The queue.
#[async_trait]
pub trait JobStore: Send + Sync {
    /// Enqueues a job and returns its id; a used `dedup_key` is a `Conflict`.
    async fn enqueue_job(&self, job: NewJob) -> StoreResult<i64>;

    /// Claims the next due job whose kind is in `kinds` (any kind when empty), oldest
    /// `run_at` first: a queued job that is due, or a running job whose lease has expired
    /// (crash recovery). The claim increments `attempts` and leases the job to `worker` for
    /// `lease_for`.
    async fn claim_job(
        &self,
        kinds: &[&str],
        worker: &str,
        lease_for: Duration,
    ) -> StoreResult<Option<Job>>;

    /// Pushes the lease end to now + `lease_for` (a heartbeat).
    async fn extend_job_lease(&self, lease: Lease, lease_for: Duration) -> StoreResult<()>;

    /// Marks the job `done`.
    async fn finish_job(&self, lease: Lease) -> StoreResult<()>;

    /// Records `error` and queues the job again at `run_at` (backoff is the caller's), or
    /// marks it `dead` when this was its last attempt; returns the new status.
    async fn retry_job(
        &self,
        lease: Lease,
        error: &str,
        run_at: OffsetDateTime,
    ) -> StoreResult<JobStatus>;

    /// Marks the job `failed` with `error`, without retry.
    async fn fail_job(&self, lease: Lease, error: &str) -> StoreResult<()>;

    /// One job by id.
    async fn get_job(&self, id: i64) -> StoreResult<Job>;

    /// Dead jobs, most recently finished first.
    async fn list_dead_jobs(&self, limit: u32) -> StoreResult<Vec<Job>>;

    /// Queues a dead job again, due now, with `extra_attempts` more claims. `attempts` is
    /// kept (not reset) so fencing tokens never repeat. `Conflict` unless the job is dead.
    async fn requeue_dead_job(&self, id: i64, extra_attempts: i32) -> StoreResult<Job>;

    /// How many jobs are in each status.
    async fn count_jobs(&self) -> StoreResult<JobCounts>;
}
