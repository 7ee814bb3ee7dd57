use sourcer_core::{GeoPoint, Query};
use sourcer_geo::{Place, PlaceKind};

use super::*;

/// A gazetteer stand-in that knows three places, so annotation is tested without the real
/// one; `location_uses_the_real_gazetteer` covers that.
struct FakePlaces;

impl PlaceLookup for FakePlaces {
    fn locate(&self, name: &str) -> Option<Place> {
        let (full, kind, code) = match name.trim().to_ascii_lowercase().as_str() {
            "pune" | "pune, india" | "pune, maharashtra, india" => {
                ("Pune, Maharashtra, India", PlaceKind::City, "IN")
            }
            "berlin" | "berlin, germany" => ("Berlin, Berlin, Germany", PlaceKind::City, "DE"),
            "germany" => ("Germany", PlaceKind::Country, "DE"),
            _ => return None,
        };
        Some(Place {
            name: full.into(),
            kind,
            point: GeoPoint { lat: 0.0, lon: 0.0 },
            country_code: code.into(),
        })
    }

    fn country_name(&self, code: &str) -> Option<String> {
        match code {
            "IN" => Some("India".into()),
            "DE" => Some("Germany".into()),
            _ => None,
        }
    }
}

const FJ_EXAMPLE: &str = "Job Title: .NET Developer, Experience: 1-5 years, Location: Pune";

const LONG_JD: &str = "Senior Backend Engineer (Remote-friendly)\n\
We are looking for a Senior Backend Engineer to join our FinTech team in Berlin.\n\
Requirements:\n\
- 5+ years of professional experience\n\
- Strong Kubernetes and PostgreSQL skills\n\
- Bachelor's degree in Computer Science or a related field\n\
- Fluent English; German is a plus\n\
Nice to have:\n\
- React\n\
We use TypeScript across the stack.";

#[test]
fn the_futurejobs_example_is_annotated_like_the_vendor_does() {
    let a = annotate_with(FJ_EXAMPLE, &FakePlaces);
    assert_eq!(a.titles, vec![".NET Developer"]);
    assert_eq!(
        a.years,
        Some(YearsRange {
            min: Some(1.0),
            max: Some(5.0)
        })
    );
    assert_eq!(a.regions, vec!["Pune, Maharashtra, India"]);
    assert_eq!(a.countries, vec!["India"]);
    assert_eq!(a.skills.mandatory, vec![".NET"]);
}

#[test]
fn a_long_jd_fills_every_field_it_states() {
    let a = annotate_with(LONG_JD, &FakePlaces);
    assert_eq!(a.titles, vec!["Backend Engineer"]);
    assert_eq!(a.seniority, vec!["Senior"]);
    assert_eq!(a.functions, vec!["Engineering"]);
    assert_eq!(a.years.and_then(|y| y.min), Some(5.0));
    assert_eq!(a.years.and_then(|y| y.max), None);
    assert_eq!(a.skills.mandatory, vec!["Kubernetes", "PostgreSQL"]);
    assert_eq!(a.skills.secondary, vec!["React"]);
    assert_eq!(a.skills.core, vec!["TypeScript"]);
    assert_eq!(a.degrees, vec!["BACHELORS"]);
    assert_eq!(a.fields_of_study, vec!["Computer Science"]);
    assert_eq!(a.industries, vec!["Financial Services"]);
    assert_eq!(a.languages, vec!["English", "German"]);
    assert_eq!(a.regions, vec!["Berlin, Berlin, Germany"]);
    assert!(a.remote);
}

#[test]
fn absent_fields_are_reported_with_a_null_value() {
    let a = annotate_with("We need someone great with Docker.", &FakePlaces);
    let f10 = a.to_f10();
    for key in ANNOTATION_KEYS {
        assert!(f10.get(key).is_some(), "{key}");
    }
    assert_eq!(
        f10["education_background.degree_name"],
        serde_json::json!({"presence": false, "value": [null]})
    );
    assert_eq!(f10["skills"]["presence"], true);
    assert_eq!(
        f10["skills"]["value"]["mandatory"],
        serde_json::json!(["Docker"])
    );
    assert_eq!(serde_json::to_value(&a).unwrap(), f10);
}

#[test]
fn queries_built_from_an_annotation_parse() {
    for text in [FJ_EXAMPLE, LONG_JD] {
        let a = annotate_with(text, &FakePlaces);
        let queries = a.to_queries().unwrap();
        let query = Query::parse(&queries).unwrap_or_else(|p| panic!("{text}: {p:?}"));
        assert!(query.skills.total() >= 1);
    }
    let queries = annotate_with(FJ_EXAMPLE, &FakePlaces).to_queries().unwrap();
    assert!(
        queries.get("country_region").is_none(),
        "region is more specific"
    );
    assert_eq!(queries["years_of_experience_raw"]["type"], "RANGE");
}

#[test]
fn a_jd_without_known_skills_gives_no_queries() {
    let a = annotate_with(
        "Friendly, kind people wanted. Good vibes only.",
        &FakePlaces,
    );
    assert!(matches!(a.to_queries(), Err(MatchError::NoSkillFound)));
}

#[test]
fn years_are_read_in_their_usual_wordings() {
    let range = |t: &str| extract_years(t).map(|y| (y.min, y.max));
    assert_eq!(
        range("3 to 5 years of experience"),
        Some((Some(3.0), Some(5.0)))
    );
    assert_eq!(
        range("at least 4 years in backend"),
        Some((Some(4.0), None))
    );
    assert_eq!(range("up to 2 yrs"), Some((None, Some(2.0))));
    assert_eq!(range("2 years of Java experience"), Some((Some(2.0), None)));
    assert_eq!(range("founded 10 years ago"), None);
}

#[test]
fn location_words_elsewhere_are_not_places() {
    let a = annotate_with("Must know Docker and Go. Location: Germany", &FakePlaces);
    assert!(a.regions.is_empty());
    assert_eq!(a.countries, vec!["Germany"]);
    let queries = a.to_queries().unwrap();
    assert_eq!(
        queries["country_region"]["value"],
        serde_json::json!(["Germany"])
    );
}

#[test]
fn location_uses_the_real_gazetteer() {
    let a = annotate(FJ_EXAMPLE);
    assert_eq!(a.regions, vec!["Pune, Maharashtra, India"]);
    assert_eq!(a.countries, vec!["India"]);
    let b = annotate(
        "We are looking for a Backend Engineer to join our team in Berlin. \
         Must know Go and Java. Remote possible.",
    );
    assert_eq!(
        b.regions,
        vec!["Berlin, Berlin, Germany"],
        "Java is a skill here, not a place"
    );
    assert!(b.remote);
    let c = annotate("Docker engineer. Location: Pune or London");
    assert_eq!(c.countries, vec!["India", "United Kingdom"]);
    let queries = c.to_queries().unwrap();
    assert_eq!(queries["region"]["value"].as_array().map(Vec::len), Some(2));
}
