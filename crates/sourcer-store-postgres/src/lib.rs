//! The PostgreSQL store: every `sourcer-store` trait implemented on one PostgreSQL database,
//! with its own `migrations/` (twins of the SQLite ones). It is the backend for running
//! several nodes on one database.
//!
//! Several nodes write concurrently, so every use case that reads before it writes locks
//! what it read (`SELECT ... FOR NO KEY UPDATE`: the strength an `UPDATE` of non-key columns
//! takes, which leaves foreign-key checks of other transactions alone) or folds the check into
//! one conditional statement. Locks are always taken in the order job, session or preview,
//! credit account (and webhook config before its deliveries), so two transactions never wait
//! on each other in a cycle. Job and delivery claims skip rows another node holds
//! (`SKIP LOCKED`). Profile writers are serialised on a
//! counter row so that `seq`s become visible in the order they were handed out (see
//! `profile.rs`). Every write transaction reads the time from the database, so nodes whose
//! clocks disagree still agree on leases and due times.
//!
//! This crate must not depend on the engine, the server or any other backend.

mod credit;
mod delivery;
mod error;
mod job;
mod ledger;
mod outbox;
mod preview;
mod profile;
mod reveal;
mod session;
mod session_row;
mod session_run;
mod tenant;
mod webhook;

#[cfg(feature = "testing")]
pub mod testing;

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sourcer_store::{StoreError, StoreResult};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{PgConnection, Postgres, Transaction};

use crate::error::db_err;

/// Connections per store (per node). N nodes need N times this below the server's
/// `max_connections` (100 by default).
pub const MAX_CONNECTIONS: u32 = 10;
/// How long a call waits for a free connection before `Unavailable`.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(30);

/// A `sourcer_store::Store` on one PostgreSQL database.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects to `url` (`postgres://` or `postgresql://`) with a pool of
    /// [`MAX_CONNECTIONS`]. Connects lazily: an unreachable server surfaces on first use as
    /// `Unavailable`. Does not migrate; call [`PgStore::migrate`].
    pub async fn open(url: &str) -> StoreResult<Self> {
        let options = PgConnectOptions::from_str(url)
            .with_context(|| format!("parsing the PostgreSQL URL {}", redact(url)))?
            .application_name("sourcer");
        let pool = PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_lazy_with(options);
        Ok(Self { pool })
    }

    /// Applies the migrations in `migrations/` that have not run yet. Nodes starting
    /// together are safe: the migrator holds an advisory lock while it runs.
    pub async fn migrate(&self) -> StoreResult<()> {
        sqlx::migrate!("./migrations")
            .run(&self.pool)
            .await
            .map_err(|e| match e {
                sqlx::migrate::MigrateError::Execute(inner) => db_err(inner),
                other => StoreError::Other(anyhow::Error::new(other).context("running migrations")),
            })
    }

    /// Closes the pool, waiting for connections in use to be returned.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// A read-committed write transaction and the database's current time, which every
    /// timestamp and lease of the transaction uses.
    pub(crate) async fn begin_write(&self) -> StoreResult<(Transaction<'static, Postgres>, i64)> {
        let mut tx = self.pool.begin().await.map_err(db_err)?;
        let now = db_now(&mut tx).await?;
        Ok((tx, now))
    }

    /// A read-only transaction whose statements all see one snapshot.
    pub(crate) async fn begin_snapshot(&self) -> StoreResult<Transaction<'static, Postgres>> {
        self.pool
            .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .await
            .map_err(db_err)
    }

    /// The pool for single-statement reads.
    pub(crate) fn pool(&self) -> &PgPool {
        &self.pool
    }
}

/// The database clock in storage form (Unix milliseconds).
async fn db_now(conn: &mut PgConnection) -> StoreResult<i64> {
    sqlx::query_scalar("SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::BIGINT")
        .fetch_one(conn)
        .await
        .map_err(db_err)
}

/// Commits a write transaction.
pub(crate) async fn commit(tx: Transaction<'static, Postgres>) -> StoreResult<()> {
    tx.commit().await.map_err(db_err)
}

/// The URL without its password, for error messages and logs.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((user_info, host)) if user_info.contains(':') => {
            let user = user_info.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}{path}")
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacted_urls_keep_user_host_and_database_but_not_the_password() {
        assert_eq!(
            redact("postgres://app:s3cret@db.internal:5432/sourcer?sslmode=disable"),
            "postgres://app:***@db.internal:5432/sourcer?sslmode=disable"
        );
        for plain in [
            "postgres://127.0.0.1/sourcer",
            "postgres://postgres@127.0.0.1/x",
        ] {
            assert_eq!(redact(plain), plain);
        }
    }
}
