//! Conformance: session runs after the first: leases, fetch-more, updates and refunds.

use std::sync::Arc;
use std::time::Duration;

use serde_json::json;

use crate::conformance::session::{candidate, claim_run, completion};
use crate::conformance::{
    assert_ledger_matches_balance, funded_tenant, ledger_count, new_session, run, seed_profiles,
};
use crate::{JobStatus, LedgerKind, SessionPatch, SessionStatus, Store, StoreError};

pub async fn a_stale_lease_cannot_complete_a_run(store: Arc<dyn Store>) {
    let (a, project) = funded_tenant(&store, "a", 10).await;
    let pids = seed_profiles(&store, 2).await;
    let id = store
        .create_session(new_session(&a, &project), run(1))
        .await
        .unwrap()
        .session
        .id;
    // The first worker's lease expires at once; a second worker takes the job over.
    let stale = store
        .claim_job(&["session_run"], "w1", Duration::ZERO)
        .await
        .unwrap()
        .unwrap();
    let current = claim_run(&store).await;
    assert_eq!((current.id, current.attempts), (stale.id, 2));

    let late = completion(vec![candidate(pids[0], 1, 50.0)]);
    let refused = store
        .complete_session_run(stale.lease(), id, late, vec![])
        .await;
    assert!(
        matches!(refused, Err(StoreError::StaleLease)),
        "{refused:?}"
    );
    let failed = store
        .fail_session_run(stale.lease(), id, "late", vec![])
        .await;
    assert!(matches!(failed, Err(StoreError::StaleLease)), "{failed:?}");
    let untouched = store.get_session(a.id, id).await.unwrap();
    assert_eq!(untouched.status, SessionStatus::Processing);
    assert!(store.session_pids(a.id, id).await.unwrap().is_empty());
    assert_eq!(
        store.credit_balance(a.id).await.unwrap().available,
        9,
        "no refund either"
    );

    let fresh = completion(vec![candidate(pids[1], 1, 60.0)]);
    store
        .complete_session_run(current.lease(), id, fresh, vec![])
        .await
        .unwrap();
    assert_eq!(store.session_pids(a.id, id).await.unwrap(), [pids[1]]);
}

pub async fn a_run_job_cannot_settle_another_session(store: Arc<dyn Store>) {
    let (a, project) = funded_tenant(&store, "a", 10).await;
    let first = store
        .create_session(new_session(&a, &project), run(1))
        .await
        .unwrap();
    let second = store
        .create_session(new_session(&a, &project), run(1))
        .await
        .unwrap();
    let job = claim_run(&store).await;
    assert_eq!(job.id, first.job_id);
    let wrong =
        store.complete_session_run(job.lease(), second.session.id, completion(vec![]), vec![]);
    assert!(matches!(wrong.await, Err(StoreError::StaleLease)));
    let session = store.get_session(a.id, second.session.id).await.unwrap();
    assert_eq!(session.status, SessionStatus::Processing);
    assert_eq!(
        store.get_job(job.id).await.unwrap().status,
        JobStatus::Running
    );
}

