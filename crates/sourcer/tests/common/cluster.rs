//! Several nodes on one PostgreSQL database: a throwaway database, a data dir (index
//! replica) per node, and HTTP helpers for the multi-node tests and benchmark.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};
use sourcer_store::TenantStore;
use sourcer_store_postgres::PgStore;
use sourcer_store_postgres::testing::TestDatabase;
use tempfile::TempDir;

use crate::common::{Server, sourcer_env, stdout};

/// Fails a wait that should have finished long before: the follower polls every second.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// One database and a data dir per node.
pub struct Cluster {
    pub database: TestDatabase,
    pub store: PgStore,
    dirs: Vec<TempDir>,
}

impl Cluster {
    pub async fn new(nodes: usize) -> Cluster {
        let database = TestDatabase::create().await.expect("a throwaway database");
        let store = PgStore::open(database.url()).await.expect("open");
        store.migrate().await.expect("migrate");
        let dirs = (0..nodes).map(|_| tempfile::tempdir().unwrap()).collect();
        Cluster {
            database,
            store,
            dirs,
        }
    }

    pub fn dir(&self, node: usize) -> &Path {
        self.dirs[node].path()
    }

    /// `sourcer` on this database with node `node`'s data dir.
    pub fn cli(&self, node: usize, args: &[&str]) -> std::process::Output {
        let output = sourcer_env(
            self.dir(node),
            args,
            &[("SOURCER_DATABASE_URL", self.url())],
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "sourcer {args:?}: {stderr}");
        output
    }

    pub fn url(&self) -> &str {
        self.database.url()
    }

    /// Starts node `node` with extra environment.
    pub fn start(&self, node: usize, env: &[(&str, &str)]) -> Server {
        let mut env = env.to_vec();
        env.push(("SOURCER_DATABASE_URL", self.url()));
        Server::start(self.dir(node), &env)
    }

    /// A key of `workspace` with `credits` credits.
    pub fn key(&self, workspace: &str, credits: i64) -> String {
        let created = self.cli(
            0,
            &["keys", "create", "--workspace", workspace, "--project", "P"],
        );
        let key = stdout(&created).lines().last().unwrap().trim().to_string();
        let amount = credits.to_string();
        self.cli(
            0,
            &[
                "credits",
                "grant",
                "--workspace",
                workspace,
                "--amount",
                &amount,
            ],
        );
        key
    }

    /// Generated profiles, written to a file in node 0's data dir.
    pub fn generate(&self, count: u64, seed: u64, name: &str) -> PathBuf {
        let count = count.to_string();
        let seed = seed.to_string();
        let generated = self.cli(0, &["gen", "--count", &count, "--seed", &seed]);
        let path = self.dir(0).join(name);
        std::fs::write(&path, &generated.stdout).unwrap();
        path
    }

    pub async fn workspace_id(&self, name: &str) -> sourcer_core::ObjectId {
        self.store
            .find_workspace_by_name(name)
            .await
            .unwrap()
            .unwrap()
            .id
    }
}

pub fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

pub async fn create_session(base: &str, key: &str, queries: Value) -> Value {
    let reply = client()
        .post(format!("{base}/api/v1/wl/sourcing-session"))
        .header("x-fj-api-key", key)
        .json(&json!({"sessionTitle": "Engineer", "queries": queries}))
        .send()
        .await
        .unwrap();
    let status = reply.status();
    let body: Value = reply.json().await.unwrap();
    assert_eq!(status, 201, "{body}");
    body["data"].clone()
}

pub async fn session(base: &str, key: &str, id: &str) -> Value {
    let reply: Value = client()
        .get(format!("{base}/api/v1/wl/sourcing-session/{id}"))
        .header("x-fj-api-key", key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    reply["data"]["session"].clone()
}

/// How many people node `base`'s index holds at the company `name`, by autocomplete.
pub async fn people_at(base: &str, key: &str, name: &str) -> u64 {
    let reply: Value = client()
        .get(format!(
            "{base}/api/v1/wl/sourcing-session/filters/autocomplete?filter_type=company&query={}",
            name.replace(' ', "%20")
        ))
        .header("x-fj-api-key", key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let list = reply["data"]["list"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let entry = list.iter().find(|s| s["value"] == name);
    entry.and_then(|s| s["count"].as_u64()).unwrap_or(0)
}

pub fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
