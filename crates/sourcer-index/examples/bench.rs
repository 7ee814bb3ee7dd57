//! Builds an index of generated profiles and runs the benchmark mix (`sourcer_index::bench`):
//!
//! `cargo run --release -p sourcer-index --example bench -- [profiles] [index dir] [rounds]`
//!
//! Prints the indexing rate, index size, per-query medians, overall percentiles and memory.
//! An existing index directory is reused (only searched).

use std::sync::Arc;
use std::time::Instant;

use sourcer_index::{PeopleIndex, PidSet, bench};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let count: u64 = args.get(1).map_or(Ok(100_000), |a| a.parse())?;
    let dir = std::path::PathBuf::from(
        args.get(2)
            .cloned()
            .unwrap_or_else(|| format!("/tmp/sourcer-index-bench-{count}")),
    );
    let rounds: usize = args.get(3).map_or(Ok(10), |a| a.parse())?;
    let fresh = !dir.join("meta.json").exists();
    let index = PeopleIndex::open(&dir)?;
    if fresh {
        // Sourcer's reference data is loaded once, outside the timings.
        sourcer_geo::Gazetteer::global();
        sourcer_taxonomy::Taxonomy::global();
        let sample: Vec<_> = sourcer_gen::generate(42, count.min(100_000)).collect();
        let cpu = cpu_seconds();
        let docs = bench::build_documents(&index, &sample);
        let cpu = cpu_seconds() - cpu;
        println!(
            "built {docs} documents of {} profiles: {cpu:.2} CPU-s = {:.0} profiles per CPU-second (no indexing)",
            sample.len(),
            sample.len() as f64 / cpu
        );
        drop(sample);
        if std::env::var("BENCH_BUILD_ONLY").is_ok() {
            return Ok(());
        }
        let (mut secs, mut cpu) = (0.0, 0.0);
        let mut writer = index.writer()?;
        const CHUNK: u64 = 50_000;
        for first in (0..count).step_by(CHUNK as usize) {
            let profiles: Vec<_> = (first..count.min(first + CHUNK))
                .map(|i| sourcer_gen::profile(42, i))
                .collect();
            let (started, used) = (Instant::now(), cpu_seconds());
            for (i, p) in profiles.iter().enumerate() {
                writer.upsert(first + i as u64 + 1, &p.resolved_id(), p)?;
            }
            writer.commit(first + profiles.len() as u64)?;
            secs += started.elapsed().as_secs_f64();
            cpu += cpu_seconds() - used;
        }
        println!(
            "indexed in {secs:.1}s = {:.0} profiles/s (commit every {CHUNK}); {cpu:.1} CPU-s = {:.0} profiles per CPU-second",
            count as f64 / secs,
            count as f64 / cpu
        );
        let started = Instant::now();
        writer.optimize()?;
        println!(
            "merged to one segment in {:.1}s",
            started.elapsed().as_secs_f64()
        );
    }
    index.reload()?;
    let bytes = dir_size(&dir)?;
    println!(
        "index: {} profiles, segments/docs {:?}, {:.1} MB on disk = {:.0} bytes/profile",
        index.num_profiles(),
        index.segment_stats(),
        bytes as f64 / 1e6,
        bytes as f64 / count as f64
    );
    let exclude: Arc<PidSet> = Arc::new((0..5_000u64).map(|i| 1 + (i * 7_919) % count).collect());
    let mut mix = bench::standard_mix(&index, sourcer_gen::as_of(), exclude)?;
    if let Ok(only) = std::env::var("BENCH_ONLY") {
        mix.retain(|q| only.split(',').any(|o| q.name == o));
    }
    let report = bench::run(&index, &mix, rounds)?;
    // The same mix again, timing this thread's CPU instead of the wall clock: on a shared
    // machine the wall clock includes time spent waiting for a core. The kernel may account
    // CPU time in scheduler ticks, so only the mean over many searches is meaningful.
    let (started, mut searches) = (thread_cpu_micros(), 0u64);
    for q in &mix {
        for _ in 0..rounds {
            index.search(&q.request)?;
            searches += 1;
        }
    }
    if searches > 0 {
        let mean = (thread_cpu_micros() - started) as f64 / searches as f64 / 1e3;
        println!("mean thread CPU per search: {mean:.2} ms over {searches} searches");
    }
    for q in &report.queries {
        let mut sorted = q.micros.clone();
        sorted.sort_unstable();
        println!(
            "{:<44} total {:>8}  median {:>8.2} ms  max {:>8.2} ms",
            q.name,
            q.total,
            sorted[sorted.len() / 2] as f64 / 1e3,
            sorted[sorted.len() - 1] as f64 / 1e3
        );
    }
    println!(
        "{} queries x {rounds} rounds: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        mix.len(),
        report.p50_micros as f64 / 1e3,
        report.p90_micros as f64 / 1e3,
        report.p99_micros as f64 / 1e3,
        report.max_micros as f64 / 1e3
    );
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    for line in status
        .lines()
        .filter(|l| l.starts_with("VmRSS") || l.starts_with("VmHWM"))
    {
        println!("{line}");
    }
    Ok(())
}

/// Time the calling thread has run on a CPU, in microseconds (`/proc/thread-self/schedstat`
/// counts nanoseconds of run time, excluding time spent waiting for a core).
fn thread_cpu_micros() -> u64 {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    let nanos: u64 = text
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    nanos / 1_000
}

/// CPU seconds this process has used (all threads), from /proc.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command name.
    (ticks(11) + ticks(12)) / 100.0
}

fn dir_size(dir: &std::path::Path) -> std::io::Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir)? {
        let meta = entry?.metadata()?;
        total += meta.len();
    }
    Ok(total)
}
