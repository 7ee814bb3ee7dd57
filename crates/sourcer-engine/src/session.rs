//! Sourcing sessions (FutureJobs): creating, updating and fetching more. Each call validates
//! the request, checks the pool with a quick search (so an exhausted pool is refused before
//! any charge), then charges, changes the session and enqueues its run in one store
//! transaction, and wakes a worker. The run itself is `session_run`.

use std::sync::Arc;

use serde_json::{Value, json};
use sourcer_core::{MonthStamp, ObjectId, Query};
use sourcer_index::PidSet;
use sourcer_store::{ApiKey, NewJob, NewSession, RunStart, Session, SessionPatch, StartedRun};

use crate::engine::{Engine, SearchSpec, fallback_target, parse_nuances};
use crate::error::{EngineError, EngineResult, not_found};
use crate::session_run::{RunKind, SESSION_RUN};

/// Create Sourcing Session input (F1).
#[derive(Debug, Clone, Default)]
pub struct CreateSession {
    pub title: Option<String>,
    pub jd_text: Option<String>,
    pub sample_profile_url: Option<String>,
    pub queries: Value,
    pub nuances: Vec<String>,
}

/// Update Session input (F6): absent fields keep their value; `queries` replaces the whole
/// object when given.
#[derive(Debug, Clone, Default)]
pub struct UpdateSession {
    pub title: Option<String>,
    pub jd_text: Option<String>,
    pub sample_profile_url: Option<String>,
    pub queries: Option<Value>,
    pub nuances: Option<Vec<String>>,
}

/// A run that was accepted: the session, what the pool holds, and the charge.
#[derive(Debug, Clone)]
pub struct RunAccepted {
    pub session: Session,
    /// People matching the filters that the session does not hold yet.
    pub available: u64,
    /// How many the run will retrieve (`total_display_count`).
    pub display_count: u64,
    pub charged: i64,
    pub remaining_credits: i64,
}

impl Engine {
    /// F1: validates, checks the pool, charges and starts the first run.
    pub async fn create_session(
        &self,
        caller: &ApiKey,
        input: CreateSession,
    ) -> EngineResult<RunAccepted> {
        let query = Query::parse(&input.queries).map_err(EngineError::InvalidQuery)?;
        let nuances = parse_nuances(&input.nuances)?;
        let available = self.pool_size(query, nuances, None).await?;
        let session = NewSession {
            id: ObjectId::new(),
            workspace_id: caller.workspace_id,
            project_id: caller.project_id,
            created_by: caller.key_id.clone(),
            title: input.title.unwrap_or_default(),
            jd_text: input.jd_text.unwrap_or_default(),
            sample_profile_url: input.sample_profile_url,
            queries: input.queries,
            nuances: json!(input.nuances),
            provider: Some(self.provider_name()),
        };
        let cost = self.config.prices.session_create;
        let run = self.run_start(session.id, caller.workspace_id, RunKind::Create, cost);
        let started = self.store.create_session(session, run).await?;
        Ok(self.accepted(started, available, cost))
    }

    /// F5: refuses an exhausted pool with "No profiles match" (and no charge), else charges
    /// and starts a run that adds the next batch.
    pub async fn fetch_more(&self, caller: &ApiKey, id: ObjectId) -> EngineResult<RunAccepted> {
        let session = self.get_session(caller, id).await?;
        let (query, nuances) = session_query(&session)?;
        let held = self.held_pids(caller, id).await?;
        let available = self.pool_size(query, nuances, Some(held)).await?;
        if available == 0 {
            return Err(EngineError::NoProfilesMatch);
        }
        let cost = self.config.prices.fetch_more;
        let run = self.run_start(id, caller.workspace_id, RunKind::FetchMore, cost);
        let started = self
            .store
            .start_fetch_more(caller.workspace_id, id, run)
            .await
            .map_err(|e| match e {
                sourcer_store::StoreError::Conflict(_) => EngineError::Conflict(
                    "the session is still processing; poll Get Session Details until it is done"
                        .into(),
                ),
                other => not_found("Session")(other),
            })?;
        Ok(self.accepted(started, available, cost))
    }

