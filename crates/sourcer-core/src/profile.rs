//! The profile record of the import contract (docs/profile-format.md).
//!
//! Deserialisation is the type check: a field of the wrong type fails with serde's message.
//! `null` is accepted wherever a field is optional, and means "absent". Unknown fields are
//! ignored. [`Profile::problems`] adds the rules serde cannot express.

use serde::{Deserialize, Deserializer, Serialize};

use crate::date::{MonthStamp, PartialDate};
use crate::linkedin;

/// One person, as imported.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headline: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linkedin_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<GeoPoint>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years_of_experience_raw: Option<f64>,
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub skills: Vec<String>,
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub open_to_cards: Vec<String>,
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub languages: Vec<String>,
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub current_employers: Vec<Employer>,
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub past_employers: Vec<Employer>,
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub education_background: Vec<Education>,
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub certifications: Vec<Certification>,
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub honors: Vec<Honor>,
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub emails: Vec<String>,
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub phones: Vec<String>,
}

/// A latitude/longitude pair in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    pub lat: f64,
    pub lon: f64,
}

/// One job: the person's role and what is known about the company.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Employer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seniority_level: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function_category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employment_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_hq_location: Option<String>,
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub company_industries: Vec<String>,
    #[serde(
        default,
        deserialize_with = "int_or_integral_float",
        skip_serializing_if = "Option::is_none"
    )]
    pub company_headcount_latest: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_headcount_range: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headcount_growth: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funding_stage: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_funding: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_revenue: Option<f64>,
    #[serde(
        default,
        deserialize_with = "int_or_integral_float",
        skip_serializing_if = "Option::is_none"
    )]
    pub year_founded: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_funding_date: Option<PartialDate>,
}

/// One school record.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Education {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub institute_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub degree_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_of_study: Option<String>,
    #[serde(
        default,
        deserialize_with = "int_or_integral_float",
        skip_serializing_if = "Option::is_none"
    )]
    pub start_year: Option<i64>,
    #[serde(
        default,
        deserialize_with = "int_or_integral_float",
        skip_serializing_if = "Option::is_none"
    )]
    pub end_year: Option<i64>,
}

/// A certification.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Certification {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    #[serde(
        default,
        deserialize_with = "int_or_integral_float",
        skip_serializing_if = "Option::is_none"
    )]
    pub year: Option<i64>,
}

/// An honor or award.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Honor {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
}

/// A rule a parsed profile breaks; the import rejects the line with this reason.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProfileProblem {
    #[error("no name and no linkedin_url")]
    NoNameNoUrl,
    #[error("{path}: end_date {end} is before start_date {start}")]
    EndBeforeStart {
        path: String,
        start: PartialDate,
        end: PartialDate,
    },
    #[error("{path}: end_year {end} is before start_year {start}")]
    EndYearBeforeStartYear { path: String, start: i64, end: i64 },
    #[error("location: latitude must be within [-90, 90] and longitude within [-180, 180]")]
    LocationOutOfRange,
    #[error("years_of_experience_raw must be a finite number >= 0")]
    NegativeYears,
    #[error("id must not be empty")]
    EmptyId,
}

/// Which list an employer record came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EmployerKind {
    Current,
    Past,
}

impl Profile {
    /// The profile's stable id: `id` when given, else md5 hex of the normalised LinkedIn URL,
    /// else md5 hex of the record's canonical JSON (so re-importing it is still idempotent).
    pub fn resolved_id(&self) -> String {
        if let Some(id) = self
            .id
            .as_deref()
            .map(str::trim)
            .filter(|id| !id.is_empty())
        {
            return id.to_string();
        }
        if let Some(url) = self
            .linkedin_url
            .as_deref()
            .filter(|u| !u.trim().is_empty())
        {
            return linkedin::profile_id_from_url(url);
        }
        linkedin::md5_hex(&self.canonical_json())
    }

    /// Serialises the record deterministically (field order fixed, empty fields omitted).
    pub fn canonical_json(&self) -> String {
        serde_json::to_string(self).expect("a profile always serialises")
    }

