//! API tests: the real server over HTTP, one module per resource.

mod auth;
mod candidate;
mod contact;
mod filters;
mod preview;
mod session;
mod webhook;

use serde_json::{Value, json};
use sourcer_test_support::TestApp;

/// A query most generated engineering profiles can match.
pub fn engineering_queries() -> Value {
    json!({
        "current_employers.function_category": {"type": "IN", "value": ["Engineering"]},
        "skills": {"type": "IN", "value": {"mandatory": [], "core": ["Python", "Java", "JavaScript", "Go", "SQL"], "secondary": ["Docker"]}}
    })
}

/// Creates a session with `queries` as workspace A and returns its id.
pub async fn create_session(app: &TestApp, queries: Value) -> String {
    let reply = app
        .post(
            "/api/v1/wl/sourcing-session",
            &app.key_a,
            json!({
                "sessionTitle": "Backend Engineer",
                "jdDetail": {"userText": "Backend engineer with Python and SQL, 3-8 years"},
                "queries": queries
            }),
        )
        .await;
    assert_eq!(reply.status, 201, "{:?}", reply.body);
    reply.body["data"]["session"]["_id"]
        .as_str()
        .expect("session id")
        .to_string()
}

/// Creates a session and runs its job to completion.
pub async fn done_session(app: &TestApp, queries: Value) -> String {
    let id = create_session(app, queries).await;
    assert!(app.run_jobs().await >= 1);
    id
}
