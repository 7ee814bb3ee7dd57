//! The job runner: workers claim jobs from the store with a lease, keep the lease alive while
//! a handler runs, and settle the outcome. Jobs enqueued by this process wake a worker at
//! once (`notify`); jobs from other nodes, retries and jobs whose lease expired after a crash
//! are found by polling.
//!
//! Delivery is at least once, so handlers are idempotent: they finish their job through a
//! store method fenced by the lease, and a retried attempt sees the state its predecessor
//! left.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use sourcer_store::{Job, Lease, Store, StoreError};
use time::OffsetDateTime;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use crate::config::JobsConfig;

/// How a handler left its job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    /// The handler finished the job itself, in the same transaction as its effects.
    ByHandler,
    /// The runner should mark the job done.
    ByRunner,
}

/// Code that runs one kind of job.
#[async_trait]
pub trait JobHandler: Send + Sync {
    /// The stable job kind this handler runs.
    fn kind(&self) -> &'static str;

    /// Runs the job. An error means "try again later" until attempts run out.
    async fn run(&self, job: &Job) -> anyhow::Result<Settled>;

    /// Called instead of a retry once the job's attempts are used up: record the failure
    /// (refunds, failure events) and settle the job. The default marks it dead.
    async fn give_up(&self, store: &dyn Store, job: &Job, error: &str) -> anyhow::Result<()> {
        store.fail_job(job.lease(), error).await?;
        Ok(())
    }
}

/// A pool of workers over a set of handlers.
pub struct Runner {
    store: Arc<dyn Store>,
    handlers: HashMap<&'static str, Arc<dyn JobHandler>>,
    config: JobsConfig,
    notify: Arc<Notify>,
    worker_id: String,
}

impl Runner {
    /// A runner whose idle workers wake when `notify` is signalled (after an enqueue here).
    pub fn new(
        store: Arc<dyn Store>,
        config: JobsConfig,
        handlers: Vec<Arc<dyn JobHandler>>,
        notify: Arc<Notify>,
    ) -> Runner {
        let handlers = handlers.into_iter().map(|h| (h.kind(), h)).collect();
        let worker_id = format!("{}-{}", hostname(), std::process::id());
        Runner {
            store,
            handlers,
            config,
            notify,
            worker_id,
        }
    }

    /// Runs `config.workers` workers until `shutdown` is cancelled.
    pub fn spawn(
        self: &Arc<Self>,
        shutdown: CancellationToken,
    ) -> Vec<tokio::task::JoinHandle<()>> {
        (0..self.config.workers.max(1))
            .map(|n| {
                let runner = self.clone();
                let shutdown = shutdown.clone();
                tokio::spawn(async move { runner.work(n, shutdown).await })
            })
            .collect()
    }

    async fn work(&self, n: usize, shutdown: CancellationToken) {
        let poll = Duration::from_millis(self.config.poll_interval_ms.max(10));
        while !shutdown.is_cancelled() {
            match self.run_next(&format!("{}#{n}", self.worker_id)).await {
                Ok(true) => continue,
                Ok(false) => {}
                Err(e) => {
                    tracing::error!(error.message = %e, error.cause_chain = ?e, "job runner error")
                }
            }
            tokio::select! {
                _ = shutdown.cancelled() => break,
                _ = self.notify.notified() => {}
                _ = tokio::time::sleep(poll) => {}
            }
        }
    }

    /// Claims and runs every job that is due now, one after the other; returns how many ran.
    /// Tests and one-shot commands use it instead of waiting for workers.
    pub async fn run_pending(&self) -> anyhow::Result<usize> {
        let mut ran = 0;
        while self.run_next(&self.worker_id).await? {
            ran += 1;
        }
        Ok(ran)
    }

    /// Claims one due job and runs it; false when none is due.
    pub async fn run_next(&self, worker: &str) -> anyhow::Result<bool> {
        let kinds: Vec<&str> = self.handlers.keys().copied().collect();
        let lease_for = Duration::from_secs(self.config.lease_secs.max(1));
        let Some(job) = self.store.claim_job(&kinds, worker, lease_for).await? else {
            return Ok(false);
        };
        let handler = self.handlers[job.kind.as_str()].clone();
        let span = tracing::info_span!("job", job.id = job.id, job.kind = %job.kind, job.attempt = job.attempts);
        let heartbeat = self.keep_alive(job.lease(), lease_for);
        if self.config.run_delay_ms > 0 {
            tokio::time::sleep(Duration::from_millis(self.config.run_delay_ms)).await;
        }
        let outcome = handler.run(&job).instrument(span).await;
        heartbeat.abort();
        self.settle(&*handler, &job, outcome).await;
        Ok(true)
    }

    fn keep_alive(&self, lease: Lease, lease_for: Duration) -> tokio::task::JoinHandle<()> {
        let store = self.store.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(lease_for / 3).await;
                if let Err(e) = store.extend_job_lease(lease, lease_for).await {
                    tracing::warn!(job.id = lease.job_id, error.message = %e, "lost the job lease");
                    return;
                }
            }
        })
    }

    async fn settle(&self, handler: &dyn JobHandler, job: &Job, outcome: anyhow::Result<Settled>) {
        let result = match outcome {
            Ok(Settled::ByHandler) => Ok(()),
            Ok(Settled::ByRunner) => self.store.finish_job(job.lease()).await.map_err(Into::into),
            Err(error) => {
                let message = format!("{error:#}");
                tracing::warn!(job.id = job.id, job.kind = %job.kind, error.message = %message, "job attempt failed");
                if job.attempts >= job.max_attempts {
                    handler.give_up(&*self.store, job, &message).await
                } else {
                    let run_at = OffsetDateTime::now_utc() + self.backoff(job.attempts);
                    self.store
                        .retry_job(job.lease(), &message, run_at)
                        .await
                        .map(|_| ())
                        .map_err(Into::into)
                }
            }
        };
        match result {
            Ok(()) => {}
            Err(e) if matches!(e.downcast_ref::<StoreError>(), Some(StoreError::StaleLease)) => {
                tracing::warn!(
                    job.id = job.id,
                    "job settled elsewhere: this attempt lost its lease"
                )
            }
            Err(e) => tracing::error!(job.id = job.id, error.message = %e, "could not settle job"),
        }
    }

    fn backoff(&self, attempt: i32) -> Duration {
        let schedule = &self.config.retry_backoff_secs;
        let index = usize::try_from(attempt - 1)
            .unwrap_or(0)
            .min(schedule.len().saturating_sub(1));
        Duration::from_secs(schedule.get(index).copied().unwrap_or(5))
    }
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_else(|_| "node".into())
}
