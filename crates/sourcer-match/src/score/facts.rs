//! One pass over a profile that collects what the signals need: per job, its dates, title
//! relevance and seniority; per skill the job asks for, where the profile evidences it.

use std::sync::Arc;

use sourcer_core::profile::EmployerKind;
use sourcer_core::{Employer, MonthStamp, Profile};
use sourcer_taxonomy::{Seniority, Taxonomy};

use super::titles::TitleFacts;
use crate::job::{Job, Tier};
use crate::text::word_key_into;
use crate::titles::employer_level;

/// A listed skill earns full listed-only credit up to this many listed skills; beyond it the
/// credit shrinks in proportion, so a stuffed list stops adding.
pub const LISTED_SKILLS_CAP: usize = 25;

/// One employer record, as the signals see it.
pub struct JobFact<'p> {
    pub employer: &'p Employer,
    pub current: bool,
    pub start: Option<MonthStamp>,
    /// Last month worked: the end date, or as-of for a current job.
    pub end: Option<MonthStamp>,
    pub months: Option<i32>,
    /// Months since the job ended (0 for current jobs); `None` without an end date.
    pub ended_ago: Option<i32>,
    /// 0-1 relevance of the title to the job's titles (`Taxonomy::title_relevance`), with
    /// the target it is most relevant to.
    pub title_relevance: f32,
    pub title_target: Option<usize>,
    /// Everything the title says for this job (`None` without a title).
    pub title: Option<Arc<TitleFacts>>,
    pub seniority: Option<Seniority>,
    /// The job shows a mandatory or core skill (any skill when the job has neither).
    pub shows_key_skill: bool,
}

/// Where one skill slot is evidenced.
#[derive(Debug, Clone, Default)]
pub struct SlotFacts {
    pub listed: bool,
    pub certification: Option<usize>,
    pub summary: bool,
    /// Jobs whose title or description names the skill, by index into `Facts::jobs`.
    pub jobs: Vec<usize>,
}

/// Everything collected from one profile.
pub struct Facts<'p> {
    pub profile: &'p Profile,
    pub jobs: Vec<JobFact<'p>>,
    pub slots: Vec<SlotFacts>,
    pub listed_count: usize,
    pub as_of: MonthStamp,
}

/// The tiers whose skills make a job relevant: mandatory and core, or every tier when the
/// job has neither.
fn key_tiers(job: &Job) -> &'static [Tier] {
    let has_key = job
        .requirements
        .iter()
        .any(|r| matches!(r.tier, Tier::Mandatory | Tier::Core));
    if has_key {
        &[Tier::Mandatory, Tier::Core]
    } else {
        &[
            Tier::Mandatory,
            Tier::Core,
            Tier::Secondary,
            Tier::Description,
        ]
    }
}

/// Collects the facts of one profile for one job, as of a month.
pub fn collect<'p>(job: &Job, profile: &'p Profile, as_of: MonthStamp) -> Facts<'p> {
    let mut scan = Scan {
        job,
        key: String::new(),
        hits: Vec::new(),
    };
    let mut slots = vec![SlotFacts::default(); job.slots.len()];
    let jobs = profile
        .employers()
        .enumerate()
        .map(|(index, (kind, _, employer))| {
            let fact = scan.job_fact(employer, kind == EmployerKind::Current, as_of);
            for &slot in &scan.hits {
                slots[slot].jobs.push(index);
            }
            fact
        })
        .collect();
    scan.hits.clear();
    // Headline items ("Go | Kubernetes") are read as list entries but credited as headline
    // mentions: the headline is the person's own summary.
    if let Some(headline) = profile.headline.as_deref() {
        for item in crate::skills::headline_items(headline) {
            scan.listed(item);
        }
        scan.text(Some(headline));
    }
    scan.text(profile.summary.as_deref());
    for &slot in &scan.hits {
        slots[slot].summary = true;
    }
    for skill in &profile.skills {
        scan.hits.clear();
        scan.listed(skill);
        for &slot in &scan.hits {
            slots[slot].listed = true;
        }
    }
    for (i, cert) in profile.certifications.iter().enumerate() {
        scan.hits.clear();
        scan.text(cert.name.as_deref());
        for &slot in &scan.hits {
            slots[slot].certification.get_or_insert(i);
        }
    }
    Facts {
        profile,
        jobs,
        slots,
        listed_count: profile.skills.len(),
        as_of,
    }
}

/// Finds the job's skills in texts, collecting their slots in `hits`.
struct Scan<'j> {
    job: &'j Job,
    key: String,
    hits: Vec<usize>,
}

