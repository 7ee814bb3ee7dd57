//! Autocomplete: frequent values for a prefix, spellings grouped, deleted profiles ignored,
//! FutureJobs `filter_type` names.

use sourcer_core::Profile;
use sourcer_index::{AutocompleteField, PeopleIndex, Suggestion};

use crate::fixtures::*;

fn suggestions(index: &PeopleIndex, field: AutocompleteField, prefix: &str) -> Vec<(String, u64)> {
    index
        .autocomplete(field, prefix, 10)
        .unwrap()
        .into_iter()
        .map(|Suggestion { value, count }| (value, count))
        .collect()
}

#[test]
fn autocomplete_suggests_frequent_values_in_their_most_common_spelling() {
    let titles = [
        "Software Engineer",
        "software engineer",
        "Software Engineer",
        "Senior Software Engineer",
        "Sales Manager",
    ];
    let profiles = titles
        .iter()
        .map(|t| Profile {
            current_employers: vec![job(t, "Acme")],
            ..person()
        })
        .collect();
    let (index, _) = indexed(profiles);
    assert_eq!(
        suggestions(&index, AutocompleteField::Title, "soft"),
        vec![
            ("Software Engineer".into(), 3),
            ("Senior Software Engineer".into(), 1)
        ]
    );
    assert_eq!(
        suggestions(&index, AutocompleteField::Title, "SA"),
        vec![("Sales Manager".into(), 1)]
    );
    assert_eq!(
        suggestions(&index, AutocompleteField::Company, "ac"),
        vec![("Acme".into(), 5)]
    );
    assert_eq!(suggestions(&index, AutocompleteField::Title, "zzz"), vec![]);
}

#[test]
fn autocomplete_groups_aliases_and_ignores_deleted_profiles() {
    let skills: [&[&str]; 3] = [&["K8s"], &["Kubernetes"], &["Kubernetes", "Python"]];
    let profiles: Vec<Profile> = skills
        .iter()
        .map(|s| Profile {
            skills: s.iter().map(|x| x.to_string()).collect(),
            ..person()
        })
        .collect();
    let (index, _) = indexed(profiles);
    assert_eq!(
        suggestions(&index, AutocompleteField::Skill, "k8"),
        vec![("Kubernetes".into(), 3)]
    );
    let mut writer = index.writer().unwrap();
    writer.delete(2).unwrap();
    writer.commit(9).unwrap();
    // One of each spelling is left: ties go to the smaller spelling.
    assert_eq!(
        suggestions(&index, AutocompleteField::Skill, "kub"),
        vec![("K8s".into(), 2)]
    );
}

#[test]
fn autocomplete_fields_parse_from_futurejobs_filter_types() {
    let cases = [
        ("region", AutocompleteField::Region),
        ("country_region", AutocompleteField::Country),
        ("current_employers.title", AutocompleteField::Title),
        ("skills", AutocompleteField::Skill),
        ("past_employers.name", AutocompleteField::Company),
        (
            "education_background.institute_name",
            AutocompleteField::Institute,
        ),
        (
            "all_employers.company_industries",
            AutocompleteField::Industry,
        ),
        ("certifications.name", AutocompleteField::Certification),
        (
            "education_background.field_of_study",
            AutocompleteField::FieldOfStudy,
        ),
        ("languages", AutocompleteField::Language),
        (
            "current_employers.function_category",
            AutocompleteField::Function,
        ),
        (
            "current_employers.seniority_level",
            AutocompleteField::Seniority,
        ),
    ];
    for (text, field) in cases {
        assert_eq!(AutocompleteField::parse(text), Some(field), "{text}");
        assert_eq!(AutocompleteField::parse(field.name()), Some(field));
    }
    assert_eq!(AutocompleteField::parse("salary"), None);
}