pub async fn fetch_more_starts_only_from_done_and_all_or_nothing(store: Arc<dyn Store>) {
    let (a, project) = funded_tenant(&store, "a", 5).await;
    let pids = seed_profiles(&store, 2).await;
    let id = store
        .create_session(new_session(&a, &project), run(2))
        .await
        .unwrap()
        .session
        .id;
    let busy = store.start_fetch_more(a.id, id, run(1)).await;
    assert!(matches!(busy, Err(StoreError::Conflict(_))), "{busy:?}");

    let job = claim_run(&store).await;
    let done = completion(vec![candidate(pids[0], 1, 80.0)]);
    store
        .complete_session_run(job.lease(), id, done, vec![])
        .await
        .unwrap();
    let poor = store.start_fetch_more(a.id, id, run(4)).await;
    assert!(
        matches!(poor, Err(StoreError::InsufficientCredits { .. })),
        "{poor:?}"
    );
    let unchanged = store.get_session(a.id, id).await.unwrap();
    assert_eq!(
        (unchanged.status, unchanged.search_more_counter),
        (SessionStatus::Done, 0)
    );
    assert_eq!(store.count_jobs().await.unwrap().queued, 0);

    let more = store.start_fetch_more(a.id, id, run(3)).await.unwrap();
    assert_eq!(more.session.status, SessionStatus::FetchingMore);
    assert_eq!(more.session.search_more_counter, 1);
    assert_eq!(more.session.run_job_id, Some(more.job_id));
    assert_eq!(more.balance.available, 0);
    let job = claim_run(&store).await;
    assert_eq!(job.id, more.job_id);
    let next = completion(vec![candidate(pids[1], 1, 85.0)]);
    let session = store
        .complete_session_run(job.lease(), id, next, vec![])
        .await
        .unwrap();
    assert_eq!(session.batches.len(), 2);
    let page = store.list_candidates(a.id, id, 1, 10).await.unwrap();
    let batches: Vec<i64> = page.candidates.iter().map(|c| c.batch).collect();
    assert_eq!(batches, [2, 1]);
    assert_ledger_matches_balance(&store, &a).await;
}

pub async fn a_session_never_holds_a_profile_twice(store: Arc<dyn Store>) {
    let (a, project) = funded_tenant(&store, "a", 5).await;
    let pids = seed_profiles(&store, 3).await;
    let id = store
        .create_session(new_session(&a, &project), run(0))
        .await
        .unwrap()
        .session
        .id;
    let job = claim_run(&store).await;
    let first = completion(vec![candidate(pids[0], 1, 80.0)]);
    store
        .complete_session_run(job.lease(), id, first, vec![])
        .await
        .unwrap();

    store.start_fetch_more(a.id, id, run(0)).await.unwrap();
    let job = claim_run(&store).await;
    let repeat = completion(vec![
        candidate(pids[1], 1, 70.0),
        candidate(pids[0], 2, 60.0),
    ]);
    let refused = store
        .complete_session_run(job.lease(), id, repeat, vec![])
        .await;
    assert!(
        matches!(refused, Err(StoreError::Conflict(_))),
        "{refused:?}"
    );
    assert_eq!(
        store.session_pids(a.id, id).await.unwrap(),
        [pids[0]],
        "nothing was added"
    );
    let session = store.get_session(a.id, id).await.unwrap();
    assert_eq!(
        (session.status, session.batches.len()),
        (SessionStatus::FetchingMore, 1)
    );

    let fixed = completion(vec![
        candidate(pids[1], 1, 70.0),
        candidate(pids[2], 2, 60.0),
    ]);
    store
        .complete_session_run(job.lease(), id, fixed, vec![])
        .await
        .unwrap();
    assert_eq!(store.session_pids(a.id, id).await.unwrap().len(), 3);
}

