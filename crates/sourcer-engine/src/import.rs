//! Importing profiles from JSON Lines: read and parse in a background thread (parsing in
//! parallel), upsert each batch into the store, index what changed, commit periodically.
//!
//! Bad lines are reported with their line number and reason and never stop the import or
//! reach the index. Re-importing a file changes nothing: unchanged content keeps its row and
//! its `seq`, so nothing is re-indexed.

use std::io::{BufRead, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::Context;
use rayon::prelude::*;
use serde::Serialize;
use sourcer_store::{ProfileChange, Store};
use tokio::sync::mpsc;

use crate::feed::{IndexFeed, IndexRow};
use crate::parse::{ParsedProfile, parse_profile_line};

/// Lines per parse/store batch.
const BATCH_LINES: usize = 4_096;
/// Rows indexed between index commits.
const COMMIT_EVERY: usize = 250_000;

/// One rejected line.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Rejection {
    pub line: u64,
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportReport {
    pub lines: u64,
    pub imported: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: Vec<Rejection>,
    /// False when another process held the index writer: its follower indexes the rows.
    pub indexed: bool,
}

/// Progress, as counters the caller may read at any time (for a progress bar).
#[derive(Debug, Default)]
pub struct ImportProgress {
    pub bytes: AtomicU64,
    pub lines: AtomicU64,
}

/// Opens an import source: a path, `-` for stdin; gzip is detected by its magic bytes.
pub fn open_input(
    path: &Path,
    progress: Arc<ImportProgress>,
) -> anyhow::Result<Box<dyn BufRead + Send>> {
    let raw: Box<dyn Read + Send> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(
            std::fs::File::open(path)
                .with_context(|| format!("while opening {}", path.display()))?,
        )
    };
    let mut counted = std::io::BufReader::with_capacity(
        1 << 20,
        CountingReader {
            inner: raw,
            progress,
        },
    );
    let gzip = counted
        .fill_buf()
        .context("while reading the input")?
        .starts_with(&[0x1f, 0x8b]);
    Ok(if gzip {
        Box::new(std::io::BufReader::with_capacity(
            1 << 20,
            flate2::bufread::MultiGzDecoder::new(counted),
        ))
    } else {
        Box::new(counted)
    })
}

struct CountingReader {
    inner: Box<dyn Read + Send>,
    progress: Arc<ImportProgress>,
}

impl Read for CountingReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

type ParsedLine = (u64, Result<ParsedProfile, String>);

/// Imports every line of `input`. With `feed`, changed profiles are indexed and committed as
/// the import goes; without it, only the store is written.
pub async fn import_profiles(
    store: &dyn Store,
    mut feed: Option<&mut IndexFeed>,
    input: Box<dyn BufRead + Send>,
    progress: Arc<ImportProgress>,
) -> anyhow::Result<ImportReport> {
    let (tx, mut rx) = mpsc::channel::<anyhow::Result<Vec<ParsedLine>>>(2);
    let reader = std::thread::spawn(move || read_and_parse(input, tx, progress));
    let mut report = ImportReport {
        indexed: feed.is_some(),
        ..Default::default()
    };
    while let Some(batch) = rx.recv().await {
        let batch = batch?;
        let rows = store_batch(store, batch, &mut report).await?;
        if let Some(feed) = feed.as_deref_mut() {
            feed.index_written(store, rows).await?;
            if feed.uncommitted() >= COMMIT_EVERY {
                feed.commit()?;
            }
        }
    }
    reader
        .join()
        .map_err(|_| anyhow::anyhow!("the import reader thread panicked"))?;
    if let Some(feed) = feed {
        feed.commit()?;
    }
    Ok(report)
}

async fn store_batch(
    store: &dyn Store,
    batch: Vec<ParsedLine>,
    report: &mut ImportReport,
) -> anyhow::Result<Vec<IndexRow>> {
    report.lines += batch.len() as u64;
    let mut good = Vec::with_capacity(batch.len());
    for (line, parsed) in batch {
        match parsed {
            Ok(p) => good.push(p),
            Err(reason) => report.rejected.push(Rejection { line, reason }),
        }
    }
    let upserts = good.iter().map(|p| p.upsert.clone()).collect();
    let outcomes = store
        .upsert_profiles(upserts)
        .await
        .context("while storing profiles")?;
    let mut rows = Vec::new();
    for (parsed, outcome) in good.into_iter().zip(outcomes) {
        match outcome.change {
            ProfileChange::Inserted => report.imported += 1,
            ProfileChange::Updated => report.updated += 1,
            ProfileChange::Unchanged => {
                report.unchanged += 1;
                continue;
            }
        }
        let ParsedProfile { profile, upsert } = parsed;
        rows.push(IndexRow {
            pid: outcome.pid,
            seq: outcome.seq,
            id: upsert.id,
            profile,
        });
    }
    Ok(rows)
}

/// Reads lines in batches, parses each batch in parallel and sends it on. Blank lines are
/// skipped but still counted for line numbers.
fn read_and_parse(
    mut input: Box<dyn BufRead + Send>,
    tx: mpsc::Sender<anyhow::Result<Vec<ParsedLine>>>,
    progress: Arc<ImportProgress>,
) {
    let mut line_no = 0u64;
    let mut buf = Vec::new();
    loop {
        let mut lines: Vec<(u64, Result<String, String>)> = Vec::with_capacity(BATCH_LINES);
        while lines.len() < BATCH_LINES {
            buf.clear();
            match input.read_until(b'\n', &mut buf) {
                Ok(0) => break,
                Ok(_) => {
                    line_no += 1;
                    if buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    let text = String::from_utf8(std::mem::take(&mut buf))
                        .map_err(|_| "the line is not valid UTF-8".to_string());
                    lines.push((line_no, text));
                }
                Err(e) => {
                    let _ = tx.blocking_send(Err(
                        anyhow::Error::new(e).context("while reading the input")
                    ));
                    return;
                }
            }
        }
        if lines.is_empty() {
            return;
        }
        progress.lines.store(line_no, Ordering::Relaxed);
        let parsed: Vec<ParsedLine> = lines
            .into_par_iter()
            .map(|(n, text)| (n, text.and_then(|t| parse_profile_line(t.trim_end()))))
            .collect();
        if tx.blocking_send(Ok(parsed)).is_err() {
            return;
        }
    }
}
