//! The brute-force evaluator: the definition of what a query means, written directly over the
//! profile record (docs/queries.md). The index must return exactly the profiles this accepts,
//! ranked by exactly [`score`]; the property tests hold it to that.

use std::collections::HashSet;

use sourcer_core::query::{EmployerField, ProfileField, Scope, ValueKind};
use sourcer_core::text::word_key;
use sourcer_core::{Employer, FilterKey, MonthStamp, Profile, Query, QueryProblem};
use sourcer_taxonomy::RedFlag;
use sourcer_taxonomy::career::red_flags;

use crate::geo::{Gazetteer, Geocoder, profile_point, within};
use crate::norm::{
    MAX_DESCRIPTION_CHARS, Val, capped_components, cat_key, clean, is_subsequence, opt_val,
    place_key, skill_key, val,
};
use crate::plan::{Cond, Matcher, Plan};
use crate::rank;

/// True when the profile matches the query and raises none of the nuances as of `as_of`.
/// Places are geocoded with the vendored gazetteer.
pub fn matches(
    query: &Query,
    nuances: &[RedFlag],
    p: &Profile,
    as_of: MonthStamp,
) -> Result<bool, Vec<QueryProblem>> {
    matches_with(query, nuances, p, as_of, &Gazetteer)
}

/// [`matches`] with a chosen geocoder.
pub fn matches_with(
    query: &Query,
    nuances: &[RedFlag],
    p: &Profile,
    as_of: MonthStamp,
    geocoder: &dyn Geocoder,
) -> Result<bool, Vec<QueryProblem>> {
    Ok(Evaluator::new(query, nuances, as_of, geocoder)?.matches(p))
}

/// The retrieval score the index ranks a matching profile by (docs/queries.md, "Ranking").
pub fn score(query: &Query, p: &Profile, as_of: MonthStamp) -> Result<u32, Vec<QueryProblem>> {
    Ok(Evaluator::new(query, &[], as_of, &Gazetteer)?.score(p))
}

/// A query compiled once for evaluating many profiles.
pub struct Evaluator<'g> {
    plan: Plan,
    geocoder: &'g dyn Geocoder,
}

impl<'g> Evaluator<'g> {
    /// Compiles the query; fails with the same problems a search would report.
    pub fn new(
        query: &Query,
        nuances: &[RedFlag],
        as_of: MonthStamp,
        geocoder: &'g dyn Geocoder,
    ) -> Result<Evaluator<'g>, Vec<QueryProblem>> {
        Ok(Evaluator {
            plan: Plan::compile(query, nuances, as_of, geocoder)?,
            geocoder,
        })
    }

    /// Whether the profile matches (see [`matches`]).
    pub fn matches(&self, p: &Profile) -> bool {
        plan_matches(&self.plan, p, self.geocoder)
    }

    /// The profile's retrieval score (see [`score`]); meaningful for matching profiles.
    pub fn score(&self, p: &Profile) -> u32 {
        plan_score(&self.plan, p)
    }
}

pub(crate) fn plan_matches(plan: &Plan, p: &Profile, geocoder: &dyn Geocoder) -> bool {
    let skills = skill_keys(p);
    if !plan.mandatory.iter().all(|k| skills.contains(k)) {
        return false;
    }
    for cond in &plan.conds {
        match cond.key {
            FilterKey::Profile(field) => {
                if person_matches(field, &cond.matcher, p) == cond.negated {
                    return false;
                }
            }
            FilterKey::Employer(scope, field) if cond.negated => {
                if records(p, scope).any(|e| record_matches(field, &cond.matcher, e, plan.as_of)) {
                    return false;
                }
            }
            FilterKey::Employer(..) => {}
        }
    }
    for scope in Scope::ALL {
        let group: Vec<(EmployerField, &Cond)> = plan
            .conds
            .iter()
            .filter(|c| !c.negated)
            .filter_map(|c| match c.key {
                FilterKey::Employer(s, field) if s == scope => Some((field, c)),
                _ => None,
            })
            .collect();
        let same_record = |e: &Employer| {
            group
                .iter()
                .all(|(field, c)| record_matches(*field, &c.matcher, e, plan.as_of))
        };
        if !group.is_empty() && !records(p, scope).any(same_record) {
            return false;
        }
    }
    if let Some(geo) = &plan.geo {
        let inside = profile_point(p, geocoder).is_some_and(|pt| within(pt, &geo.centers, geo.km));
        if !inside {
            return false;
        }
    }
    if !plan.nuances.is_empty()
        && red_flags(p, plan.as_of)
            .iter()
            .any(|hit| plan.nuances.contains(&hit.flag))
    {
        return false;
    }
    true
}

