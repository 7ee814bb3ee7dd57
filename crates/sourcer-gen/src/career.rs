//! The shape of a career: when each job started and ended and at what level, before any
//! company or title is attached.
//!
//! A career covers the months from its start to the reference month: jobs follow each other,
//! usually back to back, sometimes with a short gap (about 12% of changes) or a long one of
//! 7-18 months (2.5%). Styles give the red flags realistic rates: job hoppers (10%) stay
//! 7-13 months on average, loyal people (15%) 4.5-9 years, others 20-44 months; the current
//! job is caught at a random point of its stay. Levels follow years of experience at a
//! personal speed, never go down, rise with a long stay (a promotion listed as a new position
//! at the same company), and some careers stay flat (8%). About 7% of people have no current
//! job, 5% hold a second current one (mostly part-time or freelance), and 1% leave the dates
//! of their oldest job out. No profile lists more than seven positions.
//!
//! Measured with sourcer-taxonomy's `red_flags` over profiles 0..5000 of seed 1 (as of the
//! reference month): recently changed job 11.0%, large gaps 8.6%, no progression 3.5%,
//! frequent switching 1.9%, overlapping full-time jobs 0.6%, unspecified dates 0.6%; 77% of
//! profiles raise none. tests/taxonomy.rs keeps these rates within plausible bands.

use rand::Rng;
use sourcer_core::MonthStamp;

/// No profile lists more positions than this (internships and side jobs included).
const MAX_JOBS: usize = 7;

/// Seniority of a job, as written in `seniority_level`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Level {
    Intern,
    Entry,
    Junior,
    Mid,
    Senior,
    Lead,
    Manager,
    Director,
    Vp,
    Cxo,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::Intern => "Intern",
            Level::Entry => "Entry",
            Level::Junior => "Junior",
            Level::Mid => "Mid",
            Level::Senior => "Senior",
            Level::Lead => "Lead",
            Level::Manager => "Manager",
            Level::Director => "Director",
            Level::Vp => "VP",
            Level::Cxo => "CXO",
        }
    }
}

/// What kind of engagement a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JobKind {
    /// An ordinary full-time job.
    Regular,
    Internship,
    /// A second current engagement next to the main job.
    SideGig {
        full_time: bool,
    },
}

/// One job of a career, before a company and a title are attached.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Job {
    pub start: MonthStamp,
    /// `None` while the job is current.
    pub end: Option<MonthStamp>,
    pub level: Level,
    pub kind: JobKind,
    /// A promotion inside the previous job's company.
    pub same_company: bool,
    /// The profile leaves this job's dates out.
    pub dates_hidden: bool,
}

/// The jobs of one person, oldest first.
#[derive(Debug, Clone)]
pub(crate) struct Career {
    pub start: MonthStamp,
    pub jobs: Vec<Job>,
}

fn experience_months(rng: &mut impl Rng) -> i32 {
    let buckets: [(f64, i32, i32); 6] = [
        (0.12, 6, 24),
        (0.24, 24, 60),
        (0.28, 60, 120),
        (0.18, 120, 180),
        (0.12, 180, 264),
        (0.06, 264, 408),
    ];
    let mut u: f64 = rng.random();
    for (share, lo, hi) in buckets {
        if u < share {
            return rng.random_range(lo..hi);
        }
        u -= share;
    }
    rng.random_range(60..120)
}

/// The level a person at `years` of (speed-adjusted) experience holds.
fn level_at(years: f64, manages: bool, tops_at_senior: bool, entry_word: bool) -> Level {
    match years {
        y if y < 1.0 && entry_word => Level::Entry,
        y if y < 3.0 => Level::Junior,
        y if y < 5.5 => Level::Mid,
        y if manages && y >= 19.0 => Level::Vp,
        y if manages && y >= 13.0 => Level::Director,
        y if manages && y >= 7.5 => Level::Manager,
        y if y < 9.0 || tops_at_senior => Level::Senior,
        _ => Level::Lead,
    }
}

