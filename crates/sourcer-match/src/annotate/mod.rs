//! JD to filters (FutureJobs F10, `sourcer annotate`): reads free job-description text and
//! suggests a value for each filter key, as `{presence, value}` with `value: [null]` when
//! nothing was found.
//!
//! Extraction is rule-based and deterministic: skills come from the taxonomy and are split
//! into mandatory / core / secondary by the wording around them ([`skills`]); titles,
//! seniority, years, degree, field of study, industries and languages from patterns
//! ([`fields`]); places from the gazetteer ([`location`], kept apart so the rest works
//! without it).

mod fields;
mod location;
mod skills;

use serde::{Serialize, Serializer};
use serde_json::{Map, Value, json};

pub(crate) use fields::extract_years;
pub use location::PlaceLookup;
pub(crate) use skills::extract_skills;

use crate::MatchError;
use crate::job::YearsRange;

/// The F10 filter keys an annotation fills, in output order.
pub const ANNOTATION_KEYS: [&str; 11] = [
    "current_employers.title",
    "years_of_experience_raw",
    "skills",
    "region",
    "country_region",
    "current_employers.seniority_level",
    "current_employers.function_category",
    "education_background.degree_name",
    "education_background.field_of_study",
    "all_employers.company_industries",
    "languages",
];

/// Skills split by how the JD words them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SkillBuckets {
    pub mandatory: Vec<String>,
    pub core: Vec<String>,
    pub secondary: Vec<String>,
}

impl SkillBuckets {
    /// True when the JD named no skill.
    pub fn is_empty(&self) -> bool {
        self.mandatory.is_empty() && self.core.is_empty() && self.secondary.is_empty()
    }

    /// Every skill, mandatory first.
    pub fn all(&self) -> impl Iterator<Item = &String> {
        self.mandatory
            .iter()
            .chain(&self.core)
            .chain(&self.secondary)
    }
}

/// What a JD says, filter key by filter key. Serialises to the F10 map.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Annotation {
    pub titles: Vec<String>,
    pub years: Option<YearsRange>,
    pub skills: SkillBuckets,
    /// Full place names ("Pune, Maharashtra, India"), for `region`.
    pub regions: Vec<String>,
    /// Country names, for `country_region`.
    pub countries: Vec<String>,
    /// The JD says the role is remote.
    pub remote: bool,
    /// Import-format seniority levels ("Senior", "Lead").
    pub seniority: Vec<String>,
    pub functions: Vec<String>,
    /// Degree tokens (`BACHELORS`, `MASTERS`, `DOCTORATE`).
    pub degrees: Vec<String>,
    pub fields_of_study: Vec<String>,
    pub industries: Vec<String>,
    pub languages: Vec<String>,
}

/// Annotates a JD, resolving places with the global gazetteer.
pub fn annotate(jd_text: &str) -> Annotation {
    annotate_with(jd_text, &location::GlobalGazetteer)
}

/// Annotates a JD, resolving places with `places`.
pub fn annotate_with(jd_text: &str, places: &dyn PlaceLookup) -> Annotation {
    let titles = fields::extract_titles(jd_text);
    let (regions, countries, remote) = location::extract_places(jd_text, places);
    Annotation {
        years: extract_years(jd_text),
        skills: extract_skills(jd_text),
        seniority: fields::extract_seniority(jd_text, &titles),
        functions: fields::functions_of(&titles),
        degrees: fields::extract_degrees(jd_text),
        fields_of_study: fields::extract_fields_of_study(jd_text),
        industries: fields::extract_industries(jd_text),
        languages: fields::extract_languages(jd_text),
        titles: titles.into_iter().map(|t| t.role).collect(),
        regions,
        countries,
        remote,
    }
}

impl Annotation {
    /// The value of one key, or `None` when the JD gave nothing for it.
    fn value_of(&self, key: &str) -> Option<Value> {
        let list = |v: &Vec<String>| (!v.is_empty()).then(|| json!(v));
        match key {
            "current_employers.title" => list(&self.titles),
            "years_of_experience_raw" => self.years.map(|y| json!([y.min, y.max])),
            "skills" => (!self.skills.is_empty()).then(|| json!(self.skills)),
            "region" => list(&self.regions),
            "country_region" => list(&self.countries),
            "current_employers.seniority_level" => list(&self.seniority),
            "current_employers.function_category" => list(&self.functions),
            "education_background.degree_name" => list(&self.degrees),
            "education_background.field_of_study" => list(&self.fields_of_study),
            "all_employers.company_industries" => list(&self.industries),
            "languages" => list(&self.languages),
            _ => None,
        }
    }

    /// The F10 map: every key of [`ANNOTATION_KEYS`] as `{presence, value}`.
    pub fn to_f10(&self) -> Value {
        let map: Map<String, Value> = ANNOTATION_KEYS
            .iter()
            .map(|&key| {
                let entry = match self.value_of(key) {
                    Some(value) => json!({"presence": true, "value": value}),
                    None => json!({"presence": false, "value": [null]}),
                };
                (key.to_string(), entry)
            })
            .collect();
        Value::Object(map)
    }

    /// The present entries as a `queries` object that `sourcer_core::Query::parse` accepts.
    /// Places go in as `region` when the JD names a city or state, else as `country_region`.
    ///
    /// Fails with [`MatchError::NoSkillFound`] when the JD names no skill the taxonomy knows:
    /// the sourcing API requires at least one skill, and guessing one would search for
    /// something the user never asked for.
    pub fn to_queries(&self) -> Result<Value, MatchError> {
        if self.skills.is_empty() {
            return Err(MatchError::NoSkillFound);
        }
        let mut map = Map::new();
        let mut put = |key: &str, op: &str, value: Value| {
            map.insert(key.to_string(), json!({"type": op, "value": value}));
        };
        for &key in &ANNOTATION_KEYS {
            let Some(value) = self.value_of(key) else {
                continue;
            };
            match key {
                "years_of_experience_raw" => put(key, "RANGE", value),
                "country_region" if !self.regions.is_empty() => {}
                _ => put(key, "IN", value),
            }
        }
        Ok(Value::Object(map))
    }
}

impl Serialize for Annotation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_f10().serialize(serializer)
    }
}

#[cfg(test)]
mod tests;
