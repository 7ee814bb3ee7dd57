//! Parsing a `queries` JSON object into a [`Query`], collecting every problem.

use serde_json::{Map, Value};

use super::{
    Condition, Distance, FilterKey, MoneyBucket, Op, ProblemCode, Query, QueryProblem,
    RecencyBucket, Skills, TenureBucket, ValueKind, Values,
};
use crate::text::strip_accents;

/// Most values one condition may list.
pub const MAX_VALUES: usize = 200;
/// Longest value, in characters.
pub const MAX_VALUE_LEN: usize = 300;

type Problems = Vec<QueryProblem>;

pub(super) fn parse_query(value: &Value) -> Result<Query, Problems> {
    let Some(object) = value.as_object() else {
        return Err(vec![QueryProblem::new(
            "",
            ProblemCode::NotAnObject,
            "queries must be a JSON object mapping filter keys to {type, value}",
        )]);
    };
    let mut query = Query::default();
    let mut problems = Vec::new();
    let mut saw_skills = false;
    for (key, entry) in object {
        let Some((op_text, raw)) = split_entry(key, entry, &mut problems) else {
            continue;
        };
        match key.as_str() {
            "skills" => {
                saw_skills = true;
                if let Some(skills) = parse_skills(key, op_text, raw, &mut problems) {
                    query.skills = skills;
                }
            }
            "geo_distance" => query.geo_distance = parse_distance(key, op_text, raw, &mut problems),
            "allowFallback" => {
                query.allow_fallback = parse_flag(key, op_text, &["NA", "="], raw, &mut problems)
            }
            "search_other_regions" => {
                query.search_other_regions =
                    parse_flag(key, op_text, &["IN", "="], raw, &mut problems)
            }
            _ => match FilterKey::parse(key) {
                Some(filter_key) => {
                    if let Some(c) = parse_condition(key, filter_key, op_text, raw, &mut problems) {
                        query.conditions.push(c);
                    }
                }
                None => problems.push(unknown_key(key)),
            },
        }
    }
    if query.skills.total() == 0 && !problems.iter().any(|p| p.key == "skills") {
        let message = if saw_skills {
            "at least one skill must be provided in mandatory, core, or secondary"
        } else {
            "the skills filter is required: give at least one skill in mandatory, core, or secondary"
        };
        problems.push(QueryProblem::new(
            "skills",
            ProblemCode::SkillsRequired,
            message,
        ));
    }
    if query.geo_distance.is_some() && !has_place(&query) {
        problems.push(QueryProblem::new(
            "geo_distance",
            ProblemCode::InvalidValue,
            "geo_distance needs a place to measure from: add region (or country_region) with IN",
        ));
    }
    // Canonical order, so that a query and its rendering compare equal.
    query.conditions.sort_by_key(|c| (c.key, c.op));
    if problems.is_empty() {
        Ok(query)
    } else {
        Err(problems)
    }
}

fn has_place(query: &Query) -> bool {
    use super::ProfileField::{CountryRegion, Region};
    query
        .conditions
        .iter()
        .any(|c| matches!(c.key, FilterKey::Profile(Region | CountryRegion)) && !c.op.is_negated())
}

fn split_entry<'a>(
    key: &str,
    entry: &'a Value,
    problems: &mut Problems,
) -> Option<(&'a str, &'a Value)> {
    let shape = || {
        QueryProblem::new(
            key,
            ProblemCode::InvalidValue,
            "each filter must be an object {\"type\": <operator>, \"value\": <values>}",
        )
    };
    let Some(obj) = entry.as_object() else {
        problems.push(shape());
        return None;
    };
    match (obj.get("type").and_then(Value::as_str), obj.get("value")) {
        (Some(op), Some(value)) => Some((op, value)),
        _ => {
            problems.push(shape());
            None
        }
    }
}

fn unknown_key(key: &str) -> QueryProblem {
    let valid = FilterKey::all_key_names();
    let suggestion = valid
        .iter()
        .map(|k| {
            let whole = strsim::normalized_damerau_levenshtein(key, k);
            let tail = k
                .rsplit('.')
                .next()
                .map_or(0.0, |t| strsim::normalized_damerau_levenshtein(key, t));
            (whole.max(tail * 0.95), k)
        })
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k.clone());
    let hint = suggestion
        .as_ref()
        .map(|s| format!("; did you mean \"{s}\"?"))
        .unwrap_or_default();
    QueryProblem {
        key: key.to_string(),
        code: ProblemCode::UnknownKey,
        message: format!("unknown filter key \"{key}\"{hint}"),
        allowed: valid,
        did_you_mean: suggestion,
    }
}

fn op_not_allowed(key: &str, op_text: &str, allowed: &[&str]) -> QueryProblem {
    let mut p = QueryProblem::new(
        key,
        ProblemCode::OperatorNotAllowed,
        format!(
            "operator \"{op_text}\" is not allowed here; use one of: {}",
            allowed.join(", ")
        ),
    );
    p.allowed = allowed.iter().map(|s| s.to_string()).collect();
    p
}

