//! A server killed (SIGKILL) while a session's run holds its job lease: after a restart the
//! lease expires, another attempt runs the job, and the session ends done exactly once with
//! one charge.

mod common;

use std::time::{Duration, Instant};

use common::{Server, http, key_with_credits, seed, sourcer, stdout};
use serde_json::{Value, json};

fn create_session(base: &str, key: &str) -> String {
    let client = http();
    let reply: Value = client
        .post(format!("{base}/api/v1/wl/sourcing-session"))
        .header("x-fj-api-key", key)
        .json(&json!({"sessionTitle": "Engineer", "queries": {
            "skills": {"type": "IN", "value": {"mandatory": [], "core": ["Python", "SQL", "Excel"], "secondary": []}}
        }}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    reply["data"]["session"]["_id"]
        .as_str()
        .expect("created")
        .to_string()
}

fn session(base: &str, key: &str, id: &str) -> Value {
    http()
        .get(format!("{base}/api/v1/wl/sourcing-session/{id}"))
        .header("x-fj-api-key", key)
        .send()
        .unwrap()
        .json::<Value>()
        .unwrap()["data"]["session"]
        .clone()
}

#[test]
fn a_session_interrupted_by_sigkill_finishes_after_restart_with_one_charge() {
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path(), 300);
    let key = key_with_credits(dir.path(), "crashco", 100);
    let lease = [("SOURCER_JOBS__LEASE_SECS", "2")];

    let first = Server::start(
        dir.path(),
        &[lease[0], ("SOURCER_JOBS__RUN_DELAY_MS", "60000")],
    );
    let id = create_session(&first.base, &key);
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(
        session(&first.base, &key, &id)["profileMatchingStatus"],
        "processing"
    );
    first.kill();

    let second = Server::start(dir.path(), &lease);
    let started = Instant::now();
    let done = loop {
        let s = session(&second.base, &key, &id);
        if s["profileMatchingStatus"] == "done" {
            break s;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "not done after restart: {s}"
        );
        std::thread::sleep(Duration::from_millis(200));
    };
    assert!(done.get("sourcingError").is_none(), "{done}");
    assert_eq!(done["batches"].as_array().unwrap().len(), 1);
    assert_eq!(done["totalProfilesMatched"], 25);
    let ledger = stdout(&sourcer(
        dir.path(),
        &["credits", "ledger", "--workspace", "crashco"],
    ));
    let charges = ledger.lines().filter(|l| l.contains("charge")).count();
    assert_eq!(charges, 1, "{ledger}");
    assert!(
        stdout(&sourcer(
            dir.path(),
            &["credits", "balance", "--workspace", "crashco"]
        ))
        .contains("available: 95")
    );
}
