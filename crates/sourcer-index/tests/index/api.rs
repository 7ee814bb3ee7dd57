//! The search API around the semantics: cursors, exclusion, fallback, errors, autocomplete
//! and the index lifecycle.

use std::sync::Arc;

use serde_json::json;
use sourcer_core::query::{ProblemCode, RelaxationStep};
use sourcer_core::{Profile, Query};
use sourcer_index::{IndexError, IndexOptions, PeopleIndex, PidSet, SearchError, SearchRequest};

use crate::fixtures::*;
use crate::support::*;

fn request(q: serde_json::Value, limit: usize) -> SearchRequest {
    SearchRequest::new(query(q), limit, month(AS_OF))
}

fn people(n: usize) -> Vec<Profile> {
    (0..n).map(|_| person()).collect()
}

#[test]
fn pages_follow_score_then_pid_and_end_without_a_cursor() {
    let (index, _) = indexed(people(5));
    let mut req = request(with_python(json!({})), 2);
    let first = index.search(&req).unwrap();
    assert_eq!(first.total, 5);
    assert_eq!(
        first.hits.iter().map(|h| h.pid).collect::<Vec<_>>(),
        vec![1, 2]
    );
    assert_eq!(first.hits[0].id, people(1)[0].resolved_id());
    req.cursor = first.next_cursor;
    let second = index.search(&req).unwrap();
    assert_eq!(
        second.hits.iter().map(|h| h.pid).collect::<Vec<_>>(),
        vec![3, 4]
    );
    req.cursor = second.next_cursor;
    let last = index.search(&req).unwrap();
    assert_eq!(last.hits.iter().map(|h| h.pid).collect::<Vec<_>>(), vec![5]);
    assert_eq!((last.total, last.next_cursor), (5, None));
}

#[test]
fn a_cursor_from_another_search_or_a_malformed_one_is_refused() {
    let (index, _) = indexed(people(3));
    let first = index.search(&request(with_python(json!({})), 1)).unwrap();
    let mut other = request(
        with_python(json!({"languages": {"type": "NOT_IN", "value": ["x"]}})),
        1,
    );
    other.cursor = first.next_cursor.clone();
    assert!(matches!(
        index.search(&other),
        Err(SearchError::BadCursor(_))
    ));
    let mut later = request(with_python(json!({})), 1);
    later.cursor = first.next_cursor;
    later.as_of = month("2030-01");
    assert!(matches!(
        index.search(&later),
        Err(SearchError::BadCursor(_))
    ));
    for junk in ["", "%%%", "AQAAAAA"] {
        let mut bad = request(with_python(json!({})), 1);
        bad.cursor = Some(junk.into());
        assert!(
            matches!(index.search(&bad), Err(SearchError::BadCursor(_))),
            "{junk}"
        );
    }
}

#[test]
fn excluded_pids_are_not_returned_and_not_counted() {
    let (index, _) = indexed(people(6));
    let mut req = request(with_python(json!({})), 10);
    req.exclude = Some(Arc::new([2, 4, 99].into_iter().collect::<PidSet>()));
    let page = index.search(&req).unwrap();
    assert_eq!(page.total, 4);
    assert_eq!(
        page.hits.iter().map(|h| h.pid).collect::<Vec<_>>(),
        vec![1, 3, 5, 6]
    );
}

#[test]
fn unknown_places_in_a_radius_search_are_errors_naming_the_place() {
    let (index, _) = indexed(people(1));
    let req = request(
        with_python(json!({
            "region": {"type": "IN", "value": ["Pune, Maharashtra, India", "Gondor, Middle Earth"]},
            "geo_distance": {"type": "=", "value": ["50_km"]}
        })),
        5,
    );
    let Err(SearchError::Invalid(problems)) = index.search(&req) else {
        panic!("an unknown place must be refused");
    };
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].code, ProblemCode::UnknownPlace);
    assert_eq!(problems[0].key, "region");
    assert!(problems[0].message.contains("Gondor, Middle Earth"));
}

