//! Compiling a parsed [`Query`] (plus nuances and the as-of month) into a [`Plan`]: every
//! value normalised once, `(.)` patterns compiled, skills resolved to alias keys, and
//! `geo_distance` turned into points. Both the index and the brute-force evaluator run the
//! same plan, so they cannot disagree about what a value means; this is also where the
//! compile-time problems (`unknown_place`) are found.

use regex::Regex;
use sourcer_core::query::{
    EmployerField, MoneyBucket, ProblemCode, ProfileField, RecencyBucket, TenureBucket, ValueKind,
    Values,
};
use sourcer_core::text::{word_key, words};
use sourcer_core::{Condition, FilterKey, GeoPoint, MonthStamp, Op, Query, QueryProblem};
use sourcer_taxonomy::RedFlag;

use crate::geo::Geocoder;
use crate::norm::{cat_key, clean, fold_fast, place_components, place_key, skill_key};

/// How one condition compares a field's values.
#[derive(Debug, Clone)]
pub(crate) enum Matcher {
    /// `IN` on text: the word key of any value occurs in the field's word key.
    Phrase(Vec<String>),
    /// `=` on text: the field's word key equals any of these.
    WordEq(Vec<String>),
    /// `(.)` / `(!)`: any pattern matches the folded value.
    Regex(Vec<Regex>),
    /// Categorical `IN` / `=`: the field's key is one of these.
    Cat(Vec<String>),
    /// Place `IN`: any of these component lists is a subsequence of the place's components.
    PlaceIn(Vec<Vec<String>>),
    /// Place `=`: the place's component key is one of these.
    PlaceEq(Vec<String>),
    /// Description `IN`: any of these word sequences occurs in the description.
    Words(Vec<Vec<String>>),
    Range {
        min: Option<f64>,
        max: Option<f64>,
    },
    Tenure(Vec<TenureBucket>),
    Money(Vec<MoneyBucket>),
    Recency(Vec<RecencyBucket>),
}

/// One compiled condition.
#[derive(Debug, Clone)]
pub(crate) struct Cond {
    pub key: FilterKey,
    /// `NOT_IN` / `(!)`: the person is excluded when any value (any record of the scope)
    /// matches.
    pub negated: bool,
    pub matcher: Matcher,
}

/// `geo_distance` resolved: people within `km` of any center.
#[derive(Debug, Clone)]
pub(crate) struct GeoFilter {
    pub centers: Vec<GeoPoint>,
    pub km: f64,
}

/// A query ready to run.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub conds: Vec<Cond>,
    pub geo: Option<GeoFilter>,
    /// Skill alias keys, deduplicated; a key appears in the first list that names it.
    pub mandatory: Vec<String>,
    pub core: Vec<String>,
    pub secondary: Vec<String>,
    /// Red flags to exclude, deduplicated (never-raised flags dropped).
    pub nuances: Vec<RedFlag>,
    pub as_of: MonthStamp,
    /// Word keys of the positive `IN` / `=` title values, for ranking.
    pub exact_titles: Vec<String>,
}

impl Plan {
    pub fn compile(
        query: &Query,
        nuances: &[RedFlag],
        as_of: MonthStamp,
        geocoder: &dyn Geocoder,
    ) -> Result<Plan, Vec<QueryProblem>> {
        let mut problems = Vec::new();
        let (geo, replaced) = resolve_geo(query, geocoder, &mut problems);
        let mut conds = Vec::new();
        for (i, condition) in query.conditions.iter().enumerate() {
            if replaced.contains(&i) {
                continue;
            }
            match matcher_for(condition) {
                Ok(matcher) => conds.push(Cond {
                    key: condition.key,
                    negated: condition.op.is_negated(),
                    matcher,
                }),
                Err(problem) => problems.push(problem),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut seen = Vec::new();
        let mut keys_of = |list: &[String]| -> Vec<String> {
            let mut out = Vec::new();
            for key in list.iter().map(|s| skill_key(&clean(s, usize::MAX))) {
                if !key.is_empty() && !seen.contains(&key) {
                    seen.push(key.clone());
                    out.push(key);
                }
            }
            out
        };
        let mandatory = keys_of(&query.skills.mandatory);
        let core = keys_of(&query.skills.core);
        let secondary = keys_of(&query.skills.secondary);
        let mut nuances: Vec<RedFlag> = nuances
            .iter()
            .copied()
            .filter(|f| *f != RedFlag::GrammarAndSpelling)
            .collect();
        nuances.sort();
        nuances.dedup();
        let mut exact_titles: Vec<String> = query
            .conditions
            .iter()
            .filter(|c| is_title(c.key) && matches!(c.op, Op::In | Op::Eq))
            .filter_map(|c| match &c.values {
                Values::Texts(texts) => Some(texts.iter().map(|t| word_key(t))),
                _ => None,
            })
            .flatten()
            .collect();
        exact_titles.sort();
        exact_titles.dedup();
        Ok(Plan {
            conds,
            geo,
            mandatory,
            core,
            secondary,
            nuances,
            as_of,
            exact_titles,
        })
    }

    /// Indices of the positive title conditions (any scope): they decide title closeness.
    pub fn title_conds(&self) -> impl Iterator<Item = usize> + '_ {
        self.conds
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.negated && is_title(c.key))
            .map(|(i, _)| i)
    }

