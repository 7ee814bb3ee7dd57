//! `sourcer serve` and `sourcer demo`.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use sourcer_engine::feed::IndexFeed;
use sourcer_engine::import::{ImportProgress, import_profiles};
use sourcer_engine::preview::PreviewRunHandler;
use sourcer_engine::runner::{JobHandler, Runner};
use sourcer_engine::session_run::SessionRunHandler;
use sourcer_engine::webhook::Deliverer;
use sourcer_engine::{Config, Engine};
use sourcer_server::AppState;
use sourcer_store::Store;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use crate::cli::DemoArgs;
use crate::cmd::open_all;

/// How often the index follower looks for profiles written by other processes or nodes.
const FOLLOW_EVERY: Duration = Duration::from_secs(1);

pub async fn serve(config: Config, bind: Option<String>) -> anyhow::Result<()> {
    let (store, index) = open_all(&config).await?;
    run_server(config, store, index, bind, None).await
}

async fn run_server(
    config: Config,
    store: Arc<dyn Store>,
    index: sourcer_index::PeopleIndex,
    bind: Option<String>,
    banner: Option<String>,
) -> anyhow::Result<()> {
    let node = Node::start(config, store, index, bind).await?;
    println!("Listening on http://{}", node.address);
    if let Some(banner) = banner {
        println!("{}", banner.replace("{address}", &node.address.to_string()));
    }
    std::io::stdout().flush().ok();
    tokio::spawn(stop_on_signal(node.shutdown.clone()));
    node.wait().await
}

