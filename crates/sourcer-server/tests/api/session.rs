use std::collections::HashSet;

use serde_json::{Value, json};
use sourcer_test_support::{CREDITS_A, TestApp};

use crate::{create_session, done_session, engineering_queries};

async fn balance(app: &TestApp, key: &str) -> i64 {
    let record = sourcer_engine::keys::authenticate(&*app.engine.store, key)
        .await
        .unwrap()
        .unwrap();
    app.engine
        .store
        .credit_balance(record.workspace_id)
        .await
        .unwrap()
        .available
}

async fn profile_ids(app: &TestApp, id: &str) -> Vec<String> {
    let reply = app
        .get(
            &format!("/api/v1/wl/sourcing-session/{id}/profiles?limit=200"),
            &app.key_a,
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    reply.body["data"]["docs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["profileId"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn create_answers_201_with_the_session_and_the_charge() {
    let app = TestApp::new().await;
    let reply = app
        .post("/api/v1/wl/sourcing-session", &app.key_a, json!({
            "sessionTitle": ".NET Developer",
            "jdDetail": {"userText": "Job Title: Backend Developer, Experience: 1-5 years", "sampleProfileURL": ""},
            "queries": engineering_queries()
        }))
        .await;
    assert_eq!(reply.status, 201, "{:?}", reply.body);
    assert_eq!(reply.body["statusCode"], 201);
    assert_eq!(reply.body["status"], "SUCCESS");
    assert_eq!(reply.body["message"], "Session created successfully");
    let data = &reply.body["data"];
    let session = &data["session"];
    assert_eq!(session["_id"].as_str().unwrap().len(), 24);
    assert_eq!(session["sessionTitle"], ".NET Developer");
    assert_eq!(session["profileMatchingStatus"], "processing");
    assert_eq!(session["queries"], engineering_queries());
    assert_eq!(data["sourcing"]["profileMatchingStatus"], "processing");
    assert_eq!(data["sourcing"]["total_display_count"], 100);
    let credit = &data["sourcing"]["creditInfo"];
    assert_eq!(credit["charged"], true);
    assert_eq!(credit["amount"], 5);
    assert_eq!(credit["reason"], "Sourcing Session Created");
    assert_eq!(credit["remainingCredits"], CREDITS_A - 5);
}

#[tokio::test]
async fn a_session_is_done_with_a_scored_batch_once_its_job_ran() {
    let app = TestApp::new().await;
    let id = done_session(&app, engineering_queries()).await;
    let reply = app
        .get(&format!("/api/v1/wl/sourcing-session/{id}"), &app.key_a)
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["message"], "Session fetched successfully");
    let s = &reply.body["data"]["session"];
    assert_eq!(s["profileMatchingStatus"], "done");
    assert_eq!(s["sessionCreditCharged"], true);
    assert_eq!(s["totalProfilesMatched"], 25);
    assert_eq!(s["batches"][0]["batchKey"], "CREATED_BATCH");
    assert_eq!(s["batches"][0]["count"], 25);
    assert!(s["totalAvailableProfiles"].as_i64().unwrap() > 100);
    assert_eq!(s["projectName"], "First Project");
    let docs = app
        .get(
            &format!("/api/v1/wl/sourcing-session/{id}/profiles?limit=25"),
            &app.key_a,
        )
        .await;
    let docs = docs.body["data"]["docs"].as_array().unwrap().clone();
    assert_eq!(docs.len(), 25);
    let scores: Vec<f64> = docs
        .iter()
        .map(|d| d["fitScore"].as_f64().unwrap())
        .collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "ordered by fit: {scores:?}"
    );
    for doc in &docs {
        let stars = doc["finalScore"].as_f64().unwrap();
        assert!((1.0..=5.0).contains(&stars));
        assert!(doc["profileAnalysis"]["highlights"].as_array().is_some());
        assert!(
            !doc["profileAnalysis"]["recommendation"]
                .as_str()
                .unwrap()
                .is_empty()
        );
        assert!(doc["profile"]["name"].is_string());
        assert_eq!(doc["revealStatus"]["email"]["revealed"], false);
        assert_eq!(doc["revealStatus"]["email"]["values"], json!([]));
    }
}