    /// True when ranking has nothing to tell people apart by.
    pub fn has_ranking(&self) -> bool {
        !self.core.is_empty() || !self.secondary.is_empty() || self.title_conds().next().is_some()
    }
}

pub(crate) fn is_title(key: FilterKey) -> bool {
    matches!(key, FilterKey::Employer(_, EmployerField::Title))
}

fn resolve_geo(
    query: &Query,
    geocoder: &dyn Geocoder,
    problems: &mut Vec<QueryProblem>,
) -> (Option<GeoFilter>, Vec<usize>) {
    let Some(distance) = &query.geo_distance else {
        return (None, vec![]);
    };
    let positive =
        |c: &Condition, f: ProfileField| c.key == FilterKey::Profile(f) && !c.op.is_negated();
    let source = if query
        .conditions
        .iter()
        .any(|c| positive(c, ProfileField::Region))
    {
        ProfileField::Region
    } else {
        ProfileField::CountryRegion
    };
    let replaced: Vec<usize> = (0..query.conditions.len())
        .filter(|&i| positive(&query.conditions[i], source))
        .collect();
    if replaced.is_empty() {
        problems.push(QueryProblem::new(
            "geo_distance",
            ProblemCode::InvalidValue,
            "geo_distance needs a place to measure from: add region (or country_region) with IN",
        ));
        return (None, vec![]);
    }
    let mut centers = Vec::new();
    for &i in &replaced {
        let Values::Texts(places) = &query.conditions[i].values else {
            continue;
        };
        for place in places {
            match geocoder.locate(place) {
                Some(point) => centers.push(point),
                None => problems.push(QueryProblem::new(
                    source.key(),
                    ProblemCode::UnknownPlace,
                    format!(
                        "unknown place \"{place}\": geo_distance needs a place the gazetteer \
                         knows, e.g. \"Pune, Maharashtra, India\""
                    ),
                )),
            }
        }
    }
    let geo = GeoFilter {
        centers,
        km: distance.km,
    };
    (Some(geo), replaced)
}

fn matcher_for(c: &Condition) -> Result<Matcher, QueryProblem> {
    let shape = || {
        QueryProblem::new(
            c.key.to_string(),
            ProblemCode::InvalidValue,
            format!("values of the wrong shape for operator {}", c.op.as_str()),
        )
    };
    let texts = || match &c.values {
        Values::Texts(t) => Ok(t
            .iter()
            .map(|s| clean(s, usize::MAX).into_owned())
            .collect::<Vec<_>>()),
        _ => Err(shape()),
    };
    let regexes = || -> Result<Matcher, QueryProblem> {
        let Values::Texts(patterns) = &c.values else {
            return Err(shape());
        };
        patterns
            .iter()
            .map(|p| {
                sourcer_core::query::compile_pattern(p).map_err(|e| {
                    QueryProblem::new(
                        c.key.to_string(),
                        ProblemCode::InvalidPattern,
                        format!("pattern {p:?}: {e}"),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Matcher::Regex)
    };
    let kind = c.key.kind();
    if !kind.allowed_ops().contains(&c.op) {
        return Err(shape());
    }
    Ok(match (kind, c.op) {
        (_, Op::Contains | Op::NotContains) => regexes()?,
        (ValueKind::Text, Op::Eq) => Matcher::WordEq(nonblank(texts()?, word_key)),
        (ValueKind::Text, _) => Matcher::Phrase(nonblank(texts()?, word_key)),
        (ValueKind::LongText, _) => Matcher::Words(nonblank(texts()?, words)),
        (ValueKind::Place, Op::Eq) => {
            Matcher::PlaceEq(nonblank(texts()?, |t| place_key(&fold_fast(t))))
        }
        (ValueKind::Place, _) => Matcher::PlaceIn(nonblank(texts()?, |t| {
            let folded = fold_fast(t);
            place_components(&folded)
                .into_iter()
                .map(str::to_string)
                .collect()
        })),
        (ValueKind::Categorical(k), _) => {
            Matcher::Cat(nonblank(texts()?, |t| cat_key(k, &fold_fast(t))))
        }
        (ValueKind::Number, _) => match c.values {
            Values::Range { min, max } => Matcher::Range { min, max },
            _ => return Err(shape()),
        },
        (ValueKind::Tenure, _) => match &c.values {
            Values::Tenure(b) => Matcher::Tenure(b.clone()),
            _ => return Err(shape()),
        },
        (ValueKind::Money, _) => match &c.values {
            Values::Money(b) => Matcher::Money(b.clone()),
            _ => return Err(shape()),
        },
        (ValueKind::Recency, _) => match &c.values {
            Values::Recency(b) => Matcher::Recency(b.clone()),
            _ => return Err(shape()),
        },
    })
}

/// A value with no words can never match (the parser refuses such values; hand-built queries
/// may still carry them).
trait Blank {
    fn is_blank(&self) -> bool;
}

impl Blank for String {
    fn is_blank(&self) -> bool {
        self.trim().is_empty()
    }
}

impl Blank for Vec<String> {
    fn is_blank(&self) -> bool {
        self.is_empty()
    }
}

fn nonblank<T: Blank>(texts: Vec<String>, f: impl Fn(&str) -> T) -> Vec<T> {
    texts
        .iter()
        .map(|t| f(t))
        .filter(|v| !v.is_blank())
        .collect()
}
