//! `sourcer bench postgres`: the same data and query mix as `bench index`, run side by side on
//! the people index and on PostgreSQL with the schema and indexes a DBA would add
//! (bench/postgres/*.sql), reporting both engines' latencies, their ratio, and whether their
//! totals and first pages agree (docs/benchmarks.md, "Index vs PostgreSQL").
//!
//! Works in `<data-dir>/bench-<N>` like `bench index` (the index side is generated and
//! imported there when missing) and in the database `sourcer_bench_<N>` of the server named
//! by `--database-url` (default: the local server), which is loaded once and then reused.

mod compare;
mod load;
mod norm;
mod rows;
mod sql;
#[cfg(test)]
mod tests;

use std::str::FromStr;
use std::sync::Arc;

use anyhow::Context;
use rand::SeedableRng;
use rand::seq::IteratorRandom;
use serde_json::json;
use sourcer_core::MonthStamp;
use sourcer_engine::Config;
use sourcer_index::PidSet;
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, PgConnection};

use crate::cmd::bench::{bench_config, bench_data, machine};

/// The server when `--database-url` names none.
pub const DEFAULT_SERVER: &str = "postgres://postgres@127.0.0.1:5432/postgres";

pub async fn run(config: &Config, count: u64, rounds: usize) -> anyhow::Result<()> {
    let url = config
        .database_url
        .as_deref()
        .filter(|u| u.starts_with("postgres://") || u.starts_with("postgresql://"))
        .unwrap_or(DEFAULT_SERVER);
    let server = PgConnectOptions::from_str(url)
        .context("while reading the database URL")?
        .disable_statement_logging();
    let config = bench_config(config, count);
    let load_before = load_average();
    let (_store, index, _) = bench_data(&config, count).await?;
    index.reload()?;
    let file = config.data_dir.join(format!("people-{count}.jsonl"));
    ensure_file(&file, count)?;
    let as_of = MonthStamp::now();
    let database = format!("sourcer_bench_{count}");
    println!("machine: {}; load average {load_before}", machine());
    let loaded = load::ensure_loaded(&server, &database, &file, as_of).await?;
    if let Some(l) = &loaded {
        println!(
            "postgres load: {} profiles, {} employer rows ({} lines rejected): COPY {:.1}s, \
             keys and indexes {:.1}s, VACUUM ANALYZE {:.1}s, total {:.1}s",
            l.profiles,
            l.employers,
            l.rejected_lines,
            l.copy_seconds,
            l.index_seconds,
            l.analyze_seconds,
            l.copy_seconds + l.index_seconds + l.analyze_seconds
        );
    }
    let db = server.clone().database(&database);
    let mut conn = PgConnection::connect_with(&db).await?;
    compare::tune(&mut conn).await?;
    let (tables, indexes) = load::sizes(&mut conn).await?;
    let mb = |b: i64| b as f64 / 1e6;
    let table_bytes: i64 = tables.iter().map(|t| t.bytes).sum();
    let index_bytes: i64 = indexes.iter().map(|t| t.bytes).sum();
    println!(
        "postgres size: tables {:.1} MB ({}), indexes {:.1} MB, total {:.1} MB ({:.0} bytes/profile)",
        mb(table_bytes),
        tables
            .iter()
            .map(|t| format!("{} {:.1} MB", t.name, mb(t.bytes)))
            .collect::<Vec<_>>()
            .join(", "),
        mb(index_bytes),
        mb(table_bytes + index_bytes),
        (table_bytes + index_bytes) as f64 / count as f64
    );
    for i in indexes.iter().take(8) {
        println!("  {:<32} {:>8.1} MB", i.name, mb(i.bytes));
    }
    let index_bytes_on_disk = dir_size(&config.index_dir())?;
    println!(
        "people index on disk: {:.1} MB",
        index_bytes_on_disk as f64 / 1e6
    );

    // The same 5,000 excluded pids as `bench index`.
    let mut rng = rand::rngs::StdRng::seed_from_u64(5);
    let exclude: Arc<PidSet> = Arc::new(
        (1..=count)
            .choose_multiple(&mut rng, 5_000)
            .into_iter()
            .collect(),
    );
    let mix = sourcer_index::bench::standard_mix(&index, as_of, exclude)?;
    let mut compiled = Vec::with_capacity(mix.len());
    for q in &mix {
        let r = &q.request;
        let text = sql::compile(&r.query, &r.nuances, as_of, r.exclude.as_deref(), r.limit)
            .with_context(|| format!("while compiling {}", q.name))?;
        compiled.push((q.name.clone(), text));
    }
    let sql_file = config.data_dir.join("bench-postgres-queries.sql");
    let listing: Vec<String> = compiled
        .iter()
        .map(|(name, text)| format!("-- {name}\n{text};\n"))
        .collect();
    std::fs::write(&sql_file, listing.join("\n"))?;

    let mut index_pages = Vec::with_capacity(mix.len());
    for q in &mix {
        let results = index.search(&q.request)?;
        let page = results
            .hits
            .iter()
            .map(|h| (h.pid, h.score as i64))
            .collect();
        index_pages.push((results.total, page));
    }
    let index_timings = sourcer_index::bench::run(&index, &mix, rounds)?;
    let (hit_before, read_before) = compare::buffer_counts(&mut conn).await?;
    let pg_timings = compare::run_postgres(&mut conn, &compiled, rounds).await?;
    let (hit_after, read_after) = compare::buffer_counts(&mut conn).await?;
    conn.close().await.ok();
    let (hits, reads) = (hit_after - hit_before, read_after - read_before);
    let comparison = compare::Comparison::new(rounds, &index_timings, &index_pages, &pg_timings);
    comparison.print();
    println!(
        "postgres pages during the runs: {hits} from its buffer cache, {reads} read from outside \
         it ({:.1}% misses)",
        100.0 * reads as f64 / (hits + reads).max(1) as f64
    );
    let load_after = load_average();
    println!("load average after: {load_after}");

    let report = json!({
        "profiles": count,
        "machine": machine(),
        "load_average": {"before": load_before, "after": load_after},
        "postgres_load": loaded,
        "postgres_tables": tables,
        "postgres_indexes": indexes,
        "postgres_pages": {"buffer_hits": hits, "reads": reads},
        "index_bytes": index_bytes_on_disk,
        "comparison": comparison,
    });
    let out = config.data_dir.join("bench-postgres-report.json");
    std::fs::write(&out, serde_json::to_string_pretty(&report)?)?;
    println!("details: {}; SQL: {}", out.display(), sql_file.display());
    Ok(())
}

/// Generates the benchmark file when it is missing (as `bench index` does on first import).
fn ensure_file(file: &std::path::Path, count: u64) -> anyhow::Result<()> {
    if file.exists() {
        return Ok(());
    }
    let out = std::fs::File::create(file)
        .with_context(|| format!("while creating {}", file.display()))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, out);
    sourcer_gen::write_jsonl(42, count, &mut out)?;
    std::io::Write::flush(&mut out)?;
    Ok(())
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

/// The 1, 5 and 15 minute load averages, to say how busy the shared machine was.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}