#[tokio::test]
async fn fetch_more_never_returns_a_profile_twice() {
    let app = TestApp::new().await;
    let id = done_session(&app, engineering_queries()).await;
    for round in 1..=3 {
        let reply = app
            .post(
                &format!("/api/v1/wl/sourcing-session/{id}/fetch-more"),
                &app.key_a,
                json!({}),
            )
            .await;
        assert_eq!(reply.status, 200, "{:?}", reply.body);
        assert_eq!(reply.body["data"]["profileMatchingStatus"], "fetching_more");
        assert_eq!(reply.body["data"]["searchMoreCounter"], round);
        assert_eq!(
            reply.body["data"]["creditInfo"]["reason"],
            "Sourcing Session - Fetched More Profiles"
        );
        app.run_jobs().await;
    }
    let ids = profile_ids(&app, &id).await;
    assert_eq!(ids.len(), 100);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 100);
    assert_eq!(balance(&app, &app.key_a).await, CREDITS_A - 20);
}

#[tokio::test]
async fn fetch_more_on_an_exhausted_pool_is_400_and_costs_nothing() {
    let app = TestApp::new().await;
    let narrow = json!({
        "years_of_experience_raw": {"type": "RANGE", "value": [3, 4]},
        "current_employers.function_category": {"type": "IN", "value": ["Design"]},
        "country_region": {"type": "(.)", "value": ["India"]},
        "skills": {"type": "IN", "value": {"mandatory": [], "core": ["Figma"], "secondary": []}},
        "allowFallback": {"type": "NA", "value": [false]}
    });
    let id = done_session(&app, narrow).await;
    let held = profile_ids(&app, &id).await.len();
    assert!(
        held < 25,
        "the narrow query should hold everybody in one batch, held {held}"
    );
    let before = balance(&app, &app.key_a).await;
    let reply = app
        .post(
            &format!("/api/v1/wl/sourcing-session/{id}/fetch-more"),
            &app.key_a,
            json!({}),
        )
        .await;
    assert_eq!(reply.status, 400);
    assert!(
        reply.body["message"]
            .as_str()
            .unwrap()
            .contains("No profiles match")
    );
    assert_eq!(reply.body["code"], "no_profiles_match");
    assert_eq!(balance(&app, &app.key_a).await, before);
}

#[tokio::test]
async fn concurrent_fetch_more_on_one_session_runs_once_and_charges_once() {
    let app = TestApp::new().await;
    let id = done_session(&app, engineering_queries()).await;
    let path = format!("/api/v1/wl/sourcing-session/{id}/fetch-more");
    let replies =
        futures::future::join_all((0..8).map(|_| app.post(&path, &app.key_a, json!({})))).await;
    let statuses: Vec<u16> = replies.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 409),
        "{statuses:?}"
    );
    assert_eq!(balance(&app, &app.key_a).await, CREDITS_A - 10);
    app.run_jobs().await;
    assert_eq!(profile_ids(&app, &id).await.len(), 50);
}

#[tokio::test]
async fn fetch_more_while_processing_is_a_conflict() {
    let app = TestApp::new().await;
    let id = create_session(&app, engineering_queries()).await;
    let reply = app
        .post(
            &format!("/api/v1/wl/sourcing-session/{id}/fetch-more"),
            &app.key_a,
            json!({}),
        )
        .await;
    assert_eq!(reply.status, 409, "{:?}", reply.body);
    assert_eq!(balance(&app, &app.key_a).await, CREDITS_A - 5);
}

#[tokio::test]
async fn without_enough_credits_nothing_is_created() {
    let app = TestApp::new().await;
    let reply = app
        .post(
            "/api/v1/wl/sourcing-session",
            &app.key_b,
            json!({"queries": engineering_queries()}),
        )
        .await;
    assert_eq!(reply.status, 402);
    assert_eq!(reply.body["code"], "insufficient_credits");
    let list = app.get("/api/v1/wl/projects/sessions", &app.key_b).await;
    assert_eq!(list.body["data"], json!([]));
}

#[tokio::test]
async fn another_workspace_gets_the_same_404_as_a_missing_id() {
    let app = TestApp::new().await;
    let id = done_session(&app, engineering_queries()).await;
    let missing = "0123456789abcdef01234567";
    let paths = |id: &str| {
        vec![
            ("GET", format!("/api/v1/wl/sourcing-session/{id}")),
            ("GET", format!("/api/v1/wl/sourcing-session/{id}/profiles")),
            (
                "POST",
                format!("/api/v1/wl/sourcing-session/{id}/fetch-more"),
            ),
            (
                "PATCH",
                format!("/api/v1/wl/sourcing-session/update-session/{id}"),
            ),
            (
                "POST",
                format!(
                    "/api/v1/wl/sourcing-session/contact/reveal?sourcingSessionId={id}&linkedin_profile_url=https://linkedin.com/in/x&revealType=EMAIL"
                ),
            ),
        ]
    };
    for ((method, foreign), (_, unknown)) in paths(&id).into_iter().zip(paths(missing)) {
        let method: reqwest::Method = method.parse().unwrap();
        let body = (method != reqwest::Method::GET).then(|| json!({"sessionTitle": "x"}));
        let a = app
            .request(method.clone(), &foreign, Some(&app.key_b), body.clone())
            .await;
        let b = app
            .request(method.clone(), &unknown, Some(&app.key_b), body)
            .await;
        assert_eq!(a.status, 404, "{method} {foreign}: {:?}", a.body);
        assert_eq!(a.body, b.body, "{method} {foreign}");
    }
    let list = app.get("/api/v1/wl/projects/sessions", &app.key_b).await;
    assert_eq!(list.body["data"], json!([]));
    let mine = app
        .get(&format!("/api/v1/wl/sourcing-session/{id}"), &app.key_a)
        .await;
    assert_eq!(
        mine.body["data"]["session"]["sessionTitle"],
        "Backend Engineer"
    );
}

