//! Conformance: preview runs and their credit holds.

use std::sync::Arc;
use std::time::Duration;

use serde_json::json;

use crate::conformance::{assert_ledger_matches_balance, funded_tenant, ledger_count};
use crate::{
    Balance, Job, JobStatus, LedgerKind, NewJob, NewPreview, PreviewStatus, Project, Store,
    StoreError, Workspace,
};

const LEASE: Duration = Duration::from_secs(60);

fn preview(workspace: &Workspace, project: &Project, limit: i64) -> NewPreview {
    NewPreview {
        id: format!("req_prev_{}", uuid::Uuid::new_v4()),
        workspace_id: workspace.id,
        project_id: project.id,
        request: json!({ "title": "Rust engineers", "limit": limit }),
        limit,
        webhook_id: None,
    }
}

fn run_job() -> NewJob {
    NewJob::new("preview_run", json!({}))
}

async fn claim(store: &Arc<dyn Store>) -> Job {
    store
        .claim_job(&["preview_run"], "w", LEASE)
        .await
        .unwrap()
        .expect("a due preview")
}

pub async fn creating_a_preview_holds_credits_and_enqueues_its_job(store: Arc<dyn Store>) {
    let (a, project) = funded_tenant(&store, "a", 10).await;
    let new = preview(&a, &project, 50);
    let started = store
        .create_preview(new.clone(), 3, run_job())
        .await
        .unwrap();
    assert_eq!(
        started.balance,
        Balance {
            available: 7,
            held: 3
        }
    );
    let run = &started.preview;
    assert_eq!(
        (run.id.as_str(), run.status),
        (new.id.as_str(), PreviewStatus::Processing)
    );
    assert_eq!((run.limit, run.held, run.captured), (50, 3, 0));
    assert_eq!(run.request, new.request);
    assert_eq!((run.result.as_ref(), run.completed_at), (None, None));
    assert_eq!(store.get_job(run.job_id).await.unwrap().kind, "preview_run");
    let ledger = store.list_ledger(a.id, None, 1).await.unwrap();
    assert_eq!((ledger[0].kind, ledger[0].amount), (LedgerKind::Hold, 3));
    assert_eq!(
        ledger[0].reference,
        Some(("preview".to_owned(), new.id.clone()))
    );
    assert_eq!(
        store.get_preview(a.id, &new.id).await.unwrap(),
        started.preview
    );
    assert_ledger_matches_balance(&store, &a).await;
}

pub async fn completion_captures_used_credits_and_releases_the_rest(store: Arc<dyn Store>) {
    let (a, project) = funded_tenant(&store, "a", 10).await;
    let id = store
        .create_preview(preview(&a, &project, 60), 3, run_job())
        .await
        .unwrap()
        .preview
        .id;
    let job = claim(&store).await;
    let result = json!({ "candidates": [{ "profileId": "abc" }] });
    let done = store
        .complete_preview(job.lease(), &id, 1, result.clone(), vec![])
        .await
        .unwrap();
    assert_eq!(
        (done.status, done.captured, done.held),
        (PreviewStatus::Completed, 1, 3)
    );
    assert_eq!(done.result, Some(result));
    assert!(done.completed_at.is_some());
    assert_eq!(
        store.credit_balance(a.id).await.unwrap(),
        Balance {
            available: 9,
            held: 0
        }
    );
    assert_eq!(ledger_count(&store, &a, LedgerKind::Capture).await, 1);
    assert_eq!(ledger_count(&store, &a, LedgerKind::Release).await, 1);
    assert_eq!(store.get_job(job.id).await.unwrap().status, JobStatus::Done);

    // Using every held credit captures all and releases nothing.
    let id = store
        .create_preview(preview(&a, &project, 20), 1, run_job())
        .await
        .unwrap()
        .preview
        .id;
    let job = claim(&store).await;
    store
        .complete_preview(job.lease(), &id, 1, json!({}), vec![])
        .await
        .unwrap();
    assert_eq!(
        store.credit_balance(a.id).await.unwrap(),
        Balance {
            available: 8,
            held: 0
        }
    );
    assert_eq!(ledger_count(&store, &a, LedgerKind::Release).await, 1);
    assert_ledger_matches_balance(&store, &a).await;
}

pub async fn failure_releases_the_whole_hold(store: Arc<dyn Store>) {
    let (a, project) = funded_tenant(&store, "a", 5).await;
    let id = store
        .create_preview(preview(&a, &project, 100), 5, run_job())
        .await
        .unwrap()
        .preview
        .id;
    assert_eq!(
        store.credit_balance(a.id).await.unwrap(),
        Balance {
            available: 0,
            held: 5
        }
    );
    let job = claim(&store).await;
    let failed = store
        .fail_preview(
            job.lease(),
            &id,
            "AGENT_ERROR",
            "provider timed out",
            vec![],
        )
        .await;
    let failed = failed.unwrap();
    assert_eq!(failed.status, PreviewStatus::Failed);
    assert_eq!(failed.error_code.as_deref(), Some("AGENT_ERROR"));
    assert_eq!(failed.error_message.as_deref(), Some("provider timed out"));
    assert_eq!(failed.captured, 0);
    assert_eq!(
        store.credit_balance(a.id).await.unwrap(),
        Balance {
            available: 5,
            held: 0
        }
    );
    assert_eq!(
        store.get_job(job.id).await.unwrap().status,
        JobStatus::Failed
    );
    assert_ledger_matches_balance(&store, &a).await;
}