/// A running node: the HTTP server, the job workers and the index follower.
pub struct Node {
    pub address: std::net::SocketAddr,
    pub shutdown: CancellationToken,
    tasks: Vec<tokio::task::JoinHandle<()>>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Node {
    /// Catches the index up with the database, then starts everything.
    pub async fn start(
        config: Config,
        store: Arc<dyn Store>,
        index: sourcer_index::PeopleIndex,
        bind: Option<String>,
    ) -> anyhow::Result<Node> {
        let mut feed = IndexFeed::open(&index)?;
        let caught_up = feed.catch_up(&*store).await?;
        feed.commit()?;
        if caught_up > 0 {
            tracing::info!(profiles = caught_up, "index caught up with the database");
        }
        let bind = bind.unwrap_or_else(|| config.server.bind.clone());
        let engine = Engine::new(store.clone(), index, Arc::new(config))?;
        let shutdown = CancellationToken::new();
        let handlers: Vec<Arc<dyn JobHandler>> = vec![
            Arc::new(SessionRunHandler {
                engine: engine.clone(),
            }),
            Arc::new(PreviewRunHandler {
                engine: engine.clone(),
            }),
        ];
        let runner = Arc::new(Runner::new(
            store.clone(),
            engine.config.jobs.clone(),
            handlers,
            engine.jobs.clone(),
        ));
        let mut tasks = runner.spawn(shutdown.clone());
        tasks.push(tokio::spawn(follow(feed, store, shutdown.clone())));
        tasks.push(Deliverer::new(engine.clone())?.spawn(shutdown.clone()));
        let listener = TcpListener::bind(&bind)
            .await
            .with_context(|| format!("while binding {bind}"))?;
        let address = listener.local_addr()?;
        let state = AppState(Arc::new(engine));
        let server = tokio::spawn(sourcer_server::serve(
            listener,
            state,
            shutdown.clone(),
            Duration::from_secs(10),
        ));
        Ok(Node {
            address,
            shutdown,
            tasks,
            server,
        })
    }

    /// Waits until the server stops (on shutdown), then stops the workers.
    pub async fn wait(self) -> anyhow::Result<()> {
        let served = self.server.await;
        self.shutdown.cancel();
        for task in self.tasks {
            task.await.ok();
        }
        served??;
        Ok(())
    }
}

/// Keeps the index current with profiles other processes write to the database.
async fn follow(mut feed: IndexFeed, store: Arc<dyn Store>, shutdown: CancellationToken) {
    while !shutdown.is_cancelled() {
        match feed
            .catch_up(&*store)
            .await
            .and_then(|n| feed.commit().map(|()| n))
        {
            Ok(0) => {}
            Ok(n) => tracing::info!(profiles = n, "indexed profiles written elsewhere"),
            Err(e) => {
                tracing::error!(error.message = %e, error.cause_chain = ?e, "index follower failed")
            }
        }
        tokio::select! {
            _ = shutdown.cancelled() => break,
            _ = tokio::time::sleep(FOLLOW_EVERY) => {}
        }
    }
}

async fn stop_on_signal(shutdown: CancellationToken) {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    ctrl_c.await.ok();
                    shutdown.cancel();
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    ctrl_c.await.ok();
    shutdown.cancel();
}

/// Workspace, project and credits the demo sets up.
const DEMO_WORKSPACE: &str = "demo";
const DEMO_PROJECT: &str = "First Project";
const DEMO_CREDITS: i64 = 1_000;

pub async fn demo(config: Config, args: DemoArgs) -> anyhow::Result<()> {
    let (store, index) = open_all(&config).await?;
    if store.count_profiles().await? == 0 {
        generate_into(&*store, &index, args.profiles).await?;
    }
    let issued = sourcer_engine::keys::issue_key(&*store, DEMO_WORKSPACE, DEMO_PROJECT).await?;
    let balance = store.credit_balance(issued.workspace.id).await?;
    if balance.available < DEMO_CREDITS {
        let top_up = DEMO_CREDITS - balance.available;
        store
            .grant_credits(issued.workspace.id, top_up, "demo credits", None)
            .await?;
    }
    let banner = demo_banner(&issued.key);
    run_server(config, store, index, args.bind, Some(banner)).await
}

async fn generate_into(
    store: &dyn Store,
    index: &sourcer_index::PeopleIndex,
    count: u64,
) -> anyhow::Result<()> {
    eprintln!("generating and importing {count} demo profiles...");
    let (reader, writer) = std::io::pipe()?;
    let producer = std::thread::spawn(move || {
        let mut out = std::io::BufWriter::with_capacity(1 << 20, writer);
        sourcer_gen::write_jsonl(7, count, &mut out).and_then(|()| out.flush())
    });
    let progress = Arc::new(ImportProgress::default());
    let input = Box::new(std::io::BufReader::with_capacity(1 << 20, reader));
    let mut feed = IndexFeed::open(index)?;
    let started = std::time::Instant::now();
    let report = import_profiles(store, Some(&mut feed), input, progress).await?;
    drop(feed);
    producer
        .join()
        .map_err(|_| anyhow::anyhow!("the generator thread panicked"))??;
    eprintln!(
        "imported {} profiles in {:.1}s",
        report.imported,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn demo_banner(key: &str) -> String {
    format!(
        "API key (workspace {DEMO_WORKSPACE:?}, {DEMO_CREDITS} credits):\n{key}\n\nTry it:\n\
curl -s -X POST http://{{address}}/api/v1/wl/sourcing-session \\\n  -H 'x-fj-api-key: {key}' \\\n  -H 'Content-Type: application/json' \\\n  -d '{{\"sessionTitle\": \"Backend Engineer\", \"jdDetail\": {{\"userText\": \"Senior backend engineer, Python and PostgreSQL, 4-8 years\"}}, \"queries\": {{\"current_employers.title\": {{\"type\": \"IN\", \"value\": [\"Backend Engineer\", \"Software Engineer\"]}}, \"years_of_experience_raw\": {{\"type\": \"RANGE\", \"value\": [3, 10]}}, \"skills\": {{\"type\": \"IN\", \"value\": {{\"mandatory\": [\"Python\"], \"core\": [\"PostgreSQL\", \"Docker\"], \"secondary\": []}}}}}}}}'"
    )
}
