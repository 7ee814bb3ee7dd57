//! SQLite-specific behaviour the shared suite cannot express: how the file is opened and
//! shared.

use std::sync::Arc;

use sourcer_store::{CreditStore, ProfileStore, TenantStore};
use sourcer_store_sqlite::SqliteStore;

#[tokio::test]
async fn an_in_memory_database_keeps_its_data_on_one_shared_connection() {
    let store = SqliteStore::open("sqlite::memory:").await.unwrap();
    store.migrate().await.unwrap();
    let (workspace, _) = store.ensure_project("mem", "p").await.unwrap();
    store
        .grant_credits(workspace.id, 3, "grant", None)
        .await
        .unwrap();
    assert_eq!(
        store.credit_balance(workspace.id).await.unwrap().available,
        3
    );
    assert_eq!(store.count_profiles().await.unwrap(), 0);
}

#[tokio::test]
async fn a_url_opens_the_same_file_as_its_path_and_migrating_twice_is_harmless() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let by_path = SqliteStore::open(&path.to_string_lossy()).await.unwrap();
    by_path.migrate().await.unwrap();
    let workspace = by_path.ensure_workspace("shared").await.unwrap();
    by_path.close().await;

    let by_url = SqliteStore::open(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    by_url.migrate().await.unwrap();
    assert_eq!(
        by_url.find_workspace_by_name("shared").await.unwrap(),
        Some(workspace)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_stores_on_one_file_serialise_their_writes() {
    // A server and a CLI process each have their own writer connection on the same file:
    // `BEGIN IMMEDIATE` plus `busy_timeout` must make them queue instead of failing.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db").to_string_lossy().into_owned();
    let first = Arc::new(SqliteStore::open(&path).await.unwrap());
    first.migrate().await.unwrap();
    let second = Arc::new(SqliteStore::open(&path).await.unwrap());
    let workspace = first.ensure_workspace("busy").await.unwrap();

    let tasks: Vec<_> = (0..60)
        .map(|i| {
            let store = if i % 2 == 0 {
                Arc::clone(&first)
            } else {
                Arc::clone(&second)
            };
            tokio::spawn(async move { store.grant_credits(workspace.id, 1, "grant", None).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(
        second.credit_balance(workspace.id).await.unwrap().available,
        60
    );
    assert_eq!(
        first
            .list_ledger(workspace.id, None, 100)
            .await
            .unwrap()
            .len(),
        60
    );
}
