//! Webhook configs and deliveries, against a local receiver; signatures are checked with the
//! `standardwebhooks` crate as an independent oracle.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use reqwest::Method;
use serde_json::{Value, json};
use sourcer_engine::webhook::deliver_due;
use sourcer_engine::{Config, Engine};
use sourcer_store::DeliveryStatus;
use sourcer_test_support::TestApp;

use crate::{create_session, engineering_queries};

/// One request the receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Received {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

#[derive(Default)]
struct Script {
    statuses: VecDeque<u16>,
    requests: Vec<Received>,
}

/// A local HTTP endpoint that records every request and answers the scripted statuses in
/// turn (200 once the script is used up; a 3xx redirects to `/elsewhere`).
pub struct Receiver {
    pub url: String,
    script: Arc<Mutex<Script>>,
    task: tokio::task::JoinHandle<()>,
}

async fn record(
    State(script): State<Arc<Mutex<Script>>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let status = {
        let mut script = script.lock().unwrap();
        script.requests.push(Received {
            path: uri.path().to_string(),
            headers,
            body,
        });
        script.statuses.pop_front().unwrap_or(200)
    };
    let status = StatusCode::from_u16(status).unwrap();
    if status.is_redirection() {
        (status, [(header::LOCATION, "/elsewhere")]).into_response()
    } else {
        status.into_response()
    }
}

