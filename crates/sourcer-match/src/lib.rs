//! Fit scoring with reasons, JD-to-filters annotation, ranking metrics and the optional LLM
//! provider.
//!
//! - [`Job`] prepares a session (title, JD text, parsed queries, nuances) once;
//!   [`score()`] reads one profile against it and returns a [`FitAnalysis`]: a 0-100 fit
//!   score, 1-5 stars, a recommendation, FutureJobs highlights, InstaView fit points and red
//!   flags, and the weighted signals behind them, every point citing its evidence
//!   (docs/scoring.md).
//! - [`annotate()`] turns free JD text into the F10 filter map and a `queries` object.
//! - [`metrics`] and [`eval`] measure ranking quality against labelled data.
//! - [`llm`] re-scores the top of a batch with an OpenAI-compatible model, falling back to
//!   the built-in scorer on any failure.
//!
//! Depends on sourcer-core, sourcer-taxonomy and sourcer-geo; never on the index internals
//! or the store.

pub mod analysis;
pub mod annotate;
pub mod bench;
pub mod eval;
mod explain;
mod job;
pub mod llm;
pub mod metrics;
mod score;
mod skills;
mod text;
mod titles;

pub use analysis::{FitAnalysis, Highlight, Signal, SignalKind, StarLabel, stars};
pub use annotate::{Annotation, SkillBuckets, annotate, annotate_with};
pub use job::{Job, MAX_DESCRIPTION_SKILLS, Tier, YearsRange};
pub use score::score;

/// Constants of the scoring formula, as documented in docs/scoring.md.
pub mod weights {
    pub use crate::score::{
        CAP_MANDATORY_MISSING, CAP_MOST_MANDATORY_MISSING, CAP_OTHER_COUNTRY, FLAG_PENALTY,
        FLAG_PENALTY_MAX, LISTED_SKILLS_CAP, LOCATION_WEIGHT, NUANCE_PENALTY, PROGRESSION_WEIGHT,
        RELEVANT_WEIGHT, SENIORITY_WEIGHT, SKILLS_WEIGHT, TENURE_WEIGHT, TITLE_WEIGHT,
        YEARS_WEIGHT,
    };
}

/// What can go wrong in this crate.
#[derive(Debug, thiserror::Error)]
pub enum MatchError {
    /// The JD names no skill the taxonomy knows, so no `queries` can be built from it.
    #[error("the job description names no known skill; add at least one skill")]
    NoSkillFound,
    /// A `queries` object (given or built) does not parse.
    #[error("invalid queries: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    InvalidQuery(Vec<sourcer_core::QueryProblem>),
    /// A line of an evaluation file is not what its format says.
    #[error("{file} line {line}: {message}")]
    BadLine {
        file: String,
        line: usize,
        message: String,
    },
    /// The LLM provider is misconfigured or failed.
    #[error("llm provider: {0}")]
    Llm(String),
    #[error("internal error: {0}")]
    Internal(String),
}
