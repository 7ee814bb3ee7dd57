//! Running a [`Plan`] on one segment. Every positive condition is first looked up as terms
//! with a known size; they are then applied from the most selective to the least, person
//! conditions on person docs and each scope's employer conditions as one same-record group
//! on record docs (lifted to their people after each step). Once few candidates remain, a
//! broad condition is checked by seeking in its postings rather than decoded whole
//! ([`Matches::within`]). The radius, negations and nuances then remove people.

use sourcer_core::query::Scope;
use sourcer_core::{FilterKey, GeoPoint};
use sourcer_taxonomy::RedFlag;
use sourcer_taxonomy::career::{GAP_MONTHS, RECENT_CHANGE_MONTHS};

use crate::bits::{Bits, Docs};
use crate::conds::{Ctx, cond_matches};
use crate::geo::within;
use crate::ingest::geo_cell;
use crate::matches::Matches;
use crate::norm::month;
use crate::plan::{GeoFilter, Plan, is_title};
use crate::postings::{exact, f64_column, i64_range, key_infos};
use crate::schema::col;
use crate::segment::SegmentCache;

type R<T> = tantivy::Result<T>;

/// Employer records per person, roughly: used to weigh expanding candidates to their records.
const RECORDS_PER_PERSON: u64 = 4;

/// People matching the plan in one segment (alive ones only), or `None` when nobody does.
/// The matches of positive title conditions are kept in `titles` for ranking.
pub(crate) fn matching(
    ctx: &Ctx,
    plan: &Plan,
    alive: &Bits,
    titles: &mut Vec<(usize, Matches)>,
) -> R<Option<Docs>> {
    let cache = ctx.cache;
    let max_doc = cache.max_doc;
    let mut units: Vec<(Option<Scope>, Matches)> = Vec::new();
    for key in &plan.mandatory {
        units.push((None, skill_matches(ctx, key)?));
    }
    for (i, cond) in plan.conds.iter().enumerate().filter(|(_, c)| !c.negated) {
        let scope = match cond.key {
            FilterKey::Profile(_) => None,
            FilterKey::Employer(scope, _) => Some(scope),
        };
        let matches = cond_matches(ctx, cond)?;
        if is_title(cond.key) {
            titles.push((i, matches.clone()));
        }
        units.push((scope, matches));
    }
    units.sort_by_key(|(_, m)| m.estimate());

    let mut people: Option<Docs> = None;
    let mut groups: [Option<Docs>; 3] = [None, None, None];
    for (scope, matches) in units {
        let next = match scope {
            None => match people.take() {
                None => matches.docs(max_doc)?,
                Some(p) => matches.within(p, max_doc)?,
            },
            Some(scope) => {
                let slot = &mut groups[scope_index(scope)];
                let records = match slot.take() {
                    Some(r) => matches.within(r, max_doc)?,
                    None => records_matching(cache, people.as_ref(), scope, matches)?,
                };
                let owners = cache.owners(&records);
                *slot = Some(records);
                match people.take() {
                    None => owners,
                    Some(p) => p.and(&owners),
                }
            }
        };
        if next.is_empty() {
            return Ok(None);
        }
        people = Some(next);
    }
    let mut people = match people {
        None => Docs::Dense(alive.clone()),
        Some(p) => p.and_bits(alive),
    };
    if let Some(geo) = &plan.geo {
        let inside = geo_docs(ctx, geo, &people)?;
        people = people.and(&inside);
    }
    for cond in plan.conds.iter().filter(|c| c.negated) {
        if people.is_empty() {
            return Ok(None);
        }
        let matches = cond_matches(ctx, cond)?;
        let hit = match cond.key {
            FilterKey::Profile(_) => matches.within(people.clone(), max_doc)?,
            FilterKey::Employer(scope, _) => {
                cache.owners(&records_matching(cache, Some(&people), scope, matches)?)
            }
        };
        people = people.and_not(&hit);
    }
    for flag in &plan.nuances {
        for raised in flagged(ctx, *flag)? {
            if people.is_empty() {
                return Ok(None);
            }
            let hit = raised.within(people.clone(), max_doc)?;
            people = people.and_not(&hit);
        }
    }
    Ok((!people.is_empty()).then_some(people))
}

fn scope_index(scope: Scope) -> usize {
    match scope {
        Scope::Current => 0,
        Scope::Past => 1,
        Scope::All => 2,
    }
}

