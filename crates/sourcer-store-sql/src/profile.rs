//! Profile rows.

use sourcer_store::{StoreError, StoreResult, StoredProfile};

use crate::codec::{from_ms, hash_from_db};

/// The `profiles` columns, in `ProfileRow` order.
pub const PROFILE_COLUMNS: &str = "pid, id, linkedin_key, content_hash, seq, data, updated_at";

#[derive(sqlx::FromRow)]
pub struct ProfileRow {
    /// Read before conversion, to key rows fetched in bulk.
    pub pid: i64,
    id: String,
    linkedin_key: Option<String>,
    content_hash: i64,
    seq: i64,
    data: String,
    updated_at: i64,
}

impl TryFrom<ProfileRow> for StoredProfile {
    type Error = StoreError;

    fn try_from(row: ProfileRow) -> StoreResult<StoredProfile> {
        Ok(StoredProfile {
            pid: row.pid,
            id: row.id,
            linkedin_key: row.linkedin_key,
            content_hash: hash_from_db(row.content_hash),
            seq: row.seq,
            data: row.data,
            updated_at: from_ms(row.updated_at)?,
        })
    }
}