impl Scan<'_> {
    /// The facts of one employer record; leaves the slots its title and description name,
    /// sorted and distinct, in `hits`.
    fn job_fact<'p>(
        &mut self,
        employer: &'p Employer,
        current: bool,
        as_of: MonthStamp,
    ) -> JobFact<'p> {
        let start = employer.start_date.map(|d| d.month_stamp());
        let end = if current {
            Some(as_of)
        } else {
            employer.end_date.map(|d| d.month_stamp())
        };
        self.hits.clear();
        let title = employer.title.as_deref().map(|t| {
            let title = self.job.title_memo.get(self.job, t, &mut self.key);
            self.hits.extend_from_slice(&title.slots);
            title
        });
        self.text(employer.description.as_deref());
        self.hits.sort_unstable();
        self.hits.dedup();
        let tiers = key_tiers(self.job);
        let shows_key_skill = self
            .job
            .requirements
            .iter()
            .any(|r| tiers.contains(&r.tier) && self.hits.binary_search(&r.slot).is_ok());
        let (title_relevance, title_target) = title
            .as_ref()
            .map_or((0.0, None), |t| (t.relevance, t.target));
        let seniority = employer_level(employer).or(title.as_ref().and_then(|t| t.seniority));
        JobFact {
            employer,
            current,
            start,
            end,
            months: employer.tenure_months(as_of),
            ended_ago: end.map(|e| as_of.months_since(e).max(0)),
            title_relevance,
            title_target,
            title,
            seniority,
            shows_key_skill,
        }
    }

    fn text(&mut self, text: Option<&str>) {
        let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
            return;
        };
        let (job, hits) = (self.job, &mut self.hits);
        Taxonomy::global()
            .for_each_skill_in_text(text, |skill| hits.extend(job.slot_of_skill(skill)));
        self.extra(text);
    }

    /// Records the job's unknown skills mentioned in `text`.
    fn extra(&mut self, text: &str) {
        if !self.job.extra.is_empty() {
            word_key_into(text, &mut self.key);
            let hits = &mut self.hits;
            self.job.extra.mentions(&self.key, |slot| hits.push(slot));
        }
    }

    /// An entry of the skills list: the job skill it names, by any spelling, as the index
    /// and `Taxonomy::skill` read list entries ("Amazon Web Services (AWS)" names AWS).
    fn listed(&mut self, entry: &str) {
        if !self.listed_name(entry)
            && let Some((outside, inside)) = split_parenthetical(entry)
        {
            let _ = self.listed_name(outside) || self.listed_name(inside);
        }
    }

    /// Records the job skill `name` spells, if any; true when it spells one.
    fn listed_name(&mut self, name: &str) -> bool {
        word_key_into(name, &mut self.key);
        // The key is " w1 w2 ... " (or " " without words); the spellings are "w1 w2 ...".
        let words = self.key.strip_prefix(' ').and_then(|k| k.strip_suffix(' '));
        match self.job.slot_of_spelling.get(words.unwrap_or_default()) {
            Some(&slot) => {
                self.hits.push(slot);
                true
            }
            None => false,
        }
    }
}

/// "Outside (Inside)" split in two, when the text ends with a parenthetical.
fn split_parenthetical(text: &str) -> Option<(&str, &str)> {
    let text = text.trim();
    if !text.ends_with(')') {
        return None;
    }
    let open = text.rfind('(')?;
    let inside = text[open + 1..].strip_suffix(')')?;
    Some((&text[..open], inside))
}

impl Facts<'_> {
    /// Total months worked, overlapping jobs counted once; `only` picks the jobs.
    pub fn months_worked(&self, only: impl Fn(&JobFact) -> bool) -> i32 {
        let mut spans: Vec<(MonthStamp, MonthStamp)> = self
            .jobs
            .iter()
            .filter(|j| only(j))
            .filter_map(|j| Some((j.start?, j.end?)))
            .filter(|(s, e)| e >= s)
            .collect();
        spans.sort();
        let mut total = 0;
        let mut covered: Option<(MonthStamp, MonthStamp)> = None;
        for (s, e) in spans {
            match covered {
                Some((cs, ce)) if s <= ce => covered = Some((cs, ce.max(e))),
                Some((cs, ce)) => {
                    total += ce.months_since(cs);
                    covered = Some((s, e));
                }
                None => covered = Some((s, e)),
            }
        }
        if let Some((cs, ce)) = covered {
            total += ce.months_since(cs);
        }
        total
    }

    /// The latest-started current job (with `true`), else the most recently ended one.
    pub fn current_or_latest(&self) -> Option<(&JobFact<'_>, bool)> {
        let current = self
            .jobs
            .iter()
            .filter(|j| j.current)
            .max_by_key(|j| j.start)
            .map(|j| (j, true));
        current.or_else(|| {
            self.jobs
                .iter()
                .min_by_key(|j| j.ended_ago.unwrap_or(i32::MAX))
                .map(|j| (j, false))
        })
    }

    /// A job's relevance to the role: its title is close, or it shows a key skill.
    pub fn is_relevant(j: &JobFact) -> bool {
        j.title_relevance >= 0.5 || j.shows_key_skill
    }
}
