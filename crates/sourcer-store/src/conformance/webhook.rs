//! Conformance: webhook configs, the outbox and delivery attempts.

use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use time::OffsetDateTime;

use crate::conformance::{funded_tenant, new_session, run, tenant};
use crate::{
    AttemptReport, DeliveryOutcome, DeliveryStatus, NewJob, NewPreview, NewWebhookConfig,
    OutboxEvent, RunCompletion, Store, StoreError, WebhookConfig, WebhookHeader, WebhookPatch,
    Workspace,
};

const LEASE: Duration = Duration::from_secs(60);

fn config(workspace: &Workspace, events: &[&str]) -> NewWebhookConfig {
    NewWebhookConfig {
        workspace_id: workspace.id,
        url: "https://example.test/hook".to_owned(),
        name: "hook".to_owned(),
        description: String::new(),
        events: events.iter().map(|e| (*e).to_owned()).collect(),
        headers: vec![WebhookHeader {
            name: "Authorization".to_owned(),
            value: "t".to_owned(),
        }],
        signing_secret: "ab".repeat(32),
        is_active: true,
        max_retries: 3,
        timeout_ms: 30_000,
    }
}

fn event(name: &str, webhook_id: Option<uuid::Uuid>) -> OutboxEvent {
    OutboxEvent {
        event: name.to_owned(),
        payload: json!({ "event": name }),
        webhook_id,
    }
}

fn report(http_status: Option<i32>) -> AttemptReport {
    AttemptReport {
        started_at: OffsetDateTime::now_utc(),
        http_status,
        error: http_status
            .is_none()
            .then(|| "connection refused".to_owned()),
        duration_ms: 12,
    }
}

async fn pending(store: &Arc<dyn Store>, workspace: &Workspace, hook: &WebhookConfig) -> usize {
    let deliveries = store
        .list_deliveries(workspace.id, hook.id, 100)
        .await
        .unwrap();
    deliveries
        .iter()
        .filter(|d| d.status == DeliveryStatus::Pending)
        .count()
}

