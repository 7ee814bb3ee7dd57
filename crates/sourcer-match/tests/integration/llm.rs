//! The LLM provider against `fake_llm_server`, a stand-in OpenAI-compatible endpoint
//! started on 127.0.0.1:0 inside the test: answers, cache hits, timeouts, malformed
//! answers, server errors and the concurrency bound.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};
use sourcer_core::Profile;
use sourcer_match::llm::{LlmConfig, LlmProvider};
use sourcer_match::{FitAnalysis, score};

use crate::support::{AS_OF, dotnet_job, profile, strong_dotnet};

#[derive(Clone, Copy)]
enum Behaviour {
    /// Answers with fitScore = 100 - the built-in score it was shown.
    Answer,
    Malformed,
    Slow,
    ServerError,
}

struct Fake {
    behaviour: Behaviour,
    calls: AtomicUsize,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    bodies: Mutex<Vec<String>>,
}

/// Starts the fake server; returns its base URL (ending in `/v1`) and its counters.
async fn fake_llm_server(behaviour: Behaviour) -> (String, Arc<Fake>) {
    let fake = Arc::new(Fake {
        behaviour,
        calls: AtomicUsize::new(0),
        in_flight: AtomicUsize::new(0),
        max_in_flight: AtomicUsize::new(0),
        bodies: Mutex::new(Vec::new()),
    });
    let app = Router::new()
        .route("/v1/chat/completions", post(complete))
        .with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/v1"), fake)
}

