//! Keeping the people index in step with the store.
//!
//! The store is the source of truth and numbers every insert or change with a strictly
//! increasing `seq`. The index records in each commit the `applied_seq` below which it holds
//! everything. [`IndexFeed`] advances that mark: when it indexes rows it just wrote itself
//! (import), it fills any gap in the seq sequence from the store first (rows written
//! concurrently by another process), so `applied_seq` never claims rows it has not seen;
//! [`IndexFeed::catch_up`] reads every row after the mark (start-up, crash recovery, and the
//! follower that keeps several nodes' replicas current).

use anyhow::Context;
use sourcer_core::Profile;
use sourcer_index::{IndexWriter, PeopleIndex};
use sourcer_store::{Store, StoredProfile};

/// Rows fetched from the store per round trip while catching up.
const CATCH_UP_BATCH: u32 = 5_000;

/// A profile to put into the index.
pub struct IndexRow {
    pub pid: i64,
    pub seq: i64,
    pub id: String,
    pub profile: Profile,
}

impl IndexRow {
    fn from_stored(row: StoredProfile) -> anyhow::Result<IndexRow> {
        let profile = serde_json::from_str(&row.data)
            .with_context(|| format!("while reading stored profile {}", row.id))?;
        Ok(IndexRow {
            pid: row.pid,
            seq: row.seq,
            id: row.id,
            profile,
        })
    }
}

/// The single writer of the index, with the seq bookkeeping described in the module docs.
pub struct IndexFeed {
    writer: IndexWriter,
    /// Every row with a smaller seq is in the index (committed or pending).
    next_seq: i64,
    committed_seq: i64,
    uncommitted: usize,
}

impl IndexFeed {
    /// Takes the index's writer; fails when another process holds it.
    pub fn open(index: &PeopleIndex) -> anyhow::Result<IndexFeed> {
        let writer = index.writer().context("while taking the index writer")?;
        let applied = index.applied_seq() as i64;
        Ok(IndexFeed {
            writer,
            next_seq: applied + 1,
            committed_seq: applied,
            uncommitted: 0,
        })
    }

    /// The highest seq the index holds everything up to (including uncommitted work).
    pub fn applied_seq(&self) -> i64 {
        self.next_seq - 1
    }

    /// Rows added since the last commit.
    pub fn uncommitted(&self) -> usize {
        self.uncommitted
    }

    /// Indexes rows this process has just written to the store, filling seq gaps first.
    pub async fn index_written(
        &mut self,
        store: &dyn Store,
        mut rows: Vec<IndexRow>,
    ) -> anyhow::Result<()> {
        rows.sort_by_key(|r| r.seq);
        rows.dedup_by_key(|r| r.seq);
        for row in rows {
            if row.seq < self.next_seq {
                continue;
            }
            if row.seq > self.next_seq {
                self.fill_gap(store, row.seq).await?;
            }
            self.add(&row)?;
            self.next_seq = row.seq + 1;
        }
        Ok(())
    }

    /// Indexes the stored rows with `next_seq <= seq < until`. Seqs missing from that range
    /// belong to rows changed again since; their newer seq is indexed in its own turn.
    async fn fill_gap(&mut self, store: &dyn Store, until: i64) -> anyhow::Result<()> {
        let wanted = u32::try_from(until - self.next_seq).unwrap_or(u32::MAX);
        let rows = store
            .profile_changes_after(self.next_seq - 1, wanted)
            .await?;
        for row in rows.into_iter().filter(|r| r.seq < until) {
            self.add(&IndexRow::from_stored(row)?)?;
        }
        self.next_seq = until;
        Ok(())
    }

    /// Indexes every stored row after the applied mark; returns how many rows it indexed.
    pub async fn catch_up(&mut self, store: &dyn Store) -> anyhow::Result<u64> {
        let mut indexed = 0;
        loop {
            let rows = store
                .profile_changes_after(self.next_seq - 1, CATCH_UP_BATCH)
                .await?;
            let Some(last) = rows.last().map(|r| r.seq) else {
                return Ok(indexed);
            };
            indexed += rows.len() as u64;
            let parsed = tokio::task::spawn_blocking(move || {
                rows.into_iter()
                    .map(IndexRow::from_stored)
                    .collect::<anyhow::Result<Vec<_>>>()
            })
            .await??;
            for row in &parsed {
                self.add(row)?;
            }
            self.next_seq = last + 1;
            if self.uncommitted >= 100_000 {
                self.commit()?;
            }
        }
    }

    /// Empties the index and rebuilds it from every stored row (`sourcer reindex`).
    pub async fn rebuild(&mut self, store: &dyn Store) -> anyhow::Result<u64> {
        self.writer
            .delete_all()
            .context("while clearing the index")?;
        self.next_seq = 1;
        self.committed_seq = -1;
        let indexed = self.catch_up(store).await?;
        self.commit()?;
        Ok(indexed)
    }

    fn add(&mut self, row: &IndexRow) -> anyhow::Result<()> {
        let pid = u64::try_from(row.pid).context("negative pid")?;
        self.writer
            .upsert(pid, &row.id, &row.profile)
            .with_context(|| format!("while indexing profile {}", row.id))?;
        self.uncommitted += 1;
        Ok(())
    }

    /// Makes everything indexed so far visible to searches and durable.
    pub fn commit(&mut self) -> anyhow::Result<()> {
        let applied = self.applied_seq();
        if self.uncommitted == 0 && applied == self.committed_seq {
            return Ok(());
        }
        self.writer
            .commit(applied.max(0) as u64)
            .context("while committing the index")?;
        self.committed_seq = applied;
        self.uncommitted = 0;
        Ok(())
    }
}
