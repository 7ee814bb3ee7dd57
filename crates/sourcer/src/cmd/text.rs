//! `sourcer annotate`, `sourcer eval` and `sourcer bench`.

use std::collections::HashSet;
use std::io::Read;
use std::sync::Arc;

use anyhow::Context;
use sourcer_core::MonthStamp;
use sourcer_engine::feed::IndexFeed;
use sourcer_engine::import::{ImportProgress, import_profiles, open_input};
use sourcer_engine::ranking::RankRequest;
use sourcer_engine::{Config, Engine};
use sourcer_match::eval::{EvalJob, EvalReport, Labels, read_jsonl};

use crate::cli::{AnnotateArgs, BenchCommand, EvalArgs};
use crate::cmd::{as_of_month, open_all};

pub fn annotate(args: AnnotateArgs) -> anyhow::Result<()> {
    let mut text = String::new();
    if args.file.as_os_str() == "-" {
        std::io::stdin().read_to_string(&mut text)?;
    } else {
        text = std::fs::read_to_string(&args.file)
            .with_context(|| format!("while reading {}", args.file.display()))?;
    }
    let annotation = sourcer_match::annotate(&text);
    println!("{}", serde_json::to_string_pretty(&annotation.to_f10())?);
    Ok(())
}

/// Imports the profiles into a scratch data dir, then ranks each job the way a session
/// fills its first 100 places: a run of 25 from the best 100 retrieved, then fetch-more runs
/// that exclude the people already placed.
pub async fn eval(config: &Config, args: EvalArgs) -> anyhow::Result<()> {
    let read = |p: &std::path::Path| {
        std::fs::read_to_string(p).with_context(|| format!("while reading {}", p.display()))
    };
    let jobs: Vec<EvalJob> = read_jsonl(&read(&args.jobs)?, &args.jobs.display().to_string())?;
    let labels = Labels::from_jsonl(&read(&args.labels)?, &args.labels.display().to_string())?;
    let as_of = as_of_month(args.as_of.as_deref())?;
    let scratch = tempfile::tempdir().context("while creating a scratch data dir")?;
    let mut config = config.clone();
    config.data_dir = scratch.path().to_path_buf();
    config.database_url = None;
    let (store, index) = open_all(&config).await?;
    let mut feed = IndexFeed::open(&index)?;
    let progress = Arc::new(ImportProgress::default());
    let report = import_profiles(
        &*store,
        Some(&mut feed),
        open_input(&args.profiles, progress.clone())?,
        progress,
    )
    .await?;
    drop(feed);
    if !report.rejected.is_empty() {
        eprintln!(
            "warning: {} profile lines were rejected",
            report.rejected.len()
        );
    }
    let engine = Engine::new(store, index, Arc::new(config))?;
    let mut rankings = Vec::with_capacity(jobs.len());
    for job in &jobs {
        let ids = session_order(&engine, job, as_of)
            .await
            .with_context(|| format!("job {}", job.job_id))?;
        rankings.push((job.job_id.clone(), ids));
    }
    let report = EvalReport::from_rankings(&labels, &rankings);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.to_text());
    }
    Ok(())
}

async fn session_order(
    engine: &Engine,
    job: &EvalJob,
    as_of: MonthStamp,
) -> anyhow::Result<Vec<String>> {
    let query = job.query()?;
    let nuances = sourcer_engine::engine::parse_nuances(&job.nuances)?;
    let sessions = &engine.config.sessions;
    let mut placed: Vec<(i64, String)> = Vec::new();
    while placed.len() < 100 {
        let held: HashSet<u64> = placed.iter().map(|(pid, _)| *pid as u64).collect();
        let min_results = sourcer_engine::engine::fallback_target(&query, sessions.batch_size);
        let request = RankRequest {
            title: &job.session_title,
            jd_text: &job.jd_detail.user_text,
            query: query.clone(),
            nuances: nuances.clone(),
            exclude: Some(Arc::new(held.into_iter().collect())),
            retrieve: sessions.display_count,
            min_results,
            as_of,
        };
        let ranking = engine.rank(request).await?;
        if ranking.ranked.is_empty() {
            break;
        }
        let mut batch: Vec<_> = ranking
            .ranked
            .into_iter()
            .take(sessions.batch_size)
            .collect();
        engine.rescore(&ranking.job, &mut batch).await;
        placed.extend(batch.into_iter().map(|r| (r.pid, r.id)));
    }
    Ok(placed.into_iter().map(|(_, id)| id).collect())
}

pub async fn bench(config: &Config, command: BenchCommand) -> anyhow::Result<()> {
    crate::cmd::bench::run(config, command).await
}