    /// Every rule the record breaks beyond its types; empty when the record is acceptable.
    pub fn problems(&self) -> Vec<ProfileProblem> {
        let mut problems = Vec::new();
        let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
        if blank(&self.name) && blank(&self.linkedin_url) {
            problems.push(ProfileProblem::NoNameNoUrl);
        }
        if self.id.as_deref().is_some_and(|id| id.trim().is_empty()) {
            problems.push(ProfileProblem::EmptyId);
        }
        if let Some(p) = self.location
            && !((-90.0..=90.0).contains(&p.lat) && (-180.0..=180.0).contains(&p.lon))
        {
            problems.push(ProfileProblem::LocationOutOfRange);
        }
        if self
            .years_of_experience_raw
            .is_some_and(|y| !y.is_finite() || y < 0.0)
        {
            problems.push(ProfileProblem::NegativeYears);
        }
        for (list, employers) in [
            ("current_employers", &self.current_employers),
            ("past_employers", &self.past_employers),
        ] {
            for (i, e) in employers.iter().enumerate() {
                if let (Some(start), Some(end)) = (e.start_date, e.end_date)
                    && end.month_stamp() < start.month_stamp()
                {
                    problems.push(ProfileProblem::EndBeforeStart {
                        path: format!("{list}[{i}]"),
                        start,
                        end,
                    });
                }
            }
        }
        for (i, ed) in self.education_background.iter().enumerate() {
            if let (Some(start), Some(end)) = (ed.start_year, ed.end_year)
                && end < start
            {
                problems.push(ProfileProblem::EndYearBeforeStartYear {
                    path: format!("education_background[{i}]"),
                    start,
                    end,
                });
            }
        }
        problems
    }

    /// Current employers first, then past ones, each tagged with its list and position.
    pub fn employers(&self) -> impl Iterator<Item = (EmployerKind, usize, &Employer)> {
        let current = self.current_employers.iter().enumerate();
        let past = self.past_employers.iter().enumerate();
        current
            .map(|(i, e)| (EmployerKind::Current, i, e))
            .chain(past.map(|(i, e)| (EmployerKind::Past, i, e)))
    }
}

impl Employer {
    /// Months worked here: to `end_date`, or to `as_of` for a job without an end.
    pub fn tenure_months(&self, as_of: MonthStamp) -> Option<i32> {
        let start = self.start_date?.month_stamp();
        let end = self.end_date.map_or(as_of, |d| d.month_stamp());
        Some(end.months_since(start).max(0))
    }
}

fn null_as_empty<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// Accepts `1986` and `1986.0` (exporters often write integers as floats) but not `1986.5`.
fn int_or_integral_float<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<i64>, D::Error> {
    let Some(number) = Option::<serde_json::Number>::deserialize(deserializer)? else {
        return Ok(None);
    };
    if let Some(i) = number.as_i64() {
        return Ok(Some(i));
    }
    match number.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(Some(f as i64)),
        _ => Err(serde::de::Error::custom(format!(
            "expected an integer, found {number}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Profile, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn nulls_mean_absent_and_unknown_fields_are_ignored() {
        let p = parse(r#"{"name":"A","skills":null,"location":null,"whatever":[1,2],"current_employers":[{"name":"X","end_date":null,"year_founded":1986.0}]}"#).unwrap();
        assert!(p.skills.is_empty());
        assert_eq!(p.current_employers[0].year_founded, Some(1986));
        assert!(p.problems().is_empty());
    }

    #[test]
    fn wrong_types_fail_to_parse() {
        assert!(parse(r#"{"name":"A","skills":"C#"}"#).is_err());
        assert!(parse(r#"{"name":"A","years_of_experience_raw":"6"}"#).is_err());
        assert!(
            parse(r#"{"name":"A","current_employers":[{"start_date":"March 2020"}]}"#).is_err()
        );
        assert!(parse(r#"{"name":"A","current_employers":[{"year_founded":1986.5}]}"#).is_err());
    }

    #[test]
    fn semantic_problems_are_reported() {
        let p = parse(
            r#"{"headline":"x","past_employers":[{"start_date":"2020-05","end_date":"2019-01"}]}"#,
        )
        .unwrap();
        let problems = p.problems();
        assert!(problems.contains(&ProfileProblem::NoNameNoUrl));
        assert!(
            problems
                .iter()
                .any(|e| e.to_string().contains("past_employers[0]"))
        );
    }

    #[test]
    fn id_defaults_to_md5_of_normalised_url() {
        let p = parse(r#"{"linkedin_url":"https://www.linkedin.com/in/Asha/"}"#).unwrap();
        assert_eq!(p.resolved_id(), linkedin::md5_hex("linkedin.com/in/asha"));
        let q = parse(r#"{"id":"abc","linkedin_url":"https://www.linkedin.com/in/asha"}"#).unwrap();
        assert_eq!(q.resolved_id(), "abc");
    }

    #[test]
    fn tenure_counts_to_as_of_for_current_jobs() {
        let e = Employer {
            start_date: PartialDate::parse("2021-03").ok(),
            ..Default::default()
        };
        assert_eq!(e.tenure_months(MonthStamp::new(2023, 3)), Some(24));
    }
}
