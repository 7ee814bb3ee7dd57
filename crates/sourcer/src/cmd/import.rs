//! `sourcer import` and `sourcer reindex`.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use sourcer_engine::Config;
use sourcer_engine::feed::IndexFeed;
use sourcer_engine::import::{ImportProgress, ImportReport, import_profiles, open_input};

use crate::cli::ImportArgs;
use crate::cmd::open_all;

pub async fn run(config: &Config, args: ImportArgs) -> anyhow::Result<()> {
    let (store, index) = open_all(config).await?;
    let mut feed = match IndexFeed::open(&index) {
        Ok(feed) => Some(feed),
        Err(e) => {
            eprintln!("note: {e:#}; profiles are stored and the running server will index them");
            None
        }
    };
    let progress = Arc::new(ImportProgress::default());
    let total = std::fs::metadata(&args.file)
        .map(|m| m.len())
        .ok()
        .filter(|_| args.file.as_os_str() != "-");
    let input = open_input(&args.file, progress.clone())?;
    let bar = progress_bar(total, args.quiet);
    let ticker = spawn_ticker(bar.clone(), progress.clone());
    let started = Instant::now();
    let report = import_profiles(&*store, feed.as_mut(), input, progress.clone()).await;
    ticker.abort();
    bar.finish_and_clear();
    let report = report?;
    print_report(&report, started.elapsed());
    Ok(())
}

fn progress_bar(total_bytes: Option<u64>, quiet: bool) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let bar = match total_bytes {
        Some(total) => ProgressBar::new(total).with_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        ),
        None => ProgressBar::new_spinner(),
    };
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr_with_hz(4));
    bar
}

fn spawn_ticker(bar: ProgressBar, progress: Arc<ImportProgress>) -> tokio::task::JoinHandle<()> {
    let started = Instant::now();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_millis(250)).await;
            let lines = progress.lines.load(Ordering::Relaxed);
            bar.set_position(progress.bytes.load(Ordering::Relaxed));
            let rate = lines as f64 / started.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!("{lines} lines, {rate:.0} profiles/s"));
        }
    })
}

fn print_report(report: &ImportReport, elapsed: Duration) {
    let accepted = report.imported + report.updated + report.unchanged;
    let rate = accepted as f64 / elapsed.as_secs_f64().max(1e-3);
    println!("imported: {}", report.imported);
    println!("updated: {}", report.updated);
    println!("unchanged: {}", report.unchanged);
    println!("rejected: {}", report.rejected.len());
    for r in &report.rejected {
        println!("  line {}: {}", r.line, r.reason);
    }
    println!(
        "lines: {} in {:.2}s ({rate:.0} profiles/s)",
        report.lines,
        elapsed.as_secs_f64()
    );
    if !report.indexed {
        println!("index: left to the running server");
    }
}

pub async fn reindex(config: &Config) -> anyhow::Result<()> {
    let (store, index) = open_all(config).await?;
    let mut feed = IndexFeed::open(&index)?;
    let started = Instant::now();
    let count = feed.rebuild(&*store).await?;
    println!(
        "reindexed {count} profiles in {:.2}s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
