//! Opening what commands work with: configuration, the store and the index.

use std::sync::Arc;

use anyhow::Context;
use sourcer_engine::Config;
use sourcer_index::PeopleIndex;
use sourcer_store::Store;
use sourcer_store_postgres::PgStore;
use sourcer_store_sqlite::SqliteStore;

use crate::cli::Cli;

/// Loads the configuration: defaults, file, environment, then command-line overrides.
pub fn load_config(cli: &Cli) -> anyhow::Result<Config> {
    let mut config = Config::load(Some(&cli.data_dir), cli.config.as_deref())?;
    if let Some(url) = &cli.database_url {
        config.database_url = Some(url.clone());
    }
    Ok(config)
}

/// Opens (and migrates) the store named by the configuration.
pub async fn open_store(config: &Config) -> anyhow::Result<Arc<dyn Store>> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("while creating the data dir {}", config.data_dir.display()))?;
    let url = config.database_url();
    if url.starts_with("sqlite:") {
        let store = SqliteStore::open(&url)
            .await
            .with_context(|| format!("while opening {url}"))?;
        store
            .migrate()
            .await
            .context("while migrating the database")?;
        return Ok(Arc::new(store));
    }
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let shown = sourcer_store_postgres::redact(&url);
        let store = PgStore::open(&url)
            .await
            .with_context(|| format!("while opening {shown}"))?;
        store
            .migrate()
            .await
            .with_context(|| format!("while migrating {shown}"))?;
        return Ok(Arc::new(store));
    }
    anyhow::bail!(
        "unsupported database URL {:?}: use sqlite://PATH or postgres://...",
        sourcer_store_postgres::redact(&url)
    )
}

/// Opens the index in the data dir (creating it when missing).
pub fn open_index(config: &Config) -> anyhow::Result<PeopleIndex> {
    let dir = config.index_dir();
    std::fs::create_dir_all(&dir).with_context(|| format!("while creating {}", dir.display()))?;
    PeopleIndex::open(&dir).with_context(|| format!("while opening the index in {}", dir.display()))
}
