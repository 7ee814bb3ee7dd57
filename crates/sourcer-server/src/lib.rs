//! The HTTP API: the FutureJobs white-label sourcing API under `/api/v1/wl` and the
//! InstaView-style preview and webhook API under `/api/v1`. Handlers are thin: they parse
//! input into domain types, call one engine use case or store read, and render the vendors'
//! envelopes. Errors are one vocabulary (`error`), rendered per API family (`middleware`).
//!
//! Depends on the engine and the store traits; never on a concrete database backend.

pub mod auth;
pub mod envelope;
pub mod error;
pub mod extract;
pub mod middleware;
pub mod routes;
pub mod time;
pub mod view;

use std::net::SocketAddr;
use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::header::HeaderName;
use axum::routing::get;
use serde_json::json;
use sourcer_engine::Engine;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

/// Handler state: the engine. Cheap to clone.
#[derive(Clone)]
pub struct AppState(pub Arc<Engine>);

impl Deref for AppState {
    type Target = Engine;

    fn deref(&self) -> &Engine {
        &self.0
    }
}

/// The whole API as a router (tests drive it directly or through a socket).
pub fn app(state: AppState) -> Router {
    let config = state.config.clone();
    let wl = Router::new()
        .merge(routes::session::router())
        .merge(routes::candidate::router())
        .merge(routes::contact::router())
        .merge(routes::filters::router());
    let instaview = Router::new()
        .merge(routes::preview::router())
        .merge(routes::webhook::router())
        .layer(axum::middleware::from_fn(middleware::instaview_errors));
    Router::new()
        .nest("/api/v1/wl", wl)
        .nest("/api/v1", instaview)
        .route("/health", get(health))
        .fallback(middleware::route_not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(CatchPanicLayer::custom(middleware::panic_response))
        .layer(axum::middleware::from_fn(middleware::log_errors))
        .layer(DefaultBodyLimit::max(config.server.body_limit_bytes))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(config.server.request_timeout_secs.max(1)),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("x-powered-by"),
            middleware::powered_by(),
        ))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

async fn health(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> axum::Json<serde_json::Value> {
    axum::Json(json!({"status": "ok", "profiles": state.index.num_profiles()}))
}

async fn method_not_allowed() -> error::ApiError {
    error::ApiError::new(
        error::ErrorCode::MethodNotAllowed,
        "method not allowed on this route",
    )
}

/// Serves `app` on `listener` until `shutdown` is cancelled; in-flight requests get
/// `grace` to finish.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: CancellationToken,
    grace: Duration,
) -> std::io::Result<()> {
    let router = app(state).into_make_service_with_connect_info::<SocketAddr>();
    let stopping = shutdown.clone();
    let server = axum::serve(listener, router)
        .with_graceful_shutdown(async move { stopping.cancelled().await });
    let mut server = tokio::spawn(async move { server.await });
    tokio::select! {
        finished = &mut server => return finished.map_err(std::io::Error::other)?,
        _ = shutdown.cancelled() => {}
    }
    match tokio::time::timeout(grace, server).await {
        Ok(joined) => joined.map_err(std::io::Error::other)?,
        Err(_) => {
            tracing::warn!("shutdown grace period over; dropping open connections");
            Ok(())
        }
    }
}
