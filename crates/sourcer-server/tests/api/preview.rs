//! Preview runs: start, poll, billing (hold, capture, release), concurrency, webhooks.

use futures::future::join_all;
use serde_json::{Value, json};
use sourcer_core::ObjectId;
use sourcer_core::linkedin::profile_id_from_url;
use sourcer_engine::preview::PREVIEW_RUN;
use sourcer_store::{LedgerEntry, LedgerKind, NewJob, NewPreview};
use sourcer_test_support::TestApp;

use crate::webhook::{Receiver, create_webhook, deliver_all, dev_app, verify};

const PREVIEW: &str = "/api/v1/sourcing/preview";
/// A search that matches fewer than 80 of the test profiles, even after relaxation (places
/// are never relaxed away).
const RARE_QUERY: &str = "Python";
const RARE_LOCATION: &str = "Vienna";

/// The nine fields of a preview candidate (seed 004).
const FIELDS: [&str; 9] = [
    "profileId",
    "fullName",
    "profileUrl",
    "title",
    "headline",
    "location",
    "country",
    "companyName",
    "companyUrl",
];

async fn workspace(app: &TestApp, key: &str) -> ObjectId {
    sourcer_engine::keys::authenticate(&*app.engine.store, key)
        .await
        .unwrap()
        .unwrap()
        .workspace_id
}

async fn ledger(app: &TestApp, key: &str) -> Vec<LedgerEntry> {
    let mut rows = app
        .engine
        .store
        .list_ledger(workspace(app, key).await, None, 500)
        .await
        .unwrap();
    rows.reverse();
    rows
}

/// (kind, amount) of the ledger rows about one preview, oldest first.
async fn preview_ledger(app: &TestApp, request_id: &str) -> Vec<(LedgerKind, i64)> {
    ledger(app, &app.key_a)
        .await
        .into_iter()
        .filter(|row| {
            row.reference
                .as_ref()
                .is_some_and(|(kind, id)| kind == "preview" && id == request_id)
        })
        .map(|row| (row.kind, row.amount))
        .collect()
}

async fn start(app: &TestApp, key: &str, body: Value) -> String {
    let reply = app.post(PREVIEW, key, body).await;
    assert_eq!(reply.status, 202, "{:?}", reply.body);
    reply.body["requestId"].as_str().unwrap().to_string()
}

async fn results(app: &TestApp, key: &str, id: &str) -> (u16, Value) {
    let reply = app.get(&format!("{PREVIEW}/{id}/results"), key).await;
    (reply.status, reply.body)
}

#[tokio::test]
async fn a_preview_is_accepted_then_polled_to_completion() {
    let app = TestApp::new().await;
    let body = json!({"title": "Backend Engineer", "jobDescription": "Python and SQL, Docker a plus", "limit": 25});
    let reply = app.post(PREVIEW, &app.key_a, body).await;
    assert_eq!(reply.status, 202, "{:?}", reply.body);
    assert_eq!(reply.body["success"], true);
    assert_eq!(reply.body["status"], "processing");
    assert!(reply.body["message"].is_string());
    assert!(reply.body["createdAt"].as_str().unwrap().ends_with('Z'));
    assert!(reply.body.get("webhookId").is_none());
    let id = reply.body["requestId"].as_str().unwrap();
    assert!(
        id.starts_with("req_prev_") && uuid::Uuid::parse_str(&id[9..]).is_ok(),
        "{id}"
    );
    let (status, pending) = results(&app, &app.key_a, id).await;
    assert_eq!(status, 202);
    assert_eq!(pending["status"], "processing");
    assert!(pending.get("candidates").is_none());
    assert_eq!(app.run_jobs().await, 1);
    let (status, done) = results(&app, &app.key_a, id).await;
    assert_eq!(status, 200, "{done:?}");
    assert_eq!(done["status"], "completed");
    assert!(done["completedAt"].is_string());
    let candidates = done["candidates"].as_array().unwrap();
    assert_eq!(candidates.len(), 25);
    assert_eq!(done["candidatesSourcedCount"], 25);
    assert!(done["foundCount"].as_u64().unwrap() >= 25);
    assert_eq!(done["creditsConsumed"], 2);
}

