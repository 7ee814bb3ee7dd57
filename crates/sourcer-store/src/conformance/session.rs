//! Conformance: creating sessions, completing runs, candidates and tenant isolation.

use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use sourcer_core::ObjectId;

use crate::conformance::{
    assert_ledger_matches_balance, funded_tenant, ledger_count, new_session, run, seed_profiles,
};
use crate::{
    Job, JobCounts, JobStatus, LedgerKind, NewCandidate, RunCompletion, SessionPatch,
    SessionStatus, Store, StoreError,
};

const LEASE: Duration = Duration::from_secs(60);

pub(super) async fn claim_run(store: &Arc<dyn Store>) -> Job {
    store
        .claim_job(&["session_run"], "worker", LEASE)
        .await
        .unwrap()
        .expect("a due run")
}

pub(super) fn candidate(pid: i64, rank: i64, fit_score: f64) -> NewCandidate {
    NewCandidate {
        pid,
        profile_id: format!("profile-{pid}"),
        rank,
        fit_score,
        final_score: (fit_score / 20.0).round(),
        analysis: json!({ "recommendation": format!("rank {rank}") }),
    }
}

pub(super) fn completion(candidates: Vec<NewCandidate>) -> RunCompletion {
    RunCompletion {
        candidates,
        batch_key: "batch".to_owned(),
        next_cursor: Some("cursor-1".to_owned()),
        total_available: 120,
        total_for_matching: 40,
        total_matched: 3,
        fallback_filters: Some(json!({ "skills": "relaxed" })),
        is_fallback: true,
        has_used_final_fallback: false,
    }
}

pub async fn creating_a_session_charges_and_enqueues_its_run(store: Arc<dyn Store>) {
    let (a, project) = funded_tenant(&store, "a", 10).await;
    let new = new_session(&a, &project);
    let started = store.create_session(new.clone(), run(4)).await.unwrap();
    let session = &started.session;
    assert_eq!(
        (session.id, session.status),
        (new.id, SessionStatus::Processing)
    );
    assert_eq!(
        (session.title.as_str(), &session.queries),
        (new.title.as_str(), &new.queries)
    );
    assert!(session.credit_charged);
    assert_eq!(session.run_job_id, Some(started.job_id));
    assert_eq!(started.balance.available, 6);

    let job = store.get_job(started.job_id).await.unwrap();
    assert_eq!(
        (job.kind.as_str(), job.status),
        ("session_run", JobStatus::Queued)
    );
    let ledger = store.list_ledger(a.id, None, 10).await.unwrap();
    assert_eq!(ledger[0].kind, LedgerKind::Charge);
    assert_eq!(
        ledger[0].reference,
        Some(("session".to_owned(), new.id.to_string()))
    );
    assert_eq!(
        store.get_session(a.id, new.id).await.unwrap(),
        started.session
    );
    assert_ledger_matches_balance(&store, &a).await;
}

