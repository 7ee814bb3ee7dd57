//! Random `queries` objects over every key and operator, drawn from the generator's
//! vocabulary (plus sub-phrases, spelling variants and patterns) so they often match.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Map, Value, json};
use sourcer_core::query::{EmployerField, FilterKey, ProfileField, Scope, ValueKind};
use sourcer_core::{MonthStamp, Op};
use sourcer_taxonomy::RedFlag;

use crate::support::*;

const PATTERNS: &[&str] = &[
    "engineer",
    "^senior",
    "developer$",
    "c\\+\\+",
    "C++",
    ".net",
    "ing[eé]nieur",
    "DATA",
    "mahindra|infosys",
    "s.o paulo",
    "\\bsr\\b",
    "x*",
    "^(lead|senior) ",
    "india",
    "^pune",
    "zurich$",
    "full",
    "series",
    "1$",
    "^\\d",
    "eng",
];
const PHRASES: &[&str] = &[
    "Software Engineer",
    ".NET Developer",
    "engineer",
    "developer",
    "Senior",
    "Manager",
    "sr engineer",
    "Ingenieur",
    "c++",
    "Lead Software Engineer II",
];
const PLACES: &[&str] = &[
    "Pune, Maharashtra, India",
    "Maharashtra, India",
    "India",
    "Pune",
    "Pune, India",
    "Brazil",
    "Zurich",
    "London, England, United Kingdom",
    "sao paulo",
    "Atlantis",
];
const DESCRIPTION_PHRASES: &[&str] = &[
    "B2B SaaS",
    "SaaS",
    "c#",
    "k8s operators",
    ".net developer",
    "payments",
    "Built",
];
const MONEY: &[&str] = &["under_1", "1_10", "10_50", "50_500", "over_500", "0.5_2"];
const RECENCY: &[&str] = &["3m", "6m", "12m", "24m"];
const TENURE: &[&str] = &[
    "Less than 1 year",
    "1 to 2 years",
    "3 to 5 years",
    "6 to 10 years",
    "More than 10 years",
];
const GEO_PLACES: &[&str] = &[
    "Pune, Maharashtra, India",
    "India",
    "Mumbai, Maharashtra, India",
    "London, England, United Kingdom",
];

fn pick<'a>(rng: &mut StdRng, items: &[&'a str]) -> &'a str {
    items[rng.random_range(0..items.len())]
}

fn some(rng: &mut StdRng, items: &[&str], max: usize) -> Vec<String> {
    let n = rng.random_range(1..=max);
    (0..n).map(|_| pick(rng, items).to_string()).collect()
}

fn all_keys() -> Vec<(String, FilterKey)> {
    let mut keys: Vec<(String, FilterKey)> = ProfileField::ALL
        .iter()
        .map(|f| (f.key().to_string(), FilterKey::Profile(*f)))
        .collect();
    for scope in Scope::ALL {
        for field in EmployerField::ALL {
            let key = FilterKey::Employer(scope, field);
            keys.push((key.to_string(), key));
        }
    }
    for field in EmployerField::ALL
        .into_iter()
        .filter(|f| f.has_top_level_alias())
    {
        keys.push((
            field.name().to_string(),
            FilterKey::Employer(Scope::Current, field),
        ));
    }
    keys
}

fn vocabulary(key: FilterKey) -> &'static [&'static str] {
    use EmployerField as E;
    use ProfileField as P;
    match key {
        FilterKey::Profile(P::InstituteName) => INSTITUTES,
        FilterKey::Profile(P::FieldOfStudy) => FIELDS_OF_STUDY,
        FilterKey::Profile(P::DegreeName) => DEGREES,
        FilterKey::Profile(P::CertificationName) => CERTIFICATIONS,
        FilterKey::Profile(P::HonorTitle) => HONORS,
        FilterKey::Profile(P::OpenToCards) => CARDS,
        FilterKey::Profile(P::Languages) => LANGUAGES,
        FilterKey::Profile(P::Region | P::CountryRegion) => PLACES,
        FilterKey::Employer(_, E::Title) => PHRASES,
        FilterKey::Employer(_, E::Name) => COMPANIES,
        FilterKey::Employer(_, E::CompanyIndustries) => INDUSTRIES,
        FilterKey::Employer(_, E::CompanyHqLocation) => PLACES,
        FilterKey::Employer(_, E::FunctionCategory) => FUNCTIONS,
        FilterKey::Employer(_, E::SeniorityLevel) => SENIORITIES,
        FilterKey::Employer(_, E::EmploymentType) => EMPLOYMENT,
        FilterKey::Employer(_, E::CompanyType) => COMPANY_TYPES,
        FilterKey::Employer(_, E::CompanyHeadcountRange) => HEADCOUNT_RANGES,
        FilterKey::Employer(_, E::FundingStage) => FUNDING_STAGES,
        FilterKey::Employer(_, E::Description) => DESCRIPTION_PHRASES,
        _ => PHRASES,
    }
}

