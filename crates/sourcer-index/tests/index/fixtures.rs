//! Hand-written profiles for the named semantic tests, and a helper that runs one query
//! through both the index and the evaluator and insists they agree.

use serde_json::Value;
use sourcer_core::{Employer, MonthStamp, PartialDate, Profile};
use sourcer_index::eval::Evaluator;
use sourcer_index::{PeopleIndex, SearchRequest};
use sourcer_taxonomy::RedFlag;

use crate::support::*;

/// A person with one skill ("Python") and nothing else.
pub fn person() -> Profile {
    Profile {
        name: Some("Someone".into()),
        region: Some("Pune, Maharashtra, India".into()),
        skills: vec!["Python".into()],
        ..Default::default()
    }
}

/// A job with a title and a company, started in 2020-01, still open.
pub fn job(title: &str, company: &str) -> Employer {
    Employer {
        title: Some(title.into()),
        name: Some(company.into()),
        start_date: Some(date("2020-01")),
        ..Default::default()
    }
}

pub fn date(text: &str) -> PartialDate {
    PartialDate::parse(text).expect("valid date")
}

/// `{"skills": core Python, ...conditions}` as a queries object.
pub fn with_python(conditions: Value) -> Value {
    let mut q = conditions;
    q.as_object_mut().expect("an object").insert(
        "skills".into(),
        serde_json::json!({"type": "IN", "value": {"core": ["Python"]}}),
    );
    q
}

/// An index holding `profiles` under pids 1, 2, 3, ...
pub fn indexed(profiles: Vec<Profile>) -> (PeopleIndex, Vec<(u64, Profile)>) {
    let numbered: Vec<(u64, Profile)> = profiles
        .into_iter()
        .enumerate()
        .map(|(i, p)| (i as u64 + 1, p))
        .collect();
    let index = ram_index();
    index_profiles(&index, &numbered);
    (index, numbered)
}

pub const AS_OF: &str = "2024-06";

/// Pids matching `queries` (ascending), checked against the evaluator.
pub fn hits(profiles: Vec<Profile>, queries: Value) -> Vec<u64> {
    hits_at(profiles, queries, &[], month(AS_OF))
}

/// [`hits`] with nuances and an as-of month.
pub fn hits_at(
    profiles: Vec<Profile>,
    queries: Value,
    nuances: &[RedFlag],
    as_of: MonthStamp,
) -> Vec<u64> {
    let (index, numbered) = indexed(profiles);
    search_checked(&index, &numbered, queries, nuances, as_of)
}

/// Runs a search and compares it with the evaluator; returns the pids in ascending order.
pub fn search_checked(
    index: &PeopleIndex,
    profiles: &[(u64, Profile)],
    queries: Value,
    nuances: &[RedFlag],
    as_of: MonthStamp,
) -> Vec<u64> {
    let q = query(queries);
    let mut req = SearchRequest::new(q.clone(), 1_000, as_of);
    req.nuances = nuances.to_vec();
    let mut got: Vec<u64> = index
        .search(&req)
        .expect("search")
        .hits
        .iter()
        .map(|h| h.pid)
        .collect();
    got.sort_unstable();
    assert_eq!(
        got,
        expected(profiles, &q, nuances, as_of),
        "index and evaluator disagree"
    );
    got
}

/// Scores of a search, by pid, checked against the evaluator's scores.
pub fn scores(profiles: Vec<Profile>, queries: Value) -> Vec<(u64, f32)> {
    let (index, numbered) = indexed(profiles);
    let q = query(queries);
    let as_of = month(AS_OF);
    let results = index
        .search(&SearchRequest::new(q.clone(), 1_000, as_of))
        .expect("search");
    let got: Vec<(u64, f32)> = results.hits.iter().map(|h| (h.pid, h.score)).collect();
    let geo = TestGeocoder::new();
    let evaluator = Evaluator::new(&q, &[], as_of, &geo).expect("valid");
    for (pid, score) in &got {
        let p = &numbered[*pid as usize - 1].1;
        assert_eq!(*score, evaluator.score(p) as f32, "score of {pid}");
    }
    got
}
