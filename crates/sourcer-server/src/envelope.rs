//! The FutureJobs success envelope `{statusCode, data, message, status: "SUCCESS"}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// A successful FutureJobs-style response.
pub struct Fj {
    pub status: StatusCode,
    pub data: Value,
    pub message: &'static str,
}

impl Fj {
    pub fn ok(data: Value, message: &'static str) -> Fj {
        Fj {
            status: StatusCode::OK,
            data,
            message,
        }
    }

    pub fn created(data: Value, message: &'static str) -> Fj {
        Fj {
            status: StatusCode::CREATED,
            data,
            message,
        }
    }
}

impl IntoResponse for Fj {
    fn into_response(self) -> Response {
        let body = json!({
            "statusCode": self.status.as_u16(),
            "data": self.data,
            "message": self.message,
            "status": "SUCCESS",
        });
        (self.status, axum::Json(body)).into_response()
    }
}