#[test]
fn hand_built_queries_get_the_same_problems_as_parsed_ones() {
    let (index, _) = indexed(people(1));
    let mut q = Query::default();
    q.skills.core.push("Python".into());
    q.geo_distance = sourcer_core::query::Distance::parse("50_km");
    let Err(SearchError::Invalid(problems)) = index.search(&SearchRequest::new(q, 5, month(AS_OF)))
    else {
        panic!("geo_distance without a place must be refused");
    };
    assert_eq!(
        (problems[0].key.as_str(), problems[0].code),
        ("geo_distance", ProblemCode::InvalidValue)
    );
}

fn fallback_people() -> Vec<Profile> {
    let mut startup = job("Engineer", "Acme");
    startup.funding_stage = Some("seed".into());
    vec![
        Profile {
            current_employers: vec![startup],
            years_of_experience_raw: Some(4.0),
            ..person()
        },
        Profile {
            current_employers: vec![job("Engineer", "Zoho")],
            years_of_experience_raw: Some(8.0),
            ..person()
        },
        Profile {
            current_employers: vec![job("Engineer", "Zoho")],
            years_of_experience_raw: Some(9.0),
            ..person()
        },
    ]
}

fn fallback_query(allow: Option<bool>) -> serde_json::Value {
    let mut q = with_python(json!({
        "funding_stage": {"type": "IN", "value": ["seed"]},
        "years_of_experience_raw": {"type": "RANGE", "value": [3, 6]}
    }));
    if let Some(flag) = allow {
        q["allowFallback"] = json!({"type": "NA", "value": [flag]});
    }
    q
}

#[test]
fn fallback_relaxes_in_ladder_order_and_reports_each_step() {
    let (index, _) = indexed(fallback_people());
    let mut req = request(fallback_query(None), 10);
    req.min_results = Some(2);
    let page = index.search(&req).unwrap();
    let steps: Vec<RelaxationStep> = page.relaxations.iter().map(|r| r.step).collect();
    assert_eq!(
        steps,
        vec![
            RelaxationStep::DropFirmographics,
            RelaxationStep::WidenYears
        ]
    );
    assert_eq!(
        page.relaxations[0].keys,
        vec!["current_employers.funding_stage"]
    );
    assert_eq!(page.total, 2);
    assert_eq!(
        page.hits.iter().map(|h| h.pid).collect::<Vec<_>>(),
        vec![1, 2]
    );
    assert_ne!(page.effective_query, query(fallback_query(None)));
}

#[test]
fn fallback_needs_a_target_and_is_off_when_strict() {
    let (index, _) = indexed(fallback_people());
    let loose = index
        .search(&request(fallback_query(Some(true)), 10))
        .unwrap();
    assert_eq!((loose.total, loose.relaxations.len()), (1, 0));
    let mut strict = request(fallback_query(Some(false)), 10);
    strict.min_results = Some(3);
    let page = index.search(&strict).unwrap();
    assert_eq!((page.total, page.relaxations.len()), (1, 0));
}

#[test]
fn later_pages_keep_the_relaxation_of_the_first_page() {
    let (index, _) = indexed(fallback_people());
    let mut req = request(fallback_query(None), 1);
    req.min_results = Some(4);
    // Even the whole ladder (down to drop_years) leaves 3 matches: the last level stays.
    let first = index.search(&req).unwrap();
    assert_eq!((first.total, first.hits[0].pid), (3, 1));
    assert_eq!(
        first.relaxations.last().map(|r| r.step),
        Some(RelaxationStep::DropYears)
    );
    let mut pids = vec![first.hits[0].pid];
    let mut cursor = first.next_cursor.clone();
    while let Some(next) = cursor {
        req.cursor = Some(next);
        let page = index.search(&req).unwrap();
        assert_eq!(page.relaxations, first.relaxations);
        assert_eq!(page.total, 3);
        pids.extend(page.hits.iter().map(|h| h.pid));
        cursor = page.next_cursor;
    }
    assert_eq!(pids, vec![1, 2, 3]);
}

