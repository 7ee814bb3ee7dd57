//! Throwaway databases for tests (feature `testing`): each test gets its own database,
//! created through an admin URL and dropped when the guard goes away.
//!
//! Creating and migrating a database costs far more than copying one, so a test binary
//! builds a template once (migrated, maybe seeded) and gives each test a copy of it
//! (`CREATE DATABASE ... TEMPLATE`). The template lives in a `static` and is never dropped;
//! like any database whose process is gone, the next run drops it.
//!
//! The admin URL is `SOURCER_TEST_DATABASE_URL`, else the local server's `postgres` database.
//! An unreachable server is an error, never a silent skip: CI always has PostgreSQL. Database
//! names carry the creating process id, so a database left behind by a test process that was
//! killed is dropped by the next test run (once nothing is connected to it).

use anyhow::Context;
use sqlx::{Connection, PgConnection};

use crate::{PgStore, redact};

/// The environment variable naming the admin URL tests create their databases through.
pub const ADMIN_URL_VAR: &str = "SOURCER_TEST_DATABASE_URL";
/// The admin URL when the variable is unset: the local server, trust auth.
pub const DEFAULT_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";
/// The prefix of every database this module creates.
const PREFIX: &str = "sourcer_test_";

/// The admin URL tests use.
pub fn admin_url() -> String {
    std::env::var(ADMIN_URL_VAR)
        .ok()
        .filter(|url| !url.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_ADMIN_URL.to_owned())
}

/// `url` with its database replaced by `database` (query parameters kept).
pub fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[authority_start..]
        .find('/')
        .map_or(base.len(), |i| authority_start + i);
    let mut out = format!("{}/{database}", &base[..path_start]);
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    out
}

/// An empty database that is dropped (connections and all) when this value is dropped.
#[derive(Debug)]
pub struct TestDatabase {
    name: String,
    url: String,
    admin_url: String,
}

impl TestDatabase {
    /// Creates a fresh, empty database through [`admin_url`].
    pub async fn create() -> anyhow::Result<TestDatabase> {
        TestDatabase::create_copy(None).await
    }

    /// Creates a copy of `template`, which must have no open connections (close its stores
    /// first).
    pub async fn copy_of(template: &TestDatabase) -> anyhow::Result<TestDatabase> {
        TestDatabase::create_copy(Some(&template.name)).await
    }

    /// A migrated template, for [`TestDatabase::copy_of`]: its store is closed again.
    pub async fn migrated_template() -> anyhow::Result<TestDatabase> {
        let template = TestDatabase::create().await?;
        let store = PgStore::open(template.url()).await?;
        store.migrate().await?;
        store.close().await;
        Ok(template)
    }

    async fn create_copy(template: Option<&str>) -> anyhow::Result<TestDatabase> {
        let admin_url = admin_url();
        let mut admin = PgConnection::connect(&admin_url).await.with_context(|| {
            format!(
                "PostgreSQL is not reachable at {} (set {ADMIN_URL_VAR} to the admin URL of a \
                 running server)",
                redact(&admin_url)
            )
        })?;
        reap_orphans(&mut admin).await?;
        let name = format!(
            "{PREFIX}{}_{:08x}",
            std::process::id(),
            rand::random::<u32>()
        );
        // Names are ours (digits, hex and underscores), so they need no escaping.
        let sql = match template {
            Some(template) => format!("CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""),
            None => format!("CREATE DATABASE \"{name}\""),
        };
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&mut admin)
            .await
            .with_context(|| format!("while creating the test database {name}"))?;
        // Tests never survive a server crash, so commits need not wait for the disk; locking
        // and visibility, which the tests are about, are unchanged.
        let sql = format!("ALTER DATABASE \"{name}\" SET synchronous_commit = off");
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&mut admin)
            .await
            .with_context(|| format!("while configuring the test database {name}"))?;
        admin.close().await.ok();
        let url = with_database(&admin_url, &name);
        Ok(TestDatabase {
            name,
            url,
            admin_url,
        })
    }

    /// The database's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        // Drop may run inside an async runtime, which must not be blocked on: the drop gets
        // a thread and a runtime of its own, and this thread waits for it.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            runtime.block_on(drop_database(&admin_url, &name))
        })
        .join();
        match dropped {
            Ok(Ok(())) => {}
            Ok(Err(error)) => eprintln!("could not drop test database {}: {error:#}", self.name),
            Err(_) => eprintln!("dropping test database {} panicked", self.name),
        }
    }
}

async fn drop_database(admin_url: &str, name: &str) -> anyhow::Result<()> {
    let mut admin = PgConnection::connect(admin_url).await?;
    // FORCE ends the connections pools of the test left open.
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
    )))
    .execute(&mut admin)
    .await?;
    admin.close().await.ok();
    Ok(())
}

/// Drops test databases whose creating process is gone and that nobody is connected to.
async fn reap_orphans(admin: &mut PgConnection) -> anyhow::Result<()> {
    let idle: Vec<String> = sqlx::query_scalar(
        "SELECT datname FROM pg_database d WHERE datname LIKE 'sourcer\\_test\\_%' \
         AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)",
    )
    .fetch_all(&mut *admin)
    .await?;
    for name in idle {
        let pid = name
            .strip_prefix(PREFIX)
            .and_then(|rest| rest.split('_').next())
            .and_then(|pid| pid.parse::<u32>().ok());
        let Some(pid) = pid else { continue };
        if std::path::Path::new(&format!("/proc/{pid}")).exists() {
            continue;
        }
        let sql = format!("DROP DATABASE IF EXISTS \"{name}\"");
        // Another test process may be reaping the same database: losing that race is fine.
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&mut *admin)
            .await
            .ok();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_of_a_url_is_replaced_and_its_parameters_kept() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/postgres", "t1"),
            "postgres://postgres@127.0.0.1:5432/t1"
        );
        assert_eq!(
            with_database("postgresql://u:p@db/admin?sslmode=disable", "t2"),
            "postgresql://u:p@db/t2?sslmode=disable"
        );
        assert_eq!(
            with_database("postgres://db:5432", "t3"),
            "postgres://db:5432/t3"
        );
    }
}