async fn complete(State(fake): State<Arc<Fake>>, body: String) -> Response {
    fake.calls.fetch_add(1, Ordering::SeqCst);
    let now = fake.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    fake.max_in_flight.fetch_max(now, Ordering::SeqCst);
    fake.bodies.lock().unwrap().push(body.clone());
    // Long enough for concurrent requests to overlap.
    tokio::time::sleep(Duration::from_millis(30)).await;
    let response = match fake.behaviour {
        Behaviour::Answer | Behaviour::Slow => {
            if matches!(fake.behaviour, Behaviour::Slow) {
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
            let request: Value = serde_json::from_str(&body).unwrap();
            let user: Value =
                serde_json::from_str(request["messages"][1]["content"].as_str().unwrap()).unwrap();
            let builtin = user["builtInAnalysis"]["fitScore"].as_u64().unwrap();
            let answer = json!({
                "fitScore": 100 - builtin,
                "recommendation": "Fake model verdict.",
                "fitPoints": ["Fake point"],
                "redFlags": []
            });
            completion(&format!("```json\n{answer}\n```"))
        }
        Behaviour::Malformed => completion("I think this candidate is great!"),
        Behaviour::ServerError => (StatusCode::INTERNAL_SERVER_ERROR, "boom").into_response(),
    };
    fake.in_flight.fetch_sub(1, Ordering::SeqCst);
    response
}

fn completion(content: &str) -> Response {
    axum::Json(json!({"choices": [{"message": {"role": "assistant", "content": content}}]}))
        .into_response()
}

fn config(base_url: &str, top_n: usize, concurrency: usize) -> LlmConfig {
    LlmConfig {
        api_key: Some("test-key".into()),
        timeout: Duration::from_millis(1500),
        max_concurrency: concurrency,
        top_n,
        ..LlmConfig::new(base_url, "fake-model")
    }
}

fn candidates(n: usize) -> Vec<Profile> {
    (0..n)
        .map(|i| {
            let mut p = strong_dotnet();
            p["id"] = json!(format!("c{i}"));
            p["years_of_experience_raw"] = json!(3.0 + i as f64);
            p["emails"] = json!([format!("candidate{i}@example.com")]);
            profile(p)
        })
        .collect()
}

fn batch(profiles: &[Profile]) -> Vec<(&Profile, FitAnalysis)> {
    let job = dotnet_job(&[]);
    profiles
        .iter()
        .map(|p| (p, score(&job, p, AS_OF)))
        .collect()
}

#[tokio::test]
async fn the_model_rescores_the_top_of_a_batch_and_says_so() {
    let (url, fake) = fake_llm_server(Behaviour::Answer).await;
    let provider = LlmProvider::new(config(&url, 2, 2)).unwrap();
    let profiles = candidates(4);
    let mut scored = batch(&profiles);
    let builtin: Vec<f32> = {
        let mut s: Vec<f32> = scored.iter().map(|(_, a)| a.exact_score).collect();
        s.sort_by(|a, b| b.total_cmp(a));
        s
    };
    provider.rescore(&dotnet_job(&[]), &mut scored).await;
    assert_eq!(fake.calls.load(Ordering::SeqCst), 2);
    let by_llm: Vec<&FitAnalysis> = scored
        .iter()
        .map(|(_, a)| a)
        .filter(|a| a.provider == "llm:fake-model")
        .collect();
    assert_eq!(by_llm.len(), 2);
    assert!(
        scored[..2]
            .iter()
            .all(|(_, a)| a.provider == "llm:fake-model"),
        "re-scored entries stay on top"
    );
    assert!(scored[2..].iter().all(|(_, a)| a.provider == "sourcer"));
    for a in by_llm {
        assert_eq!(a.recommendation, "Fake model verdict.");
        assert_eq!(a.fit_points, vec!["Fake point"]);
        assert!(
            builtin[..2]
                .iter()
                .any(|b| (100.0 - b.round() - a.exact_score).abs() < 1e-3)
        );
    }
    assert!(scored[0].1.exact_score >= scored[1].1.exact_score);
    for body in fake.bodies.lock().unwrap().iter() {
        assert!(
            body.contains("Tech Mahindra"),
            "the prompt describes the career"
        );
        for private in ["Asha Kulkarni", "@example.com", "2013", "linkedin.com"] {
            assert!(
                !body.contains(private),
                "the prompt must not contain {private}"
            );
        }
    }
}

#[tokio::test]
async fn a_second_batch_is_answered_from_the_cache_until_a_profile_changes() {
    let (url, fake) = fake_llm_server(Behaviour::Answer).await;
    let provider = LlmProvider::new(config(&url, 3, 3)).unwrap();
    let job = dotnet_job(&[]);
    let profiles = candidates(3);
    let mut first = batch(&profiles);
    provider.rescore(&job, &mut first).await;
    let mut second = batch(&profiles);
    provider.rescore(&job, &mut second).await;
    assert_eq!(
        fake.calls.load(Ordering::SeqCst),
        3,
        "the second batch made no calls"
    );
    assert_eq!(first, second);
    let mut edited = profiles.clone();
    edited[0].headline = Some("Principal .NET Developer".into());
    let mut third = batch(&edited);
    provider.rescore(&job, &mut third).await;
    assert_eq!(
        fake.calls.load(Ordering::SeqCst),
        4,
        "only the edited profile is asked again"
    );
}

async fn assert_falls_back(behaviour: Behaviour, timeout: Duration) {
    let (url, fake) = fake_llm_server(behaviour).await;
    let provider = LlmProvider::new(LlmConfig {
        timeout,
        ..config(&url, 2, 2)
    })
    .unwrap();
    let profiles = candidates(2);
    let mut scored = batch(&profiles);
    let mut builtin = scored.clone();
    builtin.sort_by(|a, b| a.1.rank_cmp(&b.1).then_with(|| a.0.id.cmp(&b.0.id)));
    provider.rescore(&dotnet_job(&[]), &mut scored).await;
    assert_eq!(scored, builtin, "the built-in analyses are kept");
    assert!(scored.iter().all(|(_, a)| a.provider == "sourcer"));
    assert_eq!(fake.calls.load(Ordering::SeqCst), 2);
    // Failures are not cached: the next batch asks again.
    let mut again = batch(&profiles);
    provider.rescore(&dotnet_job(&[]), &mut again).await;
    assert_eq!(fake.calls.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn a_slow_model_falls_back_to_the_builtin_analysis() {
    assert_falls_back(Behaviour::Slow, Duration::from_millis(300)).await;
}

#[tokio::test]
async fn a_malformed_answer_falls_back_to_the_builtin_analysis() {
    assert_falls_back(Behaviour::Malformed, Duration::from_millis(1500)).await;
}

#[tokio::test]
async fn a_server_error_falls_back_to_the_builtin_analysis() {
    assert_falls_back(Behaviour::ServerError, Duration::from_millis(1500)).await;
}

#[tokio::test]
async fn requests_never_exceed_the_concurrency_bound() {
    let (url, fake) = fake_llm_server(Behaviour::Answer).await;
    let provider = LlmProvider::new(config(&url, 6, 2)).unwrap();
    let profiles = candidates(6);
    let mut scored = batch(&profiles);
    provider.rescore(&dotnet_job(&[]), &mut scored).await;
    assert_eq!(fake.calls.load(Ordering::SeqCst), 6);
    let max = fake.max_in_flight.load(Ordering::SeqCst);
    assert!(
        (1..=2).contains(&max),
        "at most 2 requests at once, saw {max}"
    );
}

#[test]
fn a_bad_configuration_is_refused() {
    assert!(LlmProvider::new(LlmConfig::new("ftp://x", "m")).is_err());
    let zero = LlmConfig {
        max_concurrency: 0,
        ..LlmConfig::new("http://127.0.0.1:1", "m")
    };
    assert!(LlmProvider::new(zero).is_err());
}