/// Draws a career that ends at `as_of`.
pub(crate) fn career(rng: &mut impl Rng, as_of: MonthStamp) -> Career {
    let total = experience_months(rng);
    let start = as_of.minus_months(total);
    let idle = if rng.random_bool(0.07) {
        rng.random_range(1..=14).min(total - 3)
    } else {
        0
    };
    let span = total - idle;
    let style: f64 = rng.random();
    let average = if style < 0.10 {
        rng.random_range(7..=13)
    } else if style < 0.25 {
        rng.random_range(54..=110)
    } else {
        rng.random_range(20..=44)
    };
    let n = ((f64::from(span) / f64::from(average)).round() as usize).clamp(1, MAX_JOBS);
    let mut gaps: Vec<i32> = (1..n)
        .map(|_| match rng.random::<f64>() {
            u if u < 0.025 => rng.random_range(7..=18),
            u if u < 0.145 => rng.random_range(1..=3),
            _ => 0,
        })
        .collect();
    if span - gaps.iter().sum::<i32>() < 3 * n as i32 {
        gaps.iter_mut().for_each(|g| *g = 0);
    }
    let work = span - gaps.iter().sum::<i32>();
    let mut durations = split(rng, work, n);
    if idle == 0 && n >= 2 {
        // The current job is caught at a uniformly random point of its stay, so about one
        // person in seven started it within the last six months; earlier jobs absorb the rest.
        let whole = durations[n - 1];
        let elapsed = ((f64::from(whole) * rng.random::<f64>()).round() as i32).max(1);
        durations[n - 1] = elapsed;
        durations[n - 2] += whole - elapsed;
    }

    let speed = rng.random_range(0.75..1.35);
    let manages = rng.random_bool(0.4);
    let tops_at_senior = rng.random_bool(0.4);
    let entry_word = rng.random_bool(0.5);
    let flat = n >= 3 && rng.random_bool(0.08);
    let chief = rng.random_bool(0.15);

    let level_after = |months: i32| {
        let years = f64::from(months) / 12.0 * speed;
        level_at(years, manages, tops_at_senior, entry_word)
    };
    let mut jobs: Vec<Job> = Vec::with_capacity(n + 3);
    let mut at = start;
    for (i, &months) in durations.iter().enumerate() {
        // Changing jobs is how most people step up: a new job is at the level they reach
        // within its first year.
        let hired_at = if i == 0 {
            0
        } else {
            at.months_since(start) + months.min(24) / 2
        };
        let years = f64::from(hired_at) / 12.0 * speed;
        let mut level = level_after(hired_at);
        if manages && chief && i == n - 1 && years >= 15.0 {
            level = Level::Cxo;
        }
        if let Some(previous) = jobs.last() {
            level = if flat {
                previous.level
            } else {
                level.max(previous.level)
            };
        }
        let gap_before = if i == 0 { 0 } else { gaps[i - 1] };
        let promoted = jobs.last().is_some_and(|p| level > p.level);
        let end = plus(at, months);
        let last = i + 1 == n;
        jobs.push(Job {
            start: at,
            end: (!last || idle > 0).then_some(end),
            level,
            kind: JobKind::Regular,
            same_company: promoted && gap_before == 0 && rng.random_bool(0.3),
            dates_hidden: false,
        });
        // A long stay usually brings a promotion in the same company, listed as its own
        // position, so that current titles keep up with experience.
        if months >= 30 && !flat && jobs.len() + (n - 1 - i) < MAX_JOBS {
            let cut = plus(at, rng.random_range(months / 3..=2 * months / 3));
            let later = level_after(cut.months_since(start));
            if later > level && rng.random_bool(0.8) {
                let earlier = jobs.len() - 1;
                jobs[earlier].end = Some(cut);
                jobs.push(Job {
                    start: cut,
                    end: (!last || idle > 0).then_some(end),
                    level: later,
                    kind: JobKind::Regular,
                    same_company: true,
                    dates_hidden: false,
                });
            }
        }
        at = plus(end, gaps.get(i).copied().unwrap_or(0));
    }
    if n >= 2 && rng.random_bool(0.01) {
        jobs[0].dates_hidden = true;
    }
    let young = total < 48;
    if jobs.len() < MAX_JOBS && rng.random_bool(if young { 0.4 } else { 0.15 }) {
        let length = rng.random_range(2..=6);
        let end = start.minus_months(rng.random_range(0..=3));
        jobs.insert(0, internship(end.minus_months(length), end));
    }
    if idle == 0 && jobs.len() < MAX_JOBS && rng.random_bool(0.05) {
        let latest = jobs.last().map_or(Level::Mid, |j| j.level);
        let begun = as_of.minus_months(rng.random_range(1..=36.min(total)));
        jobs.push(Job {
            start: begun.max(start),
            end: None,
            level: latest,
            kind: JobKind::SideGig {
                full_time: rng.random_bool(0.2),
            },
            same_company: false,
            dates_hidden: false,
        });
    }
    Career { start, jobs }
}

fn plus(month: MonthStamp, months: i32) -> MonthStamp {
    MonthStamp(month.0 + months)
}

fn internship(start: MonthStamp, end: MonthStamp) -> Job {
    Job {
        start,
        end: Some(end),
        level: Level::Intern,
        kind: JobKind::Internship,
        same_company: false,
        dates_hidden: false,
    }
}

/// Splits `total` months into `n` durations of at least 2 months, unevenly.
fn split(rng: &mut impl Rng, total: i32, n: usize) -> Vec<i32> {
    let weights: Vec<f64> = (0..n).map(|_| rng.random_range(0.6..1.4)).collect();
    let sum: f64 = weights.iter().sum();
    let mut out: Vec<i32> = weights
        .iter()
        .map(|w| ((f64::from(total) * w / sum).floor() as i32).max(2))
        .collect();
    let assigned: i32 = out[..n - 1].iter().sum();
    out[n - 1] = total - assigned;
    if out[n - 1] < 2 {
        let even = total / n as i32;
        out.iter_mut().for_each(|d| *d = even);
        out[n - 1] = total - even * (n as i32 - 1);
    }
    out
}

/// Whole months covered by at least one non-internship job with known dates, counting a
/// current job to `as_of`: the basis of `years_of_experience_raw`.
pub(crate) fn experience_covered(jobs: &[Job], as_of: MonthStamp) -> i32 {
    let mut spans: Vec<(i32, i32)> = jobs
        .iter()
        .filter(|j| j.kind != JobKind::Internship && !j.dates_hidden)
        .map(|j| (j.start.0, j.end.unwrap_or(as_of).0))
        .collect();
    spans.sort_unstable();
    let mut covered = 0;
    let mut reach = i32::MIN;
    for (start, end) in spans {
        let from = start.max(reach);
        if end > from {
            covered += end - from;
        }
        reach = reach.max(end);
    }
    covered
}
