//! Schooling and credentials: degrees whose years lead up to the first job, fields of study
//! coherent with the role family, certifications, honors and spoken languages.
//!
//! Most people hold a bachelor's degree (3 years in the UK and most of Europe, else 4) ending
//! the year their career starts; some a diploma, an associate degree or only high school.
//! About 30% add a master's (before the first job, or an MBA mid-career in business
//! families), a few a doctorate. 80% studied in their country of residence.

use rand::Rng;
use sourcer_core::{Certification, Education, Honor};

use crate::tables::{Country, Family, Tables};
use crate::text::pick;

const THREE_YEAR_BACHELORS: [&str; 21] = [
    "GB", "IE", "AU", "NZ", "FR", "DE", "IT", "ES", "NL", "BE", "AT", "CH", "SE", "DK", "NO", "FI",
    "PL", "CZ", "RO", "UA", "PT",
];

fn school(institute: String, degree: &str, field: Option<&str>, start: i32, end: i32) -> Education {
    Education {
        institute_name: Some(institute),
        degree_name: Some(degree.to_string()),
        field_of_study: field.map(str::to_string),
        start_year: Some(i64::from(start)),
        end_year: Some(i64::from(end)),
    }
}

/// A university: usually one of the country's, sometimes one abroad (US or UK).
fn university(rng: &mut impl Rng, tables: &Tables, country: &Country) -> String {
    let home = if rng.random_bool(0.2) {
        let code = if rng.random_bool(0.6) { "US" } else { "GB" };
        tables
            .countries
            .iter()
            .find(|c| c.code == code)
            .unwrap_or(country)
    } else {
        country
    };
    pick(rng, &home.institutes).clone()
}

/// Degrees, most recent first, for someone whose career started in `first_job_year`.
pub(crate) fn education(
    rng: &mut impl Rng,
    tables: &Tables,
    family: &Family,
    country: &Country,
    town: &str,
    first_job_year: i32,
    as_of_year: i32,
) -> Vec<Education> {
    let r: f64 = rng.random();
    if r < 0.02 {
        let end = first_job_year;
        return vec![school(
            format!("{town} High School"),
            "HIGH_SCHOOL",
            None,
            end - 4,
            end,
        )];
    }
    let field = pick(rng, &family.fields).as_str();
    if r < 0.05 {
        let end = first_job_year;
        let name = format!("{town} Polytechnic");
        return vec![school(name, "DIPLOMA", Some(field), end - 3, end)];
    }
    if r < 0.07 {
        let end = first_job_year;
        let name = format!("{town} Community College");
        return vec![school(name, "ASSOCIATES", Some(field), end - 2, end)];
    }
    let length = if THREE_YEAR_BACHELORS.contains(&country.code.as_str()) {
        3
    } else {
        4
    };
    let doctorate = rng.random_bool(if family.key == "data" { 0.1 } else { 0.03 });
    let masters = doctorate || rng.random_bool(if family.mba { 0.35 } else { 0.28 });
    let career_years = as_of_year - first_job_year;
    let mba_later =
        !doctorate && masters && family.mba && career_years >= 6 && rng.random_bool(0.5);
    let mut out = Vec::with_capacity(3);
    let mut bachelor_end = first_job_year;
    if doctorate {
        out.push(school(
            university(rng, tables, country),
            "DOCTORATE",
            Some(field),
            first_job_year - 5,
            first_job_year,
        ));
        let masters_field = pick(rng, &family.masters).as_str();
        out.push(school(
            university(rng, tables, country),
            "MASTERS",
            Some(masters_field),
            first_job_year - 7,
            first_job_year - 5,
        ));
        bachelor_end = first_job_year - 7;
    } else if mba_later {
        let start = first_job_year + rng.random_range(3..=career_years - 2);
        out.push(school(
            university(rng, tables, country),
            "MASTERS",
            Some("Business Administration"),
            start,
            start + 2,
        ));
    } else if masters {
        let masters_field = if family.mba && rng.random_bool(0.5) {
            "Business Administration"
        } else {
            pick(rng, &family.masters).as_str()
        };
        out.push(school(
            university(rng, tables, country),
            "MASTERS",
            Some(masters_field),
            first_job_year - 2,
            first_job_year,
        ));
        bachelor_end = first_job_year - 2;
    }
    out.push(school(
        university(rng, tables, country),
        "BACHELORS",
        Some(field),
        bachelor_end - length,
        bachelor_end,
    ));
    out
}

