//! The filter language of the sourcing API (`queries` in FutureJobs sessions).
//!
//! A `queries` JSON object is parsed once, at the edge, into a [`Query`]: typed conditions
//! plus the special keys (`skills`, `geo_distance`, `allowFallback`,
//! `search_other_regions`). Every problem is reported at once, each with its key and a
//! stable code (see [`QueryProblem`]). docs/queries.md describes the semantics; the index
//! and the brute-force evaluator implement them.

mod bucket;
mod key;
mod parse;
mod relax;
mod render;

use serde::Serialize;

pub use bucket::{Distance, MoneyBucket, RecencyBucket, TENURE_BUCKETS, TenureBucket};
pub use key::{
    CategoricalKind, EmployerField, FilterKey, ProfileField, SPECIAL_KEYS, Scope, ValueKind,
};
pub use parse::{MAX_VALUE_LEN, MAX_VALUES, compile_pattern};
pub use relax::{Relaxation, RelaxationStep};

/// A comparison operator as written in `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Op {
    /// `IN`: any of the values.
    In,
    /// `NOT_IN`: none of the values.
    NotIn,
    /// `=`: equal to any of the values.
    Eq,
    /// `(.)`: matches any of the regular expressions / substrings.
    Contains,
    /// `(!)`: matches none of the regular expressions / substrings.
    NotContains,
    /// `RANGE`: `[min, max]`, inclusive.
    Range,
}

impl Op {
    pub fn parse(text: &str) -> Option<Op> {
        Some(match text.trim().to_ascii_uppercase().as_str() {
            "IN" => Op::In,
            "NOT_IN" | "NOT IN" | "NIN" => Op::NotIn,
            "=" | "==" | "EQ" => Op::Eq,
            "(.)" => Op::Contains,
            "(!)" => Op::NotContains,
            "RANGE" => Op::Range,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Op::In => "IN",
            Op::NotIn => "NOT_IN",
            Op::Eq => "=",
            Op::Contains => "(.)",
            Op::NotContains => "(!)",
            Op::Range => "RANGE",
        }
    }

    /// True for the exclusion operators: the person must have no value that matches.
    pub fn is_negated(self) -> bool {
        matches!(self, Op::NotIn | Op::NotContains)
    }
}

/// The values of one condition, typed by the key's [`ValueKind`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Values {
    /// Strings for text, place and categorical keys, as the client wrote them (trimmed).
    Texts(Vec<String>),
    /// `[min, max]`, inclusive; a missing bound is open.
    Range {
        min: Option<f64>,
        max: Option<f64>,
    },
    Tenure(Vec<TenureBucket>),
    Money(Vec<MoneyBucket>),
    Recency(Vec<RecencyBucket>),
}

/// One filter condition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Condition {
    pub key: FilterKey,
    pub op: Op,
    pub values: Values,
}

/// The three skill lists of the `skills` key, as written by the client.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Skills {
    /// Every one must be present.
    pub mandatory: Vec<String>,
    /// Optional; each one present raises the rank.
    pub core: Vec<String>,
    /// Optional; raise the rank less than core skills.
    pub secondary: Vec<String>,
}

impl Skills {
    pub fn total(&self) -> usize {
        self.mandatory.len() + self.core.len() + self.secondary.len()
    }
}

/// A parsed, validated `queries` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Query {
    pub conditions: Vec<Condition>,
    pub skills: Skills,
    /// `geo_distance`: a radius around the places named in `region` (or `country_region`).
    pub geo_distance: Option<Distance>,
    /// `allowFallback`: whether the relaxation ladder may run when too few people match.
    pub allow_fallback: Option<bool>,
    /// `search_other_regions`: lets the relaxation ladder drop location filters last.
    pub search_other_regions: Option<bool>,
}

/// What is wrong with one key of a `queries` object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryProblem {
    /// The offending key ("" for the object itself).
    pub key: String,
    pub code: ProblemCode,
    pub message: String,
    /// For `unknown_key`, the valid keys; for `operator_not_allowed`, the valid operators.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allowed: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub did_you_mean: Option<String>,
}

/// Stable, machine-readable problem codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    NotAnObject,
    UnknownKey,
    OperatorNotAllowed,
    InvalidValue,
    EmptyValue,
    TooManyValues,
    ValueTooLong,
    InvalidRange,
    InvalidPattern,
    SkillsRequired,
    UnknownPlace,
}

impl ProblemCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemCode::NotAnObject => "not_an_object",
            ProblemCode::UnknownKey => "unknown_key",
            ProblemCode::OperatorNotAllowed => "operator_not_allowed",
            ProblemCode::InvalidValue => "invalid_value",
            ProblemCode::EmptyValue => "empty_value",
            ProblemCode::TooManyValues => "too_many_values",
            ProblemCode::ValueTooLong => "value_too_long",
            ProblemCode::InvalidRange => "invalid_range",
            ProblemCode::InvalidPattern => "invalid_pattern",
            ProblemCode::SkillsRequired => "skills_required",
            ProblemCode::UnknownPlace => "unknown_place",
        }
    }
}

impl QueryProblem {
    pub fn new(key: impl Into<String>, code: ProblemCode, message: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            code,
            message: message.into(),
            allowed: vec![],
            did_you_mean: None,
        }
    }
}

impl std::fmt::Display for QueryProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.key.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.key, self.message)
        }
    }
}

impl Query {
    /// Parses a `queries` object; see [`parse::parse_query`] for the rules.
    pub fn parse(value: &serde_json::Value) -> Result<Query, Vec<QueryProblem>> {
        parse::parse_query(value)
    }

    /// Renders the query back into the `queries` JSON shape (canonical operators).
    pub fn to_json(&self) -> serde_json::Value {
        render::render_query(self)
    }

    /// Conditions on one key, in order.
    pub fn conditions_on(&self, key: FilterKey) -> impl Iterator<Item = &Condition> {
        self.conditions.iter().filter(move |c| c.key == key)
    }
}