fn parse_condition(
    key: &str,
    filter_key: FilterKey,
    op_text: &str,
    raw: &Value,
    problems: &mut Problems,
) -> Option<Condition> {
    let kind = filter_key.kind();
    let allowed: Vec<&str> = kind.allowed_ops().iter().map(|o| o.as_str()).collect();
    let op = match Op::parse(op_text) {
        Some(op) if kind.allowed_ops().contains(&op) => op,
        _ => {
            problems.push(op_not_allowed(key, op_text, &allowed));
            return None;
        }
    };
    let values = match kind {
        ValueKind::Number => parse_range(key, raw, problems)?,
        ValueKind::Text | ValueKind::LongText | ValueKind::Place | ValueKind::Categorical(_) => {
            let texts = parse_strings(key, raw, problems)?;
            if matches!(op, Op::Contains | Op::NotContains) {
                for t in &texts {
                    if let Err(e) = compile_pattern(t) {
                        problems.push(QueryProblem::new(
                            key,
                            ProblemCode::InvalidPattern,
                            format!("pattern {t:?}: {e}"),
                        ));
                        return None;
                    }
                }
            }
            Values::Texts(texts)
        }
        ValueKind::Tenure => {
            let labels: Vec<&str> = super::TENURE_BUCKETS.iter().map(|b| b.label).collect();
            Values::Tenure(parse_labels(
                key,
                raw,
                TenureBucket::parse,
                &labels.join(", "),
                problems,
            )?)
        }
        ValueKind::Money => Values::Money(parse_labels(
            key,
            raw,
            MoneyBucket::parse,
            "under_1, 1_10, 10_50, 50_500, over_500 (USD millions)",
            problems,
        )?),
        ValueKind::Recency => Values::Recency(parse_labels(
            key,
            raw,
            RecencyBucket::parse,
            "3m, 6m, 12m, 24m",
            problems,
        )?),
    };
    Some(Condition {
        key: filter_key,
        op,
        values,
    })
}

fn parse_strings(key: &str, raw: &Value, problems: &mut Problems) -> Option<Vec<String>> {
    let Some(items) = raw.as_array() else {
        problems.push(QueryProblem::new(
            key,
            ProblemCode::InvalidValue,
            "value must be an array of strings",
        ));
        return None;
    };
    if items.is_empty() {
        problems.push(QueryProblem::new(
            key,
            ProblemCode::EmptyValue,
            "value must list at least one string",
        ));
        return None;
    }
    if items.len() > MAX_VALUES {
        problems.push(QueryProblem::new(
            key,
            ProblemCode::TooManyValues,
            format!("at most {MAX_VALUES} values are allowed"),
        ));
        return None;
    }
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let Some(text) = item.as_str() else {
            problems.push(QueryProblem::new(
                key,
                ProblemCode::InvalidValue,
                format!("value must be an array of strings; found {item}"),
            ));
            return None;
        };
        let text = text.trim();
        if text.is_empty() || !text.chars().any(char::is_alphanumeric) {
            problems.push(QueryProblem::new(
                key,
                ProblemCode::EmptyValue,
                format!("value {text:?} has no letters or digits"),
            ));
            return None;
        }
        if text.chars().count() > MAX_VALUE_LEN {
            problems.push(QueryProblem::new(
                key,
                ProblemCode::ValueTooLong,
                format!("values are limited to {MAX_VALUE_LEN} characters"),
            ));
            return None;
        }
        out.push(text.to_string());
    }
    Some(out)
}

fn parse_labels<T>(
    key: &str,
    raw: &Value,
    parse: impl Fn(&str) -> Option<T>,
    valid: &str,
    problems: &mut Problems,
) -> Option<Vec<T>> {
    let texts = parse_strings(key, raw, problems)?;
    let mut out = Vec::with_capacity(texts.len());
    for t in texts {
        match parse(&t) {
            Some(v) => out.push(v),
            None => {
                problems.push(QueryProblem::new(
                    key,
                    ProblemCode::InvalidValue,
                    format!("unknown value {t:?}; expected one of: {valid}"),
                ));
                return None;
            }
        }
    }
    Some(out)
}

