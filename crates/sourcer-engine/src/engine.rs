//! The engine: the store, the index and the configuration every use case works with, plus
//! the search helper they share.

use std::sync::Arc;

use sourcer_core::{MonthStamp, Query};
use sourcer_index::{PeopleIndex, PidSet, SearchError, SearchRequest, SearchResults};
use sourcer_match::llm::{LlmConfig, LlmProvider};
use sourcer_store::Store;
use sourcer_taxonomy::RedFlag;
use tokio::sync::Notify;

use crate::config::Config;
use crate::error::{EngineError, EngineResult};

/// Shared state of every use case. Cheap to clone.
#[derive(Clone)]
pub struct Engine {
    pub store: Arc<dyn Store>,
    pub index: PeopleIndex,
    pub config: Arc<Config>,
    /// Wakes this node's job workers after a job is enqueued here.
    pub jobs: Arc<Notify>,
    /// The optional LLM re-scorer (`[llm] enabled = true`).
    pub llm: Option<Arc<LlmProvider>>,
}

/// One search, as the use cases ask for it.
pub struct SearchSpec {
    pub query: Query,
    pub nuances: Vec<RedFlag>,
    pub limit: usize,
    pub cursor: Option<String>,
    pub exclude: Option<Arc<PidSet>>,
    /// Relax filters (when the query allows it) until this many match.
    pub min_results: Option<usize>,
    /// The month tenure, recency and funding rules are evaluated at (sessions: now).
    pub as_of: MonthStamp,
}

impl Engine {
    /// An engine over a store and an index. Fails only when the LLM provider is enabled
    /// but misconfigured.
    pub fn new(
        store: Arc<dyn Store>,
        index: PeopleIndex,
        config: Arc<Config>,
    ) -> anyhow::Result<Engine> {
        let llm = if config.llm.enabled {
            let c = &config.llm;
            let provider = LlmProvider::new(LlmConfig {
                base_url: c.base_url.clone(),
                model: c.model.clone(),
                api_key: c.api_key.clone(),
                timeout: std::time::Duration::from_millis(c.timeout_ms),
                max_concurrency: c.max_concurrency,
                top_n: c.top_n,
            })
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            Some(Arc::new(provider))
        } else {
            None
        };
        Ok(Engine {
            store,
            index,
            config,
            jobs: Arc::new(Notify::new()),
            llm,
        })
    }

    /// Runs a search off the async threads (tantivy is synchronous).
    pub async fn search(&self, spec: SearchSpec) -> EngineResult<SearchResults> {
        let index = self.index.clone();
        let request = SearchRequest {
            query: spec.query,
            nuances: spec.nuances,
            limit: spec.limit,
            cursor: spec.cursor,
            exclude: spec.exclude,
            as_of: spec.as_of,
            min_results: spec.min_results,
        };
        let result = tokio::task::spawn_blocking(move || index.search(&request))
            .await
            .map_err(|e| EngineError::Internal(e.into()))?;
        result.map_err(|e| match e {
            SearchError::Invalid(problems) => EngineError::InvalidQuery(problems),
            SearchError::BadCursor(message) => EngineError::InvalidInput(message),
            other => EngineError::Internal(anyhow::Error::new(other)),
        })
    }
}

/// How many people a session run wants before the relaxation ladder may stop. Sessions are
/// Flexible by default (FutureJobs' "Flexible"): the ladder runs unless the query says
/// `allowFallback: [false]` (Strict).
pub fn fallback_target(query: &Query, batch_size: usize) -> Option<usize> {
    (query.allow_fallback != Some(false)).then_some(batch_size)
}

/// Parses nuance labels; unknown labels are refused with the list of known ones.
pub fn parse_nuances(labels: &[String]) -> EngineResult<Vec<RedFlag>> {
    labels
        .iter()
        .map(|label| {
            RedFlag::parse(label).ok_or_else(|| {
                let known: Vec<&str> = RedFlag::ALL.iter().map(|f| f.label()).collect();
                EngineError::InvalidInput(format!(
                    "unknown nuance {label:?}; known nuances: {}",
                    known.join(", ")
                ))
            })
        })
        .collect()
}