#[tokio::test]
async fn candidates_carry_exactly_the_nine_fields_and_an_md5_profile_id() {
    let app = TestApp::new().await;
    let id = start(
        &app,
        &app.key_a,
        json!({"query": "Java developer", "limit": 40}),
    )
    .await;
    app.run_jobs().await;
    let (_, done) = results(&app, &app.key_a, &id).await;
    let candidates = done["candidates"].as_array().unwrap();
    assert_eq!(candidates.len(), 40);
    let mut ids = std::collections::HashSet::new();
    for candidate in candidates {
        let keys: Vec<&str> = candidate
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut expected = FIELDS.to_vec();
        expected.sort_unstable();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, expected);
        let url = candidate["profileUrl"].as_str().unwrap();
        assert_eq!(candidate["profileId"], profile_id_from_url(url));
        assert_eq!(candidate["profileId"].as_str().unwrap().len(), 32);
        assert!(
            ids.insert(candidate["profileId"].as_str().unwrap().to_string()),
            "no duplicates across pages"
        );
    }
    let text = done.to_string();
    assert!(!text.contains("emails") && !text.contains("phones") && !text.contains('@'));
}

#[tokio::test]
async fn an_unknown_or_foreign_request_id_is_request_not_found() {
    let app = TestApp::new().await;
    let id = start(&app, &app.key_a, json!({"query": "Python"})).await;
    let unknown = format!("req_prev_{}", uuid::Uuid::new_v4());
    for (key, target) in [
        (&app.key_b, id.as_str()),
        (&app.key_a, unknown.as_str()),
        (&app.key_a, "nonsense"),
    ] {
        let (status, body) = results(&app, key, target).await;
        assert_eq!(status, 404, "{target}");
        assert_eq!(body["success"], false);
        assert_eq!(body["error"]["code"], "REQUEST_NOT_FOUND");
    }
}

#[tokio::test]
async fn invalid_input_is_refused_before_any_hold() {
    let app = TestApp::new().await;
    let before = ledger(&app, &app.key_a).await.len();
    for (body, status, code) in [
        (
            json!({"query": "Python", "limit": 0}),
            400,
            "INVALID_REQUEST",
        ),
        (
            json!({"query": "Python", "limit": 101}),
            400,
            "INVALID_REQUEST",
        ),
        (
            json!({"query": "Python", "limit": "many"}),
            400,
            "INVALID_REQUEST",
        ),
        (
            json!({"title": "x".repeat(201), "query": "Python"}),
            400,
            "INVALID_REQUEST",
        ),
        (json!({"query": "p".repeat(501)}), 400, "INVALID_REQUEST"),
        (json!({"location": "Berlin"}), 400, "INVALID_REQUEST"),
        (
            json!({"query": "Python", "location": "Qwxzzyville"}),
            400,
            "INVALID_REQUEST",
        ),
        (
            json!({"query": "Python", "webhookId": "not-a-uuid"}),
            400,
            "INVALID_REQUEST",
        ),
        (
            json!({"title": "Wizard of happiness"}),
            422,
            "SKILLS_REQUIRED",
        ),
    ] {
        let reply = app.post(PREVIEW, &app.key_a, body.clone()).await;
        assert_eq!(reply.status, status, "{body}: {:?}", reply.body);
        assert_eq!(reply.body["error"]["code"], code, "{body}");
        assert!(reply.body["timestamp"].is_string());
    }
    assert_eq!(ledger(&app, &app.key_a).await.len(), before);
    assert_eq!(app.run_jobs().await, 0);
}

#[tokio::test]
async fn a_full_preview_captures_every_page_it_held() {
    let app = TestApp::new().await;
    let id = start(
        &app,
        &app.key_a,
        json!({"query": "Python developer", "limit": 100}),
    )
    .await;
    app.run_jobs().await;
    let (_, done) = results(&app, &app.key_a, &id).await;
    assert_eq!(done["candidatesSourcedCount"], 100);
    assert_eq!(
        preview_ledger(&app, &id).await,
        vec![(LedgerKind::Hold, 5), (LedgerKind::Capture, 5)]
    );
}

