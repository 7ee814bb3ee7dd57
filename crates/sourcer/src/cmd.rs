//! One module per command.

mod admin;
mod bench;
mod bench_api;
mod bench_pg;
mod generate;
mod import;
mod search;
mod serve;
mod text;

use anyhow::Context;
use sourcer_core::MonthStamp;

use crate::cli::{Cli, Command};
use crate::context::{load_config, open_index, open_store};

/// Runs the parsed command line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = load_config(&cli)?;
    match cli.command {
        Command::Gen(args) => generate::run(args),
        Command::Import(args) => import::run(&config, args).await,
        Command::Search(args) => search::run(&config, args).await,
        Command::Reindex => import::reindex(&config).await,
        Command::Annotate(args) => text::annotate(args),
        Command::Eval(args) => text::eval(&config, args).await,
        Command::Serve(args) => serve::serve(config, args.bind).await,
        Command::Demo(args) => serve::demo(config, args).await,
        Command::Keys(command) => admin::keys(&config, command).await,
        Command::Credits(command) => admin::credits(&config, command).await,
        Command::Migrate => {
            open_store(&config).await?;
            println!(
                "database migrated: {}",
                sourcer_store_postgres::redact(&config.database_url())
            );
            Ok(())
        }
        Command::Bench(command) => text::bench(&config, command).await,
        Command::Config => {
            print!("{}", toml_of(&config)?);
            Ok(())
        }
    }
}

/// The effective configuration as TOML, without secrets (the database password, the LLM key).
fn toml_of(config: &sourcer_engine::Config) -> anyhow::Result<String> {
    let mut shown = config.clone();
    shown.database_url = shown
        .database_url
        .as_deref()
        .map(sourcer_store_postgres::redact);
    if shown.llm.api_key.is_some() {
        shown.llm.api_key = Some("***".to_owned());
    }
    Ok(toml::to_string_pretty(&shown)?)
}

/// Opens the store and the index together.
pub async fn open_all(
    config: &sourcer_engine::Config,
) -> anyhow::Result<(
    std::sync::Arc<dyn sourcer_store::Store>,
    sourcer_index::PeopleIndex,
)> {
    Ok((open_store(config).await?, open_index(config)?))
}

/// The month of an `--as-of YYYY-MM` argument; the current month when it is absent.
pub fn as_of_month(arg: Option<&str>) -> anyhow::Result<MonthStamp> {
    match arg {
        Some(text) => MonthStamp::parse(text).context("--as-of must be YYYY-MM"),
        None => Ok(MonthStamp::now()),
    }
}