#[tokio::test]
async fn project_sessions_lists_the_project_with_profile_counts() {
    let app = TestApp::new().await;
    let id = done_session(&app, engineering_queries()).await;
    let reply = app.get("/api/v1/wl/projects/sessions", &app.key_a).await;
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.body["message"],
        "Project sessions fetched successfully"
    );
    let list = reply.body["data"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["_id"], id.as_str());
    assert_eq!(list[0]["totalProfiles"], 25);
    assert!(list[0]["jdDetail"]["userText"].is_string());
}

#[tokio::test]
async fn update_merges_fields_and_counts_filter_changes() {
    let app = TestApp::new().await;
    let id = done_session(&app, engineering_queries()).await;
    let path = format!("/api/v1/wl/sourcing-session/update-session/{id}");
    let renamed = app
        .patch(
            &path,
            &app.key_a,
            json!({"sessionTitle": "Platform Engineer"}),
        )
        .await;
    assert_eq!(renamed.status, 200, "{:?}", renamed.body);
    assert_eq!(renamed.body["message"], "Session updated successfully");
    let s = &renamed.body["data"]["session"];
    assert_eq!(s["sessionTitle"], "Platform Engineer");
    assert_eq!(s["queries"], engineering_queries());
    assert_eq!(s["filterChangesCounter"], 0);
    assert_eq!(s["profileMatchingStatus"], "processing");
    app.run_jobs().await;
    let mut queries = engineering_queries();
    queries["current_employers.seniority_level"] = json!({"type": "IN", "value": ["Senior"]});
    let refiltered = app
        .patch(&path, &app.key_a, json!({"queries": queries}))
        .await;
    assert_eq!(refiltered.status, 200, "{:?}", refiltered.body);
    assert_eq!(
        refiltered.body["data"]["session"]["filterChangesCounter"],
        1
    );
    assert_eq!(refiltered.body["data"]["session"]["queries"], queries);
    app.run_jobs().await;
    let ids = profile_ids(&app, &id).await;
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len());
    assert_eq!(balance(&app, &app.key_a).await, CREDITS_A - 15);
}