pub(crate) fn plan_score(plan: &Plan, p: &Profile) -> u32 {
    let skills = skill_keys(p);
    let count = |keys: &[String]| keys.iter().filter(|k| skills.contains(*k)).count() as u32;
    rank::CORE_SKILL * count(&plan.core)
        + rank::SECONDARY_SKILL * count(&plan.secondary)
        + title_points(plan, p)
}

fn title_points(plan: &Plan, p: &Profile) -> u32 {
    let conds: Vec<&Cond> = plan.title_conds().map(|i| &plan.conds[i]).collect();
    if conds.is_empty() {
        return 0;
    }
    let as_of = plan.as_of;
    let phrase = |e: &Employer| {
        conds
            .iter()
            .any(|c| record_matches(EmployerField::Title, &c.matcher, e, as_of))
    };
    let exact = |e: &Employer| {
        opt_val(&e.title).is_some_and(|v| plan.exact_titles.contains(&word_key(&v.folded)))
    };
    let recent = |e: &Employer| {
        e.end_date
            .is_some_and(|d| as_of.months_since(d.month_stamp()) <= rank::RECENT_PAST_MONTHS)
    };
    if p.current_employers.iter().any(exact) {
        rank::TITLE_EXACT_CURRENT
    } else if p.current_employers.iter().any(phrase) {
        rank::TITLE_CURRENT
    } else if p.past_employers.iter().any(|e| phrase(e) && recent(e)) {
        rank::TITLE_RECENT_PAST
    } else if p.past_employers.iter().any(phrase) {
        rank::TITLE_PAST
    } else {
        0
    }
}

fn skill_keys(p: &Profile) -> HashSet<String> {
    p.skills
        .iter()
        .filter_map(|s| val(s))
        .map(|v| skill_key(&v.original))
        .filter(|k| !k.is_empty())
        .collect()
}

fn records(p: &Profile, scope: Scope) -> impl Iterator<Item = &Employer> {
    let current = matches!(scope, Scope::Current | Scope::All);
    let past = matches!(scope, Scope::Past | Scope::All);
    let cur = p.current_employers.iter().filter(move |_| current);
    cur.chain(p.past_employers.iter().filter(move |_| past))
}

fn person_matches(field: ProfileField, m: &Matcher, p: &Profile) -> bool {
    let kind = field.kind();
    let one = |v: &Option<String>| opt_val(v).is_some_and(|v| value_matches(kind, m, &v));
    let each = |list: &[String]| {
        list.iter()
            .filter_map(|s| val(s))
            .any(|v| value_matches(kind, m, &v))
    };
    match field {
        ProfileField::CountryRegion => one(&p.region) || one(&p.country),
        ProfileField::Region => one(&p.region),
        ProfileField::OpenToCards => each(&p.open_to_cards),
        ProfileField::Languages => each(&p.languages),
        ProfileField::YearsOfExperience => p
            .years_of_experience_raw
            .is_some_and(|y| number_matches(m, y)),
        ProfileField::InstituteName => p
            .education_background
            .iter()
            .map(|e| &e.institute_name)
            .any(one),
        ProfileField::FieldOfStudy => p
            .education_background
            .iter()
            .map(|e| &e.field_of_study)
            .any(one),
        ProfileField::DegreeName => p
            .education_background
            .iter()
            .map(|e| &e.degree_name)
            .any(one),
        ProfileField::CertificationName => p.certifications.iter().map(|c| &c.name).any(one),
        ProfileField::HonorTitle => p.honors.iter().map(|h| &h.title).any(one),
    }
}

