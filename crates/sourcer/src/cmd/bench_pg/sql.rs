//! The `Query` -> SQL compiler of the PostgreSQL comparison: one statement over `people p`
//! that returns the first page (pid, score) and the total, with the semantics of
//! docs/queries.md:
//!
//! - person conditions are predicates on `p`; their negations are `NOT COALESCE(.., false)`,
//!   so an absent value never excludes anyone;
//! - positive conditions of one employer scope hold on one record:
//!   `EXISTS (SELECT 1 FROM employers e WHERE e.pid = p.pid AND <scope> AND <all of them>)`;
//!   a negated one is its own `NOT EXISTS` (any record of the scope excludes);
//! - mandatory skills are `p.skills @> ARRAY[..]`; `geo_distance` replaces the positive region
//!   (or country_region) conditions by a bounding box plus haversine around each place;
//!   nuances and exclusions are `NOT (p.red_flags && ..)` and `p.pid <> ALL (..)`;
//! - the score is the index's (`sourcer_index::rank`): core and secondary skills plus the best
//!   title tier over the person's jobs; ties go to the smaller pid.

mod pred;

use sourcer_core::query::{EmployerField, ProfileField, Scope, Values};
use sourcer_core::text::word_key;
use sourcer_core::{FilterKey, GeoPoint, MonthStamp, Op, Query};
use sourcer_index::{PidSet, rank};
use sourcer_taxonomy::{RedFlag, Taxonomy};

use super::norm::clean;
use pred::{float, lit, or, text_array};

/// One search as SQL text (values are inlined as literals, so the planner sees them).
pub fn compile(
    query: &Query,
    nuances: &[RedFlag],
    as_of: MonthStamp,
    exclude: Option<&PidSet>,
    limit: usize,
) -> anyhow::Result<String> {
    let (geo, replaced) = resolve_geo(query)?;
    let mut wheres = Vec::new();
    let (mandatory, core, secondary) = skill_keys(query);
    if !mandatory.is_empty() {
        wheres.push(format!("p.skills @> {}", text_array(&mandatory)));
    }
    let mut groups: [Vec<String>; 3] = Default::default();
    let mut titles = Vec::new();
    for (i, c) in query.conditions.iter().enumerate() {
        if replaced.contains(&i) {
            continue;
        }
        let m = pred::matcher(c)?;
        match c.key {
            FilterKey::Profile(field) => {
                let p = pred::person(field, &m);
                wheres.push(if c.op.is_negated() {
                    format!("NOT COALESCE({p}, false)")
                } else {
                    p
                });
            }
            FilterKey::Employer(scope, field) => {
                let p = pred::employer(field, &m, as_of);
                if c.op.is_negated() {
                    wheres.push(format!("NOT {}", records(scope, &[p])));
                    continue;
                }
                if field == EmployerField::Title {
                    titles.push(p.clone());
                }
                groups[scope_index(scope)].push(p);
            }
        }
    }
    for scope in Scope::ALL {
        let group = &groups[scope_index(scope)];
        if !group.is_empty() {
            wheres.push(records(scope, group));
        }
    }
    if let Some(radius) = geo {
        let each = radius.centers.iter().map(|c| within(*c, radius.km));
        wheres.push(or(each.collect()));
    }
    let mut flags: Vec<String> = nuances
        .iter()
        .filter(|f| **f != RedFlag::GrammarAndSpelling)
        .map(|f| f.label().to_string())
        .collect();
    flags.sort();
    flags.dedup();
    if !flags.is_empty() {
        wheres.push(format!("NOT (p.red_flags && {})", text_array(&flags)));
    }
    if let Some(set) = exclude.filter(|s| !s.is_empty()) {
        let pids: Vec<String> = set.iter().map(|p| p.to_string()).collect();
        wheres.push(format!("p.pid <> ALL ('{{{}}}'::bigint[])", pids.join(",")));
    }
    let score = score(query, &core, &secondary, &titles, as_of);
    let wheres = if wheres.is_empty() {
        "TRUE".to_string()
    } else {
        wheres.join("\n  AND ")
    };
    // The matches are materialised, then counted and ranked. Written as one SELECT with
    // `count(*) OVER ()`, PostgreSQL 15 under-costs the window's startup and picks plans that
    // sort every person by score and probe each one's jobs (3x slower on the mix's
    // current_function_industry at 100,000 profiles).
    Ok(format!(
        "WITH m AS MATERIALIZED (\nSELECT p.pid, {score} AS score\nFROM people p\n\
         WHERE {wheres}\n)\nSELECT pid, score, (SELECT count(*) FROM m) AS total\nFROM m\n\
         ORDER BY score DESC, pid\nLIMIT {limit}"
    ))
}

fn scope_index(scope: Scope) -> usize {
    match scope {
        Scope::Current => 0,
        Scope::Past => 1,
        Scope::All => 2,
    }
}

/// Some record of the scope meets every predicate.
fn records(scope: Scope, preds: &[String]) -> String {
    let scope = match scope {
        Scope::Current => " AND e.is_current",
        Scope::Past => " AND NOT e.is_current",
        Scope::All => "",
    };
    format!(
        "EXISTS (SELECT 1 FROM employers e WHERE e.pid = p.pid{scope} AND {})",
        preds.join(" AND ")
    )
}

