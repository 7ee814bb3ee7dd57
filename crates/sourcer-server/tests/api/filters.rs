use serde_json::json;
use sourcer_test_support::TestApp;

#[tokio::test]
async fn autocomplete_suggests_the_most_frequent_values_for_a_prefix() {
    let app = TestApp::new().await;
    let reply = app
        .get(
            "/api/v1/wl/sourcing-session/filters/autocomplete?filter_type=title&query=soft&limit=5",
            &app.key_a,
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    let list = reply.body["data"]["list"].as_array().unwrap();
    assert!(!list.is_empty() && list.len() <= 5);
    let counts: Vec<u64> = list.iter().map(|s| s["count"].as_u64().unwrap()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    for s in list {
        assert!(s["label"].as_str().unwrap().to_lowercase().contains("soft"));
        assert_eq!(s["label"], s["value"]);
    }
    let regions = app
        .get(
            "/api/v1/wl/sourcing-session/filters/autocomplete?filter_type=region&query=",
            &app.key_a,
        )
        .await;
    assert_eq!(regions.status, 200);
    assert!(!regions.body["data"]["list"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn autocomplete_needs_a_known_filter_type_and_a_query() {
    let app = TestApp::new().await;
    for query in [
        "query=abc",
        "filter_type=title",
        "filter_type=shoe_size&query=a",
        "filter_type=title&query=a&limit=0",
    ] {
        let reply = app
            .get(
                &format!("/api/v1/wl/sourcing-session/filters/autocomplete?{query}"),
                &app.key_a,
            )
            .await;
        assert_eq!(reply.status, 400, "{query}");
    }
}

#[tokio::test]
async fn jd_to_filters_returns_presence_and_value_per_key() {
    let app = TestApp::new().await;
    let text = "We are hiring a Senior Backend Engineer in Berlin. 5-8 years of experience. Must have Python and PostgreSQL; Kubernetes is a plus. Bachelor's degree required.";
    let reply = app
        .post(
            "/api/v1/wl/sourcing-session/get-annotation",
            &app.key_a,
            json!({"userText": text, "linkedin_profile_url": ""}),
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    let data = &reply.body["data"];
    assert_eq!(data["years_of_experience_raw"]["presence"], true);
    let years: Vec<f64> = data["years_of_experience_raw"]["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(years, vec![5.0, 8.0]);
    let mandatory = data["skills"]["value"]["mandatory"].as_array().unwrap();
    assert!(mandatory.iter().any(|s| s == "Python"), "{data}");
    for (_, entry) in data.as_object().unwrap() {
        assert!(entry["presence"].is_boolean());
    }
    let empty = app
        .post(
            "/api/v1/wl/sourcing-session/get-annotation",
            &app.key_a,
            json!({"userText": ""}),
        )
        .await;
    assert_eq!(empty.status, 400);
}
