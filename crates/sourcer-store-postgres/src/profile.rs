//! Profiles on PostgreSQL: array (`UNNEST`) upserts for import speed, and the `seq` change
//! feed.
//!
//! Why writers are serialised: a sequence hands out values when a statement runs, not when
//! its transaction commits, so two concurrent imports could commit seqs out of order, and an
//! index follower that has read "everything up to seq n" would skip the row that committed
//! late with a smaller seq. Instead `pid` and `seq` come from the `counters` rows, which the
//! upsert locks (`FOR UPDATE`) as its first statement and holds until it commits. A second
//! writer waits for the lock, and PostgreSQL makes a commit visible before it releases the
//! transaction's locks, so the second writer's seqs (all larger) can only become visible
//! after the first writer's: every reader sees a prefix of the seq order, which is the
//! `ProfileStore` contract. Readers never wait for the lock.

use std::collections::HashMap;

use async_trait::async_trait;
use futures::TryStreamExt;
use sourcer_store::{
    ProfileKey, ProfileStore, ProfileUpsert, StoreError, StoreResult, StoredProfile,
    UpsertedProfile,
};
use sourcer_store_sql::codec::{hash_from_db, hash_to_db};
use sourcer_store_sql::profile::{PROFILE_COLUMNS, ProfileRow};
use sqlx::{AssertSqlSafe, PgConnection};

use crate::error::db_err;
use crate::{PgStore, commit};
use sourcer_store::upsert_plan::{RowState, Write, plan};

/// Rows per array statement. Arrays are one bind each, so the size only bounds the memory of
/// one statement (~1.5 KB of JSON per row).
const CHUNK: usize = 2_000;

/// Locks both profile counters until the transaction ends; returns `(last pid, last seq)`.
async fn lock_counters(conn: &mut PgConnection) -> StoreResult<(i64, i64)> {
    // Always the same rows in the same order, so writers queue instead of deadlocking.
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT name, value FROM counters WHERE name IN ('profile_pid', 'profile_seq') \
         ORDER BY name FOR UPDATE",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    let value = |name: &str| {
        rows.iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| *v)
            .ok_or_else(|| StoreError::Other(anyhow::anyhow!("counter {name} is missing")))
    };
    Ok((value("profile_pid")?, value("profile_seq")?))
}

async fn set_counters(conn: &mut PgConnection, last_pid: i64, last_seq: i64) -> StoreResult<()> {
    sqlx::query(
        "UPDATE counters SET value = CASE name WHEN 'profile_pid' THEN $1 ELSE $2 END \
         WHERE name IN ('profile_pid', 'profile_seq')",
    )
    .bind(last_pid)
    .bind(last_seq)
    .execute(&mut *conn)
    .await
    .map_err(db_err)?;
    Ok(())
}

/// The stored state of these ids.
async fn existing(conn: &mut PgConnection, ids: &[&str]) -> StoreResult<HashMap<String, RowState>> {
    let mut found = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        let rows: Vec<(i64, String, i64, i64)> =
            sqlx::query_as("SELECT pid, id, content_hash, seq FROM profiles WHERE id = ANY($1)")
                .bind(chunk)
                .fetch_all(&mut *conn)
                .await
                .map_err(db_err)?;
        for (pid, id, hash, seq) in rows {
            found.insert(id, RowState::stored(pid, hash_from_db(hash), seq));
        }
    }
    Ok(found)
}

