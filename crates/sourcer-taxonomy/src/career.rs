//! Career facts and the red flags that session `nuances` name.
//!
//! Thresholds (documented in docs/scoring.md):
//! - Frequent Job Switch: at least 3 completed jobs lasted under 12 months, and they are at
//!   least half of the completed jobs. A completed job is a stay at one past employer: its
//!   roles with both dates, internships left out, promotions merged (all roles at one company
//!   count as one stay, from the first start to the last end), and a company the person still
//!   works at is not completed.
//! - Recently Changed Job: the latest current job started less than 6 months before the
//!   as-of month. The start is that of the stay at the company (a recent promotion is not a
//!   change), and side roles (advisor, board member, mentor, part-time, contract, ...) are
//!   ignored while a full-time current job exists.
//! - Large Employment Gaps: more than 6 whole months without a job between the end month of
//!   one job and the start month of the next (a job ending in January and the next starting
//!   in August leaves 6 idle months: not a gap), or no current job and the last one ended more
//!   than 6 months before the as-of month.
//! - No Career Progression: at least 3 jobs (internships left out) with a known seniority
//!   spanning 4 years or more, and the latest is not more senior than the first. A career that
//!   already ends at C-level cannot progress further and is not flagged.
//! - Overlapping Full-Time Jobs: two full-time jobs (not part-time, contract, freelance,
//!   internship, volunteer, self-employed, temporary, seasonal, nor a side role such as
//!   advisor or board member) at different companies that overlap by more than 3 months;
//!   two current full-time jobs always overlap.
//! - Unspecified Dates or Locations: a job without a start date, a past job without an end
//!   date, or neither region nor country.
//!
//! Seniority comes from the role's `seniority_level`, else from its parsed title.
//!
//! "Grammar & Spelling Issues in Profile" is accepted as a nuance but never raised: it cannot
//! be judged honestly without a language model.
//!
//! Only two flags depend on the as-of month; [`stable_red_flags`] computes the rest once,
//! and [`latest_current_start`] / [`last_end_without_current`] give the index what it needs
//! to decide the other two at query time, with [`changed_job_recently`] and
//! [`jobless_too_long`] as the exact tests.

mod jobs;

use sourcer_core::categorical::categorical_key;
use sourcer_core::{Employer, MonthStamp, Profile};

use crate::Seniority;
use jobs::{Role, intervals, roles, stay_start};

/// A completed job shorter than this counts toward Frequent Job Switch.
pub const SHORT_JOB_MONTHS: i32 = 12;
/// A current job started less than this many months before as-of is a recent change.
pub const RECENT_CHANGE_MONTHS: i32 = 6;
/// More idle months than this is a large gap.
pub const GAP_MONTHS: i32 = 6;
/// Two full-time jobs overlapping by more than this many months are flagged.
pub const OVERLAP_MONTHS: i32 = 3;
/// No Career Progression needs ranked jobs spanning at least this many months.
pub const PROGRESSION_SPAN_MONTHS: i32 = 48;

/// A red-flag condition, by its FutureJobs nuance label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RedFlag {
    FrequentJobSwitch,
    RecentlyChangedJob,
    LargeEmploymentGaps,
    NoCareerProgression,
    OverlappingFullTimeJobs,
    UnspecifiedDatesOrLocations,
    GrammarAndSpelling,
}

impl RedFlag {
    /// Every flag.
    pub const ALL: [RedFlag; 7] = [
        RedFlag::FrequentJobSwitch,
        RedFlag::RecentlyChangedJob,
        RedFlag::LargeEmploymentGaps,
        RedFlag::NoCareerProgression,
        RedFlag::OverlappingFullTimeJobs,
        RedFlag::UnspecifiedDatesOrLocations,
        RedFlag::GrammarAndSpelling,
    ];

    /// The FutureJobs nuance label.
    pub fn label(self) -> &'static str {
        match self {
            RedFlag::FrequentJobSwitch => "Frequent Job Switch",
            RedFlag::RecentlyChangedJob => "Recently Changed Job",
            RedFlag::LargeEmploymentGaps => "Large Employment Gaps",
            RedFlag::NoCareerProgression => "No Career Progression",
            RedFlag::OverlappingFullTimeJobs => "Overlapping Full-Time Jobs",
            RedFlag::UnspecifiedDatesOrLocations => "Unspecified Dates or Locations",
            RedFlag::GrammarAndSpelling => "Grammar & Spelling Issues in Profile",
        }
    }

    /// Parses a nuance label, ignoring case and punctuation.
    pub fn parse(label: &str) -> Option<RedFlag> {
        let key = categorical_key(label);
        RedFlag::ALL
            .into_iter()
            .find(|f| categorical_key(f.label()) == key)
    }

    /// A stable snake_case code, used as an index term.
    pub fn code(self) -> &'static str {
        match self {
            RedFlag::FrequentJobSwitch => "frequent_job_switch",
            RedFlag::RecentlyChangedJob => "recently_changed_job",
            RedFlag::LargeEmploymentGaps => "large_employment_gaps",
            RedFlag::NoCareerProgression => "no_career_progression",
            RedFlag::OverlappingFullTimeJobs => "overlapping_full_time_jobs",
            RedFlag::UnspecifiedDatesOrLocations => "unspecified_dates_or_locations",
            RedFlag::GrammarAndSpelling => "grammar_and_spelling",
        }
    }
}

