//! Loading the benchmark's JSON Lines file into its own database: the schema of
//! bench/postgres/schema.sql, two concurrent `COPY ... FROM STDIN` streams (people, employers)
//! fed by a parser thread, then bench/postgres/indexes.sql and `VACUUM ANALYZE`. A database
//! whose recorded fingerprint (file, profile count, as-of month, SQL files) matches is reused.

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use rayon::prelude::*;
use serde::Serialize;
use sourcer_core::{MonthStamp, Profile};
use sourcer_engine::parse::parse_profile_line;
use sqlx::postgres::PgConnectOptions;
use sqlx::{AssertSqlSafe, Connection, PgConnection};

use super::rows::Rows;

/// The tables.
pub const SCHEMA: &str = include_str!("../../../../../bench/postgres/schema.sql");
/// Constraints and indexes, created after the COPY.
pub const INDEXES: &str = include_str!("../../../../../bench/postgres/indexes.sql");

/// Lines parsed (and encoded) together.
const BATCH_LINES: usize = 2_000;

/// What a load did and how long each phase took.
#[derive(Debug, Clone, Serialize)]
pub struct LoadReport {
    pub profiles: u64,
    pub employers: u64,
    pub rejected_lines: u64,
    /// Parsing, normalising and both COPY streams, end to end.
    pub copy_seconds: f64,
    /// Primary and foreign keys and every index of indexes.sql.
    pub index_seconds: f64,
    pub analyze_seconds: f64,
}

