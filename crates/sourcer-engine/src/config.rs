//! Configuration: one typed tree with documented defaults, layered as defaults, then an
//! optional TOML file (`--config FILE`, else `<data-dir>/sourcer.toml` when present), then
//! environment variables `SOURCER_<SECTION>__<KEY>` (for example
//! `SOURCER_PRICES__FETCH_MORE=3`). `sourcer config` prints the effective configuration.

use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// The whole configuration.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Where the SQLite database and the index live.
    pub data_dir: PathBuf,
    /// `sqlite://...` or `postgres://...`; default: `<data_dir>/sourcer.db`.
    pub database_url: Option<String>,
    pub server: ServerConfig,
    pub prices: Prices,
    pub sessions: SessionConfig,
    pub jobs: JobsConfig,
    pub webhooks: WebhooksConfig,
    pub llm: LlmConfig,
}

/// HTTP server settings.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    pub bind: String,
    /// Largest accepted request body.
    pub body_limit_bytes: usize,
    /// Requests taking longer are answered 503 (searches take milliseconds).
    pub request_timeout_secs: u64,
}

/// Credits charged per action (integer credits). The FutureJobs examples show 5 for creating
/// a session and 5 for fetching more; the preview API charges 1 per page of 20.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Prices {
    pub session_create: i64,
    pub session_update: i64,
    pub fetch_more: i64,
    pub reveal_email: i64,
    pub reveal_phone: i64,
    pub preview_page: i64,
}

/// How sessions search and score.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct SessionConfig {
    /// Candidates retrieved per search (`total_display_count`).
    pub display_count: usize,
    /// Candidates scored into the session per run.
    pub batch_size: usize,
}

/// The durable job queue.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct JobsConfig {
    /// Worker tasks per node.
    pub workers: usize,
    /// A claimed job is invisible to other workers for this long; a crashed worker's job is
    /// taken over after it expires.
    pub lease_secs: u64,
    /// How often idle workers look for jobs enqueued elsewhere (in-process enqueues wake them
    /// at once).
    pub poll_interval_ms: u64,
    pub max_attempts: i64,
    /// Delay before retry number n (the last value repeats).
    pub retry_backoff_secs: Vec<u64>,
    /// For crash tests only: a pause between claiming a job and running it, so a process can
    /// be killed while it holds a lease. Always 0 in production.
    pub run_delay_ms: u64,
}

/// Outgoing webhooks.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct WebhooksConfig {
    /// Delays between delivery attempts, after the first immediate one (Svix's schedule).
    pub retry_schedule_secs: Vec<u64>,
    /// Consecutive failed deliveries that open a config's circuit.
    pub circuit_failure_threshold: i64,
    /// Per-attempt timeout unless the config sets its own.
    pub default_timeout_ms: u64,
    /// Development only: allow http:// and loopback/private targets. Also enabled by the
    /// environment variable `SOURCER_DEV_ALLOW_LOCAL_WEBHOOKS=1`.
    pub dev_allow_local: bool,
}

/// The optional LLM re-scorer (OpenAI-compatible chat completions). Off by default.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct LlmConfig {
    pub enabled: bool,
    pub base_url: String,
    pub model: String,
    pub api_key: Option<String>,
    pub timeout_ms: u64,
    pub max_concurrency: usize,
    /// How many of a batch's best candidates the LLM re-scores.
    pub top_n: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("./sourcer-data"),
            database_url: None,
            server: ServerConfig::default(),
            prices: Prices::default(),
            sessions: SessionConfig::default(),
            jobs: JobsConfig::default(),
            webhooks: WebhooksConfig::default(),
            llm: LlmConfig::default(),
        }
    }
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".into(),
            body_limit_bytes: 1 << 20,
            request_timeout_secs: 30,
        }
    }
}

impl Default for Prices {
    fn default() -> Self {
        Self {
            session_create: 5,
            session_update: 5,
            fetch_more: 5,
            reveal_email: 1,
            reveal_phone: 1,
            preview_page: 1,
        }
    }
}

impl Default for SessionConfig {
    fn default() -> Self {
        Self {
            display_count: 100,
            batch_size: 25,
        }
    }
}

impl Default for JobsConfig {
    fn default() -> Self {
        Self {
            workers: 2,
            lease_secs: 30,
            poll_interval_ms: 500,
            max_attempts: 5,
            retry_backoff_secs: vec![1, 5, 30, 120],
            run_delay_ms: 0,
        }
    }
}

impl Default for WebhooksConfig {
    fn default() -> Self {
        Self {
            retry_schedule_secs: vec![5, 300, 1800, 7200, 18000, 36000, 36000],
            circuit_failure_threshold: 10,
            default_timeout_ms: 15_000,
            dev_allow_local: false,
        }
    }
}

impl Default for LlmConfig {
    fn default() -> Self {
        Self {
            enabled: false,
            base_url: "http://127.0.0.1:11434/v1".into(),
            model: "gpt-4o-mini".into(),
            api_key: None,
            timeout_ms: 20_000,
            max_concurrency: 4,
            top_n: 10,
        }
    }
}

impl Config {
    /// Loads defaults, then the TOML file (explicit, or `sourcer.toml` in the data dir), then
    /// `SOURCER_*` environment variables; `data_dir` from the command line wins over all.
    pub fn load(data_dir: Option<&Path>, file: Option<&Path>) -> anyhow::Result<Config> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        let implicit = data_dir
            .map(|d| d.join("sourcer.toml"))
            .filter(|p| p.exists());
        if let Some(path) = file.map(Path::to_path_buf).or(implicit) {
            anyhow::ensure!(
                path.exists(),
                "config file {} does not exist",
                path.display()
            );
            figment = figment.merge(Toml::file(path));
        }
        // Only variables naming a configuration key: SOURCER_LOG, SOURCER_DATA_DIR and the
        // development switches are read elsewhere.
        let known = |key: &_| {
            let key = ToString::to_string(key).to_ascii_lowercase();
            key == "database_url"
                || [
                    "server__",
                    "prices__",
                    "sessions__",
                    "jobs__",
                    "webhooks__",
                    "llm__",
                ]
                .iter()
                .any(|section| key.starts_with(section))
        };
        figment = figment.merge(Env::prefixed("SOURCER_").filter(known).split("__"));
        let mut config: Config = figment.extract()?;
        if let Some(dir) = data_dir {
            config.data_dir = dir.to_path_buf();
        }
        if std::env::var("SOURCER_DEV_ALLOW_LOCAL_WEBHOOKS").is_ok_and(|v| v == "1") {
            config.webhooks.dev_allow_local = true;
        }
        Ok(config)
    }

    /// The database URL, defaulting to SQLite inside the data dir.
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("sourcer.db").display()))
    }

    /// Where the people index lives.
    pub fn index_dir(&self) -> PathBuf {
        self.data_dir.join("index")
    }
}
