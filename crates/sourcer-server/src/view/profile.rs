//! Candidates as FutureJobs clients read them: the profile docs of Get Profiles for Session
//! (F4) and the candidate of Get Candidate Details (F8). Contact values appear only once the
//! caller's workspace has revealed them.

use serde_json::{Value, json};
use sourcer_core::query::TenureBucket;
use sourcer_core::{Employer, MonthStamp, Profile};
use sourcer_store::{Candidate, ContactKind};

/// Which contact kinds the caller's workspace has revealed for a candidate.
#[derive(Debug, Clone, Copy, Default)]
pub struct Revealed {
    pub email: bool,
    pub phone: bool,
}

impl Revealed {
    pub fn from_kinds(kinds: impl Iterator<Item = ContactKind>) -> Revealed {
        let mut r = Revealed::default();
        for kind in kinds {
            match kind {
                ContactKind::Email => r.email = true,
                ContactKind::Phone => r.phone = true,
            }
        }
        r
    }
}

fn domain(url: &str) -> String {
    let rest = url.split("://").nth(1).unwrap_or(url);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    host.trim_start_matches("www.").to_string()
}

/// Stars are whole numbers (1-5); the store keeps them as floats.
fn stars(candidate: &Candidate) -> i64 {
    candidate.final_score.round() as i64
}

fn analysis_field(candidate: &Candidate, name: &str) -> Value {
    candidate.analysis.get(name).cloned().unwrap_or(Value::Null)
}

fn reveal_json(revealed: bool, values: &[String]) -> Value {
    if revealed {
        json!({"revealed": true, "values": values})
    } else {
        json!({"revealed": false, "values": []})
    }
}

/// One doc of F4.
pub fn profile_doc(candidate: &Candidate, profile: &Profile, revealed: Revealed) -> Value {
    let employers: Vec<Value> = profile
        .current_employers
        .iter()
        .map(|e| {
            json!({
                "company_name": e.name,
                "job_title": e.title,
                "company_website_domain": e.company_url.as_deref().map(domain),
            })
        })
        .collect();
    json!({
        "_id": candidate.id,
        "sourcingSessionId": candidate.session_id,
        "profileId": candidate.profile_id,
        "finalScore": stars(candidate),
        "fitScore": analysis_field(candidate, "fitScore"),
        "profileAnalysis": {
            "highlights": analysis_field(candidate, "highlights"),
            "recommendation": analysis_field(candidate, "recommendation"),
            "starRating": stars(candidate),
            "starLabel": analysis_field(candidate, "starLabel"),
        },
        "fitPoints": analysis_field(candidate, "fitPoints"),
        "redFlags": analysis_field(candidate, "redFlags"),
        "profileMatchingProvider": analysis_field(candidate, "provider"),
        "profile": {
            "name": profile.name,
            "headline": profile.headline,
            "region": profile.region,
            "country": profile.country,
            "years_of_experience_raw": profile.years_of_experience_raw,
            "skills": profile.skills,
            "current_employers_object": employers,
            "linkedin_profile_url": profile.linkedin_url,
            "profile_picture_permalink": null,
        },
        "revealStatus": {
            "email": reveal_json(revealed.email, &profile.emails),
            "phone": reveal_json(revealed.phone, &profile.phones),
        },
    })
}

fn employer_json(e: &Employer, as_of: MonthStamp) -> Value {
    json!({
        "name": e.name,
        "title": e.title,
        "description": e.description,
        "employment_type": e.employment_type,
        "seniority_level": e.seniority_level,
        "function_category": e.function_category,
        "start_date": e.start_date,
        "end_date": e.end_date,
        "years_at_company": e.tenure_months(as_of).map(|m| TenureBucket::for_months(m).label),
        "years_at_company_raw": e.tenure_months(as_of).map(|m| (f64::from(m) / 12.0 * 10.0).round() / 10.0),
        "company_industries": e.company_industries,
        "company_headcount_range": e.company_headcount_range,
        "company_hq_location": e.company_hq_location,
        "company_website_domain": e.company_url.as_deref().map(domain),
    })
}

/// `data` of F8: the whole candidate and its analysis.
pub fn candidate_details(candidate: &Candidate, profile: &Profile, revealed: Revealed) -> Value {
    let as_of = MonthStamp::now();
    let current: Vec<Value> = profile
        .current_employers
        .iter()
        .map(|e| employer_json(e, as_of))
        .collect();
    let past: Vec<Value> = profile
        .past_employers
        .iter()
        .map(|e| employer_json(e, as_of))
        .collect();
    json!({
        "candidate": {
            "_id": candidate.id,
            "profileId": candidate.profile_id,
            "name": profile.name,
            "headline": profile.headline,
            "summary": profile.summary,
            "flagship_profile_url": profile.linkedin_url,
            "linkedin_profile_url": profile.linkedin_url,
            "region": profile.region,
            "country": profile.country,
            "years_of_experience_raw": profile.years_of_experience_raw,
            "skills": profile.skills,
            "languages": profile.languages,
            "current_employers": current,
            "past_employers": past,
            "education_background": profile.education_background,
            "certifications": profile.certifications,
            "honors": profile.honors,
            "revealStatus": {
                "email": reveal_json(revealed.email, &profile.emails),
                "phone": reveal_json(revealed.phone, &profile.phones),
            },
        },
        "profileAnalysis": {
            "starRating": stars(candidate),
            "starLabel": analysis_field(candidate, "starLabel"),
            "recommendation": analysis_field(candidate, "recommendation"),
            "highlights": analysis_field(candidate, "highlights"),
            "fitScore": analysis_field(candidate, "fitScore"),
            "fitPoints": analysis_field(candidate, "fitPoints"),
            "redFlags": analysis_field(candidate, "redFlags"),
        },
    })
}