pub async fn update_merges_the_patch_and_counts_filter_changes(store: Arc<dyn Store>) {
    let (a, project) = funded_tenant(&store, "a", 10).await;
    let new = new_session(&a, &project);
    let id = store
        .create_session(new.clone(), run(1))
        .await
        .unwrap()
        .session
        .id;
    let early = store
        .update_session(a.id, id, SessionPatch::default(), run(1))
        .await;
    assert!(matches!(early, Err(StoreError::Conflict(_))), "{early:?}");
    let job = claim_run(&store).await;
    store
        .complete_session_run(job.lease(), id, completion(vec![]), vec![])
        .await
        .unwrap();

    let title = SessionPatch {
        title: Some("Renamed".to_owned()),
        ..SessionPatch::default()
    };
    let renamed = store.update_session(a.id, id, title, run(2)).await.unwrap();
    let session = &renamed.session;
    assert_eq!(
        (session.title.as_str(), session.jd_text.as_str()),
        ("Renamed", "Rust, Postgres")
    );
    assert_eq!(
        (session.status, session.filter_changes_counter),
        (SessionStatus::Processing, 0)
    );
    assert_eq!(
        session.next_cursor.as_deref(),
        Some("cursor-1"),
        "same filters keep the cursor"
    );
    assert!(session.is_fallback);
    assert_eq!(renamed.balance.available, 7);
    let job = claim_run(&store).await;
    store
        .complete_session_run(job.lease(), id, completion(vec![]), vec![])
        .await
        .unwrap();

    let same_queries = SessionPatch {
        queries: Some(new.queries.clone()),
        ..SessionPatch::default()
    };
    let same = store
        .update_session(a.id, id, same_queries, run(0))
        .await
        .unwrap();
    assert_eq!(
        same.session.filter_changes_counter, 0,
        "an identical query is no change"
    );
    let job = claim_run(&store).await;
    store
        .complete_session_run(job.lease(), id, completion(vec![]), vec![])
        .await
        .unwrap();

    let filters = SessionPatch {
        queries: Some(json!({ "region": { "type": "IN", "value": ["Pune"] } })),
        nuances: Some(json!(["Frequent Job Switch"])),
        ..SessionPatch::default()
    };
    let changed = store
        .update_session(a.id, id, filters, run(0))
        .await
        .unwrap()
        .session;
    assert_eq!(changed.filter_changes_counter, 1);
    assert_eq!(changed.nuances, json!(["Frequent Job Switch"]));
    assert_eq!(changed.title, "Renamed");
    assert_eq!(
        (changed.next_cursor, changed.fallback_filters),
        (None, None)
    );
    assert!(!changed.is_fallback && !changed.has_used_final_fallback);
    assert_ledger_matches_balance(&store, &a).await;
}

pub async fn a_failed_run_is_refunded_exactly_once(store: Arc<dyn Store>) {
    let (a, project) = funded_tenant(&store, "a", 10).await;
    let id = store
        .create_session(new_session(&a, &project), run(5))
        .await
        .unwrap()
        .session
        .id;
    let job = claim_run(&store).await;
    let failed = store
        .fail_session_run(job.lease(), id, "provider down", vec![])
        .await
        .unwrap();
    assert_eq!(failed.status, SessionStatus::Done);
    assert_eq!(failed.sourcing_error.as_deref(), Some("provider down"));
    assert!(!failed.credit_charged);
    assert_eq!(store.credit_balance(a.id).await.unwrap().available, 10);
    let job = store.get_job(job.id).await.unwrap();
    assert_eq!(
        (job.status, job.last_error.as_deref()),
        (JobStatus::Failed, Some("provider down"))
    );

    let twice = store
        .fail_session_run(job.lease(), id, "again", vec![])
        .await;
    assert!(matches!(twice, Err(StoreError::StaleLease)), "{twice:?}");
    assert_eq!(ledger_count(&store, &a, LedgerKind::Refund).await, 1);
    assert_eq!(store.credit_balance(a.id).await.unwrap().available, 10);

    // A free run has nothing to refund; the next paid run is refunded on its own.
    store.start_fetch_more(a.id, id, run(0)).await.unwrap();
    let job = claim_run(&store).await;
    store
        .fail_session_run(job.lease(), id, "empty", vec![])
        .await
        .unwrap();
    assert_eq!(ledger_count(&store, &a, LedgerKind::Refund).await, 1);
    store.start_fetch_more(a.id, id, run(3)).await.unwrap();
    let job = claim_run(&store).await;
    store
        .fail_session_run(job.lease(), id, "again", vec![])
        .await
        .unwrap();
    assert_eq!(ledger_count(&store, &a, LedgerKind::Refund).await, 2);
    assert_eq!(store.credit_balance(a.id).await.unwrap().available, 10);
    assert_ledger_matches_balance(&store, &a).await;
}
