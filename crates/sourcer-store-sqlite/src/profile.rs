//! Profiles on SQLite: multi-row upserts for import speed, and the `seq` change feed.
//!
//! `pid` and `seq` come from the `counters` table, read and advanced inside the upsert's
//! `BEGIN IMMEDIATE` transaction. SQLite has one writer, so seqs are assigned in commit order
//! for free. PostgreSQL will need care: a sequence hands out values when a statement runs,
//! not when it commits, so two concurrent imports could commit seqs out of order and a
//! follower reading "seq > n" would skip the one that committed late. The PostgreSQL backend
//! must serialise profile writers (lock the counter row `FOR UPDATE` until commit, or take a
//! transaction-scoped advisory lock) so that seqs become visible in increasing order.

use std::collections::HashMap;

use async_trait::async_trait;
use sourcer_store::{
    ProfileKey, ProfileStore, ProfileUpsert, StoreResult, StoredProfile, UpsertedProfile,
};
use sourcer_store_sql::profile::{PROFILE_COLUMNS, ProfileRow};
use sqlx::{AssertSqlSafe, SqliteConnection};

use crate::codec::{hash_from_db, hash_to_db, now_ms, placeholders};
use crate::error::db_err;
use crate::packed::{PACKED_KEYS, unpack};
use crate::{SqliteStore, commit};
use sourcer_store::upsert_plan::{RowState, Write, plan};

/// Rows per multi-row statement. Each statement costs tens of microseconds in the driver, so
/// batching is what makes bulk import fast; 500 rows x 7 binds stays far below SQLite's
/// 32766-variable limit.
const CHUNK: usize = 500;

/// Rows per page of `load_profile_keys` (a few MB of packed text each).
const KEY_PAGE: i64 = 65_536;

/// The stored state of these ids.
async fn existing(
    conn: &mut SqliteConnection,
    ids: &[&str],
) -> StoreResult<HashMap<String, RowState>> {
    let mut found = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        let sql = format!(
            "SELECT {PACKED_KEYS} FROM profiles WHERE id IN ({})",
            placeholders(chunk.len())
        );
        let mut query = sqlx::query_scalar::<_, Option<String>>(AssertSqlSafe(sql))
            .persistent(chunk.len() == CHUNK);
        for id in chunk {
            query = query.bind(*id);
        }
        let packed = query
            .fetch_one(&mut *conn)
            .await
            .map_err(db_err)?
            .unwrap_or_default();
        unpack(&packed, |key| {
            let hash = hash_from_db(key.content_hash);
            let state = RowState::stored(key.pid, hash, key.seq);
            found.insert(key.id.to_owned(), state);
        })?;
    }
    Ok(found)
}

/// Writes rows (new pids insert, known pids are rewritten) with multi-row upserts.
async fn write_rows(conn: &mut SqliteConnection, writes: Vec<Write>, now: i64) -> StoreResult<()> {
    let mut writes = writes.into_iter().peekable();
    while writes.peek().is_some() {
        let chunk: Vec<_> = writes.by_ref().take(CHUNK).collect();
        let row = format!("({})", placeholders(7));
        let rows = vec![row.as_str(); chunk.len()];
        let sql = format!(
            "INSERT INTO profiles (pid, id, linkedin_key, content_hash, seq, data, updated_at) \
             VALUES {} ON CONFLICT (pid) DO UPDATE SET linkedin_key = excluded.linkedin_key, \
             content_hash = excluded.content_hash, seq = excluded.seq, data = excluded.data, \
             updated_at = excluded.updated_at",
            rows.join(", ")
        );
        let mut query = sqlx::query(AssertSqlSafe(sql)).persistent(chunk.len() == CHUNK);
        for (pid, seq, row) in chunk {
            query = query
                .bind(pid)
                .bind(row.id)
                .bind(row.linkedin_key)
                .bind(hash_to_db(row.content_hash))
                .bind(seq)
                .bind(row.data)
                .bind(now);
        }
        query.execute(&mut *conn).await.map_err(db_err)?;
    }
    Ok(())
}

async fn counter(conn: &mut SqliteConnection, name: &str) -> StoreResult<i64> {
    sqlx::query_scalar("SELECT value FROM counters WHERE name = $1")
        .bind(name)
        .fetch_one(&mut *conn)
        .await
        .map_err(db_err)
}

async fn set_counter(conn: &mut SqliteConnection, name: &str, value: i64) -> StoreResult<()> {
    sqlx::query("UPDATE counters SET value = $2 WHERE name = $1")
        .bind(name)
        .bind(value)
        .execute(&mut *conn)
        .await
        .map_err(db_err)?;
    Ok(())
}

