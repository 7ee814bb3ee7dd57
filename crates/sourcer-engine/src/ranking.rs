//! Retrieval then scoring, exactly as a session run does it; sessions and `sourcer eval`
//! both call [`Engine::rank`].

use std::cmp::Ordering;
use std::sync::Arc;

use anyhow::Context;
use sourcer_core::{MonthStamp, Profile, Query};
use sourcer_index::{PidSet, SearchResults};
use sourcer_match::FitAnalysis;
use sourcer_store::StoredProfile;
use sourcer_taxonomy::RedFlag;

use crate::engine::{Engine, SearchSpec};

/// A job to rank people for.
pub struct RankRequest<'a> {
    pub title: &'a str,
    pub jd_text: &'a str,
    pub query: Query,
    pub nuances: Vec<RedFlag>,
    /// People to leave out (those a session already holds).
    pub exclude: Option<Arc<PidSet>>,
    /// How many to retrieve before scoring (`total_display_count`).
    pub retrieve: usize,
    /// Relax filters, when the query allows it, until this many match.
    pub min_results: Option<usize>,
    /// The month searching and scoring are done as of (sessions: now).
    pub as_of: MonthStamp,
}

/// One scored person.
pub struct Ranked {
    pub pid: i64,
    pub id: String,
    pub profile: Profile,
    pub analysis: FitAnalysis,
}

/// The outcome of [`Engine::rank`]: the search, the prepared job, and the people best first.
pub struct Ranking {
    pub found: SearchResults,
    pub job: sourcer_match::Job,
    pub ranked: Vec<Ranked>,
}

impl Engine {
    /// Retrieves the best `retrieve` people by retrieval relevance, scores each against the
    /// job, and returns them best fit first (ties by profile id), with the search results.
    pub async fn rank(&self, request: RankRequest<'_>) -> anyhow::Result<Ranking> {
        let spec = SearchSpec {
            query: request.query,
            nuances: request.nuances.clone(),
            limit: request.retrieve,
            cursor: None,
            exclude: request.exclude,
            min_results: request.min_results,
            as_of: request.as_of,
        };
        let found = self.search(spec).await.map_err(anyhow::Error::new)?;
        let pids: Vec<i64> = found.hits.iter().map(|h| h.pid as i64).collect();
        let stored = self.store.profiles_by_pids(&pids).await?;
        let labels: Vec<String> = request
            .nuances
            .iter()
            .map(|f| f.label().to_string())
            .collect();
        let job = sourcer_match::Job::new(
            request.title,
            request.jd_text,
            &found.effective_query,
            &labels,
        )
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        let as_of = request.as_of;
        let (job, ranked) = tokio::task::spawn_blocking(move || {
            let ranked = score_all(&job, stored, as_of);
            ranked.map(|r| (job, r))
        })
        .await??;
        Ok(Ranking { found, job, ranked })
    }

    /// Lets the LLM provider, when configured, re-score `batch` (best first; it re-orders the
    /// entries it scored). Any failure keeps the built-in analysis.
    pub async fn rescore(&self, job: &sourcer_match::Job, batch: &mut Vec<Ranked>) {
        let Some(llm) = &self.llm else {
            return;
        };
        let mut pairs: Vec<(&Profile, FitAnalysis)> = batch
            .iter()
            .map(|r| (&r.profile, r.analysis.clone()))
            .collect();
        llm.rescore(job, &mut pairs).await;
        let order: Vec<(String, FitAnalysis)> = pairs
            .into_iter()
            .map(|(p, a)| (p.resolved_id(), a))
            .collect();
        let mut by_id: std::collections::HashMap<String, Ranked> =
            batch.drain(..).map(|r| (r.id.clone(), r)).collect();
        for (id, analysis) in order {
            if let Some(mut r) = by_id.remove(&id) {
                r.analysis = analysis;
                batch.push(r);
            }
        }
    }
}

fn score_all(
    job: &sourcer_match::Job,
    stored: Vec<StoredProfile>,
    as_of: MonthStamp,
) -> anyhow::Result<Vec<Ranked>> {
    let mut ranked = Vec::with_capacity(stored.len());
    for row in stored {
        let profile: Profile = serde_json::from_str(&row.data)
            .with_context(|| format!("stored profile {}", row.id))?;
        let analysis = sourcer_match::score(job, &profile, as_of);
        ranked.push(Ranked {
            pid: row.pid,
            id: row.id,
            profile,
            analysis,
        });
    }
    ranked.sort_by(|a, b| match a.analysis.rank_cmp(&b.analysis) {
        Ordering::Equal => a.id.cmp(&b.id),
        other => other,
    });
    Ok(ranked)
}
