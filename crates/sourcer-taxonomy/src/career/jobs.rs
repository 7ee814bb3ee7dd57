//! How the red-flag rules see one job: internship or not, a full-time role or a side role,
//! which company it belongs to, and its level. Kept apart from the rules so each rule reads
//! as its definition.

use sourcer_core::{Employer, MonthStamp, Profile};

use crate::keys::{categorical_key_into, with_categorical_key};
use crate::seniority::INTERN_WORDS;
use crate::tokens::with_tokens;
use crate::{Seniority, Taxonomy};

/// Title words of roles held next to a main job (boards, advising, mentoring, volunteering).
const SIDE_ROLE_WORDS: [&str; 10] = [
    "advisor",
    "adviser",
    "advisory",
    "board",
    "mentor",
    "volunteer",
    "ambassador",
    "investor",
    "trustee",
    "moderator",
];

/// Employment types that are not a full-time job.
const NOT_FULL_TIME: [&str; 8] = [
    "part",
    "contract",
    "freelance",
    "intern",
    "volunteer",
    "self",
    "temporary",
    "seasonal",
];

/// One job as the rules see it, read once per profile: the rules run for every candidate of
/// every search, so nothing here is recomputed per rule.
pub(super) struct Role<'a> {
    pub e: &'a Employer,
    pub current: bool,
    pub start: Option<MonthStamp>,
    pub end: Option<MonthStamp>,
    /// The folded employer name, for grouping promotions at one company.
    pub company: Option<String>,
    /// An internship by employment type, seniority level or title ("Software Engineering
    /// Intern" with no type is still an internship).
    pub internship: bool,
    /// A full-time main job: not part-time, contract, freelance, an internship, volunteering,
    /// self-employment, temporary or seasonal work, and not a side role (advisor, board
    /// member, mentor, volunteer, investor). An unknown employment type counts as full-time.
    pub full_time: bool,
    /// The import's `seniority_level` when it names one, else the title's.
    pub seniority: Option<Seniority>,
}

impl<'a> Role<'a> {
    /// Reads one job. This runs for every job of every candidate scored or indexed, so each
    /// text is read once and without allocating, except the company key the role keeps.
    fn read(e: &'a Employer, current: bool) -> Role<'a> {
        let (intern_type, not_full_time) =
            e.employment_type.as_deref().map_or((false, false), |t| {
                with_categorical_key(t, |kind| {
                    let has = |k: &&str| contains(kind, k);
                    (contains(kind, "intern"), NOT_FULL_TIME.iter().any(has))
                })
            });
        let field_level = e.seniority_level.as_deref().and_then(Seniority::from_level);
        let title = e
            .title
            .as_deref()
            .map(|t| read_title(t, field_level.is_none()));
        let (title_level, side_role) = title.unwrap_or((None, false));
        let internship = intern_type
            || field_level == Some(Seniority::Intern)
            || title_level == Some(Seniority::Intern);
        let full_time = !not_full_time && !internship && !side_role;
        Role {
            e,
            current,
            start: e.start_date.map(|d| d.month_stamp()),
            end: e.end_date.map(|d| d.month_stamp()),
            company: e.name.as_deref().and_then(|name| {
                let mut key = String::with_capacity(name.len());
                categorical_key_into(name, &mut key);
                (!key.is_empty()).then_some(key)
            }),
            internship,
            full_time,
            seniority: field_level.or(title_level),
        }
    }
}

/// `haystack.contains(needle)` for a short haystack and a non-empty ASCII needle, without
/// the setup of the general substring search (nine needles per job).
pub(super) fn contains(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else {
        return true;
    };
    h.len() >= n.len() && (0..=h.len() - n.len()).any(|i| h[i] == first && h[i..i + n.len()] == *n)
}

/// Whether the title is a side role, and the level its words name (`Taxonomy::parse_title`)
/// where that can matter: when `level_needed` (the job states no level of its own), or when
/// a word could make it an internship. Otherwise the level is left unread (`None`): only
/// [`INTERN_WORDS`] read as `Intern`, so without them the title cannot make the job an
/// internship, and reading its level is most of the cost of reading a job.
pub(super) fn read_title(title: &str, level_needed: bool) -> (Option<Seniority>, bool) {
    with_tokens(title, |t| {
        let words = || (0..t.words.len()).map(|i| t.word(i));
        // Side roles are whole words of the title, as `sourcer_core::text::words` splits it.
        let side_role = words().any(|w| SIDE_ROLE_WORDS.contains(&w));
        let level = if level_needed || words().any(|w| INTERN_WORDS.contains(&w)) {
            Taxonomy::global().titles.analyse(t).seniority
        } else {
            None
        };
        (level, side_role)
    })
}

/// Every job of the profile, current ones first.
pub(super) fn roles(profile: &Profile) -> Vec<Role<'_>> {
    let current = profile
        .current_employers
        .iter()
        .map(|e| Role::read(e, true));
    current
        .chain(profile.past_employers.iter().map(|e| Role::read(e, false)))
        .collect()
}

/// Jobs with a start, sorted by start (then end; `None` as end means ongoing).
pub(super) fn intervals<'r, 'a>(roles: &'r [Role<'a>]) -> Vec<&'r Role<'a>> {
    let mut out: Vec<&Role> = roles.iter().filter(|r| r.start.is_some()).collect();
    out.sort_by_key(|r| (r.start, r.end.map_or(i32::MAX, |e| e.0)));
    out
}

/// When the person started at the company of `role`: earlier roles there that run up to
/// this one (at most a month apart) are the same stay, so a promotion is not a new job.
pub(super) fn stay_start(roles: &[Role], role: &Role) -> Option<MonthStamp> {
    let mut start = role.start?;
    let Some(here) = role.company.as_deref() else {
        return Some(start);
    };
    let same_company: Vec<(MonthStamp, Option<MonthStamp>)> = roles
        .iter()
        .filter(|r| r.company.as_deref() == Some(here))
        .filter_map(|r| Some((r.start?, r.end)))
        .collect();
    // Each pass can only move `start` earlier, and there are finitely many roles.
    while let Some(earlier) = same_company
        .iter()
        .filter(|(s, end)| *s < start && end.is_none_or(|end| start.months_since(end) <= 1))
        .map(|(s, _)| *s)
        .min()
    {
        start = earlier;
    }
    Some(start)
}
