//! The taxonomy's data files and its public API, tested together: data invariants (counts,
//! unique spellings, relations that resolve), alias resolution, mention detection with the
//! ambiguity rule, seniority parsing, title relevance, loader errors, and (ignored) speed.

mod load_errors;
mod mentions;
mod relevance;
mod skills;
mod speed;
mod titles;
