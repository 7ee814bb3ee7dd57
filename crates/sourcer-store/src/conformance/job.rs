//! Conformance: the job queue's leases, fencing, retries and dead letters.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use time::OffsetDateTime;

use crate::{JobCounts, JobStatus, NewJob, Store, StoreError};

const LEASE: Duration = Duration::from_secs(60);

fn later() -> OffsetDateTime {
    OffsetDateTime::now_utc() + time::Duration::hours(1)
}

pub async fn claims_lease_the_oldest_due_job_of_the_requested_kinds(store: Arc<dyn Store>) {
    let first = store
        .enqueue_job(NewJob::new("index", json!({ "n": 1 })))
        .await
        .unwrap();
    let other = store
        .enqueue_job(NewJob::new("mail", json!({ "n": 2 })))
        .await
        .unwrap();
    let future = NewJob::new("index", json!({ "n": 3 })).run_at(later());
    store.enqueue_job(future).await.unwrap();
    let second = store
        .enqueue_job(NewJob::new("index", json!({ "n": 4 })))
        .await
        .unwrap();

    let job = store
        .claim_job(&["index"], "w1", LEASE)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (job.id, job.status, job.attempts),
        (first, JobStatus::Running, 1)
    );
    assert_eq!(job.payload, json!({ "n": 1 }));
    assert_eq!(job.locked_by.as_deref(), Some("w1"));
    assert!(
        job.locked_until
            .is_some_and(|until| until > OffsetDateTime::now_utc())
    );
    let next = store
        .claim_job(&["index", "export"], "w2", LEASE)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(next.id, second);
    assert!(
        store
            .claim_job(&["index"], "w3", LEASE)
            .await
            .unwrap()
            .is_none(),
        "n=3 is not due"
    );
    let any = store.claim_job(&[], "w4", LEASE).await.unwrap().unwrap();
    assert_eq!(any.id, other);
    assert!(store.claim_job(&[], "w5", LEASE).await.unwrap().is_none());
}

pub async fn an_expired_lease_is_claimed_again_with_one_more_attempt(store: Arc<dyn Store>) {
    let id = store
        .enqueue_job(NewJob::new("work", json!({})).max_attempts(1))
        .await
        .unwrap();
    let crashed = store
        .claim_job(&["work"], "w1", Duration::ZERO)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(crashed.attempts, 1);
    let rescued = store
        .claim_job(&["work"], "w2", LEASE)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((rescued.id, rescued.attempts), (id, 2));
    assert_eq!(rescued.locked_by.as_deref(), Some("w2"));
    assert!(
        rescued.attempts_exhausted(),
        "the final attempt's holder crashed"
    );

    let stale = store.finish_job(crashed.lease()).await;
    assert!(matches!(stale, Err(StoreError::StaleLease)), "{stale:?}");
    let stale = store
        .retry_job(crashed.lease(), "late", OffsetDateTime::now_utc())
        .await;
    assert!(matches!(stale, Err(StoreError::StaleLease)), "{stale:?}");
    assert!(matches!(
        store.fail_job(crashed.lease(), "late").await,
        Err(StoreError::StaleLease)
    ));
    store.finish_job(rescued.lease()).await.unwrap();
    let done = store.get_job(id).await.unwrap();
    assert_eq!(done.status, JobStatus::Done);
    assert!(done.finished_at.is_some());
    assert!(matches!(
        store.finish_job(rescued.lease()).await,
        Err(StoreError::StaleLease)
    ));
}

pub async fn extending_a_lease_keeps_the_job_from_other_workers(store: Arc<dyn Store>) {
    store
        .enqueue_job(NewJob::new("work", json!({})))
        .await
        .unwrap();
    let job = store
        .claim_job(&["work"], "w1", Duration::ZERO)
        .await
        .unwrap()
        .unwrap();
    store.extend_job_lease(job.lease(), LEASE).await.unwrap();
    assert!(
        store
            .claim_job(&["work"], "w2", LEASE)
            .await
            .unwrap()
            .is_none()
    );
    let extended = store.get_job(job.id).await.unwrap();
    assert!(
        extended
            .locked_until
            .is_some_and(|until| until > OffsetDateTime::now_utc())
    );

    let mut stale = job.lease();
    stale.attempt += 1;
    let refused = store.extend_job_lease(stale, LEASE).await;
    assert!(
        matches!(refused, Err(StoreError::StaleLease)),
        "{refused:?}"
    );
}

