//! The human summary of an analysis: the one-line recommendation and the FutureJobs
//! highlights, both built from the signals' own evidence lines.
//!
//! Highlight categories and their icons (docs/scoring.md): `SKILLS`/`BULB` (the vendor's
//! example), `ROLE`/`BADGE`, `EXPERIENCE`/`BRIEFCASE`, `LOCATION`/`PIN`,
//! `CAREER`/`TRENDING_UP`, `CONCERN`/`WARNING`.

use std::fmt::Write as _;

use crate::analysis::{Highlight, SignalKind, StarLabel};
use crate::job::{Job, Tier};
use crate::score::{Draft, Facts, describe_job};

/// Most skills named in the skills highlight.
const HIGHLIGHT_SKILLS: usize = 5;

fn verdict(label: StarLabel) -> &'static str {
    match label {
        StarLabel::Excellent => "Excellent fit",
        StarLabel::Good => "Good fit",
        StarLabel::Fair => "Fair fit",
        StarLabel::Weak => "Weak fit",
        StarLabel::Poor => "Poor fit",
    }
}

/// How many of the tier's skills are shown in work history, of how many: `(shown, total)`.
fn tally(job: &Job, draft: &Draft, tier: Tier) -> Option<(usize, usize)> {
    let total = job.requirements.iter().filter(|r| r.tier == tier).count();
    (total > 0).then(|| {
        let shown = job
            .requirements
            .iter()
            .filter(|r| r.tier == tier && draft.shown_skills.contains(&r.display))
            .count();
        (shown, total)
    })
}

/// Room for a typical recommendation, so that it is written without regrowing.
const RECOMMENDATION_CAPACITY: usize = 256;

pub(crate) fn recommendation(label: StarLabel, job: &Job, facts: &Facts, draft: &Draft) -> String {
    let mut out = String::with_capacity(RECOMMENDATION_CAPACITY);
    out.push_str(verdict(label));
    out.push_str(": ");
    match facts.current_or_latest() {
        Some((j, true)) => {
            let _ = write!(out, "{}", describe_job(j, false));
        }
        Some((j, false)) => {
            let _ = write!(out, "most recently {}", describe_job(j, false));
        }
        None => out.push_str("no work history"),
    }
    if let Some(y) = draft.total_years {
        let _ = write!(out, ", {y:.1} years of experience");
    }
    let tallies = [Tier::Mandatory, Tier::Core].map(|t| tally(job, draft, t).map(|n| (t, n)));
    let mut tallies = tallies.into_iter().flatten().peekable();
    if tallies.peek().is_some() {
        out.push_str("; shows ");
        for (i, (tier, (shown, total))) in tallies.enumerate() {
            let and = if i > 0 { " and " } else { "" };
            let _ = write!(out, "{and}{shown}/{total} {}", tier.label());
        }
        out.push_str(" skills in work history");
    }
    let concern = draft
        .cap
        .as_ref()
        .map(|(_, reason)| reason.as_str())
        .or(draft.red_flags.first().map(String::as_str));
    if let Some(concern) = concern {
        out.push_str("; concern: ");
        out.push_str(concern);
    }
    out.push('.');
    out
}

fn first_line(draft: &Draft, kinds: &[SignalKind], min_score: f32) -> Option<String> {
    draft
        .signals
        .iter()
        .find(|s| kinds.contains(&s.kind) && s.score >= min_score)
        .and_then(|s| s.evidence.first().cloned())
}

fn highlight(category: &str, icon: &str, text: String) -> Highlight {
    Highlight {
        category: category.into(),
        highlight: text,
        icon: icon.into(),
    }
}

pub(crate) fn highlights(draft: &Draft) -> Vec<Highlight> {
    let mut out = Vec::new();
    if !draft.shown_skills.is_empty() {
        let named: Vec<&str> = draft
            .shown_skills
            .iter()
            .take(HIGHLIGHT_SKILLS)
            .map(String::as_str)
            .collect();
        let more = draft.shown_skills.len().saturating_sub(HIGHLIGHT_SKILLS);
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        out.push(highlight(
            "SKILLS",
            "BULB",
            format!("Shows {}{tail} in work history", named.join(", ")),
        ));
    }
    if let Some(line) = first_line(draft, &[SignalKind::TitleRelevance], 0.5) {
        out.push(highlight("ROLE", "BADGE", line));
    }
    if let Some(line) = first_line(draft, &[SignalKind::RelevantExperience], 0.5) {
        out.push(highlight("EXPERIENCE", "BRIEFCASE", line));
    }
    if let Some(line) = first_line(draft, &[SignalKind::Location], 1.0) {
        out.push(highlight("LOCATION", "PIN", line));
    }
    if let Some(line) = first_line(
        draft,
        &[SignalKind::CareerProgression, SignalKind::Tenure],
        1.0,
    ) {
        out.push(highlight("CAREER", "TRENDING_UP", line));
    }
    if let Some(flag) = draft.red_flags.first() {
        out.push(highlight("CONCERN", "WARNING", flag.clone()));
    }
    out
}
