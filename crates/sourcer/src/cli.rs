//! The command line: every subcommand, its flags and their defaults. Names, flags and output
//! formats here are a contract (scripts drive the binary through them); keep them stable.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Sourcer: a self-hostable candidate-sourcing engine.
#[derive(Debug, Parser)]
#[command(name = "sourcer", version, about)]
pub struct Cli {
    /// Directory holding the database and the index.
    #[arg(
        long,
        global = true,
        env = "SOURCER_DATA_DIR",
        default_value = "./sourcer-data"
    )]
    pub data_dir: PathBuf,
    /// Configuration file (TOML); default: <data-dir>/sourcer.toml when present.
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    /// Database URL (`postgres://...`); default: SQLite in the data dir.
    #[arg(long, global = true, env = "SOURCER_DATABASE_URL")]
    pub database_url: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write synthetic profiles as JSON Lines to stdout (deterministic per seed).
    Gen(GenArgs),
    /// Import profiles from JSON Lines (`.gz` too; `-` reads stdin).
    Import(ImportArgs),
    /// Search the people index with a `queries` JSON file; prints JSON.
    Search(SearchArgs),
    /// Rebuild the people index from the database.
    Reindex,
    /// Extract filters from a job description file (JD to filters); prints JSON.
    Annotate(AnnotateArgs),
    /// Evaluate ranking quality on labelled jobs and profiles.
    Eval(EvalArgs),
    /// Run the HTTP API.
    Serve(ServeArgs),
    /// Generate demo data if the data dir is empty, create a key and credits, and serve.
    Demo(DemoArgs),
    /// Manage API keys.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Manage workspace credits.
    #[command(subcommand)]
    Credits(CreditsCommand),
    /// Apply database migrations.
    Migrate,
    /// Run a benchmark and print its measurements.
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Print the effective configuration.
    Config,
}

#[derive(Debug, Args)]
pub struct GenArgs {
    #[arg(long, default_value_t = 1000)]
    pub count: u64,
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// JSON Lines file, optionally gzip-compressed; `-` for stdin.
    pub file: PathBuf,
    /// Do not draw the progress bar.
    #[arg(long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// File holding a `queries` JSON object (as in Create Sourcing Session).
    #[arg(long)]
    pub query: PathBuf,
    #[arg(long, default_value_t = 25)]
    pub limit: usize,
    /// `next_cursor` from a previous page.
    #[arg(long)]
    pub cursor: Option<String>,
    /// File of profile ids to leave out, one per line (or a JSON array).
    #[arg(long)]
    pub exclude: Option<PathBuf>,
    /// Red-flag nuances to exclude ("Frequent Job Switch", ...); repeatable.
    #[arg(long = "nuance")]
    pub nuances: Vec<String>,
    /// The month tenure and recency rules are evaluated at (YYYY-MM); default: now.
    #[arg(long)]
    pub as_of: Option<String>,
    /// Relax filters (the fallback ladder) until this many people match.
    #[arg(long)]
    pub fallback_min: Option<usize>,
}

#[derive(Debug, Args)]
pub struct AnnotateArgs {
    /// A text file with the job description (`-` for stdin).
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    #[arg(long)]
    pub jobs: PathBuf,
    #[arg(long)]
    pub profiles: PathBuf,
    #[arg(long)]
    pub labels: PathBuf,
    /// The month to search and score as of (YYYY-MM), for a set written at a known date;
    /// default: now, as a session does.
    #[arg(long)]
    pub as_of: Option<String>,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on; `127.0.0.1:0` picks a free port (the bound address is printed).
    #[arg(long)]
    pub bind: Option<String>,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Profiles to generate when the data dir is empty.
    #[arg(long, default_value_t = 100_000)]
    pub profiles: u64,
    #[arg(long)]
    pub bind: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Create a key (and the workspace and project if needed); the key is the last line.
    Create {
        #[arg(long)]
        workspace: String,
        #[arg(long)]
        project: String,
    },
    /// List a workspace's keys, masked.
    List {
        #[arg(long)]
        workspace: String,
    },
    /// Revoke a key by its id (from `keys list`).
    Revoke { key_id: String },
}

#[derive(Debug, Subcommand)]
pub enum CreditsCommand {
    /// Add credits to a workspace.
    Grant {
        #[arg(long)]
        workspace: String,
        #[arg(long)]
        amount: i64,
    },
    /// Show a workspace's balance.
    Balance {
        #[arg(long)]
        workspace: String,
    },
    /// Show a workspace's ledger, newest first.
    Ledger {
        #[arg(long)]
        workspace: String,
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Import rate, index size and search latency over a query mix.
    Index {
        #[arg(long, default_value_t = 100_000)]
        profiles: u64,
        /// Timed runs of each query (after one warm-up).
        #[arg(long, default_value_t = 20)]
        rounds: usize,
    },
    /// Session create-to-done latency and request rates of the HTTP API.
    Api {
        #[arg(long, default_value_t = 100_000)]
        profiles: u64,
        /// Sessions created one after the other for the latency figures.
        #[arg(long, default_value_t = 50)]
        sessions: usize,
        /// Concurrent clients of the request-rate runs.
        #[arg(long, default_value_t = 16)]
        clients: usize,
        /// Seconds each request-rate run lasts.
        #[arg(long, default_value_t = 10)]
        seconds: u64,
    },
    /// The same data and query mix on PostgreSQL 15 (bench/postgres), side by side with the
    /// index: latencies, their ratio, and whether totals and first pages agree. The server is
    /// the global `--database-url` when it is a postgres:// URL, else
    /// postgres://postgres@127.0.0.1:5432/postgres; the data goes to `sourcer_bench_<N>`.
    Postgres {
        #[arg(long, default_value_t = 100_000)]
        profiles: u64,
        /// Timed runs of each query on each engine (after one warm-up).
        #[arg(long, default_value_t = 20)]
        rounds: usize,
    },
    /// Scoring time for batches of 25 and 100 candidates.
    Score {
        #[arg(long, default_value_t = 200)]
        rounds: usize,
    },
}
