//! The `preview_run` job: queries the pages of a run and settles its hold (see the module
//! docs of `preview`).

use std::collections::HashMap;

use anyhow::Context;
use async_trait::async_trait;
use serde::Deserialize;
use serde_json::{Value, json};
use sourcer_core::{MonthStamp, ObjectId, Profile, Query};
use sourcer_index::{Hit, SearchResults};
use sourcer_store::{Job, OutboxEvent, PreviewRun, PreviewStatus, Store};

use super::{AGENT_ERROR, PAGE_SIZE, PREVIEW_RUN, pages_for, preview_candidate};
use crate::engine::{Engine, SearchSpec};
use crate::error::{EngineError, EngineResult};
use crate::runner::{JobHandler, Settled};
use crate::webhook::events::{SOURCING_COMPLETED, SOURCING_FAILED};

#[derive(Debug, Deserialize)]
struct Payload {
    preview_id: String,
    workspace_id: ObjectId,
}

/// The run a job is about.
async fn load(store: &dyn Store, job: &Job) -> anyhow::Result<PreviewRun> {
    let payload: Payload =
        serde_json::from_value(job.payload.clone()).context("bad preview_run payload")?;
    Ok(store
        .get_preview(payload.workspace_id, &payload.preview_id)
        .await?)
}

/// Whether `job` still has the run to settle (an earlier attempt may have settled it).
fn is_open(preview: &PreviewRun, job: &Job) -> bool {
    preview.status == PreviewStatus::Processing && preview.job_id == job.id
}

/// What the pages of one run found.
struct Collected {
    candidates: Vec<Value>,
    found: u64,
    pages_served: i64,
}

/// Runs preview jobs.
pub struct PreviewRunHandler {
    pub engine: Engine,
}

#[async_trait]
impl JobHandler for PreviewRunHandler {
    fn kind(&self) -> &'static str {
        PREVIEW_RUN
    }

    async fn run(&self, job: &Job) -> anyhow::Result<Settled> {
        let store = &self.engine.store;
        let preview = load(&**store, job).await?;
        if !is_open(&preview, job) {
            // A previous attempt settled this run.
            store.finish_job(job.lease()).await.ok();
            return Ok(Settled::ByHandler);
        }
        let collected = match Query::parse(&preview.request["queries"]) {
            Ok(query) => self.collect(&preview, query).await,
            Err(problems) => Err(EngineError::InvalidQuery(problems)),
        };
        let collected = match collected {
            Ok(collected) => collected,
            // The stored search itself is bad: retrying cannot help.
            Err(e @ (EngineError::InvalidQuery(_) | EngineError::InvalidInput(_))) => {
                let message = format!("the preview search is invalid: {e}");
                fail(&**store, job, &preview, &message).await?;
                return Ok(Settled::ByHandler);
            }
            Err(other) => return Err(other.into()),
        };
        let used = collected.pages_served * self.engine.config.prices.preview_page;
        let result = json!({
            "candidates": collected.candidates, "foundCount": collected.found,
            "pagesServed": collected.pages_served,
        });
        let data = json!({
            "requestId": preview.id, "runType": "preview", "status": "completed",
            "candidatesSourcedCount": collected.candidates.len(), "foundCount": collected.found,
            "creditsConsumed": used, "candidates": collected.candidates,
        });
        let events = preview_events(&preview, SOURCING_COMPLETED, data);
        store
            .complete_preview(job.lease(), &preview.id, used, result, events)
            .await?;
        Ok(Settled::ByHandler)
    }

    async fn give_up(&self, store: &dyn Store, job: &Job, error: &str) -> anyhow::Result<()> {
        let preview = load(store, job).await?;
        if !is_open(&preview, job) {
            store.fail_job(job.lease(), error).await?;
            return Ok(());
        }
        // The cause stays in the job's log; clients get a message without internals.
        tracing::error!(preview.id = %preview.id, error.message = %error, "preview run gave up");
        let message = "the preview run failed; no credits were charged, please retry";
        fail(store, job, &preview, message).await
    }
}

impl PreviewRunHandler {
    /// One page of `want` people after `cursor`. The first page relaxes the filters
    /// (docs/queries.md) until `limit` people match: filters derived from prose are a guess.
    async fn page(
        &self,
        query: &Query,
        cursor: Option<String>,
        want: usize,
        limit: usize,
    ) -> EngineResult<SearchResults> {
        let spec = SearchSpec {
            query: query.clone(),
            nuances: vec![],
            limit: want,
            cursor,
            exclude: None,
            min_results: Some(limit),
            as_of: MonthStamp::now(),
        };
        self.engine.search(spec).await
    }

    /// Queries pages of 20 until the limit is met, a page comes back short, or the pool ends.
    async fn collect(&self, preview: &PreviewRun, query: Query) -> EngineResult<Collected> {
        let limit = usize::try_from(preview.limit).unwrap_or(0);
        let page_size = PAGE_SIZE as usize;
        let mut collected = Collected {
            candidates: Vec::with_capacity(limit),
            found: 0,
            pages_served: 0,
        };
        let mut cursor = None;
        for page in 0..pages_for(preview.limit) {
            let want = page_size.min(limit - collected.candidates.len());
            let results = self.page(&query, cursor.take(), want, limit).await?;
            if page == 0 {
                collected.found = results.total;
            }
            if results.hits.is_empty() {
                break;
            }
            collected.pages_served += 1;
            let full = results.hits.len() >= want;
            collected
                .candidates
                .extend(self.candidates(&results.hits).await?);
            match results.next_cursor {
                Some(next) if full && collected.candidates.len() < limit => cursor = Some(next),
                _ => break,
            }
        }
        Ok(collected)
    }

    /// The 9-field candidates of a page, in retrieval order.
    async fn candidates(&self, hits: &[Hit]) -> EngineResult<Vec<Value>> {
        let pids: Vec<i64> = hits
            .iter()
            .filter_map(|h| i64::try_from(h.pid).ok())
            .collect();
        let rows = self.engine.store.profiles_by_pids(&pids).await?;
        let by_pid: HashMap<i64, _> = rows.into_iter().map(|row| (row.pid, row)).collect();
        let mut out = Vec::with_capacity(hits.len());
        for pid in pids {
            let Some(row) = by_pid.get(&pid) else {
                continue;
            };
            let profile: Profile = serde_json::from_str(&row.data)
                .with_context(|| format!("stored profile {}", row.id))
                .map_err(EngineError::Internal)?;
            out.push(preview_candidate(&profile, &row.id));
        }
        Ok(out)
    }
}

/// Fails the run: releases its hold and queues `SOURCING_FAILED`, with the job's lease.
async fn fail(
    store: &dyn Store,
    job: &Job,
    preview: &PreviewRun,
    message: &str,
) -> anyhow::Result<()> {
    let data = json!({
        "requestId": preview.id, "runType": "preview", "status": "failed",
        "errorCode": AGENT_ERROR, "errorMessage": message,
    });
    let events = preview_events(preview, SOURCING_FAILED, data);
    store
        .fail_preview(job.lease(), &preview.id, AGENT_ERROR, message, events)
        .await?;
    Ok(())
}

/// A run notifies only the webhook it names; a run without one emits nothing.
fn preview_events(preview: &PreviewRun, event: &str, data: Value) -> Vec<OutboxEvent> {
    preview
        .webhook_id
        .map(|id| OutboxEvent {
            event: event.into(),
            payload: data,
            webhook_id: Some(id),
        })
        .into_iter()
        .collect()
}
