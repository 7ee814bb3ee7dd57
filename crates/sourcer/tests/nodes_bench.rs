//! Benchmark (ignored by default): session creation throughput through one node and through
//! two nodes on the same PostgreSQL database. Run it with
//!
//! ```text
//! cargo test --release -p sourcer --test nodes_bench -- --ignored --nocapture
//! ```
//!
//! `BENCH_SESSIONS`, `BENCH_CLIENTS` and `BENCH_PROFILES` change the load. Clients create
//! sessions as fast as the API answers, spread round-robin over the nodes; each row reports
//! how long the creations took (the request rate) and how long until every session's run was
//! done (the work rate, which includes searching and scoring on the nodes). Three setups: one
//! node with the default 2 job workers, two nodes with 2 each, and two nodes with 1 each (the
//! same number of workers as one node).

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::cluster::{Cluster, client};
use serde_json::json;
use sourcer_store::JobStore;

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn body(i: usize) -> serde_json::Value {
    let skills = [
        ["Python", "SQL"],
        ["Java", "Spring Boot"],
        ["JavaScript", "React"],
        ["Excel", "Financial Modeling"],
        ["Salesforce", "Negotiation"],
        ["Figma", "User Research"],
    ];
    let [a, b] = skills[i % skills.len()];
    json!({"sessionTitle": format!("bench {i}"), "queries": {
        "years_of_experience_raw": {"type": "RANGE", "value": [1 + (i % 5), 8 + (i % 7)]},
        "skills": {"type": "IN", "value": {"mandatory": [a], "core": [b], "secondary": []}}
    }})
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(at).map_or(0.0, |d| d.as_secs_f64() * 1e3)
}

/// Creates `sessions` sessions with `clients` concurrent clients over `bases`; returns every
/// request's latency.
async fn create_all(bases: &[String], key: &str, sessions: usize, clients: usize) -> Vec<Duration> {
    let next = Arc::new(AtomicUsize::new(0));
    let mut tasks = tokio::task::JoinSet::new();
    for c in 0..clients {
        let (next, key) = (next.clone(), key.to_owned());
        let base = bases[c % bases.len()].clone();
        tasks.spawn(async move {
            let http = client();
            let mut latencies = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= sessions {
                    return latencies;
                }
                let started = Instant::now();
                let reply = http
                    .post(format!("{base}/api/v1/wl/sourcing-session"))
                    .header("x-fj-api-key", &key)
                    .json(&body(i))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(reply.status(), 201, "{}", reply.text().await.unwrap());
                latencies.push(started.elapsed());
            }
        });
    }
    let mut all = Vec::with_capacity(sessions);
    while let Some(latencies) = tasks.join_next().await {
        all.extend(latencies.unwrap());
    }
    all
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark: cargo test --release -p sourcer --test nodes_bench -- --ignored"]
async fn session_creation_throughput_on_one_node_and_on_two() {
    let sessions = setting("BENCH_SESSIONS", 400);
    let clients = setting("BENCH_CLIENTS", 16);
    let profiles = setting("BENCH_PROFILES", 20_000) as u64;
    let cluster = Cluster::new(2).await;
    let people = cluster.generate(profiles, 7, "people.jsonl");
    cluster.cli(0, &["import", people.to_str().unwrap(), "--quiet"]);
    let key = cluster.key("bench", 1_000_000_000);
    println!("profiles {profiles}, sessions {sessions} per run, {clients} clients");
    println!("nodes x workers | created in | creations/s | p50 ms | p95 ms | all done in | done/s");
    for (nodes, workers) in [(1, "2"), (2, "2"), (2, "1")] {
        let env = [("SOURCER_JOBS__WORKERS", workers)];
        let servers: Vec<_> = (0..nodes).map(|n| cluster.start(n, &env)).collect();
        let bases: Vec<String> = servers.iter().map(|s| s.base.clone()).collect();
        let started = Instant::now();
        let mut latencies = create_all(&bases, &key, sessions, clients).await;
        let created = started.elapsed();
        loop {
            let counts = cluster.store.count_jobs().await.unwrap();
            assert_eq!(counts.failed + counts.dead, 0);
            if counts.queued + counts.running == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let done = started.elapsed();
        latencies.sort();
        println!(
            "{nodes} x {workers} | {:.2} s | {:.0} | {:.1} | {:.1} | {:.2} s | {:.1}",
            created.as_secs_f64(),
            sessions as f64 / created.as_secs_f64(),
            percentile(&latencies, 0.5),
            percentile(&latencies, 0.95),
            done.as_secs_f64(),
            sessions as f64 / done.as_secs_f64(),
        );
        for server in servers {
            server.kill();
        }
    }
}