pub async fn a_preview_without_credits_writes_nothing(store: Arc<dyn Store>) {
    let (a, project) = funded_tenant(&store, "a", 2).await;
    let new = preview(&a, &project, 60);
    let refused = store.create_preview(new.clone(), 3, run_job()).await;
    assert!(
        matches!(
            refused,
            Err(StoreError::InsufficientCredits {
                available: 2,
                required: 3
            })
        ),
        "{refused:?}"
    );
    assert!(matches!(
        store.get_preview(a.id, &new.id).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.count_jobs().await.unwrap().queued, 0);
    assert_eq!(
        store.credit_balance(a.id).await.unwrap(),
        Balance {
            available: 2,
            held: 0
        }
    );
    assert_eq!(ledger_count(&store, &a, LedgerKind::Hold).await, 0);
}

pub async fn settling_needs_the_current_lease_and_a_capture_within_the_hold(store: Arc<dyn Store>) {
    let (a, project) = funded_tenant(&store, "a", 10).await;
    let id = store
        .create_preview(preview(&a, &project, 40), 2, run_job())
        .await
        .unwrap()
        .preview
        .id;
    let stale = store
        .claim_job(&["preview_run"], "w1", Duration::ZERO)
        .await
        .unwrap()
        .unwrap();
    let current = claim(&store).await;

    let late = store
        .complete_preview(stale.lease(), &id, 1, json!({}), vec![])
        .await;
    assert!(matches!(late, Err(StoreError::StaleLease)), "{late:?}");
    let late = store
        .fail_preview(stale.lease(), &id, "X", "late", vec![])
        .await;
    assert!(matches!(late, Err(StoreError::StaleLease)), "{late:?}");
    let greedy = store
        .complete_preview(current.lease(), &id, 3, json!({}), vec![])
        .await;
    assert!(matches!(greedy, Err(StoreError::Conflict(_))), "{greedy:?}");
    let run = store.get_preview(a.id, &id).await.unwrap();
    assert_eq!(run.status, PreviewStatus::Processing);
    assert_eq!(
        store.credit_balance(a.id).await.unwrap(),
        Balance {
            available: 8,
            held: 2
        }
    );

    store
        .complete_preview(current.lease(), &id, 2, json!({}), vec![])
        .await
        .unwrap();
    assert_eq!(
        store.credit_balance(a.id).await.unwrap(),
        Balance {
            available: 8,
            held: 0
        }
    );
    let again = store
        .fail_preview(current.lease(), &id, "X", "twice", vec![])
        .await;
    assert!(matches!(again, Err(StoreError::StaleLease)), "{again:?}");
    assert_ledger_matches_balance(&store, &a).await;
}

pub async fn concurrent_previews_never_overdraw(store: Arc<dyn Store>) {
    let (a, project) = funded_tenant(&store, "a", 10).await;
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let (store, new) = (Arc::clone(&store), preview(&a, &project, 20));
            tokio::spawn(async move { store.create_preview(new, 1, run_job()).await })
        })
        .collect();
    let (mut started, mut refused) = (0, 0);
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => started += 1,
            Err(StoreError::InsufficientCredits { .. }) => refused += 1,
            Err(other) => panic!("unexpected preview error: {other:?}"),
        }
    }
    assert_eq!((started, refused), (10, 10));
    assert_eq!(
        store.credit_balance(a.id).await.unwrap(),
        Balance {
            available: 0,
            held: 10
        }
    );
    assert_eq!(store.count_jobs().await.unwrap().queued, 10);
    assert_ledger_matches_balance(&store, &a).await;
}

pub async fn another_workspace_never_sees_a_preview(store: Arc<dyn Store>) {
    let (a, project_a) = funded_tenant(&store, "a", 5).await;
    let (b, _) = funded_tenant(&store, "b", 5).await;
    let id = store
        .create_preview(preview(&a, &project_a, 20), 1, run_job())
        .await
        .unwrap()
        .preview
        .id;
    assert!(matches!(
        store.get_preview(b.id, &id).await,
        Err(StoreError::NotFound)
    ));
    let foreign = store
        .create_preview(preview(&b, &project_a, 20), 1, run_job())
        .await;
    assert!(matches!(foreign, Err(StoreError::NotFound)), "{foreign:?}");
    assert_eq!(store.credit_balance(b.id).await.unwrap().available, 5);
    assert!(store.get_preview(a.id, &id).await.is_ok());
}
