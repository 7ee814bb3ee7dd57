//! Rendering a [`Query`] back into the `queries` JSON shape clients send.

use serde_json::{Value, json};

use super::parse::object_of;
use super::{Condition, FilterKey, Query, Scope, Values};

pub(super) fn render_query(query: &Query) -> Value {
    let mut entries: Vec<(String, Value)> = Vec::new();
    for condition in &query.conditions {
        let mut key = condition.key.to_string();
        if entries.iter().any(|(k, _)| *k == key)
            && let FilterKey::Employer(Scope::Current, field) = condition.key
            && field.has_top_level_alias()
        {
            key = field.name().to_string();
        }
        entries.push((key, render_condition(condition)));
    }
    let s = &query.skills;
    entries.push((
        "skills".into(),
        json!({"type": "IN", "value": {"mandatory": s.mandatory, "core": s.core, "secondary": s.secondary}}),
    ));
    if let Some(d) = &query.geo_distance {
        entries.push((
            "geo_distance".into(),
            json!({"type": "=", "value": [d.label]}),
        ));
    }
    if let Some(flag) = query.allow_fallback {
        entries.push((
            "allowFallback".into(),
            json!({"type": "NA", "value": [flag]}),
        ));
    }
    if let Some(flag) = query.search_other_regions {
        entries.push((
            "search_other_regions".into(),
            json!({"type": "IN", "value": [flag.to_string()]}),
        ));
    }
    object_of(entries)
}

fn render_condition(condition: &Condition) -> Value {
    let value = match &condition.values {
        Values::Texts(texts) => json!(texts),
        Values::Range { min, max } => json!([min, max]),
        Values::Tenure(b) => json!(b.iter().map(|b| b.label).collect::<Vec<_>>()),
        Values::Money(b) => json!(b.iter().map(|b| &b.label).collect::<Vec<_>>()),
        Values::Recency(b) => json!(b.iter().map(|b| &b.label).collect::<Vec<_>>()),
    };
    json!({"type": condition.op.as_str(), "value": value})
}
