//! The index's integration tests: properties against the brute-force evaluator, one test per
//! documented semantic, paging, exclusion, fallback, errors, autocomplete and the lifecycle.

mod api;
mod autocomplete;
mod fixtures;
mod properties;
mod random;
mod semantics_jobs;
mod semantics_people;
mod semantics_text;
mod support;
