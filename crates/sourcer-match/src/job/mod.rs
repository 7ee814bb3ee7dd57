//! [`Job`]: everything the scorer needs from a session (title, JD text, parsed queries,
//! nuances), prepared once so that scoring a candidate does no setup work.

mod slots;

use serde::Serialize;
use sha2::{Digest, Sha256};
use sourcer_core::query::Values;
use sourcer_core::{EmployerField, FilterKey, Op, ProfileField, Query};
use sourcer_taxonomy::{RedFlag, Seniority, Taxonomy};

use crate::MatchError;
use crate::annotate;
use crate::score::titles::TitleMemo;
use crate::skills::ExtraSkills;
use slots::{SlotBuilder, SpellingMap};

/// How much a skill matters to the job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// `skills.mandatory`: the job cannot be done without it.
    Mandatory,
    /// `skills.core`.
    Core,
    /// `skills.secondary`.
    Secondary,
    /// Named in the JD text but in none of the query's lists.
    Description,
}

impl Tier {
    /// The tier's share of the skills weight (docs/scoring.md).
    pub fn weight(self) -> f32 {
        match self {
            Tier::Mandatory => 3.0,
            Tier::Core => 2.0,
            Tier::Secondary => 1.0,
            Tier::Description => 0.5,
        }
    }

    /// The tier as evidence lines name it ("mandatory", "from the JD").
    pub fn label(self) -> &'static str {
        match self {
            Tier::Mandatory => "mandatory",
            Tier::Core => "core",
            Tier::Secondary => "secondary",
            Tier::Description => "from the JD",
        }
    }
}

/// Most skills taken from the JD text on top of the query's own lists (only skills in the
/// taxonomy categories of the query's skills).
pub const MAX_DESCRIPTION_SKILLS: usize = 8;

/// A skill the job asks for.
#[derive(Debug, Clone)]
pub(crate) struct Requirement {
    pub display: String,
    pub tier: Tier,
    pub slot: usize,
    /// Slots of taxonomy-related skills, which earn a little credit when the skill is absent.
    pub related: Vec<usize>,
}

/// A title the job is for.
#[derive(Debug, Clone)]
pub(crate) struct TargetTitle {
    pub display: String,
}

/// A place the job wants people in, split into word-key parts, most specific first
/// (`[" pune ", " maharashtra ", " india "]`).
#[derive(Debug, Clone)]
pub(crate) struct WantedPlace {
    pub display: String,
    pub parts: Vec<String>,
}

/// An inclusive years-of-experience range; either bound may be open.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct YearsRange {
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// A job prepared for scoring. Build it once per session with [`Job::new`].
pub struct Job {
    title: String,
    description: String,
    fingerprint: String,
    pub(crate) targets: Vec<TargetTitle>,
    pub(crate) requirements: Vec<Requirement>,
    /// Display name of each skill slot (requirements first, then related skills).
    pub(crate) slots: Vec<String>,
    /// The slot of each known skill the job looks for, by position in `Taxonomy::skills`
    /// (skills the taxonomy does not know are found through `extra`).
    slot_of_skill: Vec<Option<usize>>,
    /// The slot of every spelling of the job's skills (aliases included), by alias key: how
    /// a skills-list entry is resolved, exactly as `Taxonomy::skill` would for these skills.
    pub(crate) slot_of_spelling: SpellingMap,
    /// What each distinct title says for this job, remembered: candidates in one pool
    /// share most titles, and reading one afresh is costly.
    pub(crate) title_memo: TitleMemo,
    pub(crate) extra: ExtraSkills,
    pub(crate) years: Option<YearsRange>,
    pub(crate) places: Vec<WantedPlace>,
    /// The places joined as evidence lines name them ("Pune, Maharashtra, India or Berlin").
    pub(crate) places_text: String,
    pub(crate) remote: bool,
    pub(crate) seniority: Vec<Seniority>,
    pub(crate) nuances: Vec<RedFlag>,
}