#[async_trait]
impl ProfileStore for SqliteStore {
    async fn load_profile_keys(&self) -> StoreResult<HashMap<String, ProfileKey>> {
        // One read transaction: every page comes from the same snapshot.
        let mut tx = self.reader().begin().await.map_err(db_err)?;
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM profiles")
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?;
        let mut keys = HashMap::with_capacity(usize::try_from(count).unwrap_or_default());
        let sql = format!(
            "SELECT MAX(pid), {PACKED_KEYS} FROM (SELECT pid, id, content_hash, seq \
             FROM profiles WHERE pid > $1 ORDER BY pid LIMIT $2)"
        );
        let mut after = 0;
        loop {
            let (last, packed): (Option<i64>, Option<String>) =
                sqlx::query_as(AssertSqlSafe(sql.as_str()))
                    .bind(after)
                    .bind(KEY_PAGE)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db_err)?;
            let Some(last) = last else { break };
            unpack(packed.as_deref().unwrap_or_default(), |key| {
                let content_hash = hash_from_db(key.content_hash);
                keys.insert(
                    key.id.to_owned(),
                    ProfileKey {
                        pid: key.pid,
                        content_hash,
                    },
                );
            })?;
            after = last;
        }
        tx.rollback().await.map_err(db_err)?;
        Ok(keys)
    }

    #[tracing::instrument(skip_all, fields(profiles.batch = batch.len()))]
    async fn upsert_profiles(
        &self,
        batch: Vec<ProfileUpsert>,
    ) -> StoreResult<Vec<UpsertedProfile>> {
        if batch.is_empty() {
            return Ok(Vec::new());
        }
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let ids: Vec<&str> = batch.iter().map(|row| row.id.as_str()).collect();
        let stored = existing(&mut tx, &ids).await?;
        drop(ids);
        let last_pid = counter(&mut tx, "profile_pid").await?;
        let last_seq = counter(&mut tx, "profile_seq").await?;
        let plan = plan(batch, stored, last_pid, last_seq);
        write_rows(&mut tx, plan.writes, now).await?;
        set_counter(&mut tx, "profile_pid", plan.last_pid).await?;
        set_counter(&mut tx, "profile_seq", plan.last_seq).await?;
        commit(tx).await?;
        Ok(plan.outcomes)
    }

    async fn profile_changes_after(
        &self,
        after_seq: i64,
        limit: u32,
    ) -> StoreResult<Vec<StoredProfile>> {
        let sql =
            format!("SELECT {PROFILE_COLUMNS} FROM profiles WHERE seq > $1 ORDER BY seq LIMIT $2");
        let rows: Vec<ProfileRow> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(after_seq)
            .bind(i64::from(limit))
            .fetch_all(self.reader())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(StoredProfile::try_from).collect()
    }

    async fn profiles_by_pids(&self, pids: &[i64]) -> StoreResult<Vec<StoredProfile>> {
        let mut found: HashMap<i64, StoredProfile> = HashMap::with_capacity(pids.len());
        for chunk in pids.chunks(CHUNK) {
            let sql = format!(
                "SELECT {PROFILE_COLUMNS} FROM profiles WHERE pid IN ({})",
                placeholders(chunk.len())
            );
            let mut query = sqlx::query_as::<_, ProfileRow>(AssertSqlSafe(sql))
                .persistent(chunk.len() == CHUNK);
            for pid in chunk {
                query = query.bind(*pid);
            }
            for row in query.fetch_all(self.reader()).await.map_err(db_err)? {
                found.insert(row.pid, row.try_into()?);
            }
        }
        Ok(pids
            .iter()
            .filter_map(|pid| found.get(pid).cloned())
            .collect())
    }

    async fn find_profile_by_id(&self, id: &str) -> StoreResult<Option<StoredProfile>> {
        let sql = format!("SELECT {PROFILE_COLUMNS} FROM profiles WHERE id = $1");
        let row: Option<ProfileRow> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(self.reader())
            .await
            .map_err(db_err)?;
        row.map(StoredProfile::try_from).transpose()
    }

    async fn find_profile_by_linkedin_key(&self, key: &str) -> StoreResult<Option<StoredProfile>> {
        let sql = format!(
            "SELECT {PROFILE_COLUMNS} FROM profiles WHERE linkedin_key = $1 \
             ORDER BY seq DESC LIMIT 1"
        );
        let row: Option<ProfileRow> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(key)
            .fetch_optional(self.reader())
            .await
            .map_err(db_err)?;
        row.map(StoredProfile::try_from).transpose()
    }

    async fn count_profiles(&self) -> StoreResult<u64> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM profiles")
            .fetch_one(self.reader())
            .await
            .map_err(db_err)?;
        Ok(u64::try_from(count).unwrap_or_default())
    }

    async fn max_profile_seq(&self) -> StoreResult<i64> {
        sqlx::query_scalar("SELECT value FROM counters WHERE name = 'profile_seq'")
            .fetch_one(self.reader())
            .await
            .map_err(db_err)
    }
}
