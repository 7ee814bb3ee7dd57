//! The pure half of the webhook outbox: which configs an event goes to. A workspace has a
//! handful of configs, so subscriptions are matched in Rust, which keeps the SQL free of
//! backend-specific JSON operators.

use sourcer_store::{OutboxEvent, StoreResult};
use uuid::Uuid;

use crate::codec::{from_json, uuid};

/// A config's id and the events it subscribes to.
pub type Subscription = (Uuid, Vec<String>);

/// Subscriptions from `(id, events)` config rows, `events` being the stored JSON list.
pub fn subscriptions(configs: Vec<(String, String)>) -> StoreResult<Vec<Subscription>> {
    configs
        .into_iter()
        .map(|(id, events)| Ok((uuid(&id)?, from_json::<Vec<String>>(&events)?)))
        .collect()
}

/// The configs that receive `event`: those subscribed to it, narrowed to the one it names if
/// it names one.
pub fn targets<'a>(
    subscriptions: &'a [Subscription],
    event: &'a OutboxEvent,
) -> impl Iterator<Item = Uuid> + 'a {
    subscriptions
        .iter()
        .filter(|(id, subscribed)| {
            event.webhook_id.is_none_or(|only| only == *id) && subscribed.contains(&event.event)
        })
        .map(|(id, _)| *id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(name: &str, webhook_id: Option<Uuid>) -> OutboxEvent {
        OutboxEvent {
            event: name.to_owned(),
            payload: serde_json::Value::Null,
            webhook_id,
        }
    }

    #[test]
    fn an_event_goes_to_subscribed_configs_or_only_the_one_it_names() {
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let subs = vec![
            (a, vec!["x".to_owned(), "y".to_owned()]),
            (b, vec!["x".to_owned()]),
        ];
        let to = |e: &OutboxEvent| targets(&subs, e).collect::<Vec<_>>();
        assert_eq!(to(&event("x", None)), vec![a, b]);
        assert_eq!(to(&event("y", None)), vec![a]);
        assert_eq!(to(&event("x", Some(b))), vec![b]);
        assert_eq!(to(&event("y", Some(b))), Vec::<Uuid>::new());
    }
}
