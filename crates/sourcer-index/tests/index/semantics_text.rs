//! Text, categorical and place semantics (docs/queries.md, "Text", "Categories", "Places").

use serde_json::json;
use sourcer_core::Profile;

use crate::fixtures::*;

fn titled(titles: &[&str]) -> Vec<Profile> {
    titles
        .iter()
        .map(|t| Profile {
            current_employers: vec![job(t, "Acme")],
            ..person()
        })
        .collect()
}

fn title_query(op: &str, values: serde_json::Value) -> serde_json::Value {
    with_python(json!({"current_employers.title": {"type": op, "value": values}}))
}

#[test]
fn dotnet_developer_matches_senior_dotnet_developer_but_not_asp_net() {
    let people = titled(&[
        "Senior .NET Developer",
        "ASP.NET Developer",
        ".NET Developers",
    ]);
    assert_eq!(
        hits(people, title_query("IN", json!([".NET Developer"]))),
        vec![1]
    );
}

#[test]
fn text_is_compared_without_case_or_accents() {
    let people = titled(&["Ingénieur Logiciel", "SOFTWARE ENGINEER", "Engineer"]);
    assert_eq!(
        hits(people.clone(), title_query("IN", json!(["ingenieur"]))),
        vec![1]
    );
    assert_eq!(
        hits(people, title_query("IN", json!(["Software Engineer"]))),
        vec![2]
    );
}

#[test]
fn in_matches_whole_words_only() {
    let people = titled(&["Software Engineering Manager", "Lead Software Engineer II"]);
    assert_eq!(
        hits(people, title_query("IN", json!(["software engineer"]))),
        vec![2]
    );
}

#[test]
fn equals_on_text_compares_the_whole_value_word_by_word() {
    let people = titled(&[
        "Software Engineer",
        "Senior Software Engineer",
        "software-engineer",
    ]);
    assert_eq!(
        hits(people, title_query("=", json!(["software engineer"]))),
        vec![1, 3]
    );
}

#[test]
fn contains_is_a_case_insensitive_regex_and_invalid_regexes_are_literals() {
    let people = titled(&["Senior C++ Developer", "Lead Engineer", "Senior Lead"]);
    assert_eq!(
        hits(people.clone(), title_query("(.)", json!(["C++"]))),
        vec![1]
    );
    assert_eq!(
        hits(people.clone(), title_query("(.)", json!(["^SENIOR"]))),
        vec![1, 3]
    );
    assert_eq!(
        hits(people, title_query("(.)", json!(["lead$", "^lead"]))),
        vec![2, 3]
    );
}

#[test]
fn not_in_and_not_contains_exclude_anyone_with_a_matching_value() {
    let mut people = titled(&["Intern", "Senior Engineer", "Engineer"]);
    people[2].past_employers = vec![job("Intern", "Acme")];
    let q =
        |op: &str| with_python(json!({"all_employers.title": {"type": op, "value": ["intern"]}}));
    assert_eq!(hits(people.clone(), q("NOT_IN")), vec![2]);
    assert_eq!(hits(people, q("(!)")), vec![2]);
}

#[test]
fn negations_keep_people_without_any_value() {
    let people = vec![
        person(),
        Profile {
            languages: vec!["German".into()],
            ..person()
        },
    ];
    let q = with_python(json!({"languages": {"type": "NOT_IN", "value": ["german"]}}));
    assert_eq!(hits(people, q), vec![1]);
}

#[test]
fn categorical_values_match_exactly_after_normalisation() {
    let mut people = titled(&["A", "B", "C", "D"]);
    let types = ["Full-time", "FULL_TIME", "full time contract", "Part-time"];
    for (p, t) in people.iter_mut().zip(types) {
        p.current_employers[0].employment_type = Some(t.into());
    }
    let q = with_python(
        json!({"current_employers.employment_type": {"type": "IN", "value": ["full time"]}}),
    );
    assert_eq!(hits(people.clone(), q), vec![1, 2]);
    let q = with_python(
        json!({"current_employers.employment_type": {"type": "(.)", "value": ["^full"]}}),
    );
    assert_eq!(hits(people, q), vec![1, 2, 3]);
}

#[test]
fn seniority_degree_and_headcount_spellings_fold_onto_one_value() {
    let mut people = titled(&["A", "B", "C"]);
    let levels = ["Sr", "SENIOR", "Senior Manager"];
    for (p, l) in people.iter_mut().zip(levels) {
        p.current_employers[0].seniority_level = Some(l.into());
        p.current_employers[0].company_headcount_range = Some("10,001 +".into());
    }
    people[0].education_background = vec![sourcer_core::Education {
        degree_name: Some("Bachelor's".into()),
        ..Default::default()
    }];
    let seniority = with_python(
        json!({"current_employers.seniority_level": {"type": "IN", "value": ["Senior"]}}),
    );
    assert_eq!(hits(people.clone(), seniority), vec![1, 2]);
    let degree = with_python(
        json!({"education_background.degree_name": {"type": "IN", "value": ["BACHELORS"]}}),
    );
    assert_eq!(hits(people.clone(), degree), vec![1]);
    let headcount = with_python(
        json!({"current_employers.company_headcount_range": {"type": "=", "value": ["10001+"]}}),
    );
    assert_eq!(hits(people, headcount), vec![1, 2, 3]);
}

