//! The search benchmark: a fixed, documented mix of queries run against a built index,
//! returning per-query latencies (the `sourcer bench` command prints them).
//!
//! The mix (at least 30 queries) is drawn from the index itself, so it fits any corpus: the
//! most frequent titles, skills, regions, companies, industries, functions and institutes
//! fill the templates below. It covers:
//! - the seed examples of the sourcing API (title + years + region + skills, and the full
//!   seed filter map with firmographics), as written and with the corpus's own values;
//! - skills only, and mandatory + core + secondary skills;
//! - `(.)` contains / regex on titles (`engineer`, `^senior`, `.*manager.*`) and companies;
//! - `geo_distance` radii (50 km, 100 mi) around frequent regions;
//! - company filters (funding stage, headcount range and latest, growth, revenue and funding
//!   buckets, founding year, recently funded);
//! - same-record groups (current title + company + seniority; past title + company);
//! - negations, education, nuances, and the same queries excluding 5,000 pids.

mod mix;

use std::time::Instant;

use serde::Serialize;

pub use mix::standard_mix;

use crate::{PeopleIndex, SearchError, SearchRequest};

/// One query of the mix.
#[derive(Debug, Clone)]
pub struct BenchQuery {
    pub name: String,
    pub request: SearchRequest,
}

/// Latencies of one query.
#[derive(Debug, Clone, Serialize)]
pub struct QueryTiming {
    pub name: String,
    /// Matches reported by the first run.
    pub total: u64,
    /// One latency per round, in microseconds.
    pub micros: Vec<u64>,
}

/// Every latency of a run, with the percentiles over all of them.
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub queries: Vec<QueryTiming>,
    pub p50_micros: u64,
    pub p90_micros: u64,
    pub p99_micros: u64,
    pub max_micros: u64,
}

/// Builds (and drops) the documents of these profiles without indexing them; returns how
/// many documents that made. Separates the cost of normalising profiles from tantivy's.
pub fn build_documents(index: &PeopleIndex, profiles: &[sourcer_core::Profile]) -> usize {
    index.documents_of(profiles)
}

/// Runs every query `rounds` times (after one warm-up run) and reports latencies.
pub fn run(
    index: &PeopleIndex,
    mix: &[BenchQuery],
    rounds: usize,
) -> Result<BenchReport, SearchError> {
    let mut queries = Vec::with_capacity(mix.len());
    let mut all = Vec::new();
    for q in mix {
        let total = index.search(&q.request)?.total;
        let mut micros = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            let start = Instant::now();
            index.search(&q.request)?;
            micros.push(start.elapsed().as_micros() as u64);
        }
        all.extend_from_slice(&micros);
        queries.push(QueryTiming {
            name: q.name.clone(),
            total,
            micros,
        });
    }
    all.sort_unstable();
    let pct = |p: f64| -> u64 {
        if all.is_empty() {
            return 0;
        }
        let rank = ((p / 100.0) * all.len() as f64).ceil() as usize;
        all[rank.clamp(1, all.len()) - 1]
    };
    Ok(BenchReport {
        queries,
        p50_micros: pct(50.0),
        p90_micros: pct(90.0),
        p99_micros: pct(99.0),
        max_micros: all.last().copied().unwrap_or(0),
    })
}