pub(crate) fn record_matches(
    field: EmployerField,
    m: &Matcher,
    e: &Employer,
    as_of: MonthStamp,
) -> bool {
    let kind = field.kind();
    let one = |v: &Option<String>| opt_val(v).is_some_and(|v| value_matches(kind, m, &v));
    let number = |x: Option<f64>| x.is_some_and(|x| number_matches(m, x));
    match field {
        EmployerField::Title => one(&e.title),
        EmployerField::Name => one(&e.name),
        EmployerField::Description => e.description.as_deref().is_some_and(|d| {
            let Matcher::Words(phrases) = m else {
                return false;
            };
            let text = word_key(&clean(d, MAX_DESCRIPTION_CHARS));
            phrases
                .iter()
                .any(|w| text.contains(&format!(" {} ", w.join(" "))))
        }),
        EmployerField::FunctionCategory => one(&e.function_category),
        EmployerField::SeniorityLevel => one(&e.seniority_level),
        EmployerField::EmploymentType => one(&e.employment_type),
        EmployerField::CompanyType => one(&e.company_type),
        EmployerField::CompanyHqLocation => one(&e.company_hq_location),
        EmployerField::CompanyIndustries => e
            .company_industries
            .iter()
            .filter_map(|s| val(s))
            .any(|v| value_matches(kind, m, &v)),
        EmployerField::CompanyHeadcountRange => one(&e.company_headcount_range),
        EmployerField::FundingStage => one(&e.funding_stage),
        EmployerField::CompanyHeadcountLatest => {
            number(e.company_headcount_latest.map(|x| x as f64))
        }
        EmployerField::HeadcountGrowth => number(e.headcount_growth),
        EmployerField::YearFounded => number(e.year_founded.map(|x| x as f64)),
        EmployerField::AnnualRevenue => number(e.annual_revenue),
        EmployerField::TotalFunding => number(e.total_funding),
        EmployerField::YearsAtCompany => match (m, e.tenure_months(as_of)) {
            (Matcher::Tenure(buckets), Some(months)) => {
                buckets.iter().any(|b| b.contains_months(months))
            }
            _ => false,
        },
        EmployerField::RecentlyFunded => match (m, e.last_funding_date) {
            (Matcher::Recency(buckets), Some(date)) => {
                let ago = as_of.months_since(date.month_stamp());
                buckets.iter().any(|b| (0..=b.months).contains(&ago))
            }
            _ => false,
        },
    }
}

fn value_matches(kind: ValueKind, m: &Matcher, v: &Val) -> bool {
    match m {
        Matcher::Phrase(needles) => {
            let key = word_key(&v.folded);
            needles.iter().any(|n| key.contains(n.as_str()))
        }
        Matcher::WordEq(keys) => keys.contains(&word_key(&v.folded)),
        Matcher::Regex(patterns) => patterns.iter().any(|re| re.is_match(&v.folded)),
        Matcher::Cat(keys) => match kind {
            ValueKind::Categorical(k) => keys.contains(&cat_key(k, &v.folded)),
            _ => false,
        },
        Matcher::PlaceIn(lists) => {
            let components = capped_components(&v.folded);
            lists.iter().any(|l| is_subsequence(l, &components))
        }
        Matcher::PlaceEq(keys) => keys.contains(&place_key(&v.folded)),
        Matcher::Words(_)
        | Matcher::Range { .. }
        | Matcher::Tenure(_)
        | Matcher::Money(_)
        | Matcher::Recency(_) => false,
    }
}

fn number_matches(m: &Matcher, x: f64) -> bool {
    match m {
        Matcher::Range { min, max } => {
            x.is_finite() && min.is_none_or(|min| x >= min) && max.is_none_or(|max| x <= max)
        }
        Matcher::Money(buckets) => x.is_finite() && buckets.iter().any(|b| b.contains(x)),
        _ => false,
    }
}
