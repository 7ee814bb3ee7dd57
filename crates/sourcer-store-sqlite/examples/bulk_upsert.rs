//! Measures bulk profile upsert throughput on a fresh temp-file database.
//!
//! `cargo run --release -p sourcer-store-sqlite --example bulk_upsert -- [rows] [batch]`
//! (defaults: 100000 rows of ~1.5 KB JSON, 5000 rows per call). Prints rows/s for a cold
//! insert, an all-unchanged re-import, an all-changed re-import, the key load and the change
//! feed read.

use std::time::Instant;

use sourcer_store::{ProfileStore, ProfileUpsert};
use sourcer_store_sqlite::SqliteStore;

/// splitmix64: deterministic, well-mixed synthetic ids and hashes.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn row(i: u64, version: u64) -> ProfileUpsert {
    let id = format!("{:016x}{:016x}", mix(i), mix(i ^ 0xabcd));
    let skills: Vec<String> = (0..12)
        .map(|k| format!("\"skill-{}\"", mix(i * 31 + k) % 5000))
        .collect();
    let employers: Vec<String> = (0..4)
        .map(|k| {
            format!(
                "{{\"name\":\"Company {}\",\"title\":\"Senior Engineer {}\",\"start\":\"20{:02}-0{}\",\
                 \"description\":\"Built and operated distributed systems for payments and search \
                 across several regions, owning reliability and cost.\"}}",
                mix(i + k) % 90_000,
                k,
                10 + k,
                1 + k
            )
        })
        .collect();
    let data = format!(
        "{{\"id\":\"{id}\",\"name\":\"Person {i}\",\"version\":{version},\
         \"headline\":\"Staff software engineer working on search, ranking and data platforms\",\
         \"summary\":\"Engineer with experience in Rust, Go and Python; led teams that built \
         low-latency services, data pipelines and internal tooling used by hundreds of engineers.\",\
         \"region\":\"Pune, Maharashtra, India\",\"skills\":[{}],\"current_employers\":[{}],\
         \"education\":[{{\"institute\":\"University {}\",\"degree\":\"BACHELORS\",\
         \"field\":\"Computer Science\"}}]}}",
        skills.join(","),
        employers.join(","),
        mix(i) % 700
    );
    ProfileUpsert {
        linkedin_key: Some(format!("linkedin.com/in/person-{i}")),
        content_hash: mix(i.wrapping_mul(1_000_003) ^ version),
        id,
        data,
    }
}

/// This process's user + system CPU seconds (Linux `/proc`), to tell work from waiting on a
/// shared machine; `None` elsewhere.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

async fn timed_upsert(
    store: &SqliteStore,
    rows: Vec<ProfileUpsert>,
    batch: usize,
    label: &str,
) -> anyhow::Result<()> {
    let total = rows.len();
    let mut rows = rows.into_iter().peekable();
    let (started, cpu) = (Instant::now(), cpu_seconds());
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(batch).collect();
        store.upsert_profiles(chunk).await?;
    }
    let secs = started.elapsed().as_secs_f64();
    let cpu = cpu
        .zip(cpu_seconds())
        .map_or(f64::NAN, |(before, after)| after - before);
    println!(
        "{label:<28} {total} rows in {secs:.3} s = {:>7.0} rows/s (cpu {cpu:.2} s)",
        total as f64 / secs
    );
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let total: u64 = args.next().map_or(Ok(100_000), |a| a.parse())?;
    let batch: usize = args.next().map_or(Ok(5_000), |a| a.parse())?;
    let dir = tempfile::tempdir()?;
    let store = SqliteStore::open(&dir.path().join("bench.db").to_string_lossy()).await?;
    store.migrate().await?;

    let first: Vec<_> = (0..total).map(|i| row(i, 0)).collect();
    let bytes: usize = first.iter().map(|r| r.data.len()).sum();
    println!(
        "{total} rows, mean JSON {} bytes, {batch} rows per call",
        bytes / first.len().max(1)
    );
    timed_upsert(&store, first, batch, "insert (new rows)").await?;
    let same: Vec<_> = (0..total).map(|i| row(i, 0)).collect();
    timed_upsert(&store, same, batch, "re-import (all unchanged)").await?;
    let changed: Vec<_> = (0..total).map(|i| row(i, 1)).collect();
    timed_upsert(&store, changed, batch, "re-import (all changed)").await?;

    let (started, cpu) = (Instant::now(), cpu_seconds());
    let keys = store.load_profile_keys().await?;
    let cpu = cpu
        .zip(cpu_seconds())
        .map_or(f64::NAN, |(before, after)| after - before);
    println!(
        "load_profile_keys            {} keys in {:.3} s (cpu {cpu:.2} s)",
        keys.len(),
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    let (mut after, mut read) = (0, 0);
    loop {
        let page = store.profile_changes_after(after, 10_000).await?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        read += page.len();
    }
    println!(
        "profile_changes_after        {read} rows in {:.3} s",
        started.elapsed().as_secs_f64()
    );
    store.close().await;
    Ok(())
}
