//! Employer semantics: same-record groups, scopes, numbers and buckets derived from dates
//! (docs/queries.md, "Employers", "Numbers and buckets").

use serde_json::json;
use sourcer_core::{Employer, Profile};

use crate::fixtures::*;
use crate::support::month;

fn with_jobs(current: Vec<Employer>, past: Vec<Employer>) -> Profile {
    Profile {
        current_employers: current,
        past_employers: past,
        ..person()
    }
}

fn ended(mut e: Employer, start: &str, end: &str) -> Employer {
    e.start_date = Some(date(start));
    e.end_date = Some(date(end));
    e
}

#[test]
fn title_and_company_must_be_the_same_current_job() {
    let people = vec![
        with_jobs(vec![job("Software Engineer", "Infosys")], vec![]),
        with_jobs(
            vec![job("Software Engineer", "Zoho"), job("Advisor", "Infosys")],
            vec![],
        ),
        with_jobs(
            vec![job("Software Engineer", "Zoho")],
            vec![ended(
                job("Software Engineer", "Infosys"),
                "2015-01",
                "2019-01",
            )],
        ),
    ];
    let q = with_python(json!({
        "current_employers.title": {"type": "IN", "value": ["Software Engineer"]},
        "current_employers.name": {"type": "IN", "value": ["Infosys"]}
    }));
    assert_eq!(hits(people, q), vec![1]);
}

#[test]
fn past_employer_conditions_hold_on_one_past_job() {
    let people = vec![
        with_jobs(
            vec![],
            vec![ended(
                job("Software Developer", "Infosys"),
                "2015-01",
                "2019-01",
            )],
        ),
        with_jobs(
            vec![],
            vec![
                ended(job("Software Developer", "Zoho"), "2015-01", "2017-01"),
                ended(job("Tester", "Infosys"), "2017-02", "2019-01"),
            ],
        ),
        with_jobs(vec![job("Software Developer", "Infosys")], vec![]),
    ];
    let q = with_python(json!({
        "past_employers.title": {"type": "IN", "value": ["Software Developer"]},
        "past_employers.name": {"type": "IN", "value": ["Infosys"]}
    }));
    assert_eq!(hits(people, q), vec![1]);
}

#[test]
fn all_employers_conditions_hold_on_one_job_of_either_list() {
    let people = vec![
        with_jobs(vec![job("Data Analyst", "Zoho")], vec![]),
        with_jobs(
            vec![],
            vec![ended(job("Data Analyst", "Zoho"), "2015-01", "2019-01")],
        ),
        with_jobs(
            vec![job("Data Analyst", "Acme")],
            vec![ended(job("Tester", "Zoho"), "2015-01", "2019-01")],
        ),
    ];
    let q = with_python(json!({
        "all_employers.title": {"type": "IN", "value": ["Data Analyst"]},
        "all_employers.name": {"type": "IN", "value": ["Zoho"]}
    }));
    assert_eq!(hits(people, q), vec![1, 2]);
}

#[test]
fn scopes_are_independent_groups() {
    let people = vec![
        with_jobs(
            vec![job("Manager", "Acme")],
            vec![ended(job("Engineer", "Zoho"), "2015-01", "2019-01")],
        ),
        with_jobs(vec![job("Manager", "Zoho")], vec![]),
    ];
    let q = with_python(json!({
        "current_employers.title": {"type": "IN", "value": ["Manager"]},
        "past_employers.name": {"type": "IN", "value": ["Zoho"]}
    }));
    assert_eq!(hits(people, q), vec![1]);
}

#[test]
fn negations_are_not_part_of_the_same_record_group() {
    let people = vec![
        with_jobs(
            vec![job("Engineer", "Acme"), job("Advisor", "Infosys")],
            vec![],
        ),
        with_jobs(vec![job("Engineer", "Acme")], vec![]),
    ];
    let q = with_python(json!({
        "current_employers.title": {"type": "IN", "value": ["Engineer"]},
        "current_employers.name": {"type": "NOT_IN", "value": ["Infosys"]}
    }));
    assert_eq!(hits(people, q), vec![2]);
}

#[test]
fn top_level_company_keys_mean_the_current_employer() {
    let mut funded = job("Engineer", "Acme");
    funded.funding_stage = Some("Series A".into());
    let people = vec![
        with_jobs(vec![funded.clone()], vec![]),
        with_jobs(
            vec![job("Engineer", "Zoho")],
            vec![ended(funded, "2015-01", "2019-01")],
        ),
    ];
    let q = with_python(json!({"funding_stage": {"type": "IN", "value": ["series_a"]}}));
    assert_eq!(hits(people, q), vec![1]);
}