impl Job {
    /// Prepares a job from a session: its title, JD text, parsed `queries` and `nuances`
    /// (unknown nuance labels are ignored; the API layer validates them).
    pub fn new(
        title: &str,
        description: &str,
        query: &Query,
        nuances: &[String],
    ) -> Result<Job, MatchError> {
        let mut builder = SlotBuilder::default();
        let mut requirements: Vec<Requirement> = Vec::new();
        let tiers = [
            (Tier::Mandatory, &query.skills.mandatory),
            (Tier::Core, &query.skills.core),
            (Tier::Secondary, &query.skills.secondary),
        ];
        for (tier, list) in tiers {
            for skill in list {
                builder.require(&mut requirements, skill, tier);
            }
        }
        if !description.trim().is_empty() {
            // JD prose names soft skills in passing ("team building"); only skills of the
            // kinds the query asks for are taken from it.
            let categories = query_categories(query);
            let from_jd = annotate::extract_skills(description);
            let mut added = 0;
            for skill in from_jd.all() {
                if added == MAX_DESCRIPTION_SKILLS {
                    break;
                }
                let fits = Taxonomy::global()
                    .skill(skill)
                    .is_some_and(|s| categories.is_empty() || categories.contains(&s.category));
                if fits && builder.require(&mut requirements, skill, Tier::Description) {
                    added += 1;
                }
            }
        }
        for r in &mut requirements {
            r.related = builder.related_slots(&r.display, r.slot);
        }
        let nuance_flags: Vec<RedFlag> = {
            let mut flags: Vec<RedFlag> =
                nuances.iter().filter_map(|n| RedFlag::parse(n)).collect();
            flags.sort();
            flags.dedup();
            flags
        };
        let targets = target_titles(title, query);
        let seniority = wanted_seniority(query, &targets);
        let (places, remote) = wanted_places(query);
        let years = wanted_years(query).or_else(|| annotate::extract_years(description));
        let fingerprint = fingerprint(title, description, query, &nuance_flags);
        Ok(Job {
            title: title.trim().to_string(),
            description: description.trim().to_string(),
            fingerprint,
            targets,
            requirements,
            slot_of_spelling: builder.spellings(),
            slot_of_skill: builder.slot_of_skill(),
            title_memo: TitleMemo::default(),
            extra: ExtraSkills::new(&builder.extra)?,
            slots: builder.slots,
            years,
            places_text: places
                .iter()
                .map(|p| p.display.as_str())
                .collect::<Vec<_>>()
                .join(" or "),
            places,
            remote,
            seniority,
            nuances: nuance_flags,
        })
    }

    /// Prepares a job from free text alone (preview runs): the JD is annotated
    /// ([`crate::annotate()`]) and the annotation's filters are used as the query.
    pub fn from_text(title: &str, description: &str) -> Result<Job, MatchError> {
        let text = if description.trim().is_empty() {
            title.to_string()
        } else {
            format!("{title}\n{description}")
        };
        let queries = annotate::annotate(&text).to_queries()?;
        let query = Query::parse(&queries).map_err(MatchError::InvalidQuery)?;
        Job::new(title, description, &query, &[])
    }

    /// The session title, trimmed.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The JD text, trimmed.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// A stable digest of everything the job was prepared from; caches key on it.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The skills the job asks for, with their tiers, in query order.
    pub fn skills(&self) -> impl Iterator<Item = (Tier, &str)> {
        self.requirements
            .iter()
            .map(|r| (r.tier, r.display.as_str()))
    }

    /// The titles the job is for.
    pub fn titles(&self) -> impl Iterator<Item = &str> {
        self.targets.iter().map(|t| t.display.as_str())
    }

    /// The wanted years of experience: the query's range, else the JD's.
    pub fn years(&self) -> Option<YearsRange> {
        self.years
    }

    /// The places the job wants people in, as written.
    pub fn places(&self) -> impl Iterator<Item = &str> {
        self.places.iter().map(|p| p.display.as_str())
    }

    /// The red flags named in the session's `nuances`.
    pub fn nuances(&self) -> &[RedFlag] {
        &self.nuances
    }

