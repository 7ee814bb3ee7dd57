//! Cross-cutting response handling: the request id on every response, logging each error
//! once (5xx with its cause chain), hiding 5xx details behind the request id, the InstaView
//! envelope for the preview and webhook routes, and turning panics into 500s.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::error::{ApiError, ErrorCode, ErrorInfo};

pub const REQUEST_ID: &str = "x-request-id";

fn request_id(req: &Request) -> String {
    req.headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// Logs errors and replaces 5xx bodies with a generic message carrying the request id.
pub async fn log_errors(req: Request, next: Next) -> Response {
    let id = request_id(&req);
    let (method, path) = (req.method().clone(), req.uri().path().to_string());
    let mut response = next.run(req).await;
    let Some(info) = response.extensions().get::<ErrorInfo>().cloned() else {
        return response;
    };
    match &info.cause {
        Some(cause) => tracing::error!(
            request.id = %id, http.method = %method, http.path = %path,
            error.message = %cause, error.cause_chain = ?cause, "request failed"
        ),
        None => tracing::debug!(
            request.id = %id, http.method = %method, http.path = %path,
            error.code = info.code.as_str(), "request rejected"
        ),
    }
    if info.code == ErrorCode::Internal {
        let status = StatusCode::INTERNAL_SERVER_ERROR;
        let message = format!("internal error (request id {id})");
        let body = if is_instaview(&path) {
            json!({
                "success": false, "data": null, "requestId": id,
                "error": {"code": "INTERNAL_ERROR", "message": message, "details": null},
                "timestamp": crate::time::now_rfc3339(),
            })
        } else {
            json!({
                "statusCode": 500, "data": null, "status": "ERROR", "code": info.code.as_str(),
                "message": message, "requestId": id,
            })
        };
        let mut fresh = (status, axum::Json(body)).into_response();
        fresh.extensions_mut().insert(info);
        response = fresh;
    }
    response
}

/// The preview and webhook routes answer in the InstaView envelope.
fn is_instaview(path: &str) -> bool {
    path.starts_with("/api/v1/sourcing") || path.starts_with("/api/v1/webhooks")
}

/// Re-renders errors in the InstaView envelope
/// `{success: false, data: null, error: {code, message, details}, timestamp}`.
pub async fn instaview_errors(req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    let Some(info) = response.extensions().get::<ErrorInfo>().cloned() else {
        return response;
    };
    let status = response.status();
    let code = match info.code {
        ErrorCode::NotFound => "RESOURCE_NOT_FOUND".to_string(),
        other => other.as_str().to_ascii_uppercase(),
    };
    let body = json!({
        "success": false,
        "data": null,
        "error": { "code": code, "message": info.message, "details": info.details },
        "timestamp": crate::time::now_rfc3339(),
    });
    let mut fresh = (status, axum::Json(body)).into_response();
    copy_header(&response, &mut fresh, REQUEST_ID);
    copy_header(&response, &mut fresh, "retry-after");
    fresh.extensions_mut().insert(info);
    fresh
}

fn copy_header(from: &Response, to: &mut Response, name: &'static str) {
    if let Some(v) = from.headers().get(name) {
        to.headers_mut().insert(name, v.clone());
    }
}

/// Turns a panic in a handler into a 500 with our envelope (the panic message is logged).
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    let message = panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "panic".into());
    ApiError::internal(anyhow::anyhow!("handler panicked: {message}")).into_response()
}

/// Answers unknown routes with the envelope.
pub async fn route_not_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "route not found")
}

/// `X-Powered-By`, as FutureJobs sends it.
pub fn powered_by() -> HeaderValue {
    HeaderValue::from_static("Sourcer")
}

#[cfg(test)]
mod tests {
    use axum::Router;
    use axum::body::{Body, to_bytes};
    use axum::http::Request;
    use axum::routing::get;
    use serde_json::Value;
    use tower::ServiceExt;

    use super::*;

    async fn failing() -> ApiError {
        ApiError::internal(anyhow::anyhow!("secret database detail"))
    }

    async fn body_of(router: Router, path: &str) -> (StatusCode, Value) {
        let request = Request::get(path)
            .header(REQUEST_ID, "req-42")
            .body(Body::empty())
            .unwrap();
        let response = router.oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = to_bytes(response.into_body(), 1 << 20).await.unwrap();
        (status, serde_json::from_slice(&bytes).unwrap())
    }

    #[tokio::test]
    async fn internal_errors_hide_their_cause_behind_the_request_id() {
        let router = Router::new()
            .route("/api/v1/wl/boom", get(failing))
            .route("/api/v1/sourcing/boom", get(failing))
            .layer(axum::middleware::from_fn(log_errors));
        let (status, fj) = body_of(router.clone(), "/api/v1/wl/boom").await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(fj["status"], "ERROR");
        assert_eq!(fj["message"], "internal error (request id req-42)");
        assert!(!fj.to_string().contains("secret"));
        let (_, iv) = body_of(router, "/api/v1/sourcing/boom").await;
        assert_eq!(iv["success"], false);
        assert_eq!(iv["error"]["code"], "INTERNAL_ERROR");
        assert!(!iv.to_string().contains("secret"));
    }

    #[tokio::test]
    async fn panics_become_500s_with_the_envelope() {
        async fn panicking() -> &'static str {
            panic!("boom")
        }
        let router = Router::new()
            .route("/api/v1/wl/panic", get(panicking))
            .layer(tower_http::catch_panic::CatchPanicLayer::custom(
                panic_response,
            ))
            .layer(axum::middleware::from_fn(log_errors));
        let (status, body) = body_of(router, "/api/v1/wl/panic").await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(body["code"], "internal_error");
        assert_eq!(body["message"], "internal error (request id req-42)");
    }
}
