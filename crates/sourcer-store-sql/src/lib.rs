//! What both SQL backends share: row structs decoded with sqlx's generic `FromRow` (one
//! struct serves SQLite and PostgreSQL because every field type decodes on both), their
//! conversions to `sourcer-store` records, the column lists that match them, and codec
//! helpers.
//!
//! SQL statements stay in each backend: they differ in dialect (placeholders, casts, row
//! locks). This crate must not depend on either backend.

pub mod codec;
pub mod credit;
pub mod job;
pub mod ledger;
pub mod outbox;
pub mod preview;
pub mod profile;
pub mod session;
pub mod tenant;
pub mod webhook;
