//! The built-in scorer: [`score`] reads a profile against a prepared [`Job`] and returns a
//! [`FitAnalysis`] whose every point cites the profile's evidence. The formula (weights,
//! thresholds, caps, penalties) is documented in docs/scoring.md; the constants live next to
//! the signal that uses them.
//!
//! Only job-relevant facts are read: name, gender words, photos, contact details and
//! education years never reach a signal.

mod career;
mod evidence;
mod facts;
pub(crate) mod location;
mod skills;
pub(crate) mod titles;

use sourcer_core::{MonthStamp, Profile};

use crate::analysis::{BUILTIN_PROVIDER, FitAnalysis, Signal, SignalKind, stars};
use crate::explain;
use crate::job::Job;
pub(crate) use evidence::describe_job;
use evidence::years;
pub(crate) use facts::Facts;
use facts::JobFact;

pub use career::{
    FLAG_PENALTY, FLAG_PENALTY_MAX, NUANCE_PENALTY, PROGRESSION_WEIGHT, SENIORITY_WEIGHT,
    TENURE_WEIGHT,
};
pub use facts::LISTED_SKILLS_CAP;
pub use location::{CAP_OTHER_COUNTRY, LOCATION_WEIGHT};
pub use skills::SKILLS_WEIGHT;

/// Weight of the title relevance signal.
pub const TITLE_WEIGHT: f32 = 20.0;
/// Weight of the years-of-experience signal.
pub const YEARS_WEIGHT: f32 = 8.0;
/// Weight of the relevant-experience signal (recency and depth).
pub const RELEVANT_WEIGHT: f32 = 8.0;
/// Highest fit score when a mandatory skill has no evidence at all.
pub const CAP_MANDATORY_MISSING: f32 = 64.0;
/// Highest fit score when more than half of the mandatory skills have none.
pub const CAP_MOST_MANDATORY_MISSING: f32 = 49.0;

/// Scores one candidate for one job as of a month (for tenure and recency). Deterministic:
/// the same inputs always give the same analysis.
pub fn score(job: &Job, profile: &Profile, as_of: MonthStamp) -> FitAnalysis {
    let facts = facts::collect(job, profile, as_of);
    let mut draft = Draft::default();
    skills::add_signals(job, &facts, &mut draft);
    add_title(job, &facts, &mut draft);
    add_years(job, profile, &facts, &mut draft);
    career::add_seniority(job, &facts, &mut draft);
    location::add_signal(job, profile, &mut draft);
    add_relevant(job, &facts, &mut draft);
    let flags = career::career_flags(job, profile, &facts, &mut draft);
    career::add_progression(&facts, &flags, &mut draft);
    career::add_tenure(&facts, &mut draft);
    draft.finish(job, &facts)
}

/// An analysis under construction.
#[derive(Default)]
pub(crate) struct Draft {
    pub signals: Vec<Signal>,
    pub fit_points: Vec<String>,
    pub red_flags: Vec<String>,
    pub penalty: f32,
    pub cap: Option<(f32, String)>,
    /// Mandatory and core skills shown in work history, for the summary lines.
    pub shown_skills: Vec<String>,
    pub total_years: Option<f32>,
}

impl Draft {
    pub fn signal(&mut self, kind: SignalKind, weight: f32, score: f32, evidence: Vec<String>) {
        self.signals.push(Signal {
            kind,
            weight,
            score: score.clamp(0.0, 1.0),
            points: 0.0,
            evidence,
        });
    }

    pub fn cap(&mut self, cap: f32, reason: String) {
        if self.cap.as_ref().is_none_or(|(c, _)| cap < *c) {
            self.cap = Some((cap, reason));
        }
    }

    fn finish(mut self, job: &Job, facts: &Facts) -> FitAnalysis {
        let total: f32 = self.signals.iter().map(|s| s.weight).sum();
        let mut raw = 0.0;
        for s in &mut self.signals {
            s.points = if total > 0.0 {
                100.0 * s.weight * s.score / total
            } else {
                0.0
            };
            raw += s.points;
        }
        let mut exact = raw - self.penalty;
        if let Some((cap, _)) = &self.cap {
            exact = exact.min(*cap);
        }
        let exact = exact.clamp(0.0, 100.0);
        let fit_score = exact.round() as u8;
        let (final_score, star_label) = stars(fit_score);
        FitAnalysis {
            fit_score,
            final_score,
            star_label,
            recommendation: explain::recommendation(star_label, job, facts, &self),
            highlights: explain::highlights(&self),
            fit_points: self.fit_points,
            red_flags: self.red_flags,
            signals: self.signals,
            provider: BUILTIN_PROVIDER.to_string(),
            exact_score: exact,
        }
    }
}