#[tokio::test]
async fn bad_queries_list_every_problem_and_empty_skills_is_422() {
    let app = TestApp::new().await;
    let reply = app
        .post(
            "/api/v1/wl/sourcing-session",
            &app.key_a,
            json!({"queries": {
                "current_employer.title": {"type": "IN", "value": ["x"]},
                "years_of_experience_raw": {"type": "RANGE", "value": [9, 1]},
                "skills": {"type": "IN", "value": {"mandatory": ["Rust"]}}
            }}),
        )
        .await;
    assert_eq!(reply.status, 400);
    assert_eq!(reply.body["code"], "invalid_query");
    let errors = reply.body["errors"].as_array().unwrap();
    let codes: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (e["key"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert!(
        codes.contains(&("current_employer.title", "unknown_key")),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("years_of_experience_raw", "invalid_range")),
        "{codes:?}"
    );
    let suggestion = errors.iter().find(|e| e["code"] == "unknown_key").unwrap();
    assert_eq!(suggestion["did_you_mean"], "current_employers.title");
    let empty = app
        .post("/api/v1/wl/sourcing-session", &app.key_a, json!({"queries": {"skills": {"type": "IN", "value": {"mandatory": [], "core": [], "secondary": []}}}}))
        .await;
    assert_eq!(empty.status, 422);
    assert_eq!(empty.body["code"], "skills_required");
    let missing = app
        .post(
            "/api/v1/wl/sourcing-session",
            &app.key_a,
            json!({"sessionTitle": "x"}),
        )
        .await;
    assert_eq!(missing.status, 400);
    assert!(
        missing.body["message"]
            .as_str()
            .unwrap()
            .contains("queries")
    );
    let place = app
        .post(
            "/api/v1/wl/sourcing-session",
            &app.key_a,
            json!({"queries": {
                "region": {"type": "IN", "value": ["Atlantis Under The Sea"]},
                "geo_distance": {"type": "=", "value": ["50_km"]},
                "skills": {"type": "IN", "value": {"mandatory": ["Python"]}}
            }}),
        )
        .await;
    assert_eq!(place.status, 400, "{:?}", place.body);
    assert_eq!(place.body["errors"][0]["code"], "unknown_place");
    assert_eq!(balance(&app, &app.key_a).await, CREDITS_A);
}

#[tokio::test]
async fn nuances_exclude_people_raising_those_red_flags() {
    let app = TestApp::new().await;
    let nuances = [
        "Frequent Job Switch",
        "Large Employment Gaps",
        "No Career Progression",
    ];
    let reply = app
        .post(
            "/api/v1/wl/sourcing-session",
            &app.key_a,
            json!({"queries": engineering_queries(), "nuances": nuances}),
        )
        .await;
    assert_eq!(reply.status, 201, "{:?}", reply.body);
    assert_eq!(reply.body["data"]["session"]["nuances"], json!(nuances));
    app.run_jobs().await;
    let id = reply.body["data"]["session"]["_id"].as_str().unwrap();
    let record = sourcer_engine::keys::authenticate(&*app.engine.store, &app.key_a)
        .await
        .unwrap()
        .unwrap();
    let pids = app
        .engine
        .store
        .session_pids(record.workspace_id, id.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(pids.len(), 25);
    let as_of = sourcer_core::MonthStamp::now();
    for row in app.engine.store.profiles_by_pids(&pids).await.unwrap() {
        let profile: sourcer_core::Profile = serde_json::from_str(&row.data).unwrap();
        let flags: Vec<&str> = sourcer_taxonomy::career::red_flags(&profile, as_of)
            .iter()
            .map(|h| h.flag.label())
            .collect();
        assert!(
            nuances.iter().all(|n| !flags.contains(n)),
            "{} raises {flags:?}",
            row.id
        );
    }
    let unknown = app
        .post(
            "/api/v1/wl/sourcing-session",
            &app.key_a,
            json!({"queries": engineering_queries(), "nuances": ["Too Tall"]}),
        )
        .await;
    assert_eq!(unknown.status, 400);
}

#[tokio::test]
async fn session_fields_of_the_seed_schema_are_present() {
    let app = TestApp::new().await;
    let id = done_session(&app, engineering_queries()).await;
    let reply = app
        .get(&format!("/api/v1/wl/sourcing-session/{id}"), &app.key_a)
        .await;
    let s: &Value = &reply.body["data"]["session"];
    for field in [
        "_id",
        "sessionTitle",
        "medium",
        "jdDetail",
        "queries",
        "nuances",
        "mustHaves",
        "createdBy",
        "workspaceId",
        "projectId",
        "next_cursor",
        "searchMoreCounter",
        "filterChangesCounter",
        "lastCandidatesFetchedAt",
        "profileMatchingStatus",
        "totalProfilesForMatching",
        "totalProfilesMatched",
        "profileMatchingProvider",
        "sessionCreditCharged",
        "forceRefreshAnalysis",
        "isFallback",
        "totalAvailableProfiles",
        "metadata",
        "batches",
        "createdAt",
        "updatedAt",
        "__v",
        "projectName",
    ] {
        assert!(s.get(field).is_some(), "missing {field}");
    }
    assert!(s["createdAt"].as_str().unwrap().ends_with('Z'));
}

#[tokio::test]
async fn a_flexible_session_relaxes_narrow_filters_and_says_so() {
    let app = TestApp::new().await;
    let narrow = json!({
        "years_of_experience_raw": {"type": "RANGE", "value": [3, 4]},
        "current_employers.function_category": {"type": "IN", "value": ["Design"]},
        "country_region": {"type": "(.)", "value": ["India"]},
        "funding_stage": {"type": "IN", "value": ["series_b"]},
        "skills": {"type": "IN", "value": {"mandatory": ["Figma"], "core": [], "secondary": []}}
    });
    let id = done_session(&app, narrow.clone()).await;
    let reply = app
        .get(&format!("/api/v1/wl/sourcing-session/{id}"), &app.key_a)
        .await;
    let s = &reply.body["data"]["session"];
    assert_eq!(s["isFallback"], true, "{s}");
    assert_eq!(
        s["hasUsedFinalFallback"], true,
        "fewer than a batch even after every step: {s}"
    );
    let effective = &s["fallbackFilters"];
    assert!(
        effective.get("current_employers.funding_stage").is_none(),
        "{effective}"
    );
    assert_eq!(
        s["queries"], narrow,
        "the session keeps the filters the client sent"
    );
}
