use serde_json::json;

use super::*;
use crate::query::{EmployerField, ProfileField, Scope};

fn problems(v: serde_json::Value) -> Vec<QueryProblem> {
    Query::parse(&v).expect_err("query should be refused")
}

fn skills() -> serde_json::Value {
    json!({"type": "IN", "value": {"mandatory": ["C#"], "core": [], "secondary": []}})
}

#[test]
fn the_seed_example_parses() {
    let q = Query::parse(&json!({
        "country_region": {"type": "(.)", "value": ["India"]},
        "current_employers.title": {"type": "IN", "value": [".NET Developer"]},
        "years_of_experience_raw": {"type": "RANGE", "value": [1, 5]},
        "region": {"type": "IN", "value": ["Pune, Maharashtra, India"]},
        "skills": {"type": "IN", "value": {"mandatory": ["C#"], "core": ["ASP.NET MVC"], "secondary": []}},
        "funding_stage": {"type": "IN", "value": ["series_a"]},
        "annual_revenue": {"type": "=", "value": ["1_10"]},
        "current_employers.years_at_company": {"type": "IN", "value": ["1 to 2 years"]},
        "geo_distance": {"type": "=", "value": ["50_km"]},
        "allowFallback": {"type": "NA", "value": [true]}
    }))
    .unwrap();
    assert_eq!(q.conditions.len(), 7);
    assert_eq!(q.skills.mandatory, vec!["C#"]);
    assert_eq!(q.geo_distance.as_ref().unwrap().km, 50.0);
    assert_eq!(q.allow_fallback, Some(true));
    let funding = FilterKey::Employer(Scope::Current, EmployerField::FundingStage);
    assert_eq!(q.conditions_on(funding).count(), 1);
}

#[test]
fn unknown_keys_list_valid_keys_and_suggest_one() {
    let p = problems(
        json!({"current_employer.title": {"type": "IN", "value": ["x"]}, "skills": skills()}),
    );
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].code, ProblemCode::UnknownKey);
    assert_eq!(
        p[0].did_you_mean.as_deref(),
        Some("current_employers.title")
    );
    assert!(p[0].allowed.contains(&"honors.title".to_string()));
}

#[test]
fn operators_are_checked_per_key() {
    let p = problems(
        json!({"years_of_experience_raw": {"type": "IN", "value": ["3"]}, "skills": skills()}),
    );
    assert_eq!(p[0].code, ProblemCode::OperatorNotAllowed);
    assert_eq!(p[0].allowed, vec!["RANGE"]);
    let p = problems(
        json!({"current_employers.description": {"type": "(.)", "value": ["saas"]}, "skills": skills()}),
    );
    assert_eq!(p[0].code, ProblemCode::OperatorNotAllowed);
}

#[test]
fn every_problem_is_reported_with_its_key() {
    let p = problems(json!({
        "region": {"type": "IN", "value": "Pune"},
        "years_of_experience_raw": {"type": "RANGE", "value": [9, 2]},
        "annual_revenue": {"type": "=", "value": ["lots"]},
        "honors.title": {"type": "IN", "value": []},
        "skills": {"type": "IN", "value": {"mandatory": [], "core": [], "secondary": []}}
    }));
    let codes: Vec<(&str, ProblemCode)> = p.iter().map(|p| (p.key.as_str(), p.code)).collect();
    assert!(codes.contains(&("region", ProblemCode::InvalidValue)));
    assert!(codes.contains(&("years_of_experience_raw", ProblemCode::InvalidRange)));
    assert!(codes.contains(&("annual_revenue", ProblemCode::InvalidValue)));
    assert!(codes.contains(&("honors.title", ProblemCode::EmptyValue)));
    assert!(codes.contains(&("skills", ProblemCode::SkillsRequired)));
}

#[test]
fn skills_are_required() {
    let p = problems(json!({"region": {"type": "IN", "value": ["Pune"]}}));
    assert_eq!(p[0].code, ProblemCode::SkillsRequired);
    assert_eq!(problems(json!([]))[0].code, ProblemCode::NotAnObject);
}

#[test]
fn geo_distance_needs_a_place() {
    let p =
        problems(json!({"geo_distance": {"type": "=", "value": ["50_km"]}, "skills": skills()}));
    assert_eq!(p[0].key, "geo_distance");
}

#[test]
fn invalid_regex_falls_back_to_a_literal() {
    let re = compile_pattern("C++").unwrap();
    assert!(re.is_match("senior c++ developer"));
    assert!(
        compile_pattern("Ingénieur")
            .unwrap()
            .is_match("ingenieur logiciel")
    );
    assert!(compile_pattern("^lead").unwrap().is_match("lead engineer"));
}

#[test]
fn queries_render_back_to_the_same_query() {
    let original = json!({
        "current_employers.title": {"type": "NOT_IN", "value": ["Intern"]},
        "years_of_experience_raw": {"type": "RANGE", "value": [2, null]},
        "education_background.degree_name": {"type": "IN", "value": ["BACHELORS"]},
        "recently_funded": {"type": "=", "value": ["6m"]},
        "skills": {"type": "IN", "value": {"mandatory": ["Rust"], "core": ["Go"], "secondary": []}}
    });
    let q = Query::parse(&original).unwrap();
    assert_eq!(Query::parse(&q.to_json()).unwrap(), q);
    let degree = FilterKey::Profile(ProfileField::DegreeName);
    assert_eq!(q.conditions_on(degree).count(), 1);
}
