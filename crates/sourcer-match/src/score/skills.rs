//! The skill signals: how well each skill the job asks for is evidenced, and where.
//!
//! A skill shown in a job's title or description earns most (more when recent and long), a
//! mention in the summary or headline less, a certification less again, and a skill only
//! listed least, shrinking further when the list is stuffed. A related skill (per the
//! taxonomy) earns a little when the skill itself is absent.

use super::Draft;
use super::evidence::{self, describe_job, years};
use super::facts::{Facts, LISTED_SKILLS_CAP};
use crate::analysis::SignalKind;
use crate::job::{Job, Requirement, Tier};

/// Total weight of the skill signals, split across tiers by [`Tier::weight`] × count.
pub const SKILLS_WEIGHT: f32 = 45.0;

// Evidence strengths (docs/scoring.md, "Skills").
pub const EXPERIENCE_BASE: f32 = 0.65;
pub const EXPERIENCE_RECENCY: f32 = 0.25;
pub const EXPERIENCE_DURATION: f32 = 0.10;
pub const SUMMARY_CREDIT: f32 = 0.55;
pub const CERTIFICATION_CREDIT: f32 = 0.5;
pub const LISTED_CREDIT: f32 = 0.4;
pub const RELATED_FACTOR: f32 = 0.3;
/// Skill use this recent (months) counts as current.
pub const FRESH_MONTHS: i32 = 24;
/// Skill use this old (months) earns no recency credit.
pub const STALE_MONTHS: i32 = 120;

/// Where a skill's best evidence is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Source {
    /// Shown in jobs: the latest one, the job count, total months, months since last use.
    Experience {
        latest: usize,
        jobs: usize,
        months: i32,
        ago: Option<i32>,
    },
    Summary,
    Certification(usize),
    Listed,
    /// Absent, but this related slot is evidenced.
    Related(usize),
    Missing,
}

impl Source {
    /// Direct evidence of the skill itself (not only a related one).
    pub fn is_present(self) -> bool {
        !matches!(self, Source::Related(_) | Source::Missing)
    }
}

/// 1 for use within [`FRESH_MONTHS`], falling linearly to 0 at [`STALE_MONTHS`].
pub fn recency(ago: Option<i32>) -> f32 {
    match ago {
        None => 0.5,
        Some(m) if m <= FRESH_MONTHS => 1.0,
        Some(m) if m >= STALE_MONTHS => 0.0,
        Some(m) => (STALE_MONTHS - m) as f32 / (STALE_MONTHS - FRESH_MONTHS) as f32,
    }
}

/// Strength (0-1) and source of the evidence for one slot, without related skills.
pub fn slot_strength(facts: &Facts, slot: usize) -> (f32, Source) {
    let s = &facts.slots[slot];
    let mut best = (0.0, Source::Missing);
    if let Some(&first) = s.jobs.first() {
        let mut latest = first;
        let mut months = 0;
        for &j in &s.jobs {
            let (a, b) = (&facts.jobs[j], &facts.jobs[latest]);
            months += a.months.unwrap_or(0);
            if (a.ended_ago.unwrap_or(i32::MAX), -a.months.unwrap_or(0))
                < (b.ended_ago.unwrap_or(i32::MAX), -b.months.unwrap_or(0))
            {
                latest = j;
            }
        }
        let ago = facts.jobs[latest].ended_ago;
        let strength = EXPERIENCE_BASE
            + EXPERIENCE_RECENCY * recency(ago)
            + EXPERIENCE_DURATION * (months as f32 / 36.0).min(1.0);
        best = (
            strength,
            Source::Experience {
                latest,
                jobs: s.jobs.len(),
                months,
                ago,
            },
        );
    }
    let listed =
        LISTED_CREDIT * (LISTED_SKILLS_CAP as f32 / facts.listed_count.max(1) as f32).min(1.0);
    for (credit, present, source) in [
        (SUMMARY_CREDIT, s.summary, Source::Summary),
        (
            CERTIFICATION_CREDIT,
            s.certification.is_some(),
            Source::Certification(s.certification.unwrap_or(0)),
        ),
        (listed, s.listed, Source::Listed),
    ] {
        if present && credit > best.0 {
            best = (credit, source);
        }
    }
    best
}

/// Strength and source for a requirement, falling back to its related skills.
pub fn requirement_strength(facts: &Facts, r: &Requirement) -> (f32, Source) {
    let own = slot_strength(facts, r.slot);
    if own.1.is_present() {
        return own;
    }
    r.related
        .iter()
        .map(|&rel| (slot_strength(facts, rel).0 * RELATED_FACTOR, rel))
        .filter(|(s, _)| *s > 0.0)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map_or(own, |(s, rel)| (s, Source::Related(rel)))
}

fn kind_of(tier: Tier) -> SignalKind {
    match tier {
        Tier::Mandatory => SignalKind::MandatorySkills,
        Tier::Core => SignalKind::CoreSkills,
        Tier::Secondary => SignalKind::SecondarySkills,
        Tier::Description => SignalKind::DescriptionSkills,
    }
}