fn bound(rng: &mut StdRng, lo: f64, hi: f64) -> Value {
    if rng.random_bool(0.2) {
        Value::Null
    } else {
        json!((rng.random_range(lo..hi) * 2.0).round() / 2.0)
    }
}

fn condition(rng: &mut StdRng, key: FilterKey) -> Value {
    let kind = key.kind();
    let op = *pick_op(rng, kind.allowed_ops());
    let value = match kind {
        ValueKind::Number => {
            let (lo, hi) = match key {
                FilterKey::Profile(_) => (0.0, 15.0),
                FilterKey::Employer(_, EmployerField::YearFounded) => (1980.0, 2024.0),
                FilterKey::Employer(_, EmployerField::HeadcountGrowth) => (-10.0, 40.0),
                _ => (0.0, 200_000.0),
            };
            let (a, b) = (bound(rng, lo, hi), bound(rng, lo, hi));
            match (a.as_f64(), b.as_f64()) {
                (Some(x), Some(y)) if x > y => json!([y, x]),
                (None, None) => json!([lo, Value::Null]),
                _ => json!([a, b]),
            }
        }
        ValueKind::Tenure => json!(some(rng, TENURE, 2)),
        ValueKind::Money => json!(some(rng, MONEY, 2)),
        ValueKind::Recency => json!(some(rng, RECENCY, 1)),
        _ if matches!(op, Op::Contains | Op::NotContains) => json!(some(rng, PATTERNS, 2)),
        _ => json!(some(rng, vocabulary(key), 2)),
    };
    json!({"type": op.as_str(), "value": value})
}

fn pick_op<'a>(rng: &mut StdRng, ops: &'a [Op]) -> &'a Op {
    &ops[rng.random_range(0..ops.len())]
}

/// A random query, its nuances and as-of month.
pub fn random_search(seed: u64) -> (Value, Vec<RedFlag>, MonthStamp) {
    let mut rng = StdRng::seed_from_u64(seed);
    let keys = all_keys();
    let mut map = Map::new();
    for _ in 0..rng.random_range(0..=4) {
        let (name, key) = &keys[rng.random_range(0..keys.len())];
        map.insert(name.clone(), condition(&mut rng, *key));
    }
    // Same-record groups deserve more than chance: add a second condition on a used scope.
    if rng.random_bool(0.4) {
        let scope = [Scope::Current, Scope::Past, Scope::All][rng.random_range(0..3)];
        for field in [
            EmployerField::Title,
            EmployerField::Name,
            EmployerField::SeniorityLevel,
        ] {
            if rng.random_bool(0.6) {
                let key = FilterKey::Employer(scope, field);
                map.insert(key.to_string(), condition(&mut rng, key));
            }
        }
    }
    let mandatory = if rng.random_bool(0.3) {
        some(&mut rng, SKILLS, 1)
    } else {
        vec![]
    };
    let mut core = if rng.random_bool(0.7) {
        some(&mut rng, SKILLS, 3)
    } else {
        vec![]
    };
    let secondary = if rng.random_bool(0.4) {
        some(&mut rng, SKILLS, 2)
    } else {
        vec![]
    };
    if mandatory.is_empty() && core.is_empty() && secondary.is_empty() {
        core.push(pick(&mut rng, SKILLS).to_string());
    }
    map.insert(
        "skills".into(),
        json!({"type": "IN", "value": {"mandatory": mandatory, "core": core, "secondary": secondary}}),
    );
    if rng.random_bool(0.2) {
        let place = pick(&mut rng, GEO_PLACES);
        map.insert("region".into(), json!({"type": "IN", "value": [place]}));
        let radius = pick(&mut rng, &["50_km", "100_mi", "300_km", "1000_km"]);
        map.insert(
            "geo_distance".into(),
            json!({"type": "=", "value": [radius]}),
        );
    }
    let nuances = RedFlag::ALL
        .into_iter()
        .filter(|_| rng.random_bool(0.12))
        .collect();
    let as_of = MonthStamp::new(rng.random_range(2019..=2027), rng.random_range(1..=12));
    (Value::Object(map), nuances, as_of)
}