/// Writes rows (new pids insert, known pids are rewritten), one array statement per chunk.
async fn write_rows(conn: &mut PgConnection, writes: Vec<Write>, now: i64) -> StoreResult<()> {
    let mut writes = writes.into_iter().peekable();
    while writes.peek().is_some() {
        let chunk: Vec<_> = writes.by_ref().take(CHUNK).collect();
        let mut pids = Vec::with_capacity(chunk.len());
        let mut seqs = Vec::with_capacity(chunk.len());
        let mut ids = Vec::with_capacity(chunk.len());
        let mut keys = Vec::with_capacity(chunk.len());
        let mut hashes = Vec::with_capacity(chunk.len());
        let mut data = Vec::with_capacity(chunk.len());
        for (pid, seq, row) in chunk {
            pids.push(pid);
            seqs.push(seq);
            ids.push(row.id);
            keys.push(row.linkedin_key);
            hashes.push(hash_to_db(row.content_hash));
            data.push(row.data);
        }
        sqlx::query(
            "INSERT INTO profiles (pid, id, linkedin_key, content_hash, seq, data, updated_at) \
             SELECT pid, id, linkedin_key, content_hash, seq, data, $7 \
             FROM UNNEST($1::BIGINT[], $2::TEXT[], $3::TEXT[], $4::BIGINT[], $5::BIGINT[], \
                 $6::TEXT[]) AS t (pid, id, linkedin_key, content_hash, seq, data) \
             ON CONFLICT (pid) DO UPDATE SET linkedin_key = excluded.linkedin_key, \
             content_hash = excluded.content_hash, seq = excluded.seq, data = excluded.data, \
             updated_at = excluded.updated_at",
        )
        .bind(pids)
        .bind(ids)
        .bind(keys)
        .bind(hashes)
        .bind(seqs)
        .bind(data)
        .bind(now)
        .execute(&mut *conn)
        .await
        .map_err(db_err)?;
    }
    Ok(())
}

#[async_trait]
impl ProfileStore for PgStore {
    async fn load_profile_keys(&self) -> StoreResult<HashMap<String, ProfileKey>> {
        // One statement: one snapshot, streamed rather than buffered.
        let mut keys = HashMap::new();
        let mut rows =
            sqlx::query_as::<_, (i64, String, i64)>("SELECT pid, id, content_hash FROM profiles")
                .fetch(self.pool());
        while let Some((pid, id, hash)) = rows.try_next().await.map_err(db_err)? {
            let content_hash = hash_from_db(hash);
            keys.insert(id, ProfileKey { pid, content_hash });
        }
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
        let (mut tx, now) = self.begin_write().await?;
        // First, so the rows read next cannot change before this transaction commits.
        let (last_pid, last_seq) = lock_counters(&mut tx).await?;
        let ids: Vec<&str> = batch.iter().map(|row| row.id.as_str()).collect();
        let stored = existing(&mut tx, &ids).await?;
        drop(ids);
        let plan = plan(batch, stored, last_pid, last_seq);
        write_rows(&mut tx, plan.writes, now).await?;
        set_counters(&mut tx, plan.last_pid, plan.last_seq).await?;
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
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(StoredProfile::try_from).collect()
    }

    async fn profiles_by_pids(&self, pids: &[i64]) -> StoreResult<Vec<StoredProfile>> {
        let mut found: HashMap<i64, StoredProfile> = HashMap::with_capacity(pids.len());
        for chunk in pids.chunks(CHUNK) {
            let sql = format!("SELECT {PROFILE_COLUMNS} FROM profiles WHERE pid = ANY($1)");
            let rows: Vec<ProfileRow> = sqlx::query_as(AssertSqlSafe(sql))
                .bind(chunk)
                .fetch_all(self.pool())
                .await
                .map_err(db_err)?;
            for row in rows {
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
            .fetch_optional(self.pool())
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
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        row.map(StoredProfile::try_from).transpose()
    }

    async fn count_profiles(&self) -> StoreResult<u64> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM profiles")
            .fetch_one(self.pool())
            .await
            .map_err(db_err)?;
        Ok(u64::try_from(count).unwrap_or_default())
    }

    async fn max_profile_seq(&self) -> StoreResult<i64> {
        sqlx::query_scalar("SELECT value FROM counters WHERE name = 'profile_seq'")
            .fetch_one(self.pool())
            .await
            .map_err(db_err)
    }
}
