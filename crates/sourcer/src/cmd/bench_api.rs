//! `sourcer bench api`: time from creating a session to `done`, and request rates of Get
//! Session Details and Get Profiles under concurrent clients, against an in-process server on
//! the benchmark data (`<data-dir>/bench-<N>`).

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use sourcer_engine::Config;

use crate::cmd::bench::{bench_config, bench_data, machine};
use crate::cmd::serve::Node;

pub async fn run(
    config: &Config,
    count: u64,
    sessions: usize,
    clients: usize,
    seconds: u64,
) -> anyhow::Result<()> {
    let config = bench_config(config, count);
    let (store, index, _) = bench_data(&config, count).await?;
    let issued = sourcer_engine::keys::issue_key(&*store, "bench", "bench").await?;
    store
        .grant_credits(issued.workspace.id, 1_000_000_000, "benchmark", None)
        .await?;
    let node = Node::start(config, store, index, Some("127.0.0.1:0".into())).await?;
    let base = format!("http://{}/api/v1/wl", node.address);
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::new();
    println!("machine: {}; profiles: {count}", machine());

    let skills = [
        ["Python", "SQL"],
        ["Java", "Spring Boot"],
        ["JavaScript", "React"],
        ["Excel", "Financial Modeling"],
        ["Salesforce", "Negotiation"],
        ["Figma", "User Research"],
        ["SEO", "Google Analytics"],
        ["Recruiting", "Onboarding"],
    ];
    let mut latencies = Vec::with_capacity(sessions);
    let mut done_id = String::new();
    for i in 0..sessions {
        let [a, b] = skills[i % skills.len()];
        let body = json!({"sessionTitle": format!("bench {i}"), "queries": {
            "years_of_experience_raw": {"type": "RANGE", "value": [1 + (i % 5), 8 + (i % 7)]},
            "skills": {"type": "IN", "value": {"mandatory": [a], "core": [b], "secondary": []}}
        }});
        let started = Instant::now();
        let created: Value = client
            .post(format!("{base}/sourcing-session"))
            .header("x-fj-api-key", &issued.key)
            .json(&body)
            .send()
            .await?
            .json()
            .await?;
        let id = created["data"]["session"]["_id"]
            .as_str()
            .ok_or_else(|| anyhow::anyhow!("create failed: {created}"))?
            .to_string();
        loop {
            let details: Value = client
                .get(format!("{base}/sourcing-session/{id}"))
                .header("x-fj-api-key", &issued.key)
                .send()
                .await?
                .json()
                .await?;
            if details["data"]["session"]["profileMatchingStatus"] == "done" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        latencies.push(started.elapsed());
        done_id = id;
    }
    latencies.sort();
    let pct = |p: f64| {
        latencies[((p * latencies.len() as f64).ceil() as usize).clamp(1, latencies.len()) - 1]
    };
    println!(
        "create -> done over {sessions} sessions: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1e3)
    );
    for (name, path) in [
        (
            "session details",
            format!("{base}/sourcing-session/{done_id}"),
        ),
        (
            "profiles page (20)",
            format!("{base}/sourcing-session/{done_id}/profiles?limit=20"),
        ),
    ] {
        let (rps, p50, p99) = load(
            &client,
            &path,
            &issued.key,
            clients,
            Duration::from_secs(seconds),
        )
        .await;
        println!(
            "{name}: {rps:.0} requests/s with {clients} clients for {seconds}s; p50 {:.2} ms, p99 {:.2} ms",
            p50 * 1e3,
            p99 * 1e3
        );
    }
    node.shutdown.cancel();
    node.wait().await
}

/// Closed-loop load: `clients` tasks send requests back to back for `duration`.
async fn load(
    client: &reqwest::Client,
    url: &str,
    key: &str,
    clients: usize,
    duration: Duration,
) -> (f64, f64, f64) {
    let deadline = Instant::now() + duration;
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let (client, url, key) = (client.clone(), url.to_string(), key.to_string());
            tokio::spawn(async move {
                let mut times = Vec::new();
                while Instant::now() < deadline {
                    let started = Instant::now();
                    let ok = client
                        .get(&url)
                        .header("x-fj-api-key", &key)
                        .send()
                        .await
                        .map(|r| r.status().is_success());
                    if matches!(ok, Ok(true)) {
                        times.push(started.elapsed().as_secs_f64());
                    }
                }
                times
            })
        })
        .collect();
    let mut all: Vec<f64> = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap_or_default());
    }
    all.sort_by(f64::total_cmp);
    if all.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    let pct = |p: f64| all[((p * all.len() as f64).ceil() as usize).clamp(1, all.len()) - 1];
    (
        all.len() as f64 / duration.as_secs_f64(),
        pct(0.5),
        pct(0.99),
    )
}