    /// The slot of the skill at this position of `Taxonomy::skills`, if the job looks for it.
    pub(crate) fn slot_of_skill(&self, skill: usize) -> Option<usize> {
        self.slot_of_skill.get(skill).copied().flatten()
    }
}

/// The taxonomy categories of the query's skills.
fn query_categories(query: &Query) -> Vec<String> {
    let taxonomy = Taxonomy::global();
    let s = &query.skills;
    let mut out: Vec<String> = s
        .mandatory
        .iter()
        .chain(&s.core)
        .chain(&s.secondary)
        .filter_map(|k| taxonomy.skill(k))
        .map(|k| k.category.clone())
        .collect();
    out.sort();
    out.dedup();
    out
}

fn texts(values: &Values) -> &[String] {
    match values {
        Values::Texts(t) => t,
        Values::Range { .. } | Values::Tenure(_) | Values::Money(_) | Values::Recency(_) => &[],
    }
}

fn positive(op: Op) -> bool {
    matches!(op, Op::In | Op::Eq | Op::Contains)
}

fn target_titles(session_title: &str, query: &Query) -> Vec<TargetTitle> {
    let mut displays: Vec<&str> = query
        .conditions
        .iter()
        .filter(|c| matches!(c.key, FilterKey::Employer(_, EmployerField::Title)) && positive(c.op))
        .flat_map(|c| texts(&c.values).iter().map(String::as_str))
        .collect();
    if !session_title.trim().is_empty() {
        displays.push(session_title.trim());
    }
    let mut targets: Vec<TargetTitle> = Vec::new();
    for display in displays {
        if !targets
            .iter()
            .any(|t| t.display.eq_ignore_ascii_case(display))
        {
            targets.push(TargetTitle {
                display: display.to_string(),
            });
        }
    }
    targets
}

fn wanted_seniority(query: &Query, targets: &[TargetTitle]) -> Vec<Seniority> {
    let mut wanted: Vec<Seniority> = query
        .conditions
        .iter()
        .filter(|c| {
            matches!(c.key, FilterKey::Employer(_, EmployerField::SeniorityLevel)) && positive(c.op)
        })
        .flat_map(|c| texts(&c.values))
        .filter_map(|v| Seniority::from_level(v))
        .collect();
    if wanted.is_empty() {
        let taxonomy = Taxonomy::global();
        wanted.extend(
            targets
                .iter()
                .filter_map(|t| taxonomy.parse_title(&t.display).seniority),
        );
    }
    wanted.sort();
    wanted.dedup();
    wanted
}

fn wanted_places(query: &Query) -> (Vec<WantedPlace>, bool) {
    let mut remote = false;
    let mut places = Vec::new();
    for c in &query.conditions {
        let FilterKey::Profile(ProfileField::Region | ProfileField::CountryRegion) = c.key else {
            continue;
        };
        if !positive(c.op) {
            continue;
        }
        for value in texts(&c.values) {
            if sourcer_core::text::contains_phrase(value, "remote") {
                remote = true;
                continue;
            }
            places.push(WantedPlace {
                display: value.clone(),
                parts: crate::score::location::place_parts(value),
            });
        }
    }
    (places, remote)
}

fn wanted_years(query: &Query) -> Option<YearsRange> {
    query
        .conditions_on(FilterKey::Profile(ProfileField::YearsOfExperience))
        .find_map(|c| match c.values {
            Values::Range { min, max } => Some(YearsRange { min, max }),
            Values::Texts(_) | Values::Tenure(_) | Values::Money(_) | Values::Recency(_) => None,
        })
}

fn fingerprint(title: &str, description: &str, query: &Query, nuances: &[RedFlag]) -> String {
    let codes: Vec<&str> = nuances.iter().map(|f| f.code()).collect();
    let canonical = serde_json::json!({
        "title": title.trim(),
        "description": description.trim(),
        "queries": query.to_json(),
        "nuances": codes,
    });
    hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
}
