//! Skills, geo radius, nuances and ranking (docs/queries.md, "Skills", "Geo", "Nuances",
//! "Ranking").

use serde_json::json;
use sourcer_core::{GeoPoint, Profile};
use sourcer_index::rank;
use sourcer_taxonomy::RedFlag;

use crate::fixtures::*;
use crate::support::month;

fn skilled(skills: &[&[&str]]) -> Vec<Profile> {
    skills
        .iter()
        .map(|s| Profile {
            skills: s.iter().map(|x| x.to_string()).collect(),
            ..person()
        })
        .collect()
}

fn skills_query(mandatory: &[&str], core: &[&str], secondary: &[&str]) -> serde_json::Value {
    json!({"skills": {"type": "IN", "value": {"mandatory": mandatory, "core": core, "secondary": secondary}}})
}

#[test]
fn every_mandatory_skill_must_be_listed_under_any_alias() {
    let people = skilled(&[
        &["csharp", "K8s"],
        &["C Sharp"],
        &["Kubernetes", "C-Sharp"],
        &["C", "Sharp"],
    ]);
    assert_eq!(
        hits(people.clone(), skills_query(&["C#"], &[], &[])),
        vec![1, 2, 3]
    );
    assert_eq!(
        hits(people, skills_query(&["C#", "kubernetes"], &[], &[])),
        vec![1, 3]
    );
}

#[test]
fn core_and_secondary_skills_only_raise_the_rank() {
    let people = skilled(&[
        &["Go"],
        &["Python", "SQL Server"],
        &["SQL Server"],
        &["Python"],
    ]);
    let q = skills_query(&[], &["Python"], &["SQL Server"]);
    let ranked = scores(people, q);
    let core = rank::CORE_SKILL as f32;
    let secondary = rank::SECONDARY_SKILL as f32;
    assert_eq!(
        ranked,
        vec![(2, core + secondary), (4, core), (3, secondary), (1, 0.0)]
    );
}

#[test]
fn title_closeness_ranks_exact_current_titles_first_then_phrases_then_recent_past_jobs() {
    let mut recent = job("Senior Data Analyst", "Acme");
    recent.end_date = Some(date("2023-06"));
    let mut old = job("Data Analyst", "Acme");
    old.end_date = Some(date("2015-06"));
    old.start_date = Some(date("2012-01"));
    let people = vec![
        Profile {
            past_employers: vec![old],
            ..person()
        },
        Profile {
            current_employers: vec![job("Senior Data Analyst", "Acme")],
            ..person()
        },
        Profile {
            current_employers: vec![job("Data Analyst", "Acme")],
            ..person()
        },
        Profile {
            past_employers: vec![recent],
            ..person()
        },
        Profile {
            current_employers: vec![job("Plumber", "Acme")],
            ..person()
        },
    ];
    let q = with_python(
        json!({"all_employers.title": {"type": "IN", "value": ["Data Analyst", "Plumber"]}}),
    );
    let core = rank::CORE_SKILL as f32;
    let points = |p: u32| core + p as f32;
    assert_eq!(
        scores(people, q),
        vec![
            (3, points(rank::TITLE_EXACT_CURRENT)),
            (5, points(rank::TITLE_EXACT_CURRENT)),
            (2, points(rank::TITLE_CURRENT)),
            (4, points(rank::TITLE_RECENT_PAST)),
            (1, points(rank::TITLE_PAST)),
        ]
    );
}

#[test]
fn geo_distance_turns_the_region_into_a_radius() {
    let people = vec![
        Profile {
            region: Some("Mumbai, Maharashtra, India".into()),
            ..person()
        },
        Profile {
            region: Some("Pune, Maharashtra, India".into()),
            ..person()
        },
        Profile {
            region: Some("Bengaluru, Karnataka, India".into()),
            ..person()
        },
        Profile {
            region: Some("Atlantis, Nowhere".into()),
            location: Some(GeoPoint {
                lat: 18.6,
                lon: 73.9,
            }),
            ..person()
        },
        Profile {
            region: Some("Atlantis, Nowhere".into()),
            ..person()
        },
    ];
    let q = |radius: &str| {
        with_python(json!({
            "region": {"type": "IN", "value": ["Pune, Maharashtra, India"]},
            "geo_distance": {"type": "=", "value": [radius]}
        }))
    };
    // Mumbai is about 120 km from Pune; profiles without location use their region's point.
    assert_eq!(hits(people.clone(), q("50_km")), vec![2, 4]);
    assert_eq!(hits(people.clone(), q("150_km")), vec![1, 2, 4]);
    assert_eq!(hits(people, q("100_mi")), vec![1, 2, 4]);
}

#[test]
fn geo_distance_measures_from_the_country_when_no_region_is_given() {
    let people = vec![
        Profile {
            region: None,
            location: Some(GeoPoint {
                lat: 20.0,
                lon: 78.0,
            }),
            ..person()
        },
        Profile {
            region: None,
            location: Some(GeoPoint {
                lat: 51.5,
                lon: -0.1,
            }),
            ..person()
        },
    ];
    let q = with_python(json!({
        "country_region": {"type": "IN", "value": ["India"]},
        "geo_distance": {"type": "=", "value": ["500_km"]}
    }));
    assert_eq!(hits(people, q), vec![1]);
}

#[test]
fn nuances_exclude_people_raising_stable_red_flags() {
    let mut undated = job("Engineer", "Acme");
    undated.start_date = None;
    let people = vec![
        Profile {
            current_employers: vec![undated],
            ..person()
        },
        Profile {
            current_employers: vec![job("Engineer", "Acme")],
            ..person()
        },
    ];
    let q = with_python(json!({}));
    let at = month(AS_OF);
    assert_eq!(
        hits_at(
            people.clone(),
            q.clone(),
            &[RedFlag::UnspecifiedDatesOrLocations],
            at
        ),
        vec![2]
    );
    assert_eq!(
        hits_at(people, q, &[RedFlag::GrammarAndSpelling], at),
        vec![1, 2]
    );
}

#[test]
fn recently_changed_job_and_unemployment_gaps_depend_on_the_as_of_month() {
    let mut new_job = job("Engineer", "Acme");
    new_job.start_date = Some(date("2024-03"));
    let mut last = job("Engineer", "Acme");
    last.start_date = Some(date("2020-01"));
    last.end_date = Some(date("2023-12"));
    let people = vec![
        Profile {
            current_employers: vec![new_job],
            ..person()
        },
        Profile {
            past_employers: vec![last],
            ..person()
        },
    ];
    let q = with_python(json!({}));
    let flags = [RedFlag::RecentlyChangedJob, RedFlag::LargeEmploymentGaps];
    assert_eq!(
        hits_at(people.clone(), q.clone(), &flags, month("2024-05")),
        vec![2]
    );
    assert_eq!(
        hits_at(people.clone(), q.clone(), &flags, month("2024-09")),
        vec![1]
    );
    assert_eq!(
        hits_at(people, q, &flags, month("2024-08")),
        Vec::<u64>::new()
    );
}
