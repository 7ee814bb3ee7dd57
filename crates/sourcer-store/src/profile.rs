//! Profiles: the source of truth of the people index, with the change feed (`seq`) the index
//! follows.

use std::collections::HashMap;

use async_trait::async_trait;
use time::OffsetDateTime;

use crate::StoreResult;

/// One profile to insert or update, keyed by its import id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileUpsert {
    /// The import id (by default the md5 of the normalised LinkedIn URL).
    pub id: String,
    /// The normalised LinkedIn URL reveal looks profiles up by, when the profile has one.
    pub linkedin_key: Option<String>,
    /// A hash of the canonical content computed by the caller; an unchanged hash means the row
    /// is left alone and keeps its `seq`.
    pub content_hash: u64,
    /// The canonical profile JSON.
    pub data: String,
}

/// What an upsert did to one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProfileChange {
    /// A new row with a fresh pid.
    Inserted,
    /// The content hash differed: the row was rewritten and got a new `seq`.
    Updated,
    /// The content hash matched: nothing was written.
    Unchanged,
}

/// The outcome of one upserted row, in the same position as its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UpsertedProfile {
    /// The dense numeric id used inside the index; never reused.
    pub pid: i64,
    /// The row's `seq` after the batch.
    pub seq: i64,
    /// What happened to this input row.
    pub change: ProfileChange,
}

/// What import needs in memory to classify a line without reading the row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProfileKey {
    /// The row's pid.
    pub pid: i64,
    /// The content hash last stored.
    pub content_hash: u64,
}

/// A stored profile row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredProfile {
    /// The dense numeric id used inside the index.
    pub pid: i64,
    /// The import id.
    pub id: String,
    /// The normalised LinkedIn URL, when known.
    pub linkedin_key: Option<String>,
    /// The caller's hash of `data`.
    pub content_hash: u64,
    /// The change-feed position of the last insert or change of this row.
    pub seq: i64,
    /// The canonical profile JSON.
    pub data: String,
    /// When the row was last inserted or changed.
    pub updated_at: OffsetDateTime,
}

/// The people index's source of truth.
///
/// `seq` contract: every insert or content change takes a new `seq`, strictly greater than
/// every `seq` handed out before it, and `seq`s become visible in increasing order (a reader
/// that has seen `seq = n` committed will never later see a new row with `seq < n`). That is
/// what lets the index follower resume from "the highest seq I contain".
#[async_trait]
pub trait ProfileStore: Send + Sync {
    /// Every profile's `id -> (pid, content_hash)`, for import to classify lines in memory.
    async fn load_profile_keys(&self) -> StoreResult<HashMap<String, ProfileKey>>;

    /// Inserts new ids, rewrites rows whose content hash changed and skips the rest, in one
    /// transaction; returns one outcome per input row, in input order.
    ///
    /// An id repeated within the batch is applied in order: later occurrences see the earlier
    /// ones, and every occurrence reports the row's final pid and seq.
    async fn upsert_profiles(&self, batch: Vec<ProfileUpsert>)
    -> StoreResult<Vec<UpsertedProfile>>;

    /// Rows whose `seq` is greater than `after_seq`, in increasing `seq` order, at most `limit`.
    async fn profile_changes_after(
        &self,
        after_seq: i64,
        limit: u32,
    ) -> StoreResult<Vec<StoredProfile>>;

    /// The rows with these pids, in the order asked; unknown pids are skipped.
    async fn profiles_by_pids(&self, pids: &[i64]) -> StoreResult<Vec<StoredProfile>>;

    /// The row with this import id.
    async fn find_profile_by_id(&self, id: &str) -> StoreResult<Option<StoredProfile>>;

    /// The most recently changed row with this normalised LinkedIn URL.
    async fn find_profile_by_linkedin_key(&self, key: &str) -> StoreResult<Option<StoredProfile>>;

    /// How many profiles are stored.
    async fn count_profiles(&self) -> StoreResult<u64>;

    /// The highest `seq` handed out so far (0 before the first insert).
    async fn max_profile_seq(&self) -> StoreResult<i64>;
}