#[test]
fn a_widened_region_finds_people_by_their_country_field() {
    // A LinkedIn-style metro name shares no component with the city the recruiter named;
    // once widened to the country, the person's `country` field places them.
    let metro = Profile {
        region: Some("New York City Metropolitan Area".into()),
        country: Some("United States".into()),
        ..person()
    };
    let (index, _) = indexed(vec![metro]);
    let mut req = request(
        with_python(json!({
            "region": {"type": "IN", "value": ["New York, New York, United States"]}
        })),
        10,
    );
    assert_eq!(index.search(&req).unwrap().total, 0);
    req.min_results = Some(1);
    let page = index.search(&req).unwrap();
    assert_eq!(page.total, 1);
    let steps: Vec<RelaxationStep> = page.relaxations.iter().map(|r| r.step).collect();
    assert_eq!(steps, vec![RelaxationStep::WidenRegion]);
}

#[test]
fn commits_record_the_applied_seq_and_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let options = || IndexOptions {
        geocoder: geocoder(),
    };
    {
        let index = PeopleIndex::open_with(dir.path(), options()).unwrap();
        assert_eq!((index.applied_seq(), index.num_profiles()), (0, 0));
        let mut writer = index.writer().unwrap();
        assert!(matches!(index.writer(), Err(IndexError::Locked)));
        for pid in 1..=3 {
            writer.upsert(pid, &format!("id-{pid}"), &person()).unwrap();
        }
        writer.commit(42).unwrap();
        assert_eq!((index.applied_seq(), index.num_profiles()), (42, 3));
        writer.upsert(2, "id-2", &person()).unwrap();
        writer.delete(3).unwrap();
        writer.commit(43).unwrap();
        assert_eq!(index.num_profiles(), 2);
    }
    let index = PeopleIndex::open_with(dir.path(), options()).unwrap();
    assert_eq!((index.applied_seq(), index.num_profiles()), (43, 2));
    let ids: Vec<String> = index
        .search(&request(with_python(json!({})), 10))
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(ids, vec!["id-1", "id-2"]);
    let mut writer = index.writer().unwrap();
    writer.delete_all().unwrap();
    writer.upsert(7, "id-7", &person()).unwrap();
    writer.commit(50).unwrap();
    assert_eq!(index.num_profiles(), 1);
}

#[test]
fn an_index_written_by_another_schema_version_must_be_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    {
        let index = PeopleIndex::open_with(
            dir.path(),
            IndexOptions {
                geocoder: geocoder(),
            },
        )
        .unwrap();
        index.writer().unwrap().commit(1).unwrap();
    }
    let meta = dir.path().join("meta.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    let old = text.replace(
        &format!("\\\"schema_version\\\":{}", sourcer_index::SCHEMA_VERSION),
        "\\\"schema_version\\\":0",
    );
    assert_ne!(old, text, "the payload records the schema version");
    std::fs::write(&meta, old).unwrap();
    let err = PeopleIndex::open(dir.path()).err().expect("must refuse");
    assert!(
        matches!(err, IndexError::ReindexNeeded { found: 0, .. }),
        "{err}"
    );
}

#[test]
fn upserting_a_profile_twice_before_a_commit_keeps_only_the_last_version() {
    let index = ram_index();
    let mut writer = index.writer().unwrap();
    let mut changed = person();
    changed.skills = vec!["Rust".into()];
    writer.upsert(1, "a", &person()).unwrap();
    writer.upsert(1, "a", &changed).unwrap();
    writer.commit(2).unwrap();
    assert_eq!(index.num_profiles(), 1);
    let rust = json!({"skills": {"type": "IN", "value": {"mandatory": ["rust"]}}});
    assert_eq!(index.search(&request(rust, 5)).unwrap().total, 1);
    let python = json!({"skills": {"type": "IN", "value": {"mandatory": ["python"]}}});
    assert_eq!(
        search_checked(&index, &[(1, changed)], python, &[], month(AS_OF)),
        Vec::<u64>::new()
    );
}

#[test]
fn one_index_serves_searches_from_many_threads() {
    fn shareable<T: Send + Sync + Clone + 'static>(_: &T) {}
    let (index, _) = indexed(people(40));
    shareable(&index);
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let index = index.clone();
            std::thread::spawn(move || {
                index
                    .search(&request(with_python(json!({})), 5))
                    .map(|r| r.total)
            })
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().expect("no panic").expect("search"), 40);
    }
}
