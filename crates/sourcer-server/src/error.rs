//! One error vocabulary for the whole HTTP surface: [`ErrorCode`] is the table of stable
//! machine-readable codes with their HTTP status; [`ApiError`] carries a code, a message and
//! optional details, and renders the FutureJobs envelope
//! `{statusCode, data: null, message, status: "ERROR", code, errors?}` by default. The
//! preview and webhook routes re-render it in the InstaView envelope (see `envelope`).
//!
//! 5xx bodies say only "internal error" and the request id; the cause chain is logged once.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// Stable error codes. Clients match on these, never on messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    InvalidJson,
    InvalidRequest,
    InvalidQuery,
    NoProfilesMatch,
    InvalidApiKey,
    InsufficientCredits,
    NotFound,
    RequestNotFound,
    MethodNotAllowed,
    Conflict,
    PayloadTooLarge,
    UnsupportedMediaType,
    SkillsRequired,
    InvalidLinkedinUrl,
    WebhookNotSubscribed,
    UnsafeWebhookUrl,
    RateLimited,
    Internal,
}

impl ErrorCode {
    pub fn status(self) -> StatusCode {
        match self {
            ErrorCode::InvalidJson
            | ErrorCode::InvalidRequest
            | ErrorCode::InvalidQuery
            | ErrorCode::NoProfilesMatch => StatusCode::BAD_REQUEST,
            ErrorCode::InvalidApiKey => StatusCode::UNAUTHORIZED,
            ErrorCode::InsufficientCredits => StatusCode::PAYMENT_REQUIRED,
            ErrorCode::NotFound | ErrorCode::RequestNotFound => StatusCode::NOT_FOUND,
            ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::Conflict => StatusCode::CONFLICT,
            ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::SkillsRequired
            | ErrorCode::InvalidLinkedinUrl
            | ErrorCode::WebhookNotSubscribed
            | ErrorCode::UnsafeWebhookUrl => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::InvalidRequest => "invalid_request",
            ErrorCode::InvalidQuery => "invalid_query",
            ErrorCode::NoProfilesMatch => "no_profiles_match",
            ErrorCode::InvalidApiKey => "invalid_api_key",
            ErrorCode::InsufficientCredits => "insufficient_credits",
            ErrorCode::NotFound => "not_found",
            ErrorCode::RequestNotFound => "REQUEST_NOT_FOUND",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::Conflict => "conflict",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::SkillsRequired => "skills_required",
            ErrorCode::InvalidLinkedinUrl => "invalid_linkedin_url",
            ErrorCode::WebhookNotSubscribed => "webhook_not_subscribed",
            ErrorCode::UnsafeWebhookUrl => "unsafe_webhook_url",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Internal => "internal_error",
        }
    }
}

/// An error answered to a client.
#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// Machine-readable details (e.g. the per-problem list of a bad query).
    pub details: Option<Value>,
    /// The cause of a 5xx, logged by the middleware and never sent.
    pub cause: Option<std::sync::Arc<anyhow::Error>>,
}

/// Result type of handlers.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            details: None,
            cause: None,
        }
    }

    pub fn with_details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }

    pub fn internal(cause: anyhow::Error) -> Self {
        Self {
            code: ErrorCode::Internal,
            message: "internal error".into(),
            details: None,
            cause: Some(std::sync::Arc::new(cause)),
        }
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} not found"))
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidRequest, message)
    }

    pub fn unauthorized() -> Self {
        Self::new(ErrorCode::InvalidApiKey, "Invalid or missing API key")
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(cause: anyhow::Error) -> Self {
        Self::internal(cause)
    }
}

/// The error as the middleware sees it after the handler returns (response extension).
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    pub code: ErrorCode,
    pub message: String,
    pub details: Option<Value>,
    pub cause: Option<std::sync::Arc<anyhow::Error>>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.code.status();
        let mut body = json!({
            "statusCode": status.as_u16(),
            "data": null,
            "message": self.message,
            "status": "ERROR",
            "code": self.code.as_str(),
        });
        if let Some(details) = &self.details {
            body["errors"] = details.clone();
        }
        let mut response = (status, axum::Json(body)).into_response();
        response.extensions_mut().insert(ErrorInfo {
            code: self.code,
            message: self.message,
            details: self.details,
            cause: self.cause,
        });
        response
    }
}

impl From<sourcer_engine::EngineError> for ApiError {
    fn from(e: sourcer_engine::EngineError) -> Self {
        use sourcer_engine::EngineError as E;
        let message = e.to_string();
        match e {
            E::InvalidQuery(problems) => {
                let skills_only = problems
                    .iter()
                    .all(|p| p.code.as_str() == "skills_required");
                let code = if skills_only {
                    ErrorCode::SkillsRequired
                } else {
                    ErrorCode::InvalidQuery
                };
                ApiError::new(code, message)
                    .with_details(serde_json::to_value(&problems).unwrap_or_default())
            }
            E::InvalidInput(_) => ApiError::new(ErrorCode::InvalidRequest, message),
            E::NoProfilesMatch => ApiError::new(ErrorCode::NoProfilesMatch, message),
            E::InsufficientCredits {
                available,
                required,
            } => ApiError::new(ErrorCode::InsufficientCredits, message)
                .with_details(json!({"available": available, "required": required})),
            E::NotFound(_) => ApiError::new(ErrorCode::NotFound, message),
            E::Conflict(_) => ApiError::new(ErrorCode::Conflict, message),
            E::InvalidLinkedinUrl(_) => ApiError::new(ErrorCode::InvalidLinkedinUrl, message),
            E::WebhookNotSubscribed(_) => ApiError::new(ErrorCode::WebhookNotSubscribed, message),
            E::UnsafeWebhookUrl(_) => ApiError::new(ErrorCode::UnsafeWebhookUrl, message),
            E::Internal(cause) => ApiError::internal(cause),
        }
    }
}

impl From<sourcer_store::StoreError> for ApiError {
    fn from(e: sourcer_store::StoreError) -> Self {
        sourcer_engine::EngineError::from(e).into()
    }
}
