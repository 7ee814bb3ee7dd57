//! The `sourcer` binary: parses the command line and runs one command. Everything else lives
//! in the library crates.

mod cli;
mod cmd;
mod context;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: indexing and import allocate heavily, and glibc malloc spent about a quarter of
/// the import's CPU time (measured with perf on 20,000 generated profiles).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    // reqwest (webhooks, the LLM provider) is built without a default TLS provider.
    let _ = rustls::crypto::ring::default_provider().install_default();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SOURCER_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,sourcer=info")),
        )
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: could not start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cmd::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        crate::cli::Cli::command().debug_assert();
    }
}