#[tokio::test]
async fn a_short_preview_captures_pages_served_and_releases_the_rest() {
    let app = TestApp::new().await;
    let balance = |app: &TestApp| {
        let store = app.engine.store.clone();
        let key = app.key_a.clone();
        async move {
            let ws = sourcer_engine::keys::authenticate(&*store, &key)
                .await
                .unwrap()
                .unwrap()
                .workspace_id;
            store.credit_balance(ws).await.unwrap()
        }
    };
    let before = balance(&app).await;
    let id = start(
        &app,
        &app.key_a,
        json!({"query": RARE_QUERY, "location": RARE_LOCATION, "limit": 100}),
    )
    .await;
    let held = balance(&app).await;
    assert_eq!(
        (held.available, held.held),
        (before.available - 5, before.held + 5)
    );
    app.run_jobs().await;
    let (_, done) = results(&app, &app.key_a, &id).await;
    let count = done["candidatesSourcedCount"].as_i64().unwrap();
    assert!(
        (1..80).contains(&count),
        "the query must leave pages unserved: {count}"
    );
    let served = (count + 19) / 20;
    assert_eq!(done["creditsConsumed"], served);
    assert_eq!(
        preview_ledger(&app, &id).await,
        vec![
            (LedgerKind::Hold, 5),
            (LedgerKind::Capture, served),
            (LedgerKind::Release, 5 - served)
        ]
    );
    let after = balance(&app).await;
    assert_eq!(
        (after.available, after.held),
        (before.available - served, before.held)
    );
}

#[tokio::test]
async fn a_preview_that_finds_nobody_completes_empty_and_costs_nothing() {
    let app = TestApp::new().await;
    let id = start(
        &app,
        &app.key_a,
        json!({"query": "Python", "location": "Reykjavik", "limit": 40}),
    )
    .await;
    app.run_jobs().await;
    let (status, done) = results(&app, &app.key_a, &id).await;
    assert_eq!(status, 200);
    assert_eq!(done["status"], "completed");
    assert_eq!(done["candidates"], json!([]));
    assert_eq!(done["creditsConsumed"], 0);
    assert_eq!(
        preview_ledger(&app, &id).await,
        vec![(LedgerKind::Hold, 2), (LedgerKind::Release, 2)]
    );
}

#[tokio::test]
async fn a_short_balance_is_402_and_writes_nothing() {
    let app = TestApp::new().await;
    let ws = workspace(&app, &app.key_b).await;
    app.engine
        .store
        .grant_credits(ws, 2, "test", None)
        .await
        .unwrap();
    let reply = app
        .post(PREVIEW, &app.key_b, json!({"query": "Python", "limit": 60}))
        .await;
    assert_eq!(reply.status, 402, "{:?}", reply.body);
    assert_eq!(reply.body["error"]["code"], "INSUFFICIENT_CREDITS");
    assert_eq!(
        reply.body["error"]["details"],
        json!({"available": 2, "required": 3})
    );
    assert_eq!(ledger(&app, &app.key_b).await.len(), 1, "only the grant");
    assert_eq!(app.run_jobs().await, 0);
}

#[tokio::test]
async fn twenty_concurrent_previews_on_ten_credits_start_exactly_ten() {
    let app = TestApp::new().await;
    let ws = workspace(&app, &app.key_b).await;
    app.engine
        .store
        .grant_credits(ws, 10, "test", None)
        .await
        .unwrap();
    let replies = join_all(
        (0..20).map(|_| app.post(PREVIEW, &app.key_b, json!({"query": "Python developer"}))),
    )
    .await;
    let statuses: Vec<u16> = replies.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 202).count(),
        10,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 402).count(),
        10,
        "{statuses:?}"
    );
    let held = app.engine.store.credit_balance(ws).await.unwrap();
    assert_eq!((held.available, held.held), (0, 10));
    assert_eq!(app.run_jobs().await, 10);
    let settled = app.engine.store.credit_balance(ws).await.unwrap();
    assert_eq!((settled.available, settled.held), (0, 0));
    let rows = ledger(&app, &app.key_b).await;
    assert!(
        rows.iter()
            .all(|r| r.available_after >= 0 && r.held_after >= 0)
    );
    let count = |kind| rows.iter().filter(|r| r.kind == kind).count();
    assert_eq!(
        (
            count(LedgerKind::Hold),
            count(LedgerKind::Capture),
            count(LedgerKind::Release)
        ),
        (10, 10, 0)
    );
}

