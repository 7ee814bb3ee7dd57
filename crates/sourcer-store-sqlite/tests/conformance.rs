//! Runs the backend-independent store suite on SQLite, one temp-file database per test.

use std::sync::Arc;

use sourcer_store::conformance::Fixture;
use sourcer_store_sqlite::SqliteStore;

async fn fresh_sqlite() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("store.db");
    let store = SqliteStore::open(&path.to_string_lossy())
        .await
        .expect("open");
    store.migrate().await.expect("migrate");
    Fixture::new(Arc::new(store), dir)
}

sourcer_store::conformance_tests!(fresh_sqlite);
