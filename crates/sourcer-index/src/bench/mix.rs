//! The standard query mix: templates filled with the index's own most frequent values (see
//! the [`super`] module docs for what it covers).

use std::sync::Arc;

use serde_json::{Value, json};
use sourcer_core::{MonthStamp, Query};
use sourcer_taxonomy::RedFlag;

use super::BenchQuery;
use crate::{AutocompleteField, PeopleIndex, PidSet, SearchError, SearchRequest};

/// Queries of the mix also run with the 5,000-pid exclusion set.
const EXCLUSION_VARIANTS: [&str; 6] = [
    "seed_full_filter_map",
    "skills_one_mandatory",
    "title_contains_engineer",
    "geo_50km",
    "same_job_title_company",
    "country_in_years",
];

/// The standard mix for this index: values come from the index's most frequent ones.
/// `exclude` is used by the exclusion variants (pass 5,000 pids).
pub fn standard_mix(
    index: &PeopleIndex,
    as_of: MonthStamp,
    exclude: Arc<PidSet>,
) -> Result<Vec<BenchQuery>, SearchError> {
    let top = |field, n| -> Result<Vec<String>, SearchError> {
        Ok(index
            .autocomplete(field, "", n)?
            .into_iter()
            .map(|s| s.value)
            .collect())
    };
    let pick = |list: &[String], i: usize, fallback: &str| {
        list.get(i).cloned().unwrap_or_else(|| fallback.to_string())
    };
    let titles = top(AutocompleteField::Title, 10)?;
    let skills = top(AutocompleteField::Skill, 30)?;
    let regions = top(AutocompleteField::Region, 5)?;
    let companies = top(AutocompleteField::Company, 5)?;
    let industries = top(AutocompleteField::Industry, 3)?;
    let functions = top(AutocompleteField::Function, 2)?;
    let institutes = top(AutocompleteField::Institute, 2)?;
    let countries = top(AutocompleteField::Country, 2)?;
    let (t0, t1, t2) = (
        pick(&titles, 0, "Software Engineer"),
        pick(&titles, 1, "Data Analyst"),
        pick(&titles, 5, "Product Manager"),
    );
    let s = |i: usize| pick(&skills, i, "Python");
    let (r0, r1) = (
        pick(&regions, 0, "Pune, Maharashtra, India"),
        pick(&regions, 1, "London, England, United Kingdom"),
    );
    let (c0, c1) = (
        pick(&companies, 0, "Infosys"),
        pick(&companies, 1, "Tech Mahindra"),
    );
    let country = pick(&countries, 0, "India");
    let sk = |m: &[String], c: &[String], x: &[String]| -> Value {
        json!({"type": "IN", "value": {"mandatory": m, "core": c, "secondary": x}})
    };
    let mandatory = |m: String| sk(&[m], &[s(3), s(4), s(5)], &[]);
    let core = |c: &[String]| sk(&[], c, &[]);
    let spec = |skills: Value, conditions: &[(&str, &str, Value)]| -> Value {
        let mut map = serde_json::Map::new();
        map.insert("skills".into(), skills);
        for (key, op, values) in conditions {
            map.insert(key.to_string(), json!({"type": op, "value": values}));
        }
        Value::Object(map)
    };
    let prefix4: String = c0.chars().take(4).collect();
    let industry = pick(&industries, 0, "Software Development");
    let mut specs: Vec<(&str, Value)> = vec![
        (
            "seed_dotnet_pune",
            json!({
                "country_region": {"type": "(.)", "value": ["India"]},
                "current_employers.title": {"type": "IN", "value": [".NET Developer", "C# Developer", "Software Engineer", "Web Developer", "Application Developer", "Backend Developer"]},
                "years_of_experience_raw": {"type": "RANGE", "value": [1, 5]},
                "region": {"type": "IN", "value": ["Pune, Maharashtra, India"]},
                "skills": {"type": "IN", "value": {"mandatory": ["C#"], "core": ["ASP.NET MVC", "Web API", "SQL Server", "Entity Framework", "React", "Angular", "Docker"], "secondary": []}}
            }),
        ),
        (
            "seed_full_filter_map",
            spec(
                sk(&[], &[s(0), s(1), s(2)], &[s(6)]),
                &[
                    ("country_region", "(.)", json!([country])),
                    ("current_employers.title", "IN", json!([t0, t1])),
                    ("years_of_experience_raw", "RANGE", json!([1, 15])),
                    (
                        "current_employers.function_category",
                        "IN",
                        json!([pick(&functions, 0, "Engineering")]),
                    ),
                    (
                        "current_employers.years_at_company",
                        "IN",
                        json!(["1 to 2 years", "3 to 5 years"]),
                    ),
                    ("all_employers.company_industries", "IN", json!(industries)),
                    (
                        "education_background.degree_name",
                        "IN",
                        json!(["BACHELORS", "MASTERS"]),
                    ),
                    (
                        "funding_stage",
                        "IN",
                        json!(["series_a", "series_b", "public"]),
                    ),
                ],
            ),
        ),
        ("skills_one_mandatory", spec(mandatory(s(0)), &[])),
        (
            "skills_two_mandatory",
            spec(sk(&[s(1), s(2)], &[s(3)], &[]), &[]),
        ),
        (
            "skills_core_only",
            spec(core(&[s(0), s(1), s(2), s(3), s(4)]), &[]),
        ),
        (
            "title_in_current",
            spec(
                core(&[s(0)]),
                &[("current_employers.title", "IN", json!([t0]))],
            ),
        ),
        (
            "title_in_many",
            spec(
                core(&[s(0), s(7)]),
                &[("current_employers.title", "IN", json!(titles))],
            ),
        ),
        (
            "title_contains_engineer",
            spec(
                core(&[s(0)]),
                &[("current_employers.title", "(.)", json!(["engineer"]))],
            ),
        ),
        (
            "title_regex_senior_prefix",
            spec(
                core(&[s(1)]),
                &[("current_employers.title", "(.)", json!(["^senior"]))],
            ),
        ),
        (
            "title_regex_manager_anywhere",
            spec(
                core(&[s(2)]),
                &[("all_employers.title", "(.)", json!([".*manager.*"]))],
            ),
        ),
        (
            "company_contains",
            spec(
                core(&[s(0)]),
                &[("all_employers.name", "(.)", json!([prefix4]))],
            ),
        ),
        (
            "region_in",
            spec(mandatory(s(0)), &[("region", "IN", json!([r0]))]),
        ),
        (
            "country_in_years",
            spec(
                mandatory(s(1)),
                &[
                    ("country_region", "IN", json!([country])),
                    ("years_of_experience_raw", "RANGE", json!([3, 10])),
                ],
            ),
        ),
        (
            "geo_50km",
            spec(
                mandatory(s(0)),
                &[
                    ("region", "IN", json!([r0])),
                    ("geo_distance", "=", json!(["50_km"])),
                ],
            ),
        ),
        (
            "geo_100mi_two_places",
            spec(
                core(&[s(2)]),
                &[
                    ("region", "IN", json!([r0, r1])),
                    ("geo_distance", "=", json!(["100_mi"])),
                ],
            ),
        ),
        (
            "company_funding_headcount",
            spec(
                mandatory(s(0)),
                &[
                    (
                        "funding_stage",
                        "IN",
                        json!(["series_a", "series_b", "seed"]),
                    ),
                    (
                        "current_employers.company_headcount_range",
                        "IN",
                        json!(["51-200", "201-500"]),
                    ),
                ],
            ),
        ),
        (
            "company_growth_revenue",
            spec(
                mandatory(s(1)),
                &[
                    ("headcount_growth", "RANGE", json!([10, 50])),
                    ("annual_revenue", "=", json!(["10_50", "50_500"])),
                ],
            ),
        ),
        (
            "company_funding_founded",
            spec(
                mandatory(s(2)),
                &[
                    ("total_funding", "=", json!(["1_10", "10_50"])),
                    ("year_founded", "RANGE", json!([2000, 2015])),
                ],
            ),
        ),
        (
            "recently_funded",
            spec(mandatory(s(0)), &[("recently_funded", "=", json!(["12m"]))]),
        ),
        (
            "headcount_latest_range",
            spec(
                mandatory(s(3)),
                &[(
                    "current_employers.company_headcount_latest",
                    "RANGE",
                    json!([10, 1000]),
                )],
            ),
        ),
        (
            "same_job_title_company",
            spec(
                core(&[s(0)]),
                &[
                    ("current_employers.title", "IN", json!([t0])),
                    ("current_employers.name", "IN", json!([c0])),
                ],
            ),
        ),
        (
            "same_job_title_seniority_tenure",
            spec(
                core(&[s(1)]),
                &[
                    (
                        "current_employers.title",
                        "(.)",
                        json!(["engineer|developer|analyst"]),
                    ),
                    (
                        "current_employers.seniority_level",
                        "IN",
                        json!(["Senior", "Lead"]),
                    ),
                    (
                        "current_employers.years_at_company",
                        "IN",
                        json!(["1 to 2 years"]),
                    ),
                ],
            ),
        ),
        (
            "same_past_job",
            spec(
                core(&[s(2)]),
                &[
                    ("past_employers.title", "IN", json!([t1])),
                    ("past_employers.name", "IN", json!([c1])),
                ],
            ),
        ),
        (
            "current_function_industry",
            spec(
                core(&[s(0)]),
                &[
                    (
                        "current_employers.function_category",
                        "IN",
                        json!(functions),
                    ),
                    (
                        "current_employers.company_industries",
                        "IN",
                        json!([industry]),
                    ),
                ],
            ),
        ),
        (
            "not_in_company",
            spec(
                core(&[s(0)]),
                &[
                    ("all_employers.name", "NOT_IN", json!(companies)),
                    ("current_employers.title", "IN", json!([t2])),
                ],
            ),
        ),
        (
            "education",
            spec(
                mandatory(s(1)),
                &[
                    (
                        "education_background.institute_name",
                        "IN",
                        json!(institutes),
                    ),
                    ("education_background.degree_name", "IN", json!(["MASTERS"])),
                ],
            ),
        ),
        (
            "description_phrase",
            spec(
                core(&[s(0)]),
                &[(
                    "current_employers.description",
                    "IN",
                    json!([s(0), "B2B SaaS"]),
                )],
            ),
        ),
        (
            "open_to_work_languages",
            spec(
                mandatory(s(4)),
                &[
                    ("open_to_cards", "=", json!(["CAREER_INTEREST"])),
                    ("languages", "IN", json!(["English"])),
                ],
            ),
        ),
    ];
    let nuanced = spec(
        mandatory(s(0)),
        &[("years_of_experience_raw", "RANGE", json!([2, 12]))],
    );
    let mut out = Vec::new();
    let mut add = |name: String,
                   value: &Value,
                   nuances: Vec<RedFlag>,
                   exclude: Option<Arc<PidSet>>|
     -> Result<(), SearchError> {
        let query = Query::parse(value).map_err(SearchError::Invalid)?;
        let mut request = SearchRequest::new(query, 20, as_of);
        request.nuances = nuances;
        request.exclude = exclude;
        out.push(BenchQuery { name, request });
        Ok(())
    };
    add("nuances_all".into(), &nuanced, RedFlag::ALL.to_vec(), None)?;
    for (name, value) in specs.drain(..) {
        add(name.to_string(), &value, vec![], None)?;
        if EXCLUSION_VARIANTS.contains(&name) {
            add(
                format!("{name}+exclude_5000"),
                &value,
                vec![],
                Some(exclude.clone()),
            )?;
        }
    }
    Ok(out)
}