/// Adds one signal per tier present, the skill fit points and red flags, and the cap for
/// missing mandatory skills.
pub fn add_signals(job: &Job, facts: &Facts, draft: &mut Draft) {
    let total: f32 = job.requirements.iter().map(|r| r.tier.weight()).sum();
    if total == 0.0 {
        return;
    }
    let mut missing_mandatory = Vec::new();
    let mut missing_core = Vec::new();
    let mut also_shown = Vec::new();
    let mut mandatory_count = 0;
    for tier in [
        Tier::Mandatory,
        Tier::Core,
        Tier::Secondary,
        Tier::Description,
    ] {
        let in_tier: Vec<&Requirement> =
            job.requirements.iter().filter(|r| r.tier == tier).collect();
        if in_tier.is_empty() {
            continue;
        }
        let mut sum = 0.0;
        let mut evidence = Vec::with_capacity(in_tier.len());
        for r in &in_tier {
            let (strength, source) = requirement_strength(facts, r);
            sum += strength;
            let line = describe(job, facts, r, source);
            match (tier, source) {
                (Tier::Mandatory | Tier::Core, Source::Experience { ago, .. }) => {
                    draft.shown_skills.push(r.display.clone());
                    if tier == Tier::Mandatory && ago.is_some_and(|a| a > 5 * 12) {
                        draft.red_flags.push(line.clone());
                    } else {
                        draft.fit_points.push(line.clone());
                    }
                }
                (Tier::Secondary | Tier::Description, Source::Experience { .. }) => {
                    also_shown.push(r.display.as_str());
                }
                (Tier::Mandatory, Source::Listed) => draft.red_flags.push(line.clone()),
                (Tier::Mandatory, Source::Missing | Source::Related(_)) => {
                    missing_mandatory.push(r.display.as_str());
                    draft.red_flags.push(line.clone());
                }
                (Tier::Core, Source::Missing | Source::Related(_)) => {
                    missing_core.push(r.display.as_str());
                }
                _ => {}
            }
            evidence.push(line);
        }
        if tier == Tier::Mandatory {
            mandatory_count = in_tier.len();
        }
        let weight = SKILLS_WEIGHT * tier.weight() * in_tier.len() as f32 / total;
        draft.signal(kind_of(tier), weight, sum / in_tier.len() as f32, evidence);
    }
    if !missing_core.is_empty() {
        draft.red_flags.push(evidence::line(format_args!(
            "Core skills not found: {}",
            missing_core.join(", ")
        )));
    }
    if !also_shown.is_empty() {
        draft.fit_points.push(evidence::line(format_args!(
            "Also shown in work history: {}",
            also_shown.join(", ")
        )));
    }
    if !missing_mandatory.is_empty() {
        let cap = if missing_mandatory.len() * 2 > mandatory_count {
            super::CAP_MOST_MANDATORY_MISSING
        } else {
            super::CAP_MANDATORY_MISSING
        };
        draft.cap(
            cap,
            evidence::line(format_args!(
                "missing mandatory {}",
                missing_mandatory.join(", ")
            )),
        );
    }
}

fn describe(job: &Job, facts: &Facts, r: &Requirement, source: Source) -> String {
    let (name, tier) = (&r.display, r.tier.label());
    match source {
        Source::Experience {
            latest,
            jobs,
            months,
            ago,
        } => {
            let j = &facts.jobs[latest];
            let stale = ago.filter(|&a| a > FRESH_MONTHS).map(years);
            let stale = StaleNote(stale);
            if jobs == 1 {
                evidence::line(format_args!(
                    "{name} ({tier}): used as {}{stale}",
                    describe_job(j, true)
                ))
            } else {
                let role = if j.current { "currently" } else { "latest" };
                evidence::line(format_args!(
                    "{name} ({tier}): used in {jobs} jobs over {}; {role} as {}{stale}",
                    years(months),
                    describe_job(j, false)
                ))
            }
        }
        Source::Summary => evidence::line(format_args!(
            "{name} ({tier}): named in the headline or summary, not in a job"
        )),
        Source::Certification(i) => evidence::line(format_args!(
            "{name} ({tier}): certification \"{}\"",
            facts
                .profile
                .certifications
                .get(i)
                .and_then(|c| c.name.as_deref())
                .unwrap_or("unnamed")
        )),
        Source::Listed => evidence::line(format_args!(
            "{name} ({tier}): only listed under skills, not shown in any job"
        )),
        Source::Related(rel) => evidence::line(format_args!(
            "{name} ({tier}): not found, but the related {} is",
            job.slots.get(rel).map_or("skill", String::as_str)
        )),
        Source::Missing => evidence::line(format_args!(
            "{name} ({tier}): not in skills, summary or any job"
        )),
    }
}

/// "; last used 6.5 years ago" when the skill's latest use is not fresh.
struct StaleNote(Option<evidence::Years>);

impl std::fmt::Display for StaleNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Some(ago) => write!(f, "; last used {ago} ago"),
            None => Ok(()),
        }
    }
}
