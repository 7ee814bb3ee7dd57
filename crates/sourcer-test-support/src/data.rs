//! The test data, built once per test binary: generated profiles imported into the database
//! and the index, workspace A ("alpha", with credits) and workspace B ("beta"), and their
//! keys. The database is SQLite in the data dir, or, when `SOURCER_TEST_DATABASE_URL` is set,
//! a PostgreSQL template database that each test copies.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sourcer_engine::Config;
use sourcer_engine::feed::IndexFeed;
use sourcer_engine::import::{ImportProgress, import_profiles};
use sourcer_index::PeopleIndex;
use sourcer_store::Store;
use sourcer_store_postgres::PgStore;
use sourcer_store_postgres::testing::{ADMIN_URL_VAR, TestDatabase};
use sourcer_store_sqlite::SqliteStore;
use tokio::sync::OnceCell;

/// Profiles in the test data.
pub const PROFILE_COUNT: u64 = 3_000;
/// The generator seed of the test data.
pub const PROFILE_SEED: u64 = 11;

pub struct Template {
    pub dir: PathBuf,
    /// The PostgreSQL template database, when the tests run on PostgreSQL.
    pub database: Option<TestDatabase>,
    pub key_a: String,
    pub key_b: String,
    _dir: tempfile::TempDir,
}

/// Whether the tests run on PostgreSQL (`SOURCER_TEST_DATABASE_URL` is set).
pub fn on_postgres() -> bool {
    std::env::var(ADMIN_URL_VAR).is_ok_and(|url| !url.trim().is_empty())
}

/// The database behind a store, so the template can be closed before it is copied.
enum Backend {
    Sqlite(SqliteStore),
    Postgres(PgStore, TestDatabase),
}

pub async fn template() -> &'static Template {
    static TEMPLATE: OnceCell<Template> = OnceCell::const_new();
    TEMPLATE.get_or_init(build).await
}

async fn build() -> Template {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = Config {
        data_dir: dir.path().to_path_buf(),
        ..Config::default()
    };
    let backend = if on_postgres() {
        let database = TestDatabase::create().await.expect("template database");
        let store = PgStore::open(database.url()).await.expect("open store");
        store.migrate().await.expect("migrate");
        Backend::Postgres(store, database)
    } else {
        let store = SqliteStore::open(&config.database_url())
            .await
            .expect("open store");
        store.migrate().await.expect("migrate");
        Backend::Sqlite(store)
    };
    let store: Arc<dyn Store> = match &backend {
        Backend::Sqlite(store) => Arc::new(store.clone()),
        Backend::Postgres(store, _) => Arc::new(store.clone()),
    };
    let index = PeopleIndex::open(&config.index_dir()).expect("open index");
    let mut jsonl = Vec::new();
    sourcer_gen::write_jsonl(PROFILE_SEED, PROFILE_COUNT, &mut jsonl).expect("generate");
    let mut feed = IndexFeed::open(&index).expect("index writer");
    let progress = Arc::new(ImportProgress::default());
    let input = Box::new(std::io::Cursor::new(jsonl));
    import_profiles(&*store, Some(&mut feed), input, progress)
        .await
        .expect("import");
    drop(feed);
    let a = sourcer_engine::keys::issue_key(&*store, "alpha", "First Project")
        .await
        .expect("key a");
    let b = sourcer_engine::keys::issue_key(&*store, "beta", "Other Project")
        .await
        .expect("key b");
    store
        .grant_credits(a.workspace.id, super::CREDITS_A, "test credits", None)
        .await
        .expect("grant");
    drop(index);
    drop(store);
    let database = match backend {
        Backend::Sqlite(store) => {
            store.close().await;
            None
        }
        // A database with open connections cannot be copied.
        Backend::Postgres(store, database) => {
            store.close().await;
            Some(database)
        }
    };
    Template {
        dir: dir.path().to_path_buf(),
        database,
        key_a: a.key,
        key_b: b.key,
        _dir: dir,
    }
}

/// Copies a directory tree (the SQLite files and the index).
pub fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
