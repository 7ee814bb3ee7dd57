//! PostgreSQL-specific behaviour the shared suite cannot express: several stores (nodes) on
//! one database, racing each other, and what the schema itself refuses.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use sourcer_store::conformance::{funded_tenant, new_session, profile, run, seed_profiles};
use sourcer_store::{
    ContactKind, LedgerKind, NewApiKey, NewJob, ProfileStore, RunCompletion, SessionStatus, Store,
    StoreError,
};
use sourcer_store_postgres::PgStore;
use sourcer_store_postgres::testing::TestDatabase;
use sqlx::Connection;
use tokio::sync::OnceCell;

const LEASE: Duration = Duration::from_secs(60);

/// A fresh copy of the migrated template and two stores ("nodes") on it.
async fn two_nodes() -> (TestDatabase, Arc<dyn Store>, Arc<dyn Store>) {
    static TEMPLATE: OnceCell<TestDatabase> = OnceCell::const_new();
    let template = TEMPLATE
        .get_or_try_init(TestDatabase::migrated_template)
        .await
        .expect("template");
    let database = TestDatabase::copy_of(template).await.expect("database");
    let a = PgStore::open(database.url()).await.expect("node a");
    let b = PgStore::open(database.url()).await.expect("node b");
    (database, Arc::new(a), Arc::new(b))
}

