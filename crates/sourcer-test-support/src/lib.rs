//! Test support: [`TestApp`] runs the real HTTP server on `127.0.0.1:0` over a temporary data
//! dir (SQLite and an on-disk index) filled with generated profiles, with two workspaces and
//! their keys. Jobs are drained explicitly with [`TestApp::run_jobs`], never waited for.
//!
//! The data dir is built once per test binary and copied for each test. When
//! `SOURCER_TEST_DATABASE_URL` names a PostgreSQL admin URL, the same suite runs on
//! PostgreSQL: the template's database is a PostgreSQL database, and each test gets its own
//! copy of it, dropped when the test ends.

mod data;

use std::sync::Arc;
use std::time::Duration;

use reqwest::Method;
use serde_json::Value;
use sourcer_engine::preview::PreviewRunHandler;
use sourcer_engine::runner::{JobHandler, Runner};
use sourcer_engine::session_run::SessionRunHandler;
use sourcer_engine::{Config, Engine};
use sourcer_index::PeopleIndex;
use sourcer_server::AppState;
use sourcer_store::Store;
use sourcer_store_postgres::PgStore;
use sourcer_store_postgres::testing::TestDatabase;
use sourcer_store_sqlite::SqliteStore;
use tempfile::TempDir;
use tokio_util::sync::CancellationToken;

pub use data::{PROFILE_COUNT, PROFILE_SEED, on_postgres};

/// Credits granted to workspace A (workspace B gets none unless a test grants them).
pub const CREDITS_A: i64 = 1_000;

/// A running server over its own copy of the test data.
pub struct TestApp {
    pub base: String,
    pub engine: Engine,
    pub runner: Arc<Runner>,
    /// Workspace A's key (with [`CREDITS_A`] credits) and workspace B's key (no credits).
    pub key_a: String,
    pub key_b: String,
    client: reqwest::Client,
    shutdown: CancellationToken,
    _dir: TempDir,
    /// This test's PostgreSQL database (dropped after the server stops using it).
    _database: Option<TestDatabase>,
}

/// A response: status and JSON body (`Value::Null` when the body is not JSON).
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
}

impl TestApp {
    /// A server with the default configuration.
    pub async fn new() -> TestApp {
        TestApp::with_config(|_| {}).await
    }

    /// A server whose configuration `adjust` may change first.
    pub async fn with_config(adjust: impl FnOnce(&mut Config)) -> TestApp {
        let template = data::template().await;
        let dir = tempfile::tempdir().expect("temp dir");
        data::copy_dir(&template.dir, dir.path()).expect("copy test data");
        let database = match &template.database {
            Some(template) => Some(
                TestDatabase::copy_of(template)
                    .await
                    .expect("test database"),
            ),
            None => None,
        };
        let mut config = Config {
            data_dir: dir.path().to_path_buf(),
            database_url: database.as_ref().map(|d| d.url().to_owned()),
            ..Config::default()
        };
        adjust(&mut config);
        let store = open_store(&config.database_url()).await;
        let index = PeopleIndex::open(&config.index_dir()).expect("open index");
        let mut app = TestApp::start(
            config,
            store,
            index,
            dir,
            template.key_a.clone(),
            template.key_b.clone(),
        )
        .await;
        app._database = database;
        app
    }

    async fn start(
        config: Config,
        store: Arc<dyn Store>,
        index: PeopleIndex,
        dir: TempDir,
        key_a: String,
        key_b: String,
    ) -> TestApp {
        let engine = Engine::new(store.clone(), index, Arc::new(config)).expect("engine");
        let handlers: Vec<Arc<dyn JobHandler>> = vec![
            Arc::new(SessionRunHandler {
                engine: engine.clone(),
            }),
            Arc::new(PreviewRunHandler {
                engine: engine.clone(),
            }),
        ];
        let runner = Arc::new(Runner::new(
            store,
            engine.config.jobs.clone(),
            handlers,
            engine.jobs.clone(),
        ));
        // reqwest is built without a default TLS provider; the process picks ring.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let shutdown = CancellationToken::new();
        let state = AppState(Arc::new(engine.clone()));
        tokio::spawn(sourcer_server::serve(
            listener,
            state,
            shutdown.clone(),
            Duration::from_secs(1),
        ));
        TestApp {
            base,
            engine,
            runner,
            key_a,
            key_b,
            client: reqwest::Client::new(),
            shutdown,
            _dir: dir,
            _database: None,
        }
    }

    /// Runs every job that is due, until none is left; returns how many ran.
    pub async fn run_jobs(&self) -> usize {
        self.runner.run_pending().await.expect("run jobs")
    }

    /// Sends a request with an optional key (`x-fj-api-key`) and JSON body.
    pub async fn request(
        &self,
        method: Method,
        path: &str,
        key: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let mut req = self.client.request(method, format!("{}{path}", self.base));
        if let Some(key) = key {
            req = req.header("x-fj-api-key", key);
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        let response = req.send().await.expect("request");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply {
            status,
            body,
            headers,
        }
    }

    pub async fn get(&self, path: &str, key: &str) -> Reply {
        self.request(Method::GET, path, Some(key), None).await
    }

    pub async fn post(&self, path: &str, key: &str, body: Value) -> Reply {
        self.request(Method::POST, path, Some(key), Some(body))
            .await
    }

    pub async fn patch(&self, path: &str, key: &str, body: Value) -> Reply {
        self.request(Method::PATCH, path, Some(key), Some(body))
            .await
    }

    /// The raw HTTP client, for requests the helpers do not cover.
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }
}

/// Opens and migrates the store at `url` (SQLite or PostgreSQL).
async fn open_store(url: &str) -> Arc<dyn Store> {
    if url.starts_with("postgres") {
        let store = PgStore::open(url).await.expect("open store");
        store.migrate().await.expect("migrate");
        return Arc::new(store);
    }
    let store = SqliteStore::open(url).await.expect("open store");
    store.migrate().await.expect("migrate");
    Arc::new(store)
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}