#[test]
fn company_numbers_use_inclusive_ranges_with_open_ends() {
    let mut people = Vec::new();
    for (headcount, growth, founded) in [(10, 10.0, 2000), (100, 20.0, 2010), (101, 20.5, 2011)] {
        let mut e = job("Engineer", "Acme");
        e.company_headcount_latest = Some(headcount);
        e.headcount_growth = Some(growth);
        e.year_founded = Some(founded);
        people.push(with_jobs(vec![e], vec![]));
    }
    let q = |key: &str, range: serde_json::Value| {
        with_python(json!({key: {"type": "RANGE", "value": range}}))
    };
    assert_eq!(
        hits(
            people.clone(),
            q(
                "current_employers.company_headcount_latest",
                json!([10, 100])
            )
        ),
        vec![1, 2]
    );
    assert_eq!(
        hits(people.clone(), q("headcount_growth", json!([10, 20]))),
        vec![1, 2]
    );
    assert_eq!(
        hits(people.clone(), q("year_founded", json!([2010, null]))),
        vec![2, 3]
    );
    assert_eq!(
        hits(people, q("year_founded", json!([null, "2000"]))),
        vec![1]
    );
}

#[test]
fn years_of_experience_range_is_inclusive() {
    let people: Vec<Profile> = [Some(1.0), Some(5.0), Some(5.5), None]
        .into_iter()
        .map(|y| Profile {
            years_of_experience_raw: y,
            ..person()
        })
        .collect();
    let q = with_python(json!({"years_of_experience_raw": {"type": "RANGE", "value": [1, 5]}}));
    assert_eq!(hits(people, q), vec![1, 2]);
}

#[test]
fn money_buckets_are_half_open_ranges_in_millions() {
    let people: Vec<Profile> = [999_999.0, 1_000_000.0, 9_999_999.0, 10_000_000.0]
        .into_iter()
        .map(|usd| {
            let mut e = job("Engineer", "Acme");
            e.annual_revenue = Some(usd);
            e.total_funding = Some(usd);
            with_jobs(vec![e], vec![])
        })
        .collect();
    let q = with_python(json!({"annual_revenue": {"type": "=", "value": ["1_10"]}}));
    assert_eq!(hits(people.clone(), q), vec![2, 3]);
    let q = with_python(json!({"total_funding": {"type": "IN", "value": ["under_1", "over_10"]}}));
    assert_eq!(hits(people, q), vec![1, 4]);
}

#[test]
fn years_at_company_is_derived_from_dates_as_of_the_search_month() {
    let mut started = job("Engineer", "Acme");
    started.start_date = Some(date("2022-03"));
    let people = vec![
        with_jobs(vec![started], vec![]),
        with_jobs(
            vec![],
            vec![ended(job("Engineer", "Acme"), "2010-01", "2014-12")],
        ),
    ];
    let tenure = |label: &str, scope: &str| {
        with_python(json!({format!("{scope}.years_at_company"): {"type": "IN", "value": [label]}}))
    };
    let at = |m: &str| month(m);
    // 2022-03 to 2023-02 is 11 months; to 2023-03 is 12.
    assert_eq!(
        hits_at(
            people.clone(),
            tenure("Less than 1 year", "current_employers"),
            &[],
            at("2023-02")
        ),
        vec![1]
    );
    assert_eq!(
        hits_at(
            people.clone(),
            tenure("1 to 2 years", "current_employers"),
            &[],
            at("2023-03")
        ),
        vec![1]
    );
    assert_eq!(
        hits_at(
            people.clone(),
            tenure("3 to 5 years", "all_employers"),
            &[],
            at("2025-03")
        ),
        vec![1, 2]
    );
    // A start after the as-of month counts as no time yet.
    assert_eq!(
        hits_at(
            people,
            tenure("Less than 1 year", "all_employers"),
            &[],
            at("2021-01")
        ),
        vec![1]
    );
}

#[test]
fn recently_funded_counts_months_back_from_the_search_month() {
    let mut e = job("Engineer", "Acme");
    e.last_funding_date = Some(date("2024-01-20"));
    let people = vec![with_jobs(vec![e], vec![])];
    let q =
        |window: &str| with_python(json!({"recently_funded": {"type": "=", "value": [window]}}));
    assert_eq!(
        hits_at(people.clone(), q("6m"), &[], month("2024-07")),
        vec![1]
    );
    assert_eq!(
        hits_at(people.clone(), q("6m"), &[], month("2024-08")),
        Vec::<u64>::new()
    );
    assert_eq!(
        hits_at(people, q("3m"), &[], month("2023-12")),
        Vec::<u64>::new()
    );
}

#[test]
fn negated_bucket_conditions_exclude_any_matching_job() {
    let mut small = job("Engineer", "Acme");
    small.annual_revenue = Some(5e5);
    let people = vec![
        with_jobs(
            vec![job("Engineer", "Zoho")],
            vec![ended(small, "2015-01", "2019-01")],
        ),
        person(),
    ];
    let q = with_python(
        json!({"all_employers.annual_revenue": {"type": "NOT_IN", "value": ["under_1"]}}),
    );
    assert_eq!(hits(people, q), vec![2]);
}