pub async fn retries_run_out_into_dead_jobs_that_can_be_requeued(store: Arc<dyn Store>) {
    let id = store
        .enqueue_job(NewJob::new("flaky", json!({})).max_attempts(2))
        .await
        .unwrap();
    let now = OffsetDateTime::now_utc();
    let job = store
        .claim_job(&["flaky"], "w", LEASE)
        .await
        .unwrap()
        .unwrap();
    let status = store
        .retry_job(job.lease(), "timeout 1", later())
        .await
        .unwrap();
    assert_eq!(status, JobStatus::Queued);
    assert!(
        store
            .claim_job(&["flaky"], "w", LEASE)
            .await
            .unwrap()
            .is_none(),
        "backing off"
    );

    let job = store.get_job(id).await.unwrap();
    assert_eq!(
        (job.status, job.last_error.as_deref()),
        (JobStatus::Queued, Some("timeout 1"))
    );
    assert!(job.locked_until.is_none());
    let job = store.requeue_dead_job(id, 1).await;
    assert!(
        matches!(job, Err(StoreError::Conflict(_))),
        "only dead jobs requeue"
    );
    let id2 = store
        .enqueue_job(NewJob::new("flaky2", json!({})).max_attempts(1))
        .await
        .unwrap();
    let job2 = store
        .claim_job(&["flaky2"], "w", LEASE)
        .await
        .unwrap()
        .unwrap();
    let status = store.retry_job(job2.lease(), "boom", now).await.unwrap();
    assert_eq!(status, JobStatus::Dead);

    let dead = store.list_dead_jobs(10).await.unwrap();
    assert_eq!(dead.len(), 1);
    assert_eq!(
        (dead[0].id, dead[0].last_error.as_deref()),
        (id2, Some("boom"))
    );
    assert!(dead[0].finished_at.is_some());
    let requeued = store.requeue_dead_job(id2, 2).await.unwrap();
    assert_eq!(
        (requeued.status, requeued.attempts, requeued.max_attempts),
        (JobStatus::Queued, 1, 3)
    );
    let again = store
        .claim_job(&["flaky2"], "w", LEASE)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        again.attempts, 2,
        "attempts keep counting, so fencing tokens never repeat"
    );
    assert!(store.list_dead_jobs(10).await.unwrap().is_empty());
    assert!(matches!(
        store.requeue_dead_job(9_999, 1).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.get_job(9_999).await,
        Err(StoreError::NotFound)
    ));
}

pub async fn failed_and_finished_jobs_are_counted_by_status(store: Arc<dyn Store>) {
    for n in 0..4 {
        store
            .enqueue_job(NewJob::new("count", json!({ "n": n })))
            .await
            .unwrap();
    }
    store
        .enqueue_job(NewJob::new("fragile", json!({})).max_attempts(1))
        .await
        .unwrap();
    let done = store
        .claim_job(&["count"], "w", LEASE)
        .await
        .unwrap()
        .unwrap();
    store.finish_job(done.lease()).await.unwrap();
    let failed = store
        .claim_job(&["count"], "w", LEASE)
        .await
        .unwrap()
        .unwrap();
    store.fail_job(failed.lease(), "bad input").await.unwrap();
    let dead = store
        .claim_job(&["fragile"], "w", LEASE)
        .await
        .unwrap()
        .unwrap();
    let status = store
        .retry_job(dead.lease(), "x", OffsetDateTime::now_utc())
        .await
        .unwrap();
    assert_eq!(status, JobStatus::Dead);
    store
        .claim_job(&["count"], "w", LEASE)
        .await
        .unwrap()
        .unwrap();

    let failed = store.get_job(failed.id).await.unwrap();
    assert_eq!(failed.status, JobStatus::Failed);
    assert_eq!(failed.last_error.as_deref(), Some("bad input"));
    let counts = store.count_jobs().await.unwrap();
    assert_eq!(
        counts,
        JobCounts {
            queued: 1,
            running: 1,
            done: 1,
            failed: 1,
            dead: 1
        }
    );
}

pub async fn dedup_keys_admit_one_job(store: Arc<dyn Store>) {
    store
        .enqueue_job(NewJob::new("refund", json!({})).dedup_key("refund:42"))
        .await
        .unwrap();
    let second = store
        .enqueue_job(NewJob::new("refund", json!({})).dedup_key("refund:42"))
        .await;
    assert!(matches!(second, Err(StoreError::Conflict(_))), "{second:?}");
    store
        .enqueue_job(NewJob::new("refund", json!({})).dedup_key("refund:43"))
        .await
        .unwrap();
    let zero = store
        .enqueue_job(NewJob::new("never", json!({})).max_attempts(0))
        .await;
    assert!(matches!(zero, Err(StoreError::Conflict(_))), "{zero:?}");
    assert_eq!(store.count_jobs().await.unwrap().queued, 2);
}

pub async fn concurrent_claims_never_share_a_job(store: Arc<dyn Store>) {
    for n in 0..6 {
        store
            .enqueue_job(NewJob::new("race", json!({ "n": n })))
            .await
            .unwrap();
    }
    let tasks: Vec<_> = (0..16)
        .map(|worker| {
            let store = Arc::clone(&store);
            tokio::spawn(async move {
                store
                    .claim_job(&["race"], &format!("w{worker}"), LEASE)
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut claimed = HashSet::new();
    for task in tasks {
        if let Some(job) = task.await.unwrap() {
            assert!(claimed.insert(job.id), "job {} claimed twice", job.id);
        }
    }
    assert_eq!(claimed.len(), 6);
}