/// Records of the scope that match, among the records of `people` when that is cheaper than
/// reading every matching record.
pub(crate) fn records_matching(
    cache: &SegmentCache,
    people: Option<&Docs>,
    scope: Scope,
    matches: Matches,
) -> R<Docs> {
    let max_doc = cache.max_doc;
    match people {
        Some(p) if p.count() * RECORDS_PER_PERSON < matches.estimate() => {
            Ok(matches.within(records_of(cache, p, scope), max_doc)?)
        }
        _ => Ok(in_scope(matches.docs(max_doc)?, scope, cache)),
    }
}

/// The records of these people that belong to the scope.
pub(crate) fn records_of(cache: &SegmentCache, people: &Docs, scope: Scope) -> Docs {
    in_scope(cache.records_of_people(people), scope, cache)
}

fn in_scope(records: Docs, scope: Scope, cache: &SegmentCache) -> Docs {
    match scope {
        Scope::Current => records.and_bits(&cache.current),
        Scope::Past => records.and_bits(&cache.past),
        // Employer fields only exist on record docs, of either kind.
        Scope::All => records,
    }
}

pub(crate) fn skill_matches(ctx: &Ctx, key: &str) -> R<Matches> {
    let inv = ctx.seg.inverted_index(ctx.f.skill)?;
    let infos = key_infos(&inv, key)?;
    Ok(Matches::terms(inv, infos))
}

/// People raising a flag as of the as-of month (possibly as two sets).
fn flagged(ctx: &Ctx, flag: RedFlag) -> R<Vec<Matches>> {
    let now = month(ctx.as_of);
    let stable = || -> R<Matches> {
        let inv = ctx.seg.inverted_index(ctx.f.flag)?;
        let infos = exact(&inv, flag.code())?.into_iter().collect();
        Ok(Matches::terms(inv, infos))
    };
    Ok(match flag {
        RedFlag::GrammarAndSpelling => vec![],
        RedFlag::RecentlyChangedJob => {
            let first = now - i64::from(RECENT_CHANGE_MONTHS) + 1;
            vec![Matches::Terms(vec![i64_range(
                ctx.seg,
                ctx.f.lcs,
                first,
                i64::MAX,
            )?])]
        }
        RedFlag::LargeEmploymentGaps => {
            let last = now - i64::from(GAP_MONTHS) - 1;
            let ended = i64_range(ctx.seg, ctx.f.lewc, i64::MIN, last)?;
            vec![stable()?, Matches::Terms(vec![ended])]
        }
        RedFlag::FrequentJobSwitch
        | RedFlag::NoCareerProgression
        | RedFlag::OverlappingFullTimeJobs
        | RedFlag::UnspecifiedDatesOrLocations => vec![stable()?],
    })
}

/// People within the radius, among `candidates`.
fn geo_docs(ctx: &Ctx, geo: &GeoFilter, candidates: &Docs) -> R<Docs> {
    let max_doc = ctx.cache.max_doc;
    let lat = f64_column(ctx.seg, col::LAT)?;
    let lon = f64_column(ctx.seg, col::LON)?;
    let inside = |d: u32| match (lat.first(d), lon.first(d)) {
        (Some(lat), Some(lon)) => within(GeoPoint { lat, lon }, &geo.centers, geo.km),
        _ => false,
    };
    let mut bands = Vec::new();
    for center in &geo.centers {
        let (min_lat, max_lat, min_lon, max_lon) = sourcer_geo::bounding_box(*center, geo.km);
        let cells = i64_range(
            ctx.seg,
            ctx.f.geo_cell,
            geo_cell(min_lat),
            geo_cell(max_lat),
        )?;
        bands.push((cells, min_lon..=max_lon));
    }
    let band_size: u64 = bands
        .iter()
        .flat_map(|(t, _)| &t.1)
        .map(|t| u64::from(t.doc_freq))
        .sum();
    if candidates.count() <= band_size {
        let hits = candidates.iter().filter(|d| inside(*d)).collect();
        return Ok(Docs::from_sorted(hits, max_doc));
    }
    let mut hits = Vec::new();
    for (cells, lons) in bands {
        let band = Matches::Terms(vec![cells]).docs(max_doc)?;
        hits.extend(
            band.iter()
                .filter(|&d| lon.first(d).is_some_and(|o| lons.contains(&o)) && inside(d)),
        );
    }
    hits.sort_unstable();
    hits.dedup();
    Ok(Docs::from_sorted(hits, max_doc))
}
