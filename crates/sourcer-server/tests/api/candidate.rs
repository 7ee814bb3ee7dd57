use serde_json::json;
use sourcer_test_support::TestApp;

use crate::{done_session, engineering_queries};

#[tokio::test]
async fn profiles_page_in_the_mongoose_paginate_shape() {
    let app = TestApp::new().await;
    let id = done_session(&app, engineering_queries()).await;
    let reply = app
        .get(
            &format!("/api/v1/wl/sourcing-session/{id}/profiles?page=2&limit=10"),
            &app.key_a,
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    let data = &reply.body["data"];
    assert_eq!(data["docs"].as_array().unwrap().len(), 10);
    assert_eq!(data["totalDocs"], 25);
    assert_eq!(data["limit"], 10);
    assert_eq!(data["page"], 2);
    assert_eq!(data["totalPages"], 3);
    assert_eq!(data["pagingCounter"], 11);
    assert_eq!(data["hasPrevPage"], true);
    assert_eq!(data["hasNextPage"], true);
    assert_eq!(data["prevPage"], 1);
    assert_eq!(data["nextPage"], 3);
    let last = app
        .get(
            &format!("/api/v1/wl/sourcing-session/{id}/profiles?page=3&limit=10"),
            &app.key_a,
        )
        .await;
    assert_eq!(last.body["data"]["docs"].as_array().unwrap().len(), 5);
    assert_eq!(last.body["data"]["hasNextPage"], false);
    assert!(last.body["data"]["nextPage"].is_null());
    let defaults = app
        .get(
            &format!("/api/v1/wl/sourcing-session/{id}/profiles"),
            &app.key_a,
        )
        .await;
    assert_eq!(defaults.body["data"]["limit"], 20);
    assert_eq!(defaults.body["data"]["page"], 1);
}

#[tokio::test]
async fn bad_paging_parameters_are_400() {
    let app = TestApp::new().await;
    let id = done_session(&app, engineering_queries()).await;
    for query in ["limit=0", "limit=201", "page=0", "page=abc", "limit=-3"] {
        let reply = app
            .get(
                &format!("/api/v1/wl/sourcing-session/{id}/profiles?{query}"),
                &app.key_a,
            )
            .await;
        assert_eq!(reply.status, 400, "{query}");
        assert_eq!(reply.body["code"], "invalid_request");
    }
}

#[tokio::test]
async fn candidate_details_show_the_whole_profile_and_its_analysis() {
    let app = TestApp::new().await;
    let id = done_session(&app, engineering_queries()).await;
    let page = app
        .get(
            &format!("/api/v1/wl/sourcing-session/{id}/profiles?limit=1"),
            &app.key_a,
        )
        .await;
    let doc = &page.body["data"]["docs"][0];
    let candidate = doc["_id"].as_str().unwrap();
    let reply = app
        .get(
            &format!("/api/v1/wl/sourcing-session/candidate/{candidate}/details?sessionId={id}"),
            &app.key_a,
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!(
        reply.body["message"],
        "Candidate details fetched successfully"
    );
    let c = &reply.body["data"]["candidate"];
    assert_eq!(c["_id"], candidate);
    assert_eq!(c["name"], doc["profile"]["name"]);
    assert!(
        c["flagship_profile_url"]
            .as_str()
            .unwrap()
            .contains("linkedin.com/in/")
    );
    assert!(c["current_employers"].is_array());
    let analysis = &reply.body["data"]["profileAnalysis"];
    assert_eq!(analysis["starRating"], doc["finalScore"]);
    assert!(analysis["starLabel"].is_string());
    assert!(analysis["fitPoints"].is_array());
    let no_session = app
        .get(
            &format!("/api/v1/wl/sourcing-session/candidate/{candidate}/details"),
            &app.key_a,
        )
        .await;
    assert_eq!(no_session.status, 400);
    let foreign = app
        .get(
            &format!("/api/v1/wl/sourcing-session/candidate/{candidate}/details?sessionId={id}"),
            &app.key_b,
        )
        .await;
    assert_eq!(foreign.status, 404);
    let wrong = app
        .get(&format!("/api/v1/wl/sourcing-session/candidate/0123456789abcdef01234567/details?sessionId={id}"), &app.key_a)
        .await;
    assert_eq!(wrong.status, 404);
    assert_eq!(json!(foreign.body["message"]), json!(wrong.body["message"]));
}