impl Receiver {
    pub async fn start(statuses: &[u16]) -> Receiver {
        let script = Arc::new(Mutex::new(Script {
            statuses: statuses.iter().copied().collect(),
            requests: vec![],
        }));
        let router = axum::Router::new()
            .fallback(record)
            .with_state(script.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            axum::serve(listener, router).await.ok();
        });
        Receiver { url, script, task }
    }

    pub fn requests(&self) -> Vec<Received> {
        self.script.lock().unwrap().requests.clone()
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A server that may call local receivers, retries at once, and opens circuits after 3
/// consecutive failures.
pub async fn dev_app() -> TestApp {
    TestApp::with_config(|c| {
        c.webhooks.dev_allow_local = true;
        c.webhooks.retry_schedule_secs = vec![0];
        c.webhooks.circuit_failure_threshold = 3;
    })
    .await
}

/// Creates a config as `key`; returns its id and signing secret.
pub async fn create_webhook(app: &TestApp, key: &str, body: Value) -> (String, String) {
    let reply = app.post("/api/v1/webhooks", key, body).await;
    assert_eq!(reply.status, 201, "{:?}", reply.body);
    let data = &reply.body["data"];
    (
        data["id"].as_str().unwrap().to_string(),
        data["signingSecret"].as_str().unwrap().to_string(),
    )
}

/// Runs delivery rounds until one attempts nothing; returns the attempts made.
pub async fn deliver_all(engine: &Engine) -> usize {
    let mut total = 0;
    loop {
        match deliver_due(engine).await.unwrap() {
            0 => return total,
            n => total += n,
        }
    }
}

pub fn verify(secret: &str, request: &Received) -> Result<(), standardwebhooks::WebhookError> {
    standardwebhooks::Webhook::new(secret)
        .unwrap()
        .verify(&request.body, &request.headers)
}

async fn start_preview(app: &TestApp, webhook_id: &str) -> String {
    let body = json!({"query": "Python", "limit": 5, "webhookId": webhook_id});
    let reply = app.post("/api/v1/sourcing/preview", &app.key_a, body).await;
    assert_eq!(reply.status, 202, "{:?}", reply.body);
    reply.body["requestId"].as_str().unwrap().to_string()
}

async fn delivery_log(app: &TestApp, webhook: &str) -> Vec<Value> {
    let reply = app
        .get(
            &format!("/api/v1/webhooks/{webhook}/deliveries"),
            &app.key_a,
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    reply.body["data"]["data"].as_array().unwrap().clone()
}

#[tokio::test]
async fn creating_a_webhook_shows_its_secret_once_and_masks_header_values() {
    let app = dev_app().await;
    let body = json!({
        "url": "https://93.184.216.34/hook", "name": "ATS", "events": ["sourcing.completed", "PING"],
        "headers": [{"name": "Authorization", "value": "Bearer s3cret"}]
    });
    let reply = app.post("/api/v1/webhooks", &app.key_a, body).await;
    assert_eq!(reply.status, 201, "{:?}", reply.body);
    assert_eq!(reply.body["success"], true);
    let data = &reply.body["data"];
    assert!(
        data["signingSecret"]
            .as_str()
            .unwrap()
            .starts_with("whsec_")
    );
    assert_eq!(data["events"], json!(["SOURCING_COMPLETED", "PING"]));
    assert_eq!(
        data["headers"],
        json!([{"name": "Authorization", "isMasked": true}])
    );
    assert_eq!(data["isActive"], true);
    assert_eq!(
        data["maxRetries"], 1,
        "defaults to the length of the retry schedule"
    );
    let id = data["id"].as_str().unwrap();
    let got = app.get(&format!("/api/v1/webhooks/{id}"), &app.key_a).await;
    assert_eq!(got.status, 200);
    assert!(got.body["data"].get("signingSecret").is_none());
    assert!(!got.body.to_string().contains("s3cret"));
    let listed = app.get("/api/v1/webhooks", &app.key_a).await;
    assert_eq!(listed.body["data"]["total"], 1);
    assert_eq!(listed.body["data"]["data"][0]["id"], id);
    let other = app.get("/api/v1/webhooks", &app.key_b).await;
    assert_eq!(other.body["data"], json!({"data": [], "total": 0}));
}

#[tokio::test]
async fn urls_that_reach_private_or_metadata_addresses_are_refused_at_creation() {
    let app = TestApp::new().await;
    for url in [
        "http://93.184.216.34/hook",
        "https://127.0.0.1/hook",
        "https://10.0.0.1/hook",
        "https://172.16.5.4/hook",
        "https://192.168.0.10/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://100.64.0.1/hook",
        "https://[::1]/hook",
        "https://[fd00:ec2::254]/hook",
        "https://[::ffff:10.0.0.1]/hook",
        "https://2130706433/hook",
        "https://0x7f.0.0.1/hook",
        "https://metadata.google.internal/computeMetadata/v1/",
        "https://localhost/hook",
    ] {
        let reply = app
            .post(
                "/api/v1/webhooks",
                &app.key_a,
                json!({"url": url, "events": ["PING"]}),
            )
            .await;
        assert_eq!(reply.status, 422, "{url}: {:?}", reply.body);
        assert_eq!(reply.body["success"], false);
        assert_eq!(reply.body["error"]["code"], "UNSAFE_WEBHOOK_URL", "{url}");
    }
    let local = Receiver::start(&[]).await;
    let reply = app
        .post(
            "/api/v1/webhooks",
            &app.key_a,
            json!({"url": local.url, "events": ["PING"]}),
        )
        .await;
    assert_eq!(
        reply.status, 422,
        "plain http to localhost needs the development setting"
    );
    assert_eq!(
        app.get("/api/v1/webhooks", &app.key_a).await.body["data"]["total"],
        0
    );
}

#[tokio::test]
async fn bad_events_headers_and_budgets_are_400() {
    let app = dev_app().await;
    let url = "https://93.184.216.34/hook";
    for body in [
        json!({"url": url, "events": []}),
        json!({"url": url, "events": ["interview.started"]}),
        json!({"url": url}),
        json!({"events": ["PING"]}),
        json!({"url": "not a url", "events": ["PING"]}),
        json!({"url": url, "events": ["PING"], "headers": [{"name": "webhook-signature", "value": "v1,x"}]}),
        json!({"url": url, "events": ["PING"], "headers": [{"name": "X-A", "value": "a\nb"}]}),
        json!({"url": url, "events": ["PING"], "maxRetries": 11}),
        json!({"url": url, "events": ["PING"], "timeoutMs": 10}),
    ] {
        let reply = app.post("/api/v1/webhooks", &app.key_a, body.clone()).await;
        assert_eq!(reply.status, 400, "{body}: {:?}", reply.body);
        assert_eq!(reply.body["error"]["code"], "INVALID_REQUEST", "{body}");
    }
}

#[tokio::test]
async fn another_workspaces_webhook_answers_like_an_unknown_one() {
    let app = dev_app().await;
    let (id, _) = create_webhook(
        &app,
        &app.key_a,
        json!({"url": "https://93.184.216.34/h", "events": ["PING"]}),
    )
    .await;
    let unknown = uuid::Uuid::new_v4().to_string();
    for target in [id.as_str(), unknown.as_str(), "not-a-uuid"] {
        let path = format!("/api/v1/webhooks/{target}");
        let replies = [
            app.get(&path, &app.key_b).await,
            app.patch(&path, &app.key_b, json!({"name": "mine"})).await,
            app.request(Method::DELETE, &path, Some(&app.key_b), None)
                .await,
            app.post(&format!("{path}/test"), &app.key_b, json!({}))
                .await,
            app.post(&format!("{path}/reset-circuit"), &app.key_b, json!({}))
                .await,
            app.get(&format!("{path}/deliveries"), &app.key_b).await,
        ];
        for reply in replies {
            assert_eq!(reply.status, 404, "{target}: {:?}", reply.body);
            assert_eq!(reply.body["error"]["code"], "RESOURCE_NOT_FOUND");
        }
    }
    assert_eq!(
        app.get(&format!("/api/v1/webhooks/{id}"), &app.key_a)
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn a_completed_preview_is_delivered_signed_per_standard_webhooks() {
    let app = dev_app().await;
    let receiver = Receiver::start(&[]).await;
    let body = json!({
        "url": receiver.url, "events": ["SOURCING_COMPLETED"],
        "headers": [{"name": "X-Ats-Token", "value": "t0k"}]
    });
    let (webhook, secret) = create_webhook(&app, &app.key_a, body).await;
    let request_id = start_preview(&app, &webhook).await;
    assert_eq!(
        deliver_all(&app.engine).await,
        0,
        "nothing is sent before the run completes"
    );
    assert_eq!(app.run_jobs().await, 1);
    assert_eq!(deliver_all(&app.engine).await, 1);
    let got = receiver.requests();
    assert_eq!(got.len(), 1);
    verify(&secret, &got[0]).expect("the signature verifies");
    let mut tampered = got[0].clone();
    tampered.body = Bytes::from(
        String::from_utf8(got[0].body.to_vec())
            .unwrap()
            .replace("completed", "failed"),
    );
    assert!(
        verify(&secret, &tampered).is_err(),
        "the oracle rejects a changed body"
    );
    let payload = got[0].json();
    assert_eq!(payload["event"], "SOURCING_COMPLETED");
    assert_eq!(
        got[0].headers["webhook-id"].to_str().unwrap(),
        payload["deliveryId"].as_str().unwrap()
    );
    assert_eq!(got[0].headers["x-ats-token"], "t0k");
    assert_eq!(got[0].headers["content-type"], "application/json");
    let data = &payload["data"];
    assert_eq!(data["requestId"], request_id);
    assert_eq!(data["status"], "completed");
    let candidates = data["candidates"].as_array().unwrap();
    assert_eq!(candidates.len(), 5);
    for candidate in candidates {
        assert_eq!(candidate.as_object().unwrap().len(), 9, "{candidate}");
    }
    assert!(
        !payload.to_string().contains('@'),
        "no contact data in payloads"
    );
    let log = delivery_log(&app, &webhook).await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["status"], "delivered");
    assert_eq!(log[0]["event"], "SOURCING_COMPLETED");
}

#[tokio::test]
async fn failed_attempts_are_retried_with_the_same_id_until_a_2xx_and_each_is_listed() {
    let app = dev_app().await;
    let receiver = Receiver::start(&[500, 503]).await;
    let body = json!({"url": receiver.url, "events": ["SOURCING_COMPLETED"], "maxRetries": 5});
    let (webhook, secret) = create_webhook(&app, &app.key_a, body).await;
    start_preview(&app, &webhook).await;
    app.run_jobs().await;
    assert_eq!(deliver_all(&app.engine).await, 3);
    let got = receiver.requests();
    assert_eq!(got.len(), 3);
    let ids: Vec<&str> = got
        .iter()
        .map(|r| r.headers["webhook-id"].to_str().unwrap())
        .collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    assert!(
        got.iter().all(|r| r.body == got[0].body),
        "every attempt sends the same body"
    );
    for request in &got {
        verify(&secret, request).expect("each attempt is signed");
    }
    let log = delivery_log(&app, &webhook).await;
    assert_eq!(log[0]["status"], "delivered");
    assert_eq!(log[0]["attempts"], 3);
    let delivery = log[0]["id"].as_str().unwrap();
    let attempts = app
        .get(
            &format!("/api/v1/webhooks/{webhook}/deliveries/{delivery}/attempts"),
            &app.key_a,
        )
        .await;
    assert_eq!(attempts.status, 200, "{:?}", attempts.body);
    let attempts = attempts.body["data"]["data"].as_array().unwrap().clone();
    let statuses: Vec<i64> = attempts
        .iter()
        .map(|a| a["httpStatus"].as_i64().unwrap())
        .collect();
    assert_eq!(statuses, vec![500, 503, 200]);
    assert_eq!(attempts[0]["error"], "HTTP 500");
    assert!(attempts[2]["error"].is_null());
    let config = app
        .get(&format!("/api/v1/webhooks/{webhook}"), &app.key_a)
        .await;
    assert_eq!(
        config.body["data"]["consecutiveFailures"], 0,
        "a success resets the streak"
    );
}

#[tokio::test]
async fn a_delivery_is_given_up_once_its_retry_budget_is_spent() {
    let app = dev_app().await;
    let receiver = Receiver::start(&[500, 500, 500, 500]).await;
    let body = json!({"url": receiver.url, "events": ["SOURCING_COMPLETED"], "maxRetries": 1});
    let (webhook, _) = create_webhook(&app, &app.key_a, body).await;
    start_preview(&app, &webhook).await;
    app.run_jobs().await;
    assert_eq!(
        deliver_all(&app.engine).await,
        2,
        "the first attempt and one retry"
    );
    assert_eq!(receiver.requests().len(), 2);
    assert_eq!(delivery_log(&app, &webhook).await[0]["status"], "failed");
}

#[tokio::test]
async fn consecutive_failures_open_the_circuit_until_it_is_reset() {
    let app = dev_app().await;
    let receiver = Receiver::start(&[500, 500, 500]).await;
    let body =
        json!({"url": receiver.url, "events": ["SOURCING_COMPLETED", "PING"], "maxRetries": 10});
    let (webhook, _) = create_webhook(&app, &app.key_a, body).await;
    start_preview(&app, &webhook).await;
    app.run_jobs().await;
    assert_eq!(
        deliver_all(&app.engine).await,
        3,
        "the third failure opens the circuit"
    );
    let path = format!("/api/v1/webhooks/{webhook}");
    let config = app.get(&path, &app.key_a).await.body["data"].clone();
    assert_eq!(config["isActive"], false);
    assert_eq!(config["consecutiveFailures"], 3);
    assert!(config["circuitOpenedAt"].is_string());
    assert_eq!(
        delivery_log(&app, &webhook).await[0]["status"],
        "pending",
        "kept for later"
    );
    let ping = app
        .post(&format!("{path}/test"), &app.key_a, json!({}))
        .await;
    assert_eq!(ping.body["success"], true);
    assert_eq!(ping.body["data"]["success"], false);
    assert!(
        ping.body["data"]["message"]
            .as_str()
            .unwrap()
            .contains("circuit")
    );
    let reopen = app
        .patch(&path, &app.key_a, json!({"isActive": true}))
        .await;
    assert_eq!(reopen.status, 409, "{:?}", reopen.body);
    assert_eq!(
        receiver.requests().len(),
        3,
        "nothing is sent while the circuit is open"
    );
    let reset = app
        .post(&format!("{path}/reset-circuit"), &app.key_a, json!({}))
        .await;
    assert_eq!(reset.status, 200, "{:?}", reset.body);
    assert_eq!(reset.body["data"]["isActive"], true);
    assert_eq!(reset.body["data"]["consecutiveFailures"], 0);
    assert!(reset.body["data"]["circuitOpenedAt"].is_null());
    assert_eq!(deliver_all(&app.engine).await, 1);
    assert_eq!(delivery_log(&app, &webhook).await[0]["status"], "delivered");
}

#[tokio::test]
async fn redirects_are_failures_and_are_not_followed() {
    let app = dev_app().await;
    let receiver = Receiver::start(&[302]).await;
    let body = json!({"url": receiver.url, "events": ["SOURCING_COMPLETED"], "maxRetries": 0});
    let (webhook, _) = create_webhook(&app, &app.key_a, body).await;
    start_preview(&app, &webhook).await;
    app.run_jobs().await;
    assert_eq!(deliver_all(&app.engine).await, 1);
    let paths: Vec<String> = receiver.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(paths, vec!["/hook".to_string()]);
    assert_eq!(delivery_log(&app, &webhook).await[0]["status"], "failed");
}

#[tokio::test]
async fn a_ping_is_signed_and_reports_the_endpoint_answer() {
    let app = dev_app().await;
    let receiver = Receiver::start(&[]).await;
    let (subscribed, secret) = create_webhook(
        &app,
        &app.key_a,
        json!({"url": receiver.url, "events": ["ping"]}),
    )
    .await;
    let reply = app
        .post(
            &format!("/api/v1/webhooks/{subscribed}/test"),
            &app.key_a,
            json!({}),
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    let data = &reply.body["data"];
    assert_eq!(data["success"], true);
    assert_eq!(data["httpStatus"], 200);
    let got = receiver.requests();
    assert_eq!(got.len(), 1);
    verify(&secret, &got[0]).expect("the ping is signed");
    assert_eq!(got[0].json()["event"], "PING");
    assert_eq!(got[0].json()["deliveryId"], data["deliveryId"]);
    let (silent, _) = create_webhook(
        &app,
        &app.key_a,
        json!({"url": receiver.url, "events": ["SOURCING_FAILED"]}),
    )
    .await;
    let reply = app
        .post(
            &format!("/api/v1/webhooks/{silent}/test"),
            &app.key_a,
            json!({}),
        )
        .await;
    assert_eq!(reply.body["data"]["success"], false);
    assert!(
        reply.body["data"]["message"]
            .as_str()
            .unwrap()
            .contains("PING")
    );
    assert_eq!(
        receiver.requests().len(),
        1,
        "an unsubscribed config is not called"
    );
}

#[tokio::test]
async fn a_sender_that_dies_mid_delivery_loses_nothing() {
    let app = dev_app().await;
    let receiver = Receiver::start(&[]).await;
    let (webhook, secret) = create_webhook(
        &app,
        &app.key_a,
        json!({"url": receiver.url, "events": ["SOURCING_COMPLETED"]}),
    )
    .await;
    start_preview(&app, &webhook).await;
    app.run_jobs().await;
    // A sender claims the delivery and dies before answering: its lease simply runs out.
    let crashed = app
        .engine
        .store
        .claim_deliveries(10, Duration::ZERO)
        .await
        .unwrap();
    assert_eq!(crashed.len(), 1);
    assert_eq!(
        deliver_all(&app.engine).await,
        1,
        "a fresh sender takes it over"
    );
    let got = receiver.requests();
    assert_eq!(got.len(), 1);
    verify(&secret, &got[0]).unwrap();
    assert_eq!(
        got[0].headers["webhook-id"].to_str().unwrap(),
        crashed[0].delivery.id.to_string()
    );
    let log = delivery_log(&app, &webhook).await;
    assert_eq!(log[0]["status"], DeliveryStatus::Delivered.as_str());
    assert_eq!(
        log[0]["attempts"], 2,
        "the lost claim still counts as an attempt"
    );
}

#[tokio::test]
async fn deleting_a_webhook_cancels_its_pending_deliveries() {
    let app = dev_app().await;
    let receiver = Receiver::start(&[]).await;
    let (webhook, _) = create_webhook(
        &app,
        &app.key_a,
        json!({"url": receiver.url, "events": ["SOURCING_COMPLETED"]}),
    )
    .await;
    start_preview(&app, &webhook).await;
    app.run_jobs().await;
    let path = format!("/api/v1/webhooks/{webhook}");
    let deleted = app
        .request(Method::DELETE, &path, Some(&app.key_a), None)
        .await;
    assert_eq!(deleted.status, 204);
    assert_eq!(deliver_all(&app.engine).await, 0);
    assert!(receiver.requests().is_empty());
    assert_eq!(app.get(&path, &app.key_a).await.status, 404);
}

#[tokio::test]
async fn a_url_that_became_private_is_refused_at_delivery_time() {
    let app = dev_app().await;
    let receiver = Receiver::start(&[]).await;
    let (webhook, _) = create_webhook(
        &app,
        &app.key_a,
        json!({"url": receiver.url, "events": ["SOURCING_COMPLETED"], "maxRetries": 0}),
    )
    .await;
    start_preview(&app, &webhook).await;
    app.run_jobs().await;
    // The same data, sent by a node without the development setting.
    let mut config: Config = (*app.engine.config).clone();
    config.webhooks.dev_allow_local = false;
    let strict = Engine {
        config: Arc::new(config),
        ..app.engine.clone()
    };
    assert_eq!(deliver_all(&strict).await, 1);
    assert!(
        receiver.requests().is_empty(),
        "the loopback receiver was never called"
    );
    let log = delivery_log(&app, &webhook).await;
    assert_eq!(log[0]["status"], "failed");
    let delivery = log[0]["id"].as_str().unwrap();
    let attempts = app
        .get(
            &format!("/api/v1/webhooks/{webhook}/deliveries/{delivery}/attempts"),
            &app.key_a,
        )
        .await;
    let error = attempts.body["data"]["data"][0]["error"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(error.starts_with("refused"), "{error}");
}

#[tokio::test]
async fn sessions_notify_configs_subscribed_to_session_events() {
    let app = dev_app().await;
    let receiver = Receiver::start(&[]).await;
    let other = Receiver::start(&[]).await;
    let (_, secret) = create_webhook(
        &app,
        &app.key_a,
        json!({"url": receiver.url, "events": ["session.completed"]}),
    )
    .await;
    create_webhook(
        &app,
        &app.key_a,
        json!({"url": other.url, "events": ["SOURCING_COMPLETED"]}),
    )
    .await;
    let session = create_session(&app, engineering_queries()).await;
    app.run_jobs().await;
    assert_eq!(deliver_all(&app.engine).await, 1);
    let got = receiver.requests();
    assert_eq!(got.len(), 1);
    verify(&secret, &got[0]).unwrap();
    let payload = got[0].json();
    assert_eq!(payload["event"], "SESSION_COMPLETED");
    assert_eq!(payload["data"]["sessionId"], session);
    assert!(other.requests().is_empty());
}