fn add_title(job: &Job, facts: &Facts, draft: &mut Draft) {
    if job.targets.is_empty() {
        return;
    }
    let age_factor = |j: &JobFact| match (j.current, j.ended_ago) {
        (true, _) => 1.0,
        (false, Some(a)) if a <= 36 => 0.75,
        (false, _) => 0.5,
    };
    let best = facts
        .jobs
        .iter()
        .filter(|j| j.title_relevance > 0.0)
        .map(|j| (j.title_relevance * age_factor(j), j))
        .fold(None, |best: Option<(f32, &JobFact)>, x| match best {
            Some(b) if b.0 >= x.0 => Some(b),
            _ => Some(x),
        });
    let Some((score, j)) = best else {
        let targets: Vec<&str> = job.targets.iter().map(|t| t.display.as_str()).collect();
        let now = facts.jobs.iter().find(|j| j.current).map_or_else(
            || "no current job".to_string(),
            |j| evidence::line(format_args!("currently {}", describe_job(j, false))),
        );
        let line = evidence::line(format_args!(
            "No title close to {}; {now}",
            targets.join(" / ")
        ));
        draft.red_flags.push(line.clone());
        draft.signal(SignalKind::TitleRelevance, TITLE_WEIGHT, 0.0, vec![line]);
        return;
    };
    let Some(target) = j.title_target.and_then(|t| job.targets.get(t)) else {
        return;
    };
    let reason = j
        .title
        .as_ref()
        .and_then(|t| t.reason.as_deref())
        .unwrap_or_default();
    let when = if j.current {
        "Current title"
    } else {
        "Past title"
    };
    let line = evidence::line(format_args!(
        "{when} {} for {}: {reason}",
        describe_job(j, false),
        target.display
    ));
    if score >= 0.75 {
        draft.fit_points.push(line.clone());
    } else if score < 0.3 {
        draft.red_flags.push(line.clone());
    }
    draft.signal(SignalKind::TitleRelevance, TITLE_WEIGHT, score, vec![line]);
}

fn range_text(min: Option<f64>, max: Option<f64>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => evidence::line(format_args!("{a}-{b}")),
        (Some(a), None) => evidence::line(format_args!("{a}+")),
        (None, Some(b)) => evidence::line(format_args!("up to {b}")),
        (None, None) => "any".into(),
    }
}

/// 1 inside the range, falling linearly to 0 over a margin below the minimum
/// (max(2, 40% of min) years) and above the maximum (max(3, 50% of max) years).
fn years_fit(years: f64, min: Option<f64>, max: Option<f64>) -> f64 {
    if let Some(min) = min.filter(|m| years < *m) {
        let margin = f64::max(2.0, 0.4 * min);
        return (1.0 - (min - years) / margin).max(0.0);
    }
    if let Some(max) = max.filter(|m| years > *m) {
        let margin = f64::max(3.0, 0.5 * max);
        return (1.0 - (years - max) / margin).max(0.0);
    }
    1.0
}

fn add_years(job: &Job, profile: &Profile, facts: &Facts, draft: &mut Draft) {
    let worked = facts.months_worked(|_| true);
    let have = profile
        .years_of_experience_raw
        .or((worked > 0).then(|| f64::from(worked) / 12.0));
    draft.total_years = have.map(|y| y as f32);
    let Some(range) = job.years else {
        return;
    };
    let wanted = range_text(range.min, range.max);
    let Some(have) = have else {
        let line = evidence::line(format_args!(
            "Years of experience unknown; the job wants {wanted}"
        ));
        draft.signal(SignalKind::YearsOfExperience, YEARS_WEIGHT, 0.5, vec![line]);
        return;
    };
    let score = years_fit(have, range.min, range.max) as f32;
    let place = if score >= 1.0 {
        "within"
    } else if range.min.is_some_and(|m| have < m) {
        "below"
    } else {
        "above"
    };
    let line = evidence::line(format_args!(
        "{have:.1} years of experience, {place} the wanted {wanted}"
    ));
    if score >= 1.0 {
        draft.fit_points.push(line.clone());
    } else if score < 0.5 {
        draft.red_flags.push(line.clone());
    }
    draft.signal(
        SignalKind::YearsOfExperience,
        YEARS_WEIGHT,
        score,
        vec![line],
    );
}

fn add_relevant(job: &Job, facts: &Facts, draft: &mut Draft) {
    if job.targets.is_empty() && job.requirements.is_empty() {
        return;
    }
    let months = facts.months_worked(Facts::is_relevant);
    let relevant: Vec<&JobFact> = facts
        .jobs
        .iter()
        .filter(|j| Facts::is_relevant(j))
        .collect();
    let current = relevant.iter().find(|j| j.current);
    let latest = relevant
        .iter()
        .min_by_key(|j| j.ended_ago.unwrap_or(i32::MAX));
    let recency = match (current, latest.and_then(|j| j.ended_ago)) {
        (Some(_), _) => 1.0,
        (None, Some(a)) if a <= 12 => 0.8,
        (None, Some(a)) if a <= 36 => 0.5,
        (None, Some(a)) if a <= 60 => 0.25,
        (None, Some(_)) => 0.1,
        (None, None) if latest.is_some() => 0.3,
        (None, None) => 0.0,
    };
    let target = job.years.and_then(|y| y.min).unwrap_or(3.0).max(2.0) as f32;
    let depth = (months as f32 / 12.0 / target).min(1.0);
    let score = 0.6 * recency + 0.4 * depth;
    let line = match (current, latest) {
        (Some(j), _) => evidence::line(format_args!(
            "{} in relevant roles, currently {}",
            years(months),
            describe_job(j, false)
        )),
        (None, Some(j)) => evidence::line(format_args!(
            "{} in relevant roles; the latest, {}, ended {} ago",
            years(months),
            describe_job(j, false),
            j.ended_ago
                .map_or_else(|| "an unknown time".to_string(), |a| years(a).to_string())
        )),
        (None, None) => "No job relevant to this role".to_string(),
    };
    if current.is_none() && recency <= 0.5 {
        draft.red_flags.push(line.clone());
    }
    draft.signal(
        SignalKind::RelevantExperience,
        RELEVANT_WEIGHT,
        score,
        vec![line],
    );
}
