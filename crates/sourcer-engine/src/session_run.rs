//! The `session_run` job: search for people the session does not hold yet, score them, and
//! add the best batch to the session, in one fenced store transaction (with the
//! `SESSION_COMPLETED` webhook event). A run that keeps failing ends the session `done` with
//! `sourcingError`, refunds its charge and emits `SESSION_FAILED`.

use std::sync::Arc;

use anyhow::Context;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sourcer_core::{MonthStamp, ObjectId};
use sourcer_index::PidSet;
use sourcer_store::{Job, NewCandidate, OutboxEvent, RunCompletion, Session, SessionStatus, Store};

use crate::engine::{Engine, fallback_target};
use crate::ranking::{RankRequest, Ranked, Ranking};
use crate::runner::{JobHandler, Settled};
use crate::session::session_query;

/// The stable job kind.
pub const SESSION_RUN: &str = "session_run";
/// Webhook events a session emits (an addition to the FutureJobs API; docs/api.md).
pub const SESSION_COMPLETED: &str = "SESSION_COMPLETED";
pub const SESSION_FAILED: &str = "SESSION_FAILED";

/// Why a run was started; names the batch it adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunKind {
    Create,
    FetchMore,
    Update,
}

impl RunKind {
    fn batch_key(self) -> &'static str {
        match self {
            RunKind::Create => "CREATED_BATCH",
            RunKind::FetchMore => "FETCH_MORE_BATCH",
            RunKind::Update => "UPDATED_BATCH",
        }
    }
}

#[derive(Debug, Deserialize)]
struct Payload {
    session_id: ObjectId,
    workspace_id: ObjectId,
    run: RunKind,
}

/// Runs sessions' search-and-score jobs.
pub struct SessionRunHandler {
    pub engine: Engine,
}

#[async_trait]
impl JobHandler for SessionRunHandler {
    fn kind(&self) -> &'static str {
        SESSION_RUN
    }

    async fn run(&self, job: &Job) -> anyhow::Result<Settled> {
        let payload: Payload =
            serde_json::from_value(job.payload.clone()).context("bad session_run payload")?;
        let store = &self.engine.store;
        let session = store
            .get_session(payload.workspace_id, payload.session_id)
            .await?;
        if session.status == SessionStatus::Done || session.run_job_id != Some(job.id) {
            // A previous attempt completed this run, or a newer run replaced it.
            store.finish_job(job.lease()).await.ok();
            return Ok(Settled::ByHandler);
        }
        let completion = self.search_and_score(&session, payload.run).await?;
        let event = session_event(
            &session,
            SESSION_COMPLETED,
            json!({
                "status": "done", "newProfilesCount": completion.candidates.len(),
                "totalAvailableProfiles": completion.total_available,
            }),
        );
        store
            .complete_session_run(job.lease(), session.id, completion, vec![event])
            .await?;
        Ok(Settled::ByHandler)
    }

    async fn give_up(&self, store: &dyn Store, job: &Job, error: &str) -> anyhow::Result<()> {
        let payload: Payload =
            serde_json::from_value(job.payload.clone()).context("bad session_run payload")?;
        let session = store
            .get_session(payload.workspace_id, payload.session_id)
            .await?;
        let message = format!("Sourcing failed: {error}");
        let event = session_event(
            &session,
            SESSION_FAILED,
            json!({"status": "done", "sourcingError": message}),
        );
        store
            .fail_session_run(job.lease(), session.id, &message, vec![event])
            .await?;
        Ok(())
    }
}

fn session_event(session: &Session, event: &str, extra: serde_json::Value) -> OutboxEvent {
    let mut data = json!({
        "sessionId": session.id, "projectId": session.project_id, "sessionTitle": session.title,
    });
    if let (Some(data), Some(extra)) = (data.as_object_mut(), extra.as_object()) {
        data.extend(extra.clone());
    }
    OutboxEvent {
        event: event.into(),
        payload: data,
        webhook_id: None,
    }
}

impl SessionRunHandler {
    async fn search_and_score(
        &self,
        session: &Session,
        run: RunKind,
    ) -> anyhow::Result<RunCompletion> {
        let engine = &self.engine;
        let config = &engine.config.sessions;
        let (query, nuances) = session_query(session).map_err(anyhow::Error::new)?;
        let held = engine
            .store
            .session_pids(session.workspace_id, session.id)
            .await?;
        let exclude: Arc<PidSet> =
            Arc::new(held.iter().filter_map(|p| u64::try_from(*p).ok()).collect());
        let min_results = fallback_target(&query, config.batch_size);
        let request = RankRequest {
            title: &session.title,
            jd_text: &session.jd_text,
            query,
            nuances,
            exclude: Some(exclude),
            retrieve: config.display_count,
            min_results,
            as_of: MonthStamp::now(),
        };
        let Ranking { found, job, ranked } = engine.rank(request).await?;
        let retrieved = ranked.len() as i64;
        let mut batch: Vec<Ranked> = ranked.into_iter().take(config.batch_size).collect();
        engine.rescore(&job, &mut batch).await;
        let candidates: Vec<NewCandidate> = batch
            .into_iter()
            .enumerate()
            .map(|(rank, r)| NewCandidate {
                pid: r.pid,
                profile_id: r.id,
                rank: (held.len() + rank) as i64,
                fit_score: f64::from(r.analysis.exact_score),
                final_score: f64::from(r.analysis.final_score),
                analysis: serde_json::to_value(&r.analysis).unwrap_or_default(),
            })
            .collect();
        let relaxed = !found.relaxations.is_empty();
        let last_step = found.relaxations.last().map(|r| r.step);
        Ok(RunCompletion {
            total_matched: candidates.len() as i64,
            candidates,
            batch_key: run.batch_key().into(),
            next_cursor: found.next_cursor,
            total_available: found.total as i64,
            total_for_matching: retrieved,
            fallback_filters: relaxed.then(|| found.effective_query.to_json()),
            is_fallback: relaxed,
            has_used_final_fallback: relaxed && !found.effective_query.can_relax_after(last_step),
        })
    }
}
