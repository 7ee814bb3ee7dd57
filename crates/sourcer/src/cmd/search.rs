//! `sourcer search`: one page of results as JSON `{"total", "ids", "next_cursor"}`; invalid
//! queries print `{"errors": [...]}` (one entry per problem, with key and code) and exit 2.

use std::sync::Arc;

use anyhow::Context;
use serde_json::{Value, json};
use sourcer_core::{Query, QueryProblem};
use sourcer_engine::Config;
use sourcer_index::{PidSet, SearchError, SearchRequest};
use sourcer_store::Store;

use crate::cli::SearchArgs;
use crate::cmd::{as_of_month, open_all};

pub async fn run(config: &Config, args: SearchArgs) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(&args.query)
        .with_context(|| format!("while reading {}", args.query.display()))?;
    let value: Value = serde_json::from_str(&text)
        .with_context(|| format!("{} is not JSON", args.query.display()))?;
    let queries = value.get("queries").cloned().unwrap_or(value);
    let query = Query::parse(&queries).unwrap_or_else(|problems| invalid(&problems));
    let nuances = sourcer_engine::engine::parse_nuances(&args.nuances)?;
    let as_of = as_of_month(args.as_of.as_deref())?;
    let (store, index) = open_all(config).await?;
    let exclude = match &args.exclude {
        Some(path) => Some(Arc::new(exclusion_set(&*store, path).await?)),
        None => None,
    };
    let request = SearchRequest {
        query,
        nuances,
        limit: args.limit,
        cursor: args.cursor,
        exclude,
        as_of,
        min_results: args.fallback_min,
    };
    let results = match index.search(&request) {
        Ok(results) => results,
        Err(SearchError::Invalid(problems)) => invalid(&problems),
        Err(e) => return Err(e.into()),
    };
    let mut out = json!({
        "total": results.total,
        "ids": results.hits.iter().map(|h| &h.id).collect::<Vec<_>>(),
        "next_cursor": results.next_cursor,
    });
    if !results.relaxations.is_empty() {
        out["relaxations"] = json!(results.relaxations);
    }
    println!("{out}");
    Ok(())
}

fn invalid(problems: &[QueryProblem]) -> ! {
    println!("{}", json!({ "errors": problems }));
    std::process::exit(2)
}

/// Reads profile ids (one per line, or a JSON array) and maps them to pids; unknown ids are
/// ignored.
async fn exclusion_set(store: &dyn Store, path: &std::path::Path) -> anyhow::Result<PidSet> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("while reading {}", path.display()))?;
    let ids: Vec<String> = match serde_json::from_str::<Vec<String>>(&text) {
        Ok(ids) => ids,
        Err(_) => text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect(),
    };
    let mut pids = Vec::with_capacity(ids.len());
    for id in &ids {
        if let Some(row) = store.find_profile_by_id(id).await? {
            pids.push(row.pid as u64);
        }
    }
    Ok(pids.into_iter().collect())
}