#[tokio::test]
async fn a_previews_webhook_must_be_ours_and_subscribed_to_sourcing_events() {
    let app = dev_app().await;
    let receiver = Receiver::start(&[]).await;
    let (ping_only, _) = create_webhook(
        &app,
        &app.key_a,
        json!({"url": receiver.url, "events": ["PING"]}),
    )
    .await;
    let (sourcing, _) = create_webhook(
        &app,
        &app.key_a,
        json!({"url": receiver.url, "events": ["sourcing.failed"]}),
    )
    .await;
    let ws_b = workspace(&app, &app.key_b).await;
    app.engine
        .store
        .grant_credits(ws_b, 10, "test", None)
        .await
        .unwrap();
    let before = ledger(&app, &app.key_a).await.len();
    let unsubscribed = app
        .post(
            PREVIEW,
            &app.key_a,
            json!({"query": "Python", "webhookId": ping_only}),
        )
        .await;
    assert_eq!(unsubscribed.status, 422, "{:?}", unsubscribed.body);
    assert_eq!(unsubscribed.body["error"]["code"], "WEBHOOK_NOT_SUBSCRIBED");
    let foreign = app
        .post(
            PREVIEW,
            &app.key_b,
            json!({"query": "Python", "webhookId": sourcing}),
        )
        .await;
    assert_eq!(foreign.status, 404, "{:?}", foreign.body);
    assert_eq!(foreign.body["error"]["code"], "RESOURCE_NOT_FOUND");
    let unknown = app
        .post(
            PREVIEW,
            &app.key_a,
            json!({"query": "Python", "webhookId": uuid::Uuid::new_v4()}),
        )
        .await;
    assert_eq!(unknown.status, 404);
    assert_eq!(ledger(&app, &app.key_a).await.len(), before);
    assert_eq!(ledger(&app, &app.key_b).await.len(), 1);
    let ok = app
        .post(
            PREVIEW,
            &app.key_a,
            json!({"query": "Python", "webhookId": sourcing}),
        )
        .await;
    assert_eq!(ok.status, 202, "{:?}", ok.body);
    assert_eq!(ok.body["webhookId"], sourcing);
}

#[tokio::test]
async fn a_failed_run_releases_its_hold_and_sends_sourcing_failed() {
    let app = dev_app().await;
    let receiver = Receiver::start(&[]).await;
    let (webhook, secret) = create_webhook(
        &app,
        &app.key_a,
        json!({"url": receiver.url, "events": ["SOURCING_FAILED"]}),
    )
    .await;
    let caller = sourcer_engine::keys::authenticate(&*app.engine.store, &app.key_a)
        .await
        .unwrap()
        .unwrap();
    // A run whose stored search no longer parses (as after an incompatible upgrade).
    let id = format!("req_prev_{}", uuid::Uuid::new_v4());
    let preview = NewPreview {
        id: id.clone(),
        workspace_id: caller.workspace_id,
        project_id: caller.project_id,
        request: json!({"query": "Python", "limit": 40, "queries": {"skills": "nope"}}),
        limit: 40,
        webhook_id: Some(webhook.parse().unwrap()),
    };
    let job = NewJob::new(
        PREVIEW_RUN,
        json!({"preview_id": id, "workspace_id": caller.workspace_id}),
    );
    app.engine
        .store
        .create_preview(preview, 2, job)
        .await
        .unwrap();
    assert_eq!(app.run_jobs().await, 1);
    let (status, failed) = results(&app, &app.key_a, &id).await;
    assert_eq!(status, 200);
    assert_eq!(failed["status"], "failed");
    assert_eq!(failed["errorCode"], "AGENT_ERROR");
    assert!(failed["errorMessage"].is_string());
    assert_eq!(failed["creditsConsumed"], 0);
    assert_eq!(
        preview_ledger(&app, &id).await,
        vec![(LedgerKind::Hold, 2), (LedgerKind::Release, 2)]
    );
    assert_eq!(deliver_all(&app.engine).await, 1);
    let got = receiver.requests();
    verify(&secret, &got[0]).unwrap();
    let payload = got[0].json();
    assert_eq!(payload["event"], "SOURCING_FAILED");
    assert_eq!(payload["data"]["requestId"], id);
    assert_eq!(payload["data"]["errorCode"], "AGENT_ERROR");
}