fn parse_range(key: &str, raw: &Value, problems: &mut Problems) -> Option<Values> {
    let bound = |v: &Value| -> Result<Option<f64>, ()> {
        match v {
            Value::Null => Ok(None),
            Value::Number(n) => n.as_f64().filter(|f| f.is_finite()).map(Some).ok_or(()),
            Value::String(s) if s.trim().is_empty() => Ok(None),
            Value::String(s) => s
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .map(Some)
                .ok_or(()),
            _ => Err(()),
        }
    };
    let shape = || {
        QueryProblem::new(
            key,
            ProblemCode::InvalidValue,
            "RANGE value must be [min, max] with numbers (either may be null)",
        )
    };
    let Some([lo, hi]) = raw
        .as_array()
        .map(Vec::as_slice)
        .and_then(|a| <&[Value; 2]>::try_from(a).ok())
    else {
        problems.push(shape());
        return None;
    };
    let (Ok(min), Ok(max)) = (bound(lo), bound(hi)) else {
        problems.push(shape());
        return None;
    };
    if let (Some(a), Some(b)) = (min, max)
        && a > b
    {
        problems.push(QueryProblem::new(
            key,
            ProblemCode::InvalidRange,
            format!("RANGE min {a} is greater than max {b}"),
        ));
        return None;
    }
    if min.is_none() && max.is_none() {
        problems.push(QueryProblem::new(
            key,
            ProblemCode::EmptyValue,
            "RANGE needs at least one bound",
        ));
        return None;
    }
    Some(Values::Range { min, max })
}

fn parse_skills(key: &str, op_text: &str, raw: &Value, problems: &mut Problems) -> Option<Skills> {
    if Op::parse(op_text) != Some(Op::In) {
        problems.push(op_not_allowed(key, op_text, &["IN"]));
        return None;
    }
    let shape = || {
        QueryProblem::new(
            key,
            ProblemCode::InvalidValue,
            "skills value must be an object {\"mandatory\": [...], \"core\": [...], \"secondary\": [...]}",
        )
    };
    let Some(obj) = raw.as_object() else {
        problems.push(shape());
        return None;
    };
    let mut skills = Skills::default();
    for (bucket, target) in [
        ("mandatory", &mut skills.mandatory),
        ("core", &mut skills.core),
        ("secondary", &mut skills.secondary),
    ] {
        match obj.get(bucket) {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) if items.is_empty() => {}
            Some(list) => *target = parse_strings(&format!("{key}.{bucket}"), list, problems)?,
        }
    }
    if let Some(extra) = obj
        .keys()
        .find(|k| !["mandatory", "core", "secondary"].contains(&k.as_str()))
    {
        problems.push(QueryProblem::new(
            key,
            ProblemCode::InvalidValue,
            format!("unknown skills list \"{extra}\"; use mandatory, core or secondary"),
        ));
        return None;
    }
    Some(skills)
}

fn parse_distance(
    key: &str,
    op_text: &str,
    raw: &Value,
    problems: &mut Problems,
) -> Option<Distance> {
    if !matches!(Op::parse(op_text), Some(Op::Eq | Op::In)) {
        problems.push(op_not_allowed(key, op_text, &["="]));
        return None;
    }
    let texts = parse_strings(key, raw, problems)?;
    match texts.as_slice() {
        [one] => Distance::parse(one).or_else(|| {
            problems.push(QueryProblem::new(
                key,
                ProblemCode::InvalidValue,
                format!(
                    "unknown distance {one:?}; write e.g. \"50_km\" or \"30_mi\", at most 1000 km"
                ),
            ));
            None
        }),
        _ => {
            problems.push(QueryProblem::new(
                key,
                ProblemCode::InvalidValue,
                "geo_distance takes exactly one distance",
            ));
            None
        }
    }
}

fn parse_flag(
    key: &str,
    op_text: &str,
    ops: &[&str],
    raw: &Value,
    problems: &mut Problems,
) -> Option<bool> {
    if !ops.iter().any(|o| o.eq_ignore_ascii_case(op_text.trim())) {
        problems.push(op_not_allowed(key, op_text, ops));
        return None;
    }
    let flag = |v: &Value| match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        _ => None,
    };
    match raw.as_array().map(Vec::as_slice) {
        Some([one]) if flag(one).is_some() => flag(one),
        _ => {
            problems.push(QueryProblem::new(
                key,
                ProblemCode::InvalidValue,
                "value must be [true] or [false]",
            ));
            None
        }
    }
}

/// Compiles a `(.)` pattern: a case-insensitive regular expression matched anywhere in the
/// folded value. A pattern that is not a valid regular expression (`C++`) is matched as a
/// literal substring. Accents are stripped so the pattern agrees with folded text.
pub fn compile_pattern(pattern: &str) -> Result<regex::Regex, String> {
    let stripped = strip_accents(pattern.trim());
    let build = |source: &str| {
        regex::RegexBuilder::new(source)
            .case_insensitive(true)
            .size_limit(1 << 20)
            .dfa_size_limit(1 << 20)
            .build()
    };
    match build(&stripped) {
        Ok(re) => Ok(re),
        Err(regex::Error::CompiledTooBig(_)) => Err("the regular expression is too large".into()),
        Err(_) => build(&regex::escape(&stripped)).map_err(|e| e.to_string()),
    }
}

/// Used by render to keep unknown object layouts stable.
pub(super) fn object_of(entries: Vec<(String, Value)>) -> Value {
    Value::Object(entries.into_iter().collect::<Map<String, Value>>())
}

#[cfg(test)]
mod tests;
