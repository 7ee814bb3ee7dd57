//! `sourcer bench index` and `sourcer bench score`: the measurements recorded in
//! docs/benchmarks.md. Benchmarks never run as tests.
//!
//! `bench index` works in `<data-dir>/bench-<N>`: the first run generates N profiles, imports
//! them end to end (timed) and runs the query mix; later runs reuse the data, so memory is
//! measured in a process that only opened the index and searched.

use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use rand::SeedableRng;
use rand::seq::IteratorRandom;
use serde_json::json;
use sourcer_core::MonthStamp;
use sourcer_engine::Config;
use sourcer_engine::feed::IndexFeed;
use sourcer_engine::import::{ImportProgress, import_profiles, open_input};
use sourcer_index::PidSet;

use crate::cli::BenchCommand;
use crate::cmd::open_all;

pub async fn run(config: &Config, command: BenchCommand) -> anyhow::Result<()> {
    match command {
        BenchCommand::Index { profiles, rounds } => index(config, profiles, rounds).await,
        BenchCommand::Api {
            profiles,
            sessions,
            clients,
            seconds,
        } => crate::cmd::bench_api::run(config, profiles, sessions, clients, seconds).await,
        BenchCommand::Postgres { profiles, rounds } => {
            crate::cmd::bench_pg::run(config, profiles, rounds).await
        }
        BenchCommand::Score { rounds } => {
            for batch in [25, 100] {
                let median = sourcer_match::bench::median_batch_time(batch, rounds);
                println!(
                    "score {batch} candidates: median {:.3} ms over {rounds} rounds",
                    median.as_secs_f64() * 1e3
                );
            }
            Ok(())
        }
    }
}

/// The data dir of a benchmark over `count` profiles.
pub fn bench_config(config: &Config, count: u64) -> Config {
    let mut config = config.clone();
    config.data_dir = config.data_dir.join(format!("bench-{count}"));
    config.database_url = None;
    config
}

/// Opens the benchmark data, generating and importing it (timed) when it is empty.
pub async fn bench_data(
    config: &Config,
    count: u64,
) -> anyhow::Result<(
    Arc<dyn sourcer_store::Store>,
    sourcer_index::PeopleIndex,
    Option<serde_json::Value>,
)> {
    let (store, index) = open_all(config).await?;
    if store.count_profiles().await? == 0 {
        let import = import_timed(config, &*store, &index, count).await?;
        return Ok((store, index, Some(import)));
    }
    println!(
        "reusing the {} profiles in {}",
        store.count_profiles().await?,
        config.data_dir.display()
    );
    Ok((store, index, None))
}

async fn index(config: &Config, count: u64, rounds: usize) -> anyhow::Result<()> {
    let config = bench_config(config, count);
    let (_store, index, import) = bench_data(&config, count).await?;
    let mut report = json!({"profiles": count, "machine": machine(), "import": import});
    index.reload()?;
    let as_of = MonthStamp::now();
    let mut rng = rand::rngs::StdRng::seed_from_u64(5);
    let exclude: Arc<PidSet> = Arc::new(
        (1..=count)
            .choose_multiple(&mut rng, 5_000)
            .into_iter()
            .collect(),
    );
    let mix = sourcer_index::bench::standard_mix(&index, as_of, exclude)?;
    let timings = sourcer_index::bench::run(&index, &mix, rounds)?;
    for q in &timings.queries {
        let mut sorted = q.micros.clone();
        sorted.sort_unstable();
        println!(
            "{:<40} total {:>8}  median {:>8.2} ms",
            q.name,
            q.total,
            sorted[sorted.len() / 2] as f64 / 1e3
        );
    }
    println!(
        "search over {} queries x {rounds} rounds: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        mix.len(),
        timings.p50_micros as f64 / 1e3,
        timings.p90_micros as f64 / 1e3,
        timings.p99_micros as f64 / 1e3,
        timings.max_micros as f64 / 1e3
    );
    let index_bytes = dir_size(&config.index_dir())?;
    let (rss, hwm) = memory();
    println!(
        "index on disk: {:.1} MB ({:.0} bytes/profile); resident memory now {:.1} MB ({:.0} bytes/profile), peak {:.1} MB",
        index_bytes as f64 / 1e6,
        index_bytes as f64 / count as f64,
        rss as f64 / 1e6,
        rss as f64 / count as f64,
        hwm as f64 / 1e6
    );
    report["search"] = serde_json::to_value(&timings)?;
    report["index_bytes"] = json!(index_bytes);
    report["rss_bytes"] = json!(rss);
    let out = config.data_dir.join("bench-report.json");
    std::fs::write(&out, serde_json::to_string_pretty(&report)?)?;
    println!("details: {}", out.display());
    Ok(())
}

async fn import_timed(
    config: &Config,
    store: &dyn sourcer_store::Store,
    index: &sourcer_index::PeopleIndex,
    count: u64,
) -> anyhow::Result<serde_json::Value> {
    let file = config.data_dir.join(format!("people-{count}.jsonl"));
    if !file.exists() {
        let started = Instant::now();
        let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&file)?);
        sourcer_gen::write_jsonl(42, count, &mut out)?;
        std::io::Write::flush(&mut out)?;
        println!(
            "generated {count} profiles in {:.1}s",
            started.elapsed().as_secs_f64()
        );
    }
    let bytes = std::fs::metadata(&file)?.len();
    let mut feed = IndexFeed::open(index)?;
    let progress = Arc::new(ImportProgress::default());
    let input = open_input(&file, progress.clone())?;
    let started = Instant::now();
    let report = import_profiles(store, Some(&mut feed), input, progress)
        .await
        .context("while importing")?;
    drop(feed);
    let secs = started.elapsed().as_secs_f64();
    let rate = report.imported as f64 / secs;
    println!(
        "import: {} profiles ({:.0} MB of JSON Lines) in {secs:.1}s = {rate:.0} profiles/s end to end",
        report.imported,
        bytes as f64 / 1e6
    );
    Ok(
        json!({"profiles": report.imported, "seconds": secs, "per_second": rate, "input_bytes": bytes}),
    )
}

fn dir_size(dir: &std::path::Path) -> anyhow::Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let meta = entry.metadata()?;
        total += if meta.is_dir() {
            dir_size(&entry.path())?
        } else {
            meta.len()
        };
    }
    Ok(total)
}

/// (resident, peak resident) bytes of this process, from /proc.
fn memory() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map_or(0, |kb| kb * 1024)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

pub fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .next()
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|k| k.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024 / 1024);
    format!("{cpus} cores, {mem} GiB")
}