/// Makes sure `database` holds `file`'s profiles as of `as_of`; `None` when it already did.
pub async fn ensure_loaded(
    server: &PgConnectOptions,
    database: &str,
    file: &Path,
    as_of: MonthStamp,
) -> anyhow::Result<Option<LoadReport>> {
    let bytes = std::fs::metadata(file)
        .with_context(|| format!("while reading {}", file.display()))?
        .len();
    let fingerprint = format!(
        "{} ({bytes} bytes), as of {as_of}, SQL {:016x}",
        file.display(),
        fnv1a(&[SCHEMA, INDEXES].concat())
    );
    let db = server.clone().database(database);
    let mut admin = PgConnection::connect_with(server)
        .await
        .context("while connecting to PostgreSQL")?;
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(database)
            .fetch_one(&mut admin)
            .await?;
    if exists && loaded_fingerprint(&db).await.as_deref() == Some(fingerprint.as_str()) {
        println!("reusing the PostgreSQL database {database}");
        return Ok(None);
    }
    // The name is ours (letters, digits, underscores): no quoting issues.
    let drop = format!("DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
    sqlx::raw_sql(AssertSqlSafe(drop))
        .execute(&mut admin)
        .await?;
    let create = format!("CREATE DATABASE \"{database}\"");
    sqlx::raw_sql(AssertSqlSafe(create))
        .execute(&mut admin)
        .await?;
    admin.close().await.ok();
    let report = load(&db, file.to_path_buf(), as_of).await?;
    let mut conn = PgConnection::connect_with(&db).await?;
    sqlx::query("INSERT INTO bench_meta (key, value) VALUES ('loaded', $1)")
        .bind(&fingerprint)
        .execute(&mut conn)
        .await?;
    conn.close().await.ok();
    Ok(Some(report))
}

async fn loaded_fingerprint(db: &PgConnectOptions) -> Option<String> {
    let mut conn = PgConnection::connect_with(db).await.ok()?;
    let found = sqlx::query_scalar("SELECT value FROM bench_meta WHERE key = 'loaded'")
        .fetch_optional(&mut conn)
        .await
        .ok()
        .flatten();
    conn.close().await.ok();
    found
}

/// Creates the tables, streams the file in and builds the indexes.
pub async fn load(
    db: &PgConnectOptions,
    file: PathBuf,
    as_of: MonthStamp,
) -> anyhow::Result<LoadReport> {
    let mut people_conn = PgConnection::connect_with(db).await?;
    let mut employers_conn = PgConnection::connect_with(db).await?;
    sqlx::raw_sql(SCHEMA)
        .execute(&mut people_conn)
        .await
        .context("while creating the tables")?;
    let started = Instant::now();
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Rows>(4);
    let producer = std::thread::spawn(move || produce(&file, as_of, tx));
    let mut people = people_conn.copy_in_raw("COPY people FROM STDIN").await?;
    let mut employers = employers_conn
        .copy_in_raw("COPY employers FROM STDIN")
        .await?;
    while let Some(rows) = rx.recv().await {
        people.send(rows.people.into_bytes()).await?;
        employers.send(rows.employers.into_bytes()).await?;
    }
    let produced = producer
        .join()
        .map_err(|_| anyhow::anyhow!("the parser thread panicked"))?;
    let rejected_lines = match produced {
        Ok(rejected) => rejected,
        Err(e) => {
            people.abort("the input could not be read").await.ok();
            employers.abort("the input could not be read").await.ok();
            return Err(e);
        }
    };
    let profiles = people.finish().await.context("while copying people")?;
    let employer_rows = employers
        .finish()
        .await
        .context("while copying employers")?;
    let copy_seconds = started.elapsed().as_secs_f64();
    employers_conn.close().await.ok();

    let conn = &mut people_conn;
    // Session settings only: the server is shared, its configuration stays as it is.
    sqlx::raw_sql("SET maintenance_work_mem = '1GB'")
        .execute(&mut *conn)
        .await?;
    let started = Instant::now();
    for statement in statements(INDEXES) {
        sqlx::raw_sql(AssertSqlSafe(statement.clone()))
            .execute(&mut *conn)
            .await
            .with_context(|| format!("while running {statement}"))?;
    }
    let index_seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    for table in ["VACUUM ANALYZE people", "VACUUM ANALYZE employers"] {
        sqlx::raw_sql(table).execute(&mut *conn).await?;
    }
    let analyze_seconds = started.elapsed().as_secs_f64();
    people_conn.close().await.ok();
    Ok(LoadReport {
        profiles,
        employers: employer_rows,
        rejected_lines,
        copy_seconds,
        index_seconds,
        analyze_seconds,
    })
}

/// Reads, parses and encodes the file in batches; pids are handed out as the store does on
/// an empty database: 1, 2, ... in line order, rejected lines taking none. Returns how many
/// lines were rejected.
fn produce(
    file: &Path,
    as_of: MonthStamp,
    tx: tokio::sync::mpsc::Sender<Rows>,
) -> anyhow::Result<u64> {
    let input = std::fs::File::open(file).with_context(|| format!("opening {}", file.display()))?;
    let mut input = BufReader::with_capacity(1 << 20, input);
    let mut ids: HashSet<String> = HashSet::new();
    let (mut last_pid, mut rejected) = (0u64, 0u64);
    let mut buf = Vec::new();
    loop {
        let mut lines = Vec::with_capacity(BATCH_LINES);
        while lines.len() < BATCH_LINES {
            buf.clear();
            if input.read_until(b'\n', &mut buf)? == 0 {
                break;
            }
            if !buf.iter().all(u8::is_ascii_whitespace) {
                lines.push(String::from_utf8(std::mem::take(&mut buf)));
            }
        }
        if lines.is_empty() {
            return Ok(rejected);
        }
        let parsed: Vec<Option<(String, Profile)>> = lines
            .par_iter()
            .map(|line| {
                let line = line.as_ref().ok()?;
                let parsed = parse_profile_line(line.trim_end()).ok()?;
                Some((parsed.upsert.id, parsed.profile))
            })
            .collect();
        let mut batch = Vec::with_capacity(parsed.len());
        for (id, profile) in parsed.into_iter().flatten() {
            // The store would give a repeated id its first pid and its last content; the
            // generated files never repeat one, so the loader does not implement that.
            anyhow::ensure!(ids.insert(id.clone()), "duplicate profile id {id}");
            last_pid += 1;
            batch.push((last_pid, id, profile));
        }
        rejected += (lines.len() - batch.len()) as u64;
        let rows = batch
            .par_iter()
            .fold(Rows::default, |mut rows, (pid, id, p)| {
                rows.push(*pid, id, p, as_of);
                rows
            })
            .reduce(Rows::default, |mut a, b| {
                a.append(b);
                a
            });
        if tx.blocking_send(rows).is_err() {
            anyhow::bail!("the COPY stream stopped");
        }
    }
}

/// The statements of a SQL file: `--` comments dropped, split at `;`.
fn statements(sql: &str) -> Vec<String> {
    let text: Vec<&str> = sql
        .lines()
        .map(|l| l.split("--").next().unwrap_or_default())
        .collect();
    text.join("\n")
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// FNV-1a: a stable fingerprint of the SQL files (std's hasher may change between builds).
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Bytes on disk of one table or index.
#[derive(Debug, Clone, Serialize)]
pub struct RelationSize {
    pub name: String,
    pub bytes: i64,
}

/// Sizes of the tables (heap, TOAST and maps) and of each index, largest first.
pub async fn sizes(
    conn: &mut PgConnection,
) -> anyhow::Result<(Vec<RelationSize>, Vec<RelationSize>)> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT relname::text, pg_table_size(oid) FROM pg_class \
         WHERE relname IN ('people', 'employers') AND relkind = 'r' ORDER BY 2 DESC",
    )
    .fetch_all(&mut *conn)
    .await?;
    let tables = rows
        .into_iter()
        .map(|(name, bytes)| RelationSize { name, bytes })
        .collect();
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT indexrelid::regclass::text, pg_relation_size(indexrelid) FROM pg_index \
         WHERE indrelid IN ('people'::regclass, 'employers'::regclass) ORDER BY 2 DESC",
    )
    .fetch_all(&mut *conn)
    .await?;
    let indexes = rows
        .into_iter()
        .map(|(name, bytes)| RelationSize { name, bytes })
        .collect();
    Ok((tables, indexes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_file_splits_into_its_statements_without_comments() {
        let all = statements(INDEXES);
        assert!(all.len() > 20);
        assert!(all.iter().all(|s| !s.contains("--") && !s.contains(';')));
        assert_eq!(all[0], "ALTER TABLE people ADD PRIMARY KEY (pid)");
        assert!(
            statements(SCHEMA)
                .iter()
                .any(|s| s.starts_with("CREATE TABLE employers"))
        );
    }
}