/// `geo_distance` resolved: within `km` of any center.
struct Radius {
    centers: Vec<GeoPoint>,
    km: f64,
}

/// The places `geo_distance` measures from (which conditions they replace), as the index's
/// plan resolves them with the same gazetteer.
fn resolve_geo(query: &Query) -> anyhow::Result<(Option<Radius>, Vec<usize>)> {
    let Some(distance) = &query.geo_distance else {
        return Ok((None, vec![]));
    };
    let positive = |i: usize, f: ProfileField| {
        let c = &query.conditions[i];
        c.key == FilterKey::Profile(f) && !c.op.is_negated()
    };
    let all = 0..query.conditions.len();
    let source = if all.clone().any(|i| positive(i, ProfileField::Region)) {
        ProfileField::Region
    } else {
        ProfileField::CountryRegion
    };
    let replaced: Vec<usize> = all.filter(|&i| positive(i, source)).collect();
    if replaced.is_empty() {
        anyhow::bail!("geo_distance needs a region or country_region condition");
    }
    let mut centers = Vec::new();
    for &i in &replaced {
        if let Values::Texts(places) = &query.conditions[i].values {
            for place in places {
                let found = sourcer_geo::Gazetteer::global().locate(place);
                let found = found.ok_or_else(|| anyhow::anyhow!("unknown place {place:?}"))?;
                centers.push(found.point);
            }
        }
    }
    let radius = Radius {
        centers,
        km: distance.km,
    };
    Ok((Some(radius), replaced))
}

/// Within `km` of `center`: the bounding box the GiST index answers, then the great-circle
/// distance exactly as `sourcer_geo::distance_km` computes it.
fn within(center: GeoPoint, km: f64) -> String {
    let (min_lat, max_lat, min_lon, max_lon) = sourcer_geo::bounding_box(center, km);
    let (lat, lon) = (center.lat, center.lon);
    let haversine = format!(
        "2 * 6371.0088 * asin(least(1, sqrt(power(sin((radians({lat}) - radians(p.lat)) / 2), 2) \
         + cos(radians(p.lat)) * cos(radians({lat})) * power(sin(radians({lon} - p.lon) / 2), 2))))"
    );
    format!(
        "(point(p.lon, p.lat) <@ box(point({min_lon}, {min_lat}), point({max_lon}, {max_lat})) \
         AND {haversine} <= {})",
        float(km)
    )
}

/// Skill alias keys; a key appears only in the first list that names it.
fn skill_keys(query: &Query) -> (Vec<String>, Vec<String>, Vec<String>) {
    let taxonomy = Taxonomy::global();
    let mut seen: Vec<String> = Vec::new();
    let mut keys_of = |list: &[String]| {
        let mut out = Vec::new();
        for key in list
            .iter()
            .map(|s| taxonomy.skill_key(&clean(s, usize::MAX)))
        {
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
    (mandatory, core, secondary)
}

/// The ranking score (docs/queries.md, "Ranking").
fn score(
    query: &Query,
    core: &[String],
    secondary: &[String],
    titles: &[String],
    as_of: MonthStamp,
) -> String {
    let mut terms = Vec::new();
    for (keys, points) in [(core, rank::CORE_SKILL), (secondary, rank::SECONDARY_SKILL)] {
        for key in keys {
            let has = format!(
                "(p.skills @> {})::int",
                text_array(std::slice::from_ref(key))
            );
            terms.push(format!("{points} * {has}"));
        }
    }
    if !titles.is_empty() {
        terms.push(title_tier(query, titles, as_of));
    }
    if terms.is_empty() {
        return "0".into();
    }
    terms.join(" + ")
}

/// The best title tier over the person's jobs. Tiers are worth more the higher they rank, so
/// the best tier is the largest per-record tier.
fn title_tier(query: &Query, titles: &[String], as_of: MonthStamp) -> String {
    let mut exact: Vec<String> = query
        .conditions
        .iter()
        .filter(|c| matches!(c.key, FilterKey::Employer(_, EmployerField::Title)))
        .filter(|c| matches!(c.op, Op::In | Op::Eq))
        .filter_map(|c| match &c.values {
            Values::Texts(texts) => Some(texts.iter().map(|t| lit(&format!("|{}|", word_key(t))))),
            _ => None,
        })
        .flatten()
        .collect();
    exact.sort();
    exact.dedup();
    let matched = or(titles.to_vec());
    let mut cases = Vec::new();
    if !exact.is_empty() {
        cases.push(format!(
            "WHEN e.is_current AND e.title_w IN ({}) THEN {}",
            exact.join(", "),
            rank::TITLE_EXACT_CURRENT
        ));
    }
    let recent = as_of.0 - rank::RECENT_PAST_MONTHS;
    cases.push(format!(
        "WHEN e.is_current AND {matched} THEN {}",
        rank::TITLE_CURRENT
    ));
    cases.push(format!(
        "WHEN NOT e.is_current AND e.end_month >= {recent} AND {matched} THEN {}",
        rank::TITLE_RECENT_PAST
    ));
    cases.push(format!(
        "WHEN NOT e.is_current AND {matched} THEN {}",
        rank::TITLE_PAST
    ));
    format!(
        "COALESCE((SELECT max(CASE {} ELSE 0 END) FROM employers e WHERE e.pid = p.pid), 0)",
        cases.join(" ")
    )
}

#[cfg(test)]
mod tests;
