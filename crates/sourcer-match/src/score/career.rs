//! Career signals: seniority fit, progression and tenure, plus the red flags of
//! `sourcer_taxonomy::career` surfaced with their evidence.

use sourcer_core::Profile;
use sourcer_taxonomy::Seniority;
use sourcer_taxonomy::career::{self, RedFlag};

use super::Draft;
use super::evidence::{self, describe_job, years};
use super::facts::{Facts, JobFact};
use crate::analysis::SignalKind;
use crate::job::Job;
use crate::titles::rung;

/// Weight of the seniority signal.
pub const SENIORITY_WEIGHT: f32 = 7.0;
/// Weight of the career progression signal.
pub const PROGRESSION_WEIGHT: f32 = 2.0;
/// Weight of the tenure signal.
pub const TENURE_WEIGHT: f32 = 3.0;
/// Points off for a red flag the session's `nuances` name (the index excludes such people;
/// this keeps the scorer honest when used without it).
pub const NUANCE_PENALTY: f32 = 20.0;
/// Points off for any other red flag.
pub const FLAG_PENALTY: f32 = 2.0;
/// Most points other red flags take together.
pub const FLAG_PENALTY_MAX: f32 = 6.0;

/// The seniority a person holds now: their latest-started current job's, else their latest
/// job's.
fn current_seniority<'a>(facts: &'a Facts) -> Option<(Seniority, &'a JobFact<'a>)> {
    let latest = |current: bool| {
        facts
            .jobs
            .iter()
            .filter(|j| j.current == current && j.seniority.is_some())
            .max_by_key(|j| j.start)
    };
    let j = latest(true).or_else(|| latest(false))?;
    Some((j.seniority?, j))
}

pub fn add_seniority(job: &Job, facts: &Facts, draft: &mut Draft) {
    if job.seniority.is_empty() {
        return;
    }
    let wanted: Vec<&str> = job.seniority.iter().map(|s| s.label()).collect();
    let wanted = wanted.join(" or ");
    let Some((have, j)) = current_seniority(facts) else {
        draft.signal(
            SignalKind::Seniority,
            SENIORITY_WEIGHT,
            0.5,
            vec![evidence::line(format_args!(
                "Seniority not stated; the job wants {wanted}"
            ))],
        );
        return;
    };
    let step = job
        .seniority
        .iter()
        .map(|w| rung(have) - rung(*w))
        .min_by_key(|d| d.abs())
        .unwrap_or(0);
    let score = match step {
        0 => 1.0,
        1 => 0.7,
        -1 => 0.5,
        2 | -2 => 0.2,
        _ => 0.0,
    };
    let line = evidence::line(format_args!(
        "{} level as {}; the job wants {wanted}",
        have.label(),
        describe_job(j, false)
    ));
    if score >= 1.0 {
        draft.fit_points.push(line.clone());
    } else if score <= 0.2 {
        draft.red_flags.push(line.clone());
    }
    draft.signal(SignalKind::Seniority, SENIORITY_WEIGHT, score, vec![line]);
}

pub fn add_progression(facts: &Facts, flags: &[career::RedFlagHit], draft: &mut Draft) {
    let mut ranked: Vec<(&JobFact, Seniority)> = facts
        .jobs
        .iter()
        .filter_map(|j| Some((j, j.seniority?)))
        .filter(|(j, _)| j.start.is_some() && !is_internship(j))
        .collect();
    if ranked.len() < 2 {
        return;
    }
    ranked.sort_by_key(|(j, _)| j.start);
    let (first, last) = (ranked[0], ranked[ranked.len() - 1]);
    let (from, to) = (rung(first.1), rung(last.1));
    let flagged = flags.iter().any(|h| h.flag == RedFlag::NoCareerProgression);
    let (score, line) = if flagged {
        (
            0.1,
            evidence::line(format_args!(
                "No progression: {} from {} to {}",
                first.1.label(),
                start(first.0),
                start(last.0)
            )),
        )
    } else if to > from {
        let line = evidence::line(format_args!(
            "Progressed from {} ({}) to {} ({})",
            first.1.label(),
            start(first.0),
            last.1.label(),
            start(last.0)
        ));
        draft.fit_points.push(line.clone());
        (1.0, line)
    } else if to == from {
        (
            0.5,
            evidence::line(format_args!(
                "Same level ({}) since {}",
                last.1.label(),
                start(first.0)
            )),
        )
    } else {
        (
            0.2,
            evidence::line(format_args!(
                "Moved from {} to {}",
                first.1.label(),
                last.1.label()
            )),
        )
    };
    draft.signal(
        SignalKind::CareerProgression,
        PROGRESSION_WEIGHT,
        score,
        vec![line],
    );
}

fn start(j: &JobFact) -> String {
    j.start
        .map_or_else(|| "?".into(), |s| evidence::Month(s).to_string())
}

fn is_internship(j: &JobFact) -> bool {
    let e = j.employer;
    // `t.to_ascii_lowercase().contains("intern")`, without a lowered copy per call.
    let names_intern = |t: &str| {
        t.as_bytes()
            .windows(6)
            .any(|w| w.eq_ignore_ascii_case(b"intern"))
    };
    [e.employment_type.as_deref(), e.seniority_level.as_deref()]
        .into_iter()
        .flatten()
        .any(names_intern)
}

pub fn add_tenure(facts: &Facts, draft: &mut Draft) {
    let completed: Vec<i32> = facts
        .jobs
        .iter()
        .filter(|j| !j.current && j.employer.end_date.is_some() && !is_internship(j))
        .filter_map(|j| j.months)
        .collect();
    let (score, line) = if completed.is_empty() {
        let Some(current) = facts
            .jobs
            .iter()
            .filter(|j| j.current)
            .filter_map(|j| j.months)
            .max()
        else {
            return;
        };
        if current < 24 {
            return;
        }
        (
            1.0,
            evidence::line(format_args!("{} in the current job", years(current))),
        )
    } else {
        let average = completed.iter().sum::<i32>() / completed.len() as i32;
        let score = match average {
            a if a >= 30 => 1.0,
            a if a >= 18 => 0.7,
            a if a >= 12 => 0.4,
            _ => 0.15,
        };
        (
            score,
            evidence::line(format_args!(
                "Average {} per completed job over {} job{}",
                years(average),
                completed.len(),
                if completed.len() == 1 { "" } else { "s" }
            )),
        )
    };
    if score >= 1.0 {
        draft.fit_points.push(line.clone());
    }
    draft.signal(SignalKind::Tenure, TENURE_WEIGHT, score, vec![line]);
}

/// The career red flags as of `facts.as_of`, each as a red flag line; flags the job's
/// nuances name cost [`NUANCE_PENALTY`], others [`FLAG_PENALTY`] up to [`FLAG_PENALTY_MAX`].
pub fn career_flags(
    job: &Job,
    profile: &Profile,
    facts: &Facts,
    draft: &mut Draft,
) -> Vec<career::RedFlagHit> {
    let hits = career::red_flags(profile, facts.as_of);
    let mut minor = 0.0;
    for h in &hits {
        if job.nuances.contains(&h.flag) {
            draft.penalty += NUANCE_PENALTY;
            draft.red_flags.push(evidence::line(format_args!(
                "{} (excluded by this session): {}",
                h.flag.label(),
                h.evidence
            )));
        } else {
            minor += FLAG_PENALTY;
            draft.red_flags.push(evidence::line(format_args!(
                "{}: {}",
                h.flag.label(),
                h.evidence
            )));
        }
    }
    draft.penalty += f32::min(minor, FLAG_PENALTY_MAX);
    hits
}