pub async fn configs_are_scoped_to_their_workspace(store: Arc<dyn Store>) {
    let (a, _) = tenant(&store, "a").await;
    let (b, _) = tenant(&store, "b").await;
    let hook = store
        .create_webhook(config(&a, &["SOURCING_COMPLETED"]))
        .await
        .unwrap();
    assert_eq!((hook.workspace_id, hook.consecutive_failures), (a.id, 0));
    assert_eq!(hook.signing_secret.len(), 64);
    assert_eq!(
        store.list_webhooks(a.id).await.unwrap(),
        std::slice::from_ref(&hook)
    );
    assert_eq!(store.get_webhook(a.id, hook.id).await.unwrap(), hook);

    let patch = WebhookPatch {
        events: Some(vec!["SOURCING_FAILED".to_owned()]),
        is_active: Some(false),
        ..WebhookPatch::default()
    };
    let updated = store
        .update_webhook(a.id, hook.id, patch.clone())
        .await
        .unwrap();
    assert_eq!(updated.events, ["SOURCING_FAILED"]);
    assert!(!updated.is_active);
    assert_eq!(
        (updated.url.as_str(), &updated.headers),
        (hook.url.as_str(), &hook.headers)
    );

    assert!(store.list_webhooks(b.id).await.unwrap().is_empty());
    let not_found = |result: Result<(), StoreError>| {
        assert!(matches!(result, Err(StoreError::NotFound)), "{result:?}");
    };
    not_found(store.get_webhook(b.id, hook.id).await.map(drop));
    not_found(store.update_webhook(b.id, hook.id, patch).await.map(drop));
    not_found(store.reset_webhook_circuit(b.id, hook.id).await.map(drop));
    not_found(store.delete_webhook(b.id, hook.id).await.map(drop));
    not_found(
        store
            .list_delivery_attempts(b.id, uuid::Uuid::new_v4())
            .await
            .map(drop),
    );
    assert!(
        store
            .list_deliveries(b.id, hook.id, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.get_webhook(a.id, hook.id).await.is_ok());
}

pub async fn events_reach_only_active_subscribed_configs(store: Arc<dyn Store>) {
    let (a, _) = tenant(&store, "a").await;
    let (b, _) = tenant(&store, "b").await;
    let done = store
        .create_webhook(config(&a, &["DONE", "PING"]))
        .await
        .unwrap();
    let failed = store.create_webhook(config(&a, &["FAILED"])).await.unwrap();
    let off = store.create_webhook(NewWebhookConfig {
        is_active: false,
        ..config(&a, &["DONE"])
    });
    let off = off.await.unwrap();
    let foreign = store.create_webhook(config(&b, &["DONE"])).await.unwrap();

    let ids = store
        .enqueue_events(a.id, vec![event("DONE", None)])
        .await
        .unwrap();
    assert_eq!(ids.len(), 1);
    let delivery = store.get_delivery(a.id, ids[0]).await.unwrap();
    assert_eq!(
        (delivery.config_id, delivery.event.as_str()),
        (done.id, "DONE")
    );
    assert_eq!(
        (delivery.status, delivery.attempts),
        (DeliveryStatus::Pending, 0)
    );
    assert_eq!(delivery.payload, json!({ "event": "DONE" }));
    assert!(matches!(
        store.get_delivery(b.id, ids[0]).await,
        Err(StoreError::NotFound)
    ));

    let targeted = vec![event("DONE", Some(failed.id)), event("PING", Some(done.id))];
    let ids = store.enqueue_events(a.id, targeted).await.unwrap();
    assert_eq!(ids.len(), 1, "a targeted config still has to subscribe");
    assert_eq!(
        store.get_delivery(a.id, ids[0]).await.unwrap().event,
        "PING"
    );
    let cross = store
        .enqueue_events(a.id, vec![event("DONE", Some(foreign.id))])
        .await
        .unwrap();
    assert!(cross.is_empty(), "never another workspace's config");
    assert_eq!(pending(&store, &a, &off).await, 0);
    assert_eq!(pending(&store, &b, &foreign).await, 0);
    assert_eq!(pending(&store, &a, &done).await, 2);
}

pub async fn run_settlements_write_their_events_in_the_same_transaction(store: Arc<dyn Store>) {
    let (a, project) = funded_tenant(&store, "a", 10).await;
    let hook = store
        .create_webhook(config(&a, &["SOURCING_COMPLETED", "SOURCING_FAILED"]))
        .await;
    let hook = hook.unwrap();
    let id = store
        .create_session(new_session(&a, &project), run(0))
        .await
        .unwrap()
        .session
        .id;
    let job = store.claim_job(&[], "w", LEASE).await.unwrap().unwrap();
    let completion = RunCompletion {
        candidates: vec![],
        batch_key: "b".to_owned(),
        next_cursor: None,
        total_available: 0,
        total_for_matching: 0,
        total_matched: 0,
        fallback_filters: None,
        is_fallback: false,
        has_used_final_fallback: false,
    };
    let events = vec![event("SOURCING_COMPLETED", None)];
    store
        .complete_session_run(job.lease(), id, completion.clone(), events.clone())
        .await
        .unwrap();
    assert_eq!(pending(&store, &a, &hook).await, 1);
    let stale = store
        .complete_session_run(job.lease(), id, completion, events)
        .await;
    assert!(matches!(stale, Err(StoreError::StaleLease)));
    assert_eq!(
        pending(&store, &a, &hook).await,
        1,
        "a refused settlement emits nothing"
    );

    let new = NewPreview {
        id: "req_prev_events".to_owned(),
        workspace_id: a.id,
        project_id: project.id,
        request: json!({}),
        limit: 20,
        webhook_id: Some(hook.id),
    };
    store
        .create_preview(new, 1, NewJob::new("preview_run", json!({})))
        .await
        .unwrap();
    let job = store.claim_job(&[], "w", LEASE).await.unwrap().unwrap();
    let failed = vec![event("SOURCING_FAILED", Some(hook.id))];
    store
        .fail_preview(job.lease(), "req_prev_events", "AGENT_ERROR", "x", failed)
        .await
        .unwrap();
    let deliveries = store.list_deliveries(a.id, hook.id, 10).await.unwrap();
    let events: Vec<&str> = deliveries.iter().map(|d| d.event.as_str()).collect();
    assert_eq!(events.len(), 2);
    assert!(events.contains(&"SOURCING_FAILED") && events.contains(&"SOURCING_COMPLETED"));
}

pub async fn delivery_attempts_are_leased_fenced_and_recorded(store: Arc<dyn Store>) {
    let (a, _) = tenant(&store, "a").await;
    let hook = store.create_webhook(config(&a, &["PING"])).await.unwrap();
    let id = store
        .enqueue_events(a.id, vec![event("PING", None)])
        .await
        .unwrap()[0];

    let crashed = store.claim_deliveries(10, Duration::ZERO).await.unwrap();
    assert_eq!(crashed.len(), 1);
    assert_eq!(
        (crashed[0].delivery.id, crashed[0].delivery.attempts),
        (id, 1)
    );
    assert_eq!(crashed[0].config, hook);
    let claimed = store.claim_deliveries(10, LEASE).await.unwrap();
    assert_eq!(
        claimed[0].delivery.attempts, 2,
        "an expired delivery lease is claimed again"
    );
    assert!(
        store.claim_deliveries(10, LEASE).await.unwrap().is_empty(),
        "leased"
    );

    let stale = store
        .record_delivery_attempt(
            crashed[0].lease(),
            report(Some(200)),
            DeliveryOutcome::Delivered,
            5,
        )
        .await;
    assert!(matches!(stale, Err(StoreError::StaleLease)), "{stale:?}");
    let after = store
        .record_delivery_attempt(
            claimed[0].lease(),
            report(Some(204)),
            DeliveryOutcome::Delivered,
            5,
        )
        .await
        .unwrap();
    assert_eq!(after.consecutive_failures, 0);
    let delivery = store.get_delivery(a.id, id).await.unwrap();
    assert_eq!(delivery.status, DeliveryStatus::Delivered);
    let attempts = store.list_delivery_attempts(a.id, id).await.unwrap();
    assert_eq!(attempts.len(), 1);
    assert_eq!(
        (attempts[0].attempt, attempts[0].http_status),
        (2, Some(204))
    );
    assert_eq!(attempts[0].duration_ms, 12);
    let twice = store
        .record_delivery_attempt(
            claimed[0].lease(),
            report(Some(200)),
            DeliveryOutcome::Delivered,
            5,
        )
        .await;
    assert!(matches!(twice, Err(StoreError::StaleLease)), "{twice:?}");
}

pub async fn failures_open_the_circuit_and_reset_closes_it(store: Arc<dyn Store>) {
    let (a, _) = tenant(&store, "a").await;
    let hook = store.create_webhook(config(&a, &["PING"])).await.unwrap();
    let id = store
        .enqueue_events(a.id, vec![event("PING", None)])
        .await
        .unwrap()[0];
    let now = OffsetDateTime::now_utc();

    let claim = store.claim_deliveries(1, LEASE).await.unwrap().remove(0);
    let retry = DeliveryOutcome::RetryAt(now);
    let after = store
        .record_delivery_attempt(claim.lease(), report(None), retry, 2)
        .await
        .unwrap();
    assert_eq!((after.consecutive_failures, after.is_active), (1, true));
    assert_eq!(after.circuit_opened_at, None);

    let claim = store.claim_deliveries(1, LEASE).await.unwrap().remove(0);
    let after = store
        .record_delivery_attempt(claim.lease(), report(Some(500)), retry, 2)
        .await;
    let after = after.unwrap();
    assert_eq!((after.consecutive_failures, after.is_active), (2, false));
    assert!(after.circuit_opened_at.is_some());
    assert!(
        store.claim_deliveries(1, LEASE).await.unwrap().is_empty(),
        "circuit open"
    );
    assert_eq!(
        store.get_delivery(a.id, id).await.unwrap().status,
        DeliveryStatus::Pending
    );

    let reset = store.reset_webhook_circuit(a.id, hook.id).await.unwrap();
    assert_eq!((reset.consecutive_failures, reset.is_active), (0, true));
    assert_eq!(reset.circuit_opened_at, None);
    let claim = store.claim_deliveries(1, LEASE).await.unwrap().remove(0);
    assert_eq!(claim.delivery.attempts, 3);
    let gave_up = DeliveryOutcome::GiveUp;
    store
        .record_delivery_attempt(claim.lease(), report(Some(410)), gave_up, 0)
        .await
        .unwrap();
    assert_eq!(
        store.get_delivery(a.id, id).await.unwrap().status,
        DeliveryStatus::Failed
    );
    assert_eq!(
        store.list_delivery_attempts(a.id, id).await.unwrap().len(),
        3
    );
    assert!(
        store.get_webhook(a.id, hook.id).await.unwrap().is_active,
        "threshold 0 never opens"
    );
}

pub async fn deleting_a_config_cancels_its_pending_deliveries(store: Arc<dyn Store>) {
    let (a, _) = tenant(&store, "a").await;
    let hook = store.create_webhook(config(&a, &["PING"])).await.unwrap();
    let keep = store.create_webhook(config(&a, &["PING"])).await.unwrap();
    let ids = store
        .enqueue_events(a.id, vec![event("PING", Some(hook.id))])
        .await
        .unwrap();
    store
        .enqueue_events(a.id, vec![event("PING", Some(hook.id))])
        .await
        .unwrap();
    store
        .enqueue_events(a.id, vec![event("PING", Some(keep.id))])
        .await
        .unwrap();

    assert_eq!(store.delete_webhook(a.id, hook.id).await.unwrap(), 2);
    assert!(matches!(
        store.get_webhook(a.id, hook.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.delete_webhook(a.id, hook.id).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        store.get_delivery(a.id, ids[0]).await.unwrap().status,
        DeliveryStatus::Cancelled
    );
    assert_eq!(
        store.list_webhooks(a.id).await.unwrap(),
        std::slice::from_ref(&keep)
    );
    let claimed = store.claim_deliveries(10, LEASE).await.unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!(claimed[0].config.id, keep.id);
    let none = store
        .enqueue_events(a.id, vec![event("PING", Some(hook.id))])
        .await
        .unwrap();
    assert!(none.is_empty(), "a deleted config gets no new events");
}