pub async fn creating_a_session_without_credits_writes_nothing(store: Arc<dyn Store>) {
    let (a, project) = funded_tenant(&store, "a", 3).await;
    let new = new_session(&a, &project);
    let refused = store.create_session(new.clone(), run(4)).await;
    assert!(
        matches!(
            refused,
            Err(StoreError::InsufficientCredits {
                available: 3,
                required: 4
            })
        ),
        "{refused:?}"
    );
    assert!(matches!(
        store.get_session(a.id, new.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(
        store
            .list_project_sessions(a.id, project.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.count_jobs().await.unwrap(), JobCounts::default());
    assert_eq!(store.credit_balance(a.id).await.unwrap().available, 3);
    assert_eq!(ledger_count(&store, &a, LedgerKind::Charge).await, 0);
}

pub async fn another_workspace_never_sees_a_session_or_its_candidates(store: Arc<dyn Store>) {
    let (a, project_a) = funded_tenant(&store, "a", 10).await;
    let (b, project_b) = funded_tenant(&store, "b", 10).await;
    let pids = seed_profiles(&store, 2).await;
    let id = store
        .create_session(new_session(&a, &project_a), run(1))
        .await
        .unwrap()
        .session
        .id;
    let job = claim_run(&store).await;
    let done = store
        .complete_session_run(
            job.lease(),
            id,
            completion(vec![candidate(pids[0], 1, 90.0)]),
            vec![],
        )
        .await
        .unwrap();
    let candidate_id = store
        .list_candidates(a.id, id, 1, 10)
        .await
        .unwrap()
        .candidates[0]
        .id;

    let not_found = |result: Result<(), StoreError>| {
        assert!(matches!(result, Err(StoreError::NotFound)), "{result:?}");
    };
    not_found(store.get_session(b.id, id).await.map(drop));
    not_found(store.session_pids(b.id, id).await.map(drop));
    not_found(store.list_candidates(b.id, id, 1, 10).await.map(drop));
    not_found(store.get_candidate(b.id, id, candidate_id).await.map(drop));
    not_found(store.start_fetch_more(b.id, id, run(1)).await.map(drop));
    not_found(
        store
            .update_session(b.id, id, SessionPatch::default(), run(1))
            .await
            .map(drop),
    );
    // A project of another workspace cannot own a new session either.
    not_found(
        store
            .create_session(new_session(&b, &project_a), run(1))
            .await
            .map(drop),
    );
    assert!(
        store
            .list_project_sessions(b.id, project_a.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .list_project_sessions(b.id, project_b.id)
            .await
            .unwrap()
            .is_empty()
    );

    assert_eq!(store.get_session(a.id, id).await.unwrap(), done);
    assert_eq!(store.credit_balance(b.id).await.unwrap().available, 10);
    assert_eq!(
        store.count_jobs().await.unwrap().queued,
        0,
        "refused calls enqueued nothing"
    );
}

pub async fn completing_a_run_adds_a_batch_of_candidates(store: Arc<dyn Store>) {
    let (a, project) = funded_tenant(&store, "a", 10).await;
    let pids = seed_profiles(&store, 3).await;
    let id = store
        .create_session(new_session(&a, &project), run(2))
        .await
        .unwrap()
        .session
        .id;
    let job = claim_run(&store).await;
    let candidates = vec![
        candidate(pids[0], 2, 70.0),
        candidate(pids[1], 1, 95.0),
        candidate(pids[2], 3, 70.0),
    ];
    let session = store
        .complete_session_run(job.lease(), id, completion(candidates), vec![])
        .await
        .unwrap();

    assert_eq!(session.status, SessionStatus::Done);
    assert_eq!(session.sourcing_error, None);
    assert_eq!(session.next_cursor.as_deref(), Some("cursor-1"));
    assert_eq!(
        (session.total_available, session.total_for_matching),
        (120, 40)
    );
    assert_eq!(session.total_matched, 3);
    assert_eq!(
        session.fallback_filters,
        Some(json!({ "skills": "relaxed" }))
    );
    assert!(session.is_fallback && !session.has_used_final_fallback);
    assert_eq!(session.batches.len(), 1);
    assert_eq!(
        (session.batches[0].key.as_str(), session.batches[0].count),
        ("batch", 3)
    );
    assert!(session.last_candidates_fetched_at.is_some());
    assert!(session.version > 0);
    assert_eq!(store.get_job(job.id).await.unwrap().status, JobStatus::Done);

    let mut held = store.session_pids(a.id, id).await.unwrap();
    held.sort_unstable();
    assert_eq!(held, pids);
    let summaries = store.list_project_sessions(a.id, project.id).await.unwrap();
    assert_eq!((summaries.len(), summaries[0].candidate_count), (1, 3));
    let page = store.list_candidates(a.id, id, 1, 10).await.unwrap();
    assert_eq!(page.total, 3);
    let first = &page.candidates[0];
    assert_eq!((first.pid, first.batch, first.session_id), (pids[1], 1, id));
    assert_eq!(first.analysis, json!({ "recommendation": "rank 1" }));
    assert_eq!(
        store.get_candidate(a.id, id, first.id).await.unwrap(),
        *first
    );
    let missing = store.get_candidate(a.id, id, ObjectId::new()).await;
    assert!(matches!(missing, Err(StoreError::NotFound)));
}

pub async fn candidates_page_by_fit_score_then_rank(store: Arc<dyn Store>) {
    let (a, project) = funded_tenant(&store, "a", 0).await;
    let pids = seed_profiles(&store, 5).await;
    let id = store
        .create_session(new_session(&a, &project), run(0))
        .await
        .unwrap()
        .session
        .id;
    let job = claim_run(&store).await;
    let scores = [(3, 60.0), (1, 90.0), (2, 60.0), (5, 10.0), (4, 60.0)];
    let candidates = pids
        .iter()
        .zip(scores)
        .map(|(&pid, (r, s))| candidate(pid, r, s))
        .collect();
    store
        .complete_session_run(job.lease(), id, completion(candidates), vec![])
        .await
        .unwrap();

    let first = store.list_candidates(a.id, id, 1, 2).await.unwrap();
    let second = store.list_candidates(a.id, id, 2, 2).await.unwrap();
    let third = store.list_candidates(a.id, id, 3, 2).await.unwrap();
    assert_eq!((first.total, second.total, third.total), (5, 5, 5));
    let order: Vec<i64> = [first, second, third]
        .iter()
        .flat_map(|page| page.candidates.iter().map(|c| c.rank))
        .collect();
    assert_eq!(order, [1, 2, 3, 4, 5]);
    assert!(
        store
            .list_candidates(a.id, id, 4, 2)
            .await
            .unwrap()
            .candidates
            .is_empty()
    );
}
