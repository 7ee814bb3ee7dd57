//! Several `sourcer serve` nodes on one PostgreSQL database, each with its own data dir (its
//! own index replica): imports reach every node's index, credits stay exact under load
//! through all nodes, and a node killed mid-job has its job taken over by another.
//!
//! Each test gets a throwaway database (`SOURCER_TEST_DATABASE_URL`, else the local server).

mod common;

use std::time::{Duration, Instant};

use common::cluster::{
    Cluster, PATIENCE, client, create_session, people_at, percent_encode, session,
};
use common::stdout;
use serde_json::{Value, json};
use sourcer_store::{
    ContactKind, CreditStore, JobStatus, JobStore, LedgerKind, RevealStore, SessionStore,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_through_node_a_is_found_by_a_search_on_node_b() {
    let cluster = Cluster::new(2).await;
    let key = cluster.key("acme", 100);
    let a = cluster.start(0, &[]);
    let b = cluster.start(1, &[]);

    // Profiles nobody has seen, all at one company that exists nowhere else.
    let company = "Zorblax Dynamics";
    let generated = cluster.generate(40, 77, "generated.jsonl");
    let mut marked = 0;
    let lines: Vec<String> = std::fs::read_to_string(&generated)
        .unwrap()
        .lines()
        .map(|line| {
            let mut profile: Value = serde_json::from_str(line).unwrap();
            if let Some(first) = profile["current_employers"].get_mut(0) {
                first["name"] = json!(company);
                marked += 1;
            }
            profile.to_string()
        })
        .collect();
    assert!(
        marked > 20,
        "the generator gives most people a current employer"
    );
    let file = cluster.dir(0).join("zorblax.jsonl");
    std::fs::write(&file, lines.join("\n")).unwrap();
    assert_eq!(people_at(&b.base, &key, company).await, 0);

    // Node A's server holds A's index writer, so this import writes the database only.
    let imported = cluster.cli(0, &["import", file.to_str().unwrap(), "--quiet"]);
    let report = stdout(&imported);
    assert!(report.contains("imported: 40"), "{report}");
    assert!(
        report.contains("index: left to the running server"),
        "{report}"
    );

    let started = Instant::now();
    wait_for_people(&b.base, &key, company, marked, started).await;
    eprintln!(
        "node B indexed the import {:?} after it returned",
        started.elapsed()
    );
    // Core skills rank without filtering: the pool is everyone at the company.
    let queries = json!({
        "current_employers.name": {"type": "IN", "value": [company]},
        "skills": {"type": "IN", "value": {"mandatory": [], "core": ["Python"], "secondary": []}}
    });
    let created = create_session(&b.base, &key, queries.clone()).await;
    assert_eq!(created["sourcing"]["totalAvailableProfiles"], marked);
    // Node A's own replica follows the same way: its server did not index the import either.
    wait_for_people(&a.base, &key, company, marked, started).await;
    let created = create_session(&a.base, &key, queries).await;
    assert_eq!(created["sourcing"]["totalAvailableProfiles"], marked);
}

/// Waits until the node's index holds `count` people at `company`.
async fn wait_for_people(base: &str, key: &str, company: &str, count: u64, since: Instant) {
    while people_at(base, key, company).await < count {
        assert!(
            since.elapsed() < PATIENCE,
            "{base} never indexed the import"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_reveals_through_two_nodes_on_100_credits_charge_exactly_100() {
    let cluster = Cluster::new(2).await;
    let people = cluster.generate(300, 5, "people.jsonl");
    cluster.cli(0, &["import", people.to_str().unwrap(), "--quiet"]);
    let key = cluster.key("busy", 100);
    let free_sessions = [("SOURCER_PRICES__SESSION_CREATE", "0")];
    let nodes = [
        cluster.start(0, &free_sessions),
        cluster.start(1, &free_sessions),
    ];
    let queries = json!({"skills": {"type": "IN", "value": {
        "mandatory": [], "core": ["Python"], "secondary": []}}});
    let created = create_session(&nodes[0].base, &key, queries).await;
    let session = created["session"]["_id"].as_str().unwrap().to_string();

    let urls: Vec<String> = std::fs::read_to_string(&people)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap())
        .filter(|p| p["emails"].as_array().is_some_and(|e| !e.is_empty()))
        .filter_map(|p| p["linkedin_url"].as_str().map(str::to_owned))
        .take(200)
        .collect();
    assert_eq!(urls.len(), 200);
    let mut reveals = tokio::task::JoinSet::new();
    for (n, url) in urls.into_iter().enumerate() {
        let base = nodes[n % 2].base.clone();
        let (key, session) = (key.clone(), session.clone());
        reveals.spawn(async move {
            let path = format!(
                "/api/v1/wl/sourcing-session/contact/reveal?sourcingSessionId={session}\
                 &linkedin_profile_url={}&revealType=EMAIL",
                percent_encode(&url)
            );
            let reply = client()
                .post(format!("{base}{path}"))
                .header("x-fj-api-key", &key)
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            reply.status().as_u16()
        });
    }
    let (mut charged, mut refused) = (0, 0);
    while let Some(status) = reveals.join_next().await {
        match status.unwrap() {
            200 => charged += 1,
            402 => refused += 1,
            other => panic!("unexpected reveal status {other}"),
        }
    }
    assert_eq!((charged, refused), (100, 100));

    let workspace = cluster.workspace_id("busy").await;
    let balance = cluster.store.credit_balance(workspace).await.unwrap();
    assert_eq!((balance.available, balance.held), (0, 0));
    let ledger = cluster
        .store
        .list_ledger(workspace, None, 1_000)
        .await
        .unwrap();
    let charges = ledger
        .iter()
        .filter(|e| e.kind == LedgerKind::Charge)
        .count();
    assert_eq!(charges, 100);
    let pids: Vec<i64> = (1..=300).collect();
    let revealed = cluster
        .store
        .revealed_contacts(workspace, &pids)
        .await
        .unwrap();
    assert_eq!(revealed.len(), 100);
    assert!(revealed.iter().all(|r| r.kind == ContactKind::Email));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_killed_mid_session_leaves_it_done_once_by_the_other_node_with_one_charge() {
    let cluster = Cluster::new(2).await;
    let people = cluster.generate(300, 5, "people.jsonl");
    cluster.cli(0, &["import", people.to_str().unwrap(), "--quiet"]);
    let key = cluster.key("crashco", 100);
    let lease = ("SOURCER_JOBS__LEASE_SECS", "2");

    // Node A claims the run and then sits on it (the crash-test pause) until it is killed.
    let a = cluster.start(0, &[lease, ("SOURCER_JOBS__RUN_DELAY_MS", "60000")]);
    let queries = json!({"skills": {"type": "IN", "value": {
        "mandatory": [], "core": ["Python", "SQL", "Excel"], "secondary": []}}});
    let created = create_session(&a.base, &key, queries).await;
    let id = created["session"]["_id"].as_str().unwrap().to_string();
    let started = Instant::now();
    while cluster.store.count_jobs().await.unwrap().running == 0 {
        assert!(started.elapsed() < PATIENCE, "node A never claimed the run");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let b = cluster.start(1, &[lease]);
    let b_pid = b.child.id();
    a.kill();

    let started = Instant::now();
    let done = loop {
        let s = session(&b.base, &key, &id).await;
        if s["profileMatchingStatus"] == "done" {
            break s;
        }
        assert!(started.elapsed() < PATIENCE, "not done after the kill: {s}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(done.get("sourcingError").is_none(), "{done}");
    assert_eq!(done["batches"].as_array().unwrap().len(), 1);
    assert_eq!(done["totalProfilesMatched"], 25);

    let workspace = cluster.workspace_id("crashco").await;
    let stored = cluster
        .store
        .get_session(workspace, id.parse().unwrap())
        .await
        .unwrap();
    let job = cluster
        .store
        .get_job(stored.run_job_id.unwrap())
        .await
        .unwrap();
    assert_eq!((job.status, job.attempts), (JobStatus::Done, 2));
    let holder = job.locked_by.unwrap_or_default();
    assert!(
        holder.contains(&format!("-{b_pid}#")),
        "finished by {holder}"
    );
    assert_eq!(
        cluster
            .store
            .session_pids(workspace, stored.id)
            .await
            .unwrap()
            .len(),
        25
    );
    let ledger = cluster
        .store
        .list_ledger(workspace, None, 100)
        .await
        .unwrap();
    let count = |kind| ledger.iter().filter(|e| e.kind == kind).count();
    assert_eq!(
        (count(LedgerKind::Charge), count(LedgerKind::Refund)),
        (1, 0)
    );
    assert_eq!(
        cluster
            .store
            .credit_balance(workspace)
            .await
            .unwrap()
            .available,
        95
    );
}