/// A raised flag with the evidence for it, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedFlagHit {
    /// The flag raised.
    pub flag: RedFlag,
    /// Why, in words that can be shown to a recruiter.
    pub evidence: String,
}

/// Every flag the profile raises as of `as_of`, with evidence.
pub fn red_flags(profile: &Profile, as_of: MonthStamp) -> Vec<RedFlagHit> {
    let roles = roles(profile);
    let mut hits = stable_hits(profile, &roles);
    if let Some(start) = latest_stay_start(&roles)
        && changed_job_recently(start, as_of)
    {
        hits.push(RedFlagHit {
            flag: RedFlag::RecentlyChangedJob,
            evidence: format!(
                "current job started {start}, under {RECENT_CHANGE_MONTHS} months ago"
            ),
        });
    }
    if !hits.iter().any(|h| h.flag == RedFlag::LargeEmploymentGaps)
        && let Some(end) = last_end_without_current(profile)
        && jobless_too_long(end, as_of)
    {
        hits.push(RedFlagHit {
            flag: RedFlag::LargeEmploymentGaps,
            evidence: format!("no current job since {end}"),
        });
    }
    hits.sort_by_key(|h| h.flag);
    hits
}

/// The flags that do not depend on the as-of month.
pub fn stable_red_flags(profile: &Profile) -> Vec<RedFlag> {
    stable_hits(profile, &roles(profile))
        .into_iter()
        .map(|h| h.flag)
        .collect()
}

/// Start of the most recently started current job: the start of the person's stay at that
/// company, looking only at full-time current jobs when there is one (see the module docs).
pub fn latest_current_start(profile: &Profile) -> Option<MonthStamp> {
    latest_stay_start(&roles(profile))
}

fn latest_stay_start(roles: &[Role]) -> Option<MonthStamp> {
    let current = || roles.iter().filter(|r| r.current);
    let full_time = current().any(|r| r.full_time);
    current()
        .filter(|r| !full_time || r.full_time)
        .filter_map(|r| stay_start(roles, r))
        .max()
}

/// Recently Changed Job, given [`latest_current_start`]: started less than
/// [`RECENT_CHANGE_MONTHS`] months before `as_of`.
pub fn changed_job_recently(start: MonthStamp, as_of: MonthStamp) -> bool {
    as_of.months_since(start) < RECENT_CHANGE_MONTHS
}

/// Large Employment Gaps for someone without a current job, given
/// [`last_end_without_current`]: the last job ended more than [`GAP_MONTHS`] months before
/// `as_of`.
pub fn jobless_too_long(end: MonthStamp, as_of: MonthStamp) -> bool {
    as_of.months_since(end) > GAP_MONTHS
}

/// When the person has no current job: the end of the last one.
pub fn last_end_without_current(profile: &Profile) -> Option<MonthStamp> {
    if !profile.current_employers.is_empty() {
        return None;
    }
    profile
        .past_employers
        .iter()
        .filter_map(|e| e.end_date)
        .map(|d| d.month_stamp())
        .max()
}

/// A rule over a profile's roles.
type RoleRule = fn(&[Role]) -> Option<RedFlagHit>;

fn stable_hits(profile: &Profile, roles: &[Role]) -> Vec<RedFlagHit> {
    let checks: [RoleRule; 4] = [
        frequent_switch,
        employment_gap,
        no_progression,
        overlapping_jobs,
    ];
    let mut hits: Vec<RedFlagHit> = checks.iter().filter_map(|check| check(roles)).collect();
    hits.extend(unspecified(profile));
    hits
}

