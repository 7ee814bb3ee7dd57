//! Classifying a profile upsert batch against the stored rows, in memory, before any write:
//! which rows insert, which rewrite, which are skipped, and the pids and seqs they take.
//! Pure logic shared by every backend's `upsert_profiles`.

use std::collections::HashMap;

use crate::{ProfileChange, ProfileUpsert, UpsertedProfile};

/// A row's state as the batch is applied in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowState {
    pub pid: i64,
    pub hash: u64,
    pub seq: i64,
    /// Index in `Plan::writes` once this batch writes the row.
    pub write: Option<usize>,
}

impl RowState {
    /// A stored row the batch has not touched yet.
    pub fn stored(pid: i64, hash: u64, seq: i64) -> Self {
        Self {
            pid,
            hash,
            seq,
            write: None,
        }
    }
}

/// One row to write: `(pid, seq, content)`.
pub type Write = (i64, i64, ProfileUpsert);

/// What an upsert will do.
#[derive(Debug)]
pub struct Plan {
    /// One per input row, in input order.
    pub outcomes: Vec<UpsertedProfile>,
    /// At most one per pid: a repeated id keeps only its last version.
    pub writes: Vec<Write>,
    /// The highest pid handed out.
    pub last_pid: i64,
    /// The highest seq handed out.
    pub last_seq: i64,
}

/// Applies `batch` in order to `rows` (the stored state of the batch's ids), handing out
/// pids after `last_pid` and seqs after `last_seq`.
pub fn plan(
    batch: Vec<ProfileUpsert>,
    mut rows: HashMap<String, RowState>,
    mut last_pid: i64,
    mut last_seq: i64,
) -> Plan {
    let mut changes = Vec::with_capacity(batch.len());
    let mut writes: Vec<Write> = Vec::new();
    for row in batch {
        let mut inserted = false;
        let state = rows.entry(row.id.clone()).or_insert_with(|| {
            inserted = true;
            last_pid += 1;
            RowState::stored(last_pid, row.content_hash, 0)
        });
        let change = if inserted {
            ProfileChange::Inserted
        } else if state.hash == row.content_hash {
            ProfileChange::Unchanged
        } else {
            ProfileChange::Updated
        };
        changes.push((state.pid, change));
        if change == ProfileChange::Unchanged {
            continue;
        }
        last_seq += 1;
        state.hash = row.content_hash;
        state.seq = last_seq;
        match state.write {
            Some(at) => writes[at] = (state.pid, last_seq, row),
            None => {
                state.write = Some(writes.len());
                writes.push((state.pid, last_seq, row));
            }
        }
    }
    let final_seq: HashMap<i64, i64> = rows.values().map(|s| (s.pid, s.seq)).collect();
    let outcomes = changes
        .into_iter()
        .map(|(pid, change)| UpsertedProfile {
            pid,
            seq: final_seq.get(&pid).copied().unwrap_or_default(),
            change,
        })
        .collect();
    Plan {
        outcomes,
        writes,
        last_pid,
        last_seq,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, hash: u64) -> ProfileUpsert {
        ProfileUpsert {
            id: id.to_owned(),
            linkedin_key: None,
            content_hash: hash,
            data: format!("{id}:{hash}"),
        }
    }

    #[test]
    fn new_changed_and_same_rows_take_pids_and_seqs_in_input_order() {
        let stored = HashMap::from([
            ("old".to_owned(), RowState::stored(3, 10, 7)),
            ("same".to_owned(), RowState::stored(4, 20, 8)),
        ]);
        let batch = vec![row("new", 1), row("same", 20), row("old", 11)];
        let plan = plan(batch, stored, 4, 8);
        let summary: Vec<_> = plan
            .outcomes
            .iter()
            .map(|o| (o.pid, o.seq, o.change))
            .collect();
        assert_eq!(
            summary,
            [
                (5, 9, ProfileChange::Inserted),
                (4, 8, ProfileChange::Unchanged),
                (3, 10, ProfileChange::Updated),
            ]
        );
        let writes: Vec<_> = plan
            .writes
            .iter()
            .map(|(pid, seq, r)| (*pid, *seq, r.data.as_str()))
            .collect();
        assert_eq!(writes, [(5, 9, "new:1"), (3, 10, "old:11")]);
        assert_eq!((plan.last_pid, plan.last_seq), (5, 10));
    }

    #[test]
    fn a_repeated_id_writes_once_with_its_last_version() {
        let batch = vec![row("x", 1), row("x", 2), row("x", 2), row("x", 3)];
        let plan = plan(batch, HashMap::new(), 0, 0);
        let changes: Vec<_> = plan.outcomes.iter().map(|o| o.change).collect();
        assert_eq!(
            changes,
            [
                ProfileChange::Inserted,
                ProfileChange::Updated,
                ProfileChange::Unchanged,
                ProfileChange::Updated,
            ]
        );
        assert!(plan.outcomes.iter().all(|o| (o.pid, o.seq) == (1, 3)));
        assert_eq!(plan.writes.len(), 1);
        assert_eq!(
            (plan.writes[0].1, plan.writes[0].2.data.as_str()),
            (3, "x:3")
        );
    }
}
