//! The use cases shared by the HTTP API, the CLI and background jobs: importing profiles and
//! keeping the index in step with the store (`import`, `feed`), ranking people for a job
//! (`ranking`), sourcing sessions and their runs (`session`, `session_run`), contact reveals
//! (`reveal`), API keys (`keys`), and the durable job runner (`runner`).
//!
//! Depends on the store traits, the index and the scorer; never on axum or a concrete
//! database backend.

pub mod config;
pub mod engine;
pub mod error;
pub mod feed;
pub mod import;
pub mod keys;
pub mod parse;
pub mod preview;
pub mod ranking;
pub mod reveal;
pub mod runner;
pub mod session;
pub mod session_run;
pub mod webhook;

pub use config::Config;
pub use engine::Engine;
pub use error::{EngineError, EngineResult};