fn empty_completion() -> RunCompletion {
    RunCompletion {
        candidates: vec![],
        batch_key: "b".to_owned(),
        next_cursor: None,
        total_available: 0,
        total_for_matching: 0,
        total_matched: 0,
        fallback_filters: None,
        is_fallback: false,
        has_used_final_fallback: false,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_follower_racing_concurrent_writers_on_two_nodes_never_skips_a_row() {
    let (_db, a, b) = two_nodes().await;
    let writers: Vec<_> = (0..24)
        .map(|w| {
            let store = if w % 2 == 0 { a.clone() } else { b.clone() };
            tokio::spawn(async move {
                for batch in 0..5 {
                    let rows = (0..7).map(|i| profile(&format!("w{w}-b{batch}-{i}"), 1));
                    store.upsert_profiles(rows.collect()).await.expect("upsert");
                }
            })
        })
        .collect();
    // A follower that trusts the contract: after seeing seq n it only asks for seq > n.
    let follower = {
        let store = a.clone();
        tokio::spawn(async move {
            let (mut mark, mut seen) = (0, HashSet::new());
            loop {
                let rows = store.profile_changes_after(mark, 50).await.expect("feed");
                for row in &rows {
                    assert!(row.seq > mark, "the feed went backwards");
                    mark = row.seq;
                    seen.insert(row.id.clone());
                }
                if seen.len() == 24 * 5 * 7 {
                    return seen;
                }
                if rows.is_empty() {
                    tokio::task::yield_now().await;
                }
            }
        })
    };
    for writer in writers {
        writer.await.unwrap();
    }
    let seen = tokio::time::timeout(Duration::from_secs(60), follower)
        .await
        .expect("the follower saw every row")
        .unwrap();
    assert_eq!(seen.len(), 840);
    assert_eq!(b.max_profile_seq().await.unwrap(), 840);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn claims_from_two_nodes_never_share_a_job() {
    let (_db, a, b) = two_nodes().await;
    for n in 0..30 {
        a.enqueue_job(NewJob::new("race", json!({ "n": n })))
            .await
            .unwrap();
    }
    let claimers: Vec<_> = (0..40)
        .map(|w| {
            let store = if w % 2 == 0 { a.clone() } else { b.clone() };
            tokio::spawn(async move {
                let mut mine = Vec::new();
                while let Some(job) = store.claim_job(&["race"], "w", LEASE).await.unwrap() {
                    mine.push(job.id);
                }
                mine
            })
        })
        .collect();
    let mut claimed = HashSet::new();
    for claimer in claimers {
        for id in claimer.await.unwrap() {
            assert!(claimed.insert(id), "job {id} claimed twice");
        }
    }
    assert_eq!(claimed.len(), 30);
    assert_eq!(b.count_jobs().await.unwrap().running, 30);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_fetch_more_on_two_nodes_starts_one_run_and_charges_once() {
    let (_db, a, b) = two_nodes().await;
    let (workspace, project) = funded_tenant(&a, "w", 100).await;
    let id = a
        .create_session(new_session(&workspace, &project), run(5))
        .await
        .unwrap()
        .session
        .id;
    let job = b.claim_job(&[], "w", LEASE).await.unwrap().unwrap();
    b.complete_session_run(job.lease(), id, empty_completion(), vec![])
        .await
        .unwrap();

    let tries: Vec<_> = (0..12)
        .map(|n| {
            let store = if n % 2 == 0 { a.clone() } else { b.clone() };
            tokio::spawn(async move { store.start_fetch_more(workspace.id, id, run(5)).await })
        })
        .collect();
    let (mut started, mut refused) = (0, 0);
    for attempt in tries {
        match attempt.await.unwrap() {
            Ok(run) => {
                assert_eq!(run.session.status, SessionStatus::FetchingMore);
                started += 1;
            }
            Err(StoreError::Conflict(_)) => refused += 1,
            Err(other) => panic!("unexpected: {other:?}"),
        }
    }
    assert_eq!((started, refused), (1, 11));
    let session = a.get_session(workspace.id, id).await.unwrap();
    assert_eq!(session.search_more_counter, 1);
    assert_eq!(a.credit_balance(workspace.id).await.unwrap().available, 90);
    let charges = a.list_ledger(workspace.id, None, 100).await.unwrap();
    let charges = charges.iter().filter(|e| e.kind == LedgerKind::Charge);
    assert_eq!(charges.count(), 2, "the creation and one fetch-more");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_contact_revealed_at_once_on_two_nodes_is_charged_once() {
    let (_db, a, b) = two_nodes().await;
    let (workspace, _) = funded_tenant(&a, "w", 10).await;
    let pid = seed_profiles(&a, 1).await[0];
    let reveals: Vec<_> = (0..16)
        .map(|n| {
            let store = if n % 2 == 0 { a.clone() } else { b.clone() };
            tokio::spawn(async move {
                store
                    .reveal_contact(workspace.id, pid, ContactKind::Email, 3)
                    .await
            })
        })
        .collect();
    let mut newly = 0;
    for reveal in reveals {
        let outcome = reveal.await.unwrap().expect("a reveal never fails here");
        newly += usize::from(outcome.newly_revealed);
        assert_eq!(outcome.balance.available, 7);
    }
    assert_eq!(newly, 1);
    assert_eq!(b.credit_balance(workspace.id).await.unwrap().available, 7);
}

#[tokio::test]
async fn the_ledger_refuses_updates_deletes_and_truncation() {
    let (db, a, _) = two_nodes().await;
    let (workspace, _) = funded_tenant(&a, "w", 10).await;
    let mut conn = sqlx::PgConnection::connect(db.url()).await.unwrap();
    for sql in [
        "UPDATE ledger_entries SET amount = 1000",
        "DELETE FROM ledger_entries",
        "TRUNCATE ledger_entries",
    ] {
        let refused = sqlx::raw_sql(sql).execute(&mut conn).await;
        let message = refused.expect_err(sql).to_string();
        assert!(message.contains("append-only"), "{sql}: {message}");
    }
    assert_eq!(
        a.list_ledger(workspace.id, None, 10).await.unwrap().len(),
        1
    );
    assert_eq!(a.credit_balance(workspace.id).await.unwrap().available, 10);
}

#[tokio::test]
async fn conflicts_name_the_unique_rule_that_refused_the_write() {
    let (_db, a, _) = two_nodes().await;
    let job = NewJob::new("once", json!({})).dedup_key("k");
    a.enqueue_job(job.clone()).await.unwrap();
    let again = a.enqueue_job(job).await;
    assert!(
        matches!(again, Err(StoreError::Conflict("job already enqueued"))),
        "{again:?}"
    );
    let (_, project) = a.ensure_project("w", "p").await.unwrap();
    let key = NewApiKey {
        key_id: "kid".to_owned(),
        project_id: project.id,
        secret_hash: [1; 32],
        last4: "abcd".to_owned(),
        name: None,
    };
    a.create_api_key(key.clone()).await.unwrap();
    let again = a.create_api_key(key).await;
    assert!(
        matches!(
            again,
            Err(StoreError::Conflict("api key id already exists"))
        ),
        "{again:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nodes_migrating_an_empty_database_together_apply_each_migration_once() {
    let database = TestDatabase::create().await.expect("database");
    let stores: Vec<PgStore> = vec![
        PgStore::open(database.url()).await.unwrap(),
        PgStore::open(database.url()).await.unwrap(),
    ];
    let (first, second) = tokio::join!(stores[0].migrate(), stores[1].migrate());
    first.unwrap();
    second.unwrap();
    stores[0].migrate().await.unwrap();
    let mut conn = sqlx::PgConnection::connect(database.url()).await.unwrap();
    let applied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"))
        .unwrap()
        .count();
    assert_eq!(applied, i64::try_from(files).unwrap());
    assert_eq!(stores[1].count_profiles().await.unwrap(), 0);
}
