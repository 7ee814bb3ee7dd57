//! What the model is told. The candidate is described by work-relevant facts only: no
//! name, contact details, photo, or education years, the same fairness line the built-in
//! scorer holds.

use serde_json::{Value, json};
use sourcer_core::Profile;

use crate::Job;
use crate::analysis::FitAnalysis;

/// Longest JD text and employer description sent, in characters.
const MAX_TEXT: usize = 4000;
const MAX_DESCRIPTION: usize = 800;

/// The system message: the task, the fairness line, and the answer format.
pub const SYSTEM: &str = "You are an experienced technical recruiter. Judge how well one \
candidate fits one job, from the evidence given only. Do not consider or guess the \
candidate's name, gender, age, ethnicity or photo. Answer with one JSON object and nothing \
else: {\"fitScore\": integer 0-100, \"recommendation\": one sentence, \"fitPoints\": [short \
strings citing the job, company, skill or years that support the fit], \"redFlags\": [short \
strings citing the evidence against]}.";

fn clip(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

fn job_json(job: &Job) -> Value {
    let skills: Vec<Value> = job
        .skills()
        .map(|(tier, name)| json!({"skill": name, "tier": tier.label()}))
        .collect();
    json!({
        "title": job.title(),
        "titles": job.titles().collect::<Vec<_>>(),
        "description": clip(job.description(), MAX_TEXT),
        "skills": skills,
        "yearsOfExperience": job.years().map(|y| json!([y.min, y.max])),
        "locations": job.places().collect::<Vec<_>>(),
    })
}

fn candidate_json(profile: &Profile) -> Value {
    let jobs: Vec<Value> = profile
        .employers()
        .map(|(_, _, e)| {
            json!({
                "title": e.title,
                "company": e.name,
                "start": e.start_date.map(|d| d.to_string()),
                "end": e.end_date.map(|d| d.to_string()),
                "seniority": e.seniority_level,
                "employmentType": e.employment_type,
                "industries": e.company_industries,
                "description": e.description.as_deref().map(|d| clip(d, MAX_DESCRIPTION)),
            })
        })
        .collect();
    let education: Vec<Value> = profile
        .education_background
        .iter()
        .map(|ed| json!({"degree": ed.degree_name, "field": ed.field_of_study, "school": ed.institute_name}))
        .collect();
    let certifications: Vec<&str> = profile
        .certifications
        .iter()
        .filter_map(|c| c.name.as_deref())
        .collect();
    json!({
        "headline": profile.headline,
        "summary": profile.summary.as_deref().map(|s| clip(s, MAX_TEXT)),
        "region": profile.region,
        "country": profile.country,
        "yearsOfExperience": profile.years_of_experience_raw,
        "skills": profile.skills,
        "languages": profile.languages,
        "jobs": jobs,
        "education": education,
        "certifications": certifications,
    })
}

/// The user message: the job, the candidate, and the built-in analysis as a second opinion.
pub fn user_message(job: &Job, profile: &Profile, analysis: &FitAnalysis) -> String {
    json!({
        "job": job_json(job),
        "candidate": candidate_json(profile),
        "builtInAnalysis": {
            "fitScore": analysis.fit_score,
            "fitPoints": analysis.fit_points,
            "redFlags": analysis.red_flags,
        },
    })
    .to_string()
}