fn frequent_switch(roles: &[Role]) -> Option<RedFlagHit> {
    let still_there: Vec<&str> = roles
        .iter()
        .filter(|r| r.current)
        .filter_map(|r| r.company.as_deref())
        .collect();
    // One entry per completed stay: (company, first start, last end).
    let mut stays: Vec<(Option<&str>, MonthStamp, MonthStamp)> = Vec::new();
    for r in roles.iter().filter(|r| !r.current && !r.internship) {
        let (Some(start), Some(end)) = (r.start, r.end) else {
            continue;
        };
        let here = r.company.as_deref();
        if here.is_some_and(|c| still_there.contains(&c)) {
            continue;
        }
        let same = here.and_then(|c| stays.iter_mut().find(|(k, ..)| *k == Some(c)));
        match same {
            Some(stay) => {
                stay.1 = stay.1.min(start);
                stay.2 = stay.2.max(end);
            }
            None => stays.push((here, start, end)),
        }
    }
    let short = stays
        .iter()
        .filter(|(_, start, end)| end.months_since(*start) < SHORT_JOB_MONTHS)
        .count();
    (short >= 3 && short * 2 >= stays.len()).then(|| RedFlagHit {
        flag: RedFlag::FrequentJobSwitch,
        evidence: format!(
            "{short} of {} completed jobs lasted under {SHORT_JOB_MONTHS} months",
            stays.len()
        ),
    })
}

fn employment_gap(roles: &[Role]) -> Option<RedFlagHit> {
    let mut covered: Option<Option<MonthStamp>> = None;
    for role in intervals(roles) {
        let (Some(start), end, e) = (role.start, role.end, role.e) else {
            continue;
        };
        // Whole months strictly between the last worked month and the next first month.
        if let Some(Some(until)) = covered
            && start.months_since(until) - 1 > GAP_MONTHS
        {
            return Some(RedFlagHit {
                flag: RedFlag::LargeEmploymentGaps,
                evidence: format!(
                    "{} months without a job between {until} and {start} ({})",
                    start.months_since(until) - 1,
                    e.name.as_deref().unwrap_or("next job")
                ),
            });
        }
        covered = Some(match (covered, end) {
            (Some(None), _) | (_, None) => None,
            (Some(Some(a)), Some(b)) => Some(a.max(b)),
            (None, Some(b)) => Some(b),
        });
    }
    None
}

fn no_progression(roles: &[Role]) -> Option<RedFlagHit> {
    let ranked: Vec<(MonthStamp, Seniority)> = intervals(roles)
        .into_iter()
        .filter(|r| !r.internship)
        .filter_map(|r| Some((r.start?, r.seniority?)))
        .collect();
    let (first, last) = (ranked.first()?, ranked.last()?);
    let span = last.0.months_since(first.0);
    let flat = last.1 <= first.1 && last.1 != Seniority::CLevel;
    (ranked.len() >= 3 && span >= PROGRESSION_SPAN_MONTHS && flat).then(|| RedFlagHit {
        flag: RedFlag::NoCareerProgression,
        evidence: format!(
            "{} at {} and still {} at {} across {} jobs",
            first.1.label(),
            first.0,
            last.1.label(),
            last.0,
            ranked.len()
        ),
    })
}

fn overlapping_jobs(roles: &[Role]) -> Option<RedFlagHit> {
    let jobs: Vec<&Role> = intervals(roles)
        .into_iter()
        .filter(|r| r.full_time)
        .collect();
    for (i, first) in jobs.iter().enumerate() {
        for second in &jobs[i + 1..] {
            // Overlapping roles at one company are a promotion or a transfer.
            if first.company.is_some() && first.company == second.company {
                continue;
            }
            let (Some(s1), Some(s2)) = (first.start, second.start) else {
                continue;
            };
            let (a, b) = (first.e, second.e);
            let overlap = match (&first.end, &second.end) {
                (None, None) => i32::MAX,
                (Some(x), None) | (None, Some(x)) => x.months_since(s1.max(s2)),
                (Some(x), Some(y)) => (*x.min(y)).months_since(s1.max(s2)),
            };
            if overlap > OVERLAP_MONTHS {
                let name = |e: &Employer| e.name.clone().unwrap_or_else(|| "an employer".into());
                return Some(RedFlagHit {
                    flag: RedFlag::OverlappingFullTimeJobs,
                    evidence: format!("full-time at {} and {} at the same time", name(a), name(b)),
                });
            }
        }
    }
    None
}

fn unspecified(profile: &Profile) -> Option<RedFlagHit> {
    let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
    let evidence = if blank(&profile.region) && blank(&profile.country) {
        "no location given".to_string()
    } else if let Some((_, _, e)) = profile.employers().find(|(_, _, e)| e.start_date.is_none()) {
        format!("no start date for {}", e.name.as_deref().unwrap_or("a job"))
    } else if let Some(e) = profile.past_employers.iter().find(|e| e.end_date.is_none()) {
        format!(
            "no end date for past job at {}",
            e.name.as_deref().unwrap_or("an employer")
        )
    } else {
        return None;
    };
    Some(RedFlagHit {
        flag: RedFlag::UnspecifiedDatesOrLocations,
        evidence,
    })
}

#[cfg(test)]
mod tests;
