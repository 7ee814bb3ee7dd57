//! Outgoing webhooks: per-workspace configs (InstaView W1-W7), event names, Standard Webhooks
//! signing, SSRF guards, and the delivery worker that drains the outbox.
//!
//! Events are written to the outbox by the store method whose transaction caused them
//! (`complete_preview`, `complete_session_run`, ...); [`deliver::Deliverer`] claims due
//! deliveries with a lease, POSTs `{event, timestamp, deliveryId, data}` signed with the
//! config's secret, records every attempt, and schedules retries on the configured
//! Svix-like backoff until the config's retry budget is spent. Consecutive failures open a
//! config's circuit (the store deactivates it) until `reset-circuit`.

pub mod config;
pub mod deliver;
pub mod events;
pub mod sign;
pub mod ssrf;

pub use config::{NewWebhook, WebhookUpdate};
pub use deliver::{Deliverer, PingResult, deliver_due};
