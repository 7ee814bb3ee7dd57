//! Running the compiled mix on PostgreSQL and setting the two engines side by side: per-query
//! medians, totals and first pages from both, overall p50/p99 and their ratio.

use std::time::Instant;

use serde::Serialize;
use sourcer_index::bench::BenchReport;
use sqlx::{AssertSqlSafe, PgConnection};

/// Session settings for the searches (the shared server's configuration is left as it is):
/// no JIT compilation (it costs tens of milliseconds on queries this short), enough sort
/// memory for the ranking to stay in memory, and SSD page costs, so that index scans are
/// chosen when they pay.
pub const SESSION_SETTINGS: &str =
    "SET jit = off; SET work_mem = '64MB'; SET random_page_cost = 1.1";

/// Applies [`SESSION_SETTINGS`].
pub async fn tune(conn: &mut PgConnection) -> anyhow::Result<()> {
    sqlx::raw_sql(SESSION_SETTINGS).execute(conn).await?;
    Ok(())
}

/// One query's first page, as `(pid, score)` best first, and its total.
pub type Page = (u64, Vec<(u64, i64)>);

/// Runs one compiled query: its total and first page.
pub async fn execute(conn: &mut PgConnection, sql: &str) -> anyhow::Result<Page> {
    // Unprepared: each search plans its own SQL, as ad-hoc filter combinations would.
    let rows: Vec<(i64, i32, i64)> = sqlx::query_as(AssertSqlSafe(sql))
        .persistent(false)
        .fetch_all(conn)
        .await?;
    let total = rows.first().map_or(0, |r| r.2.max(0) as u64);
    let page = rows
        .into_iter()
        .map(|(pid, score, _)| (pid.max(0) as u64, i64::from(score)))
        .collect();
    Ok((total, page))
}

/// Pages of this database found in PostgreSQL's buffer cache, and read from outside it (the
/// OS page cache or the disk), so far.
pub async fn buffer_counts(conn: &mut PgConnection) -> anyhow::Result<(i64, i64)> {
    // This backend's own counts reach the shared statistics at the end of its next
    // transaction only when asked to.
    sqlx::raw_sql("SELECT pg_stat_force_next_flush()")
        .execute(&mut *conn)
        .await?;
    Ok(sqlx::query_as(
        "SELECT blks_hit, blks_read FROM pg_stat_database WHERE datname = current_database()",
    )
    .fetch_one(&mut *conn)
    .await?)
}

/// PostgreSQL's side of one query.
#[derive(Debug, Clone)]
pub struct PgTiming {
    pub page: Page,
    pub micros: Vec<u64>,
}

/// Runs every query `rounds` times after one warm-up run, like `sourcer_index::bench::run`.
pub async fn run_postgres(
    conn: &mut PgConnection,
    queries: &[(String, String)],
    rounds: usize,
) -> anyhow::Result<Vec<PgTiming>> {
    let mut out = Vec::with_capacity(queries.len());
    for (name, sql) in queries {
        let page = execute(conn, sql)
            .await
            .map_err(|e| e.context(format!("query {name}")))?;
        let mut micros = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            let started = Instant::now();
            execute(conn, sql).await?;
            micros.push(started.elapsed().as_micros() as u64);
        }
        out.push(PgTiming { page, micros });
    }
    Ok(out)
}

/// One query on both engines.
#[derive(Debug, Clone, Serialize)]
pub struct QueryRow {
    pub name: String,
    pub index_total: u64,
    pub pg_total: u64,
    /// The two first pages hold the same people in the same order with the same scores.
    pub same_page: bool,
    pub index_median_ms: f64,
    pub pg_median_ms: f64,
}

/// Both engines over the whole mix.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub rounds: usize,
    pub queries: Vec<QueryRow>,
    pub index_p50_ms: f64,
    pub index_p99_ms: f64,
    pub pg_p50_ms: f64,
    pub pg_p99_ms: f64,
}

impl Comparison {
    /// `index_pages` are the index's first pages, in mix order.
    pub fn new(
        rounds: usize,
        index: &BenchReport,
        index_pages: &[Page],
        pg: &[PgTiming],
    ) -> Comparison {
        let ms = |micros: u64| micros as f64 / 1e3;
        let queries = index
            .queries
            .iter()
            .zip(index_pages)
            .zip(pg)
            .map(|((i, page), p)| QueryRow {
                name: i.name.clone(),
                index_total: i.total,
                pg_total: p.page.0,
                same_page: page.1 == p.page.1,
                index_median_ms: ms(median(&i.micros)),
                pg_median_ms: ms(median(&p.micros)),
            })
            .collect();
        let all: Vec<u64> = pg.iter().flat_map(|p| p.micros.iter().copied()).collect();
        Comparison {
            rounds,
            queries,
            index_p50_ms: ms(index.p50_micros),
            index_p99_ms: ms(index.p99_micros),
            pg_p50_ms: ms(percentile(&all, 50.0)),
            pg_p99_ms: ms(percentile(&all, 99.0)),
        }
    }

    pub fn print(&self) {
        println!(
            "{:<40} {:>9} {:>9} {:>5} {:>5} {:>10} {:>10} {:>7}",
            "query", "index", "postgres", "total", "page", "index ms", "pg ms", "pg/idx"
        );
        for q in &self.queries {
            let yes = |b: bool| if b { "same" } else { "DIFF" };
            println!(
                "{:<40} {:>9} {:>9} {:>5} {:>5} {:>10.2} {:>10.2} {:>7.1}",
                q.name,
                q.index_total,
                q.pg_total,
                yes(q.index_total == q.pg_total),
                yes(q.same_page),
                q.index_median_ms,
                q.pg_median_ms,
                q.pg_median_ms / q.index_median_ms.max(0.001)
            );
        }
        let agree = self
            .queries
            .iter()
            .filter(|q| q.index_total == q.pg_total && q.same_page)
            .count();
        println!(
            "{} queries x {} rounds; totals and first pages agree on {agree}",
            self.queries.len(),
            self.rounds
        );
        println!(
            "index:    p50 {:.2} ms, p99 {:.2} ms",
            self.index_p50_ms, self.index_p99_ms
        );
        println!(
            "postgres: p50 {:.2} ms, p99 {:.2} ms",
            self.pg_p50_ms, self.pg_p99_ms
        );
        println!(
            "ratio postgres/index: p50 {:.1}x, p99 {:.1}x",
            self.pg_p50_ms / self.index_p50_ms.max(0.001),
            self.pg_p99_ms / self.index_p99_ms.max(0.001)
        );
    }
}

fn median(micros: &[u64]) -> u64 {
    let mut sorted = micros.to_vec();
    sorted.sort_unstable();
    sorted.get(sorted.len() / 2).copied().unwrap_or(0)
}

/// The same nearest-rank percentile as `sourcer_index::bench::run`.
fn percentile(micros: &[u64], p: f64) -> u64 {
    let mut sorted = micros.to_vec();
    sorted.sort_unstable();
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}