/// Certifications for about 30% of people, earned after their career started.
pub(crate) fn certifications(
    rng: &mut impl Rng,
    family: &Family,
    first_job_year: i32,
    as_of_year: i32,
) -> Vec<Certification> {
    if !rng.random_bool(0.3) {
        return Vec::new();
    }
    let count = if rng.random_bool(0.3) { 2 } else { 1 };
    let mut out: Vec<Certification> = Vec::with_capacity(count);
    for _ in 0..count {
        let [name, issuer] = pick(rng, &family.certifications);
        if out.iter().any(|c| c.name.as_deref() == Some(name.as_str())) {
            continue;
        }
        out.push(Certification {
            name: Some(name.clone()),
            issuer: Some(issuer.clone()),
            year: Some(i64::from(
                rng.random_range(first_job_year.max(2005)..=as_of_year),
            )),
        });
    }
    out
}

/// Honors for about 10% of people.
pub(crate) fn honors(
    rng: &mut impl Rng,
    family: &Family,
    institute: Option<&str>,
    employer: Option<&str>,
) -> Vec<Honor> {
    if !rng.random_bool(0.1) {
        return Vec::new();
    }
    let at_work = match family.key.as_str() {
        "sales" => "President's Club",
        "engineering" => "Hackathon Winner",
        "data" => "Best Paper Award",
        "design" => "Design Excellence Award",
        _ => "Star Performer Award",
    };
    let (title, issuer) = match (rng.random_bool(0.5), institute, employer) {
        (true, Some(institute), _) => ("Dean's List", institute),
        (_, _, Some(employer)) => (at_work, employer),
        (_, Some(institute), None) => ("Dean's List", institute),
        (_, None, None) => return Vec::new(),
    };
    vec![Honor {
        title: Some(title.to_string()),
        issuer: Some(issuer.to_string()),
    }]
}

/// Spoken languages: English for most, the country's languages (an Indian state's own
/// language too), sometimes one more.
pub(crate) fn languages(rng: &mut impl Rng, country: &Country, admin1: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(4);
    if rng.random_bool(country.english) {
        out.push("English".to_string());
    }
    for (i, language) in country.languages.iter().enumerate() {
        if i == 0 || rng.random_bool(0.5) {
            out.push(language.clone());
        }
    }
    if country.code == "IN"
        && let Some(own) = indian_state_language(admin1)
        && rng.random_bool(0.8)
    {
        out.push(own.to_string());
    }
    if rng.random_bool(0.12) {
        let extra = *pick(
            rng,
            &[
                "French", "German", "Spanish", "Japanese", "Mandarin", "Arabic",
            ],
        );
        if !out.iter().any(|l| l == extra) {
            out.push(extra.to_string());
        }
    }
    if out.is_empty() {
        out.push("English".to_string());
    }
    out
}

fn indian_state_language(admin1: &str) -> Option<&'static str> {
    Some(match admin1 {
        "Maharashtra" => "Marathi",
        "Karnataka" => "Kannada",
        "Tamil Nadu" | "Pondicherry" => "Tamil",
        "Telangana" | "Andhra Pradesh" => "Telugu",
        "West Bengal" => "Bengali",
        "Gujarat" => "Gujarati",
        "Kerala" => "Malayalam",
        "Punjab" | "Chandigarh" => "Punjabi",
        "Odisha" => "Odia",
        "Assam" => "Assamese",
        _ => return None,
    })
}