fn located(regions: &[&str]) -> Vec<Profile> {
    regions
        .iter()
        .map(|r| Profile {
            region: Some(r.to_string()),
            ..person()
        })
        .collect()
}

#[test]
fn region_in_matches_the_place_or_anything_inside_it() {
    let people = located(&[
        "Pune, Maharashtra, India",
        "Mumbai, Maharashtra, India",
        "Bengaluru, Karnataka, India",
        "Maharashtra, India",
    ]);
    let q = |place: &str| with_python(json!({"region": {"type": "IN", "value": [place]}}));
    assert_eq!(hits(people.clone(), q("Maharashtra, India")), vec![1, 2, 4]);
    assert_eq!(hits(people.clone(), q("India")), vec![1, 2, 3, 4]);
    assert_eq!(hits(people.clone(), q("Pune, Maharashtra, India")), vec![1]);
    assert_eq!(hits(people, q("Karnataka")), vec![3]);
}

#[test]
fn region_in_accepts_city_country_and_bare_city_forms() {
    let people = located(&[
        "Pune, Maharashtra, India",
        "Punekar, Maharashtra, India",
        "Pune, India",
    ]);
    let q = |place: &str| with_python(json!({"region": {"type": "IN", "value": [place]}}));
    assert_eq!(hits(people.clone(), q("Pune, India")), vec![1, 3]);
    assert_eq!(hits(people.clone(), q("pune")), vec![1, 3]);
    assert_eq!(hits(people, q("India, Pune")), Vec::<u64>::new());
}

#[test]
fn region_equals_compares_whole_places_and_contains_is_a_regex_on_the_folded_place() {
    let people = located(&["São Paulo, São Paulo, Brazil", "Pune, Maharashtra, India"]);
    let eq =
        with_python(json!({"region": {"type": "=", "value": ["sao paulo,sao paulo,  brazil"]}}));
    assert_eq!(hits(people.clone(), eq), vec![1]);
    let re = with_python(json!({"region": {"type": "(.)", "value": ["paulo, bra"]}}));
    assert_eq!(hits(people, re), vec![1]);
}

#[test]
fn country_region_matches_the_region_or_the_country_field() {
    let mut people = located(&[
        "Pune, Maharashtra, India",
        "London, England, United Kingdom",
        "",
    ]);
    people[2].country = Some("India".into());
    let q = with_python(json!({"country_region": {"type": "(.)", "value": ["India"]}}));
    assert_eq!(hits(people.clone(), q), vec![1, 3]);
    let q = with_python(json!({"country_region": {"type": "IN", "value": ["India"]}}));
    assert_eq!(hits(people, q), vec![1, 3]);
}

#[test]
fn company_hq_follows_the_place_rules() {
    let mut people = titled(&["A", "B"]);
    people[0].current_employers[0].company_hq_location = Some("Pune, Maharashtra, India".into());
    people[1].current_employers[0].company_hq_location =
        Some("London, England, United Kingdom".into());
    let q = with_python(
        json!({"current_employers.company_hq_location": {"type": "IN", "value": ["Maharashtra, India"]}}),
    );
    assert_eq!(hits(people, q), vec![1]);
}

#[test]
fn description_in_matches_a_phrase_at_word_boundaries() {
    let mut people = titled(&["A", "B", "C"]);
    people[0].current_employers[0].description = Some("We build B2B SaaS for banks".into());
    people[1].current_employers[0].description = Some("B2B payments and SaaS".into());
    people[2].current_employers[0].description = Some("b2b-saas platform".into());
    let q = with_python(
        json!({"current_employers.description": {"type": "IN", "value": ["B2B Saas"]}}),
    );
    assert_eq!(hits(people.clone(), q), vec![1, 3]);
    let q = with_python(
        json!({"current_employers.description": {"type": "NOT_IN", "value": ["saas"]}}),
    );
    assert_eq!(hits(people, q), Vec::<u64>::new());
}

#[test]
fn education_certifications_and_honors_match_any_record_of_the_person() {
    let mut a = person();
    a.education_background = vec![
        sourcer_core::Education {
            institute_name: Some("University of Mumbai".into()),
            ..Default::default()
        },
        sourcer_core::Education {
            field_of_study: Some("Computer Science".into()),
            ..Default::default()
        },
    ];
    a.certifications = vec![sourcer_core::Certification {
        name: Some("AWS Certified Cloud Practitioner".into()),
        ..Default::default()
    }];
    a.honors = vec![sourcer_core::Honor {
        title: Some("Dean's List".into()),
        issuer: None,
    }];
    let people = vec![a, person()];
    let q = with_python(json!({
        "education_background.institute_name": {"type": "IN", "value": ["University of Mumbai"]},
        "education_background.field_of_study": {"type": "IN", "value": ["computer science"]},
        "certifications.name": {"type": "IN", "value": ["AWS Certified"]},
        "honors.title": {"type": "IN", "value": ["dean's list"]}
    }));
    assert_eq!(hits(people, q), vec![1]);
}
