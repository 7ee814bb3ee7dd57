use serde_json::json;
use sourcer_test_support::TestApp;

#[tokio::test]
async fn requests_without_a_valid_key_are_401_with_the_envelope() {
    let app = TestApp::new().await;
    let missing = app
        .request(
            reqwest::Method::GET,
            "/api/v1/wl/projects/sessions",
            None,
            None,
        )
        .await;
    assert_eq!(missing.status, 401);
    assert_eq!(missing.body["status"], "ERROR");
    assert_eq!(missing.body["code"], "invalid_api_key");
    assert!(missing.body["data"].is_null());
    let tampered = format!("{}x", app.key_a);
    for key in ["fjk_nope", "garbage", tampered.as_str()] {
        let reply = app.get("/api/v1/wl/projects/sessions", key).await;
        assert_eq!(reply.status, 401, "{key}");
        assert_eq!(reply.body["message"], missing.body["message"]);
    }
}

#[tokio::test]
async fn bearer_and_raw_authorization_headers_are_accepted() {
    let app = TestApp::new().await;
    for value in [format!("Bearer {}", app.key_a), app.key_a.clone()] {
        let reply = app
            .client()
            .get(format!("{}/api/v1/wl/projects/sessions", app.base))
            .header("authorization", value)
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), 200);
    }
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = TestApp::new().await;
    let ok = app.get("/api/v1/wl/projects/sessions", &app.key_a).await;
    let err = app.get("/api/v1/wl/nowhere", &app.key_a).await;
    assert_eq!(err.status, 404);
    for reply in [ok, err] {
        let id = reply.headers.get("x-request-id").expect("x-request-id");
        assert!(!id.is_empty());
    }
    let echoed = app
        .client()
        .get(format!("{}/health", app.base))
        .header("x-request-id", "trace-me-123")
        .send()
        .await
        .unwrap();
    assert_eq!(echoed.headers()["x-request-id"], "trace-me-123");
}

#[tokio::test]
async fn malformed_json_is_a_400_not_a_500() {
    let app = TestApp::new().await;
    let reply = app
        .client()
        .post(format!("{}/api/v1/wl/sourcing-session", app.base))
        .header("x-fj-api-key", &app.key_a)
        .header("content-type", "application/json")
        .body("{\"queries\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 400);
    let body: serde_json::Value = reply.json().await.unwrap();
    assert_eq!(body["code"], "invalid_json");
    let wrong_type = app
        .post(
            "/api/v1/wl/sourcing-session",
            &app.key_a,
            json!({"sessionTitle": 5, "queries": {}}),
        )
        .await;
    assert_eq!(wrong_type.status, 400);
    assert!(
        wrong_type.body["message"]
            .as_str()
            .unwrap()
            .contains("sessionTitle")
    );
}

#[tokio::test]
async fn oversized_bodies_are_413() {
    let app = TestApp::new().await;
    let big = "x".repeat(2 << 20);
    let reply = app
        .post(
            "/api/v1/wl/sourcing-session",
            &app.key_a,
            json!({"sessionTitle": big}),
        )
        .await;
    assert_eq!(reply.status, 413);
    assert_eq!(reply.body["code"], "payload_too_large");
}
