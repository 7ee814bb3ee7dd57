//! [`IndexWriter`]: the single writer of an index directory. Changes become visible to
//! searches when [`IndexWriter::commit`] returns; the commit records the highest store `seq`
//! it contains so a restarted follower knows where to resume.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use sourcer_core::Profile;
use tantivy::indexer::{IndexWriterOptions, NoMergePolicy, UserOperation};
use tantivy::{TantivyDocument, Term};

use crate::ingest::{TermCache, profile_docs};
use crate::schema::SCHEMA_VERSION;
use crate::{IndexError, Inner};

/// tantivy refuses less per indexing thread.
const MIN_THREAD_BUDGET: usize = 15 << 20;

/// Writer settings.
#[derive(Debug, Clone, Copy)]
pub struct WriterOptions {
    /// Indexing threads.
    pub threads: usize,
    /// Memory for buffered documents, shared by the threads; a segment is written when full.
    pub memory_budget: usize,
}

impl Default for WriterOptions {
    /// Two threads and 256 MiB: on two cores, indexing keeps up with parsing and the store.
    fn default() -> Self {
        WriterOptions {
            threads: 2,
            memory_budget: 256 << 20,
        }
    }
}

/// The commit payload.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct Payload {
    pub applied_seq: u64,
    pub schema_version: u32,
}

/// Adds, replaces and deletes profiles.
pub struct IndexWriter {
    inner: Arc<Inner>,
    writer: tantivy::IndexWriter<TantivyDocument>,
    /// Pids added since the last commit, which a later upsert must delete first.
    pending: HashSet<u64>,
    /// `delete_all` ran since the last commit: committed docs are already gone.
    cleared: bool,
    terms: TermCache,
}

impl IndexWriter {
    pub(crate) fn new(
        inner: Arc<Inner>,
        options: WriterOptions,
    ) -> Result<IndexWriter, IndexError> {
        let threads = options.threads.clamp(1, 8);
        let per_thread = (options.memory_budget / threads).max(MIN_THREAD_BUDGET);
        let writer = inner.index.writer_with_options(
            IndexWriterOptions::builder()
                .num_worker_threads(threads)
                .memory_budget_per_thread(per_thread)
                .num_merge_threads(1)
                .build(),
        )?;
        Ok(IndexWriter {
            inner,
            writer,
            pending: HashSet::new(),
            cleared: false,
            terms: TermCache::default(),
        })
    }

    /// Indexes a profile under `pid`, replacing what was indexed for that pid before.
    pub fn upsert(&mut self, pid: u64, id: &str, profile: &Profile) -> Result<(), IndexError> {
        let docs = profile_docs(
            &self.inner.fields,
            pid,
            id,
            profile,
            self.inner.geocoder.as_ref(),
            &mut self.terms,
        );
        let mut ops = Vec::with_capacity(docs.len() + 1);
        if self.pending.contains(&pid) || self.committed(pid)? {
            ops.push(UserOperation::Delete(self.pid_term(pid)));
        }
        ops.extend(docs.into_iter().map(UserOperation::Add));
        // One batch: the person and its records land contiguously in one segment.
        self.writer.run(ops)?;
        self.pending.insert(pid);
        Ok(())
    }

    /// Removes a profile.
    pub fn delete(&mut self, pid: u64) -> Result<(), IndexError> {
        self.writer.delete_term(self.pid_term(pid));
        self.pending.remove(&pid);
        Ok(())
    }

    /// Removes every profile (before a reindex).
    pub fn delete_all(&mut self) -> Result<(), IndexError> {
        self.writer.delete_all_documents()?;
        self.pending.clear();
        self.cleared = true;
        Ok(())
    }

    /// Makes every change so far durable and visible to searches, recording `applied_seq`.
    pub fn commit(&mut self, applied_seq: u64) -> Result<(), IndexError> {
        let payload = serde_json::to_string(&Payload {
            applied_seq,
            schema_version: SCHEMA_VERSION,
        })
        .map_err(std::io::Error::other)?;
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        self.inner.applied_seq.store(applied_seq, Ordering::SeqCst);
        self.inner.reader.reload()?;
        self.pending.clear();
        self.cleared = false;
        Ok(())
    }

    /// Waits for background merges, merges every segment into one and makes it visible:
    /// for the end of a bulk import or reindex (fewer segments, faster searches).
    pub fn optimize(self) -> Result<(), IndexError> {
        let index = self.inner.index.clone();
        let inner = self.inner.clone();
        self.writer.wait_merging_threads()?;
        let mut writer: tantivy::IndexWriter<TantivyDocument> = index.writer_with_options(
            IndexWriterOptions::builder()
                .num_worker_threads(1)
                .memory_budget_per_thread(MIN_THREAD_BUDGET)
                .build(),
        )?;
        writer.set_merge_policy(Box::new(NoMergePolicy));
        let ids = index.searchable_segment_ids()?;
        if ids.len() > 1 {
            writer.merge(&ids).wait()?;
        }
        writer.wait_merging_threads()?;
        inner.reader.reload()?;
        Ok(())
    }

    /// Waits for background merges to finish and makes their result visible.
    pub fn finish(self) -> Result<(), IndexError> {
        let inner = self.inner.clone();
        self.writer.wait_merging_threads()?;
        inner.reader.reload()?;
        Ok(())
    }

    fn pid_term(&self, pid: u64) -> Term {
        Term::from_field_u64(self.inner.fields.pid, pid)
    }

    /// Whether the last commit holds docs for `pid` (then an upsert must delete them; skipping
    /// the delete for new pids keeps bulk imports free of delete work).
    fn committed(&self, pid: u64) -> Result<bool, IndexError> {
        if self.cleared {
            return Ok(false);
        }
        let term = self.pid_term(pid);
        let searcher = self.inner.reader.searcher();
        for seg in searcher.segment_readers() {
            if seg
                .inverted_index(self.inner.fields.pid)?
                .get_term_info(&term)?
                .is_some()
            {
                return Ok(true);
            }
        }
        Ok(false)
    }
}