    /// F6: merges the patch, re-validates, charges and starts a new run.
    pub async fn update_session(
        &self,
        caller: &ApiKey,
        id: ObjectId,
        input: UpdateSession,
    ) -> EngineResult<RunAccepted> {
        let current = self.get_session(caller, id).await?;
        let queries = input.queries.clone().unwrap_or(current.queries.clone());
        let query = Query::parse(&queries).map_err(EngineError::InvalidQuery)?;
        let labels = match &input.nuances {
            Some(n) => n.clone(),
            None => serde_json::from_value(current.nuances.clone()).unwrap_or_default(),
        };
        let nuances = parse_nuances(&labels)?;
        let held = self.held_pids(caller, id).await?;
        let available = self.pool_size(query, nuances, Some(held)).await?;
        let patch = SessionPatch {
            title: input.title,
            jd_text: input.jd_text,
            sample_profile_url: input.sample_profile_url,
            queries: input.queries,
            nuances: input.nuances.map(|n| json!(n)),
        };
        let cost = self.config.prices.session_update;
        let run = self.run_start(id, caller.workspace_id, RunKind::Update, cost);
        let started = self
            .store
            .update_session(caller.workspace_id, id, patch, run)
            .await
            .map_err(|e| match e {
                sourcer_store::StoreError::Conflict(_) => EngineError::Conflict(
                    "the session is still processing; poll Get Session Details until it is done"
                        .into(),
                ),
                other => not_found("Session")(other),
            })?;
        Ok(self.accepted(started, available, cost))
    }

    /// F2: the session, if it belongs to the caller's workspace.
    pub async fn get_session(&self, caller: &ApiKey, id: ObjectId) -> EngineResult<Session> {
        self.store
            .get_session(caller.workspace_id, id)
            .await
            .map_err(not_found("Session"))
    }

    /// Which provider scores this node's runs.
    pub fn provider_name(&self) -> String {
        if self.config.llm.enabled {
            format!("llm:{}", self.config.llm.model)
        } else {
            sourcer_match::analysis::BUILTIN_PROVIDER.to_string()
        }
    }

    async fn held_pids(&self, caller: &ApiKey, id: ObjectId) -> EngineResult<Arc<PidSet>> {
        let pids = self
            .store
            .session_pids(caller.workspace_id, id)
            .await
            .map_err(not_found("Session"))?;
        Ok(Arc::new(
            pids.into_iter()
                .filter_map(|p| u64::try_from(p).ok())
                .collect(),
        ))
    }

    /// People matching (after fallback, when the query allows it) that are not held yet.
    async fn pool_size(
        &self,
        query: Query,
        nuances: Vec<sourcer_taxonomy::RedFlag>,
        exclude: Option<Arc<PidSet>>,
    ) -> EngineResult<u64> {
        let min_results = fallback_target(&query, self.config.sessions.batch_size);
        let spec = SearchSpec {
            query,
            nuances,
            limit: 0,
            cursor: None,
            exclude,
            min_results,
            as_of: MonthStamp::now(),
        };
        Ok(self.search(spec).await?.total)
    }

    fn run_start(
        &self,
        session: ObjectId,
        workspace: ObjectId,
        kind: RunKind,
        cost: i64,
    ) -> RunStart {
        let payload = json!({ "session_id": session, "workspace_id": workspace, "run": kind });
        RunStart {
            cost,
            job: NewJob::new(SESSION_RUN, payload),
        }
    }

    fn accepted(&self, started: StartedRun, available: u64, cost: i64) -> RunAccepted {
        self.jobs.notify_one();
        let display = available.min(self.config.sessions.display_count as u64);
        RunAccepted {
            session: started.session,
            available,
            display_count: display,
            charged: cost,
            remaining_credits: started.balance.available,
        }
    }
}

/// The parsed queries and nuances a session stores.
pub fn session_query(session: &Session) -> EngineResult<(Query, Vec<sourcer_taxonomy::RedFlag>)> {
    let query = Query::parse(&session.queries).map_err(EngineError::InvalidQuery)?;
    let labels: Vec<String> = serde_json::from_value(session.nuances.clone()).unwrap_or_default();
    Ok((query, parse_nuances(&labels)?))
}
