//! Webhook event names: the canonical UPPER_SNAKE names stored and sent, and the spellings
//! accepted on input (InstaView's docs use both `SOURCING_COMPLETED` and `sourcing.completed`).

use crate::session_run::{SESSION_COMPLETED, SESSION_FAILED};

/// A preview (or, later, full) sourcing run completed; `data` carries its candidates.
pub const SOURCING_COMPLETED: &str = "SOURCING_COMPLETED";
/// A sourcing run failed; `data` carries `errorCode` and `errorMessage`.
pub const SOURCING_FAILED: &str = "SOURCING_FAILED";
/// The test event sent by `POST /webhooks/{id}/test`.
pub const PING: &str = "PING";

/// Every event a config may subscribe to, in documentation order.
pub const EVENTS: [&str; 5] = [
    SOURCING_COMPLETED,
    SOURCING_FAILED,
    SESSION_COMPLETED,
    SESSION_FAILED,
    PING,
];

/// The canonical name of an event as a client may spell it: `SOURCING_COMPLETED`,
/// `sourcing.completed`, `sourcing_completed` or `Sourcing.Completed` all name the same event.
/// `None` for an event Sourcer never emits.
pub fn canonical_event(name: &str) -> Option<&'static str> {
    let upper = name.trim().replace(['.', '-'], "_").to_ascii_uppercase();
    EVENTS.iter().copied().find(|event| *event == upper)
}

/// Whether a run that may complete or fail can notify this subscription list.
pub fn subscribes_to_sourcing(events: &[String]) -> bool {
    events
        .iter()
        .any(|e| e == SOURCING_COMPLETED || e == SOURCING_FAILED)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_and_upper_snake_spellings_name_the_same_event() {
        assert_eq!(
            canonical_event("sourcing.completed"),
            Some(SOURCING_COMPLETED)
        );
        assert_eq!(canonical_event("SOURCING_FAILED"), Some(SOURCING_FAILED));
        assert_eq!(canonical_event(" ping "), Some(PING));
        assert_eq!(
            canonical_event("session.completed"),
            Some(SESSION_COMPLETED)
        );
    }

    #[test]
    fn events_sourcer_never_emits_are_unknown() {
        assert_eq!(canonical_event("interview.started"), None);
        assert_eq!(canonical_event(""), None);
        assert_eq!(canonical_event("SOURCING"), None);
    }

    #[test]
    fn only_sourcing_events_let_a_run_notify_a_config() {
        assert!(subscribes_to_sourcing(&["SOURCING_FAILED".into()]));
        assert!(!subscribes_to_sourcing(&[
            "PING".into(),
            "SESSION_COMPLETED".into()
        ]));
    }
}
