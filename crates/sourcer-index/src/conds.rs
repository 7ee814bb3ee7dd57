//! One compiled condition to what it matches in one segment ([`Matches`]): person docs for
//! person keys, record docs (of every scope) for employer keys. Scope masks, same-record
//! groups and negation are applied by the caller (exec.rs).

use sourcer_core::FilterKey;
use sourcer_core::MonthStamp;
use sourcer_core::query::{EmployerField, ProfileField};
use tantivy::query::{EnableScoring, PhraseQuery, Query as _};
use tantivy::schema::{Field, Schema};
use tantivy::{DocSet as _, SegmentReader, TERMINATED, Term};

use crate::bits::Docs;
use crate::dict::DictCache;
use crate::matches::{FieldTerms, Matches};
use crate::norm::month;
use crate::plan::{Cond, Matcher};
use crate::postings::{exact, f64_range, i64_range, key_infos};
use crate::schema::Fields;
use crate::segment::SegmentCache;

/// What one segment search needs to read docs.
pub(crate) struct Ctx<'a> {
    pub f: &'a Fields,
    pub schema: &'a Schema,
    pub seg: &'a SegmentReader,
    pub cache: &'a SegmentCache,
    pub as_of: MonthStamp,
}

type R<T> = tantivy::Result<T>;

/// Where a key's values live.
enum Source {
    /// Terms of a field (a place also has its subsequence field).
    Terms(Field, Option<Field>),
    /// Two place fields, either may match (`country_region`: region or country).
    EitherPlace([(Field, Field); 2]),
    Words,
    F64(Field),
    Tenure,
    Recency,
}

fn source(f: &Fields, key: FilterKey) -> Source {
    use EmployerField as E;
    use ProfileField as P;
    match key {
        FilterKey::Profile(field) => match field {
            P::CountryRegion => {
                Source::EitherPlace([(f.region, f.region_sub), (f.country, f.country_sub)])
            }
            P::Region => Source::Terms(f.region, Some(f.region_sub)),
            P::OpenToCards => Source::Terms(f.card, None),
            P::Languages => Source::Terms(f.lang, None),
            P::YearsOfExperience => Source::F64(f.years),
            P::InstituteName => Source::Terms(f.inst, None),
            P::FieldOfStudy => Source::Terms(f.fos, None),
            P::DegreeName => Source::Terms(f.degree, None),
            P::CertificationName => Source::Terms(f.cert, None),
            P::HonorTitle => Source::Terms(f.honor, None),
        },
        FilterKey::Employer(_, field) => match field {
            E::Title => Source::Terms(f.title, None),
            E::Name => Source::Terms(f.company, None),
            E::Description => Source::Words,
            E::FunctionCategory => Source::Terms(f.function, None),
            E::SeniorityLevel => Source::Terms(f.seniority, None),
            E::EmploymentType => Source::Terms(f.emp_type, None),
            E::CompanyType => Source::Terms(f.co_type, None),
            E::CompanyHqLocation => Source::Terms(f.hq, Some(f.hq_sub)),
            E::CompanyIndustries => Source::Terms(f.industry, None),
            E::CompanyHeadcountRange => Source::Terms(f.hc_range, None),
            E::CompanyHeadcountLatest => Source::F64(f.headcount),
            E::YearsAtCompany => Source::Tenure,
            E::FundingStage => Source::Terms(f.funding_stage, None),
            E::HeadcountGrowth => Source::F64(f.growth),
            E::AnnualRevenue => Source::F64(f.revenue),
            E::TotalFunding => Source::F64(f.funding),
            E::YearFounded => Source::F64(f.founded),
            E::RecentlyFunded => Source::Recency,
        },
    }
}

/// What a condition's positive form matches.
pub(crate) fn cond_matches(ctx: &Ctx, cond: &Cond) -> R<Matches> {
    match source(ctx.f, cond.key) {
        Source::Terms(field, sub) => Ok(Matches::Terms(vec![term_matches(
            ctx,
            field,
            sub,
            &cond.matcher,
        )?])),
        Source::EitherPlace([a, b]) => Ok(Matches::Terms(vec![
            term_matches(ctx, a.0, Some(a.1), &cond.matcher)?,
            term_matches(ctx, b.0, Some(b.1), &cond.matcher)?,
        ])),
        Source::Words => words_matches(ctx, &cond.matcher),
        Source::F64(field) => {
            let mut all = Vec::new();
            for range in f64_ranges(&cond.matcher) {
                all.push(f64_range(ctx.seg, field, *range.start(), *range.end())?);
            }
            Ok(Matches::Terms(all))
        }
        Source::Tenure => tenure_matches(ctx, &cond.matcher),
        Source::Recency => {
            let Matcher::Recency(buckets) = &cond.matcher else {
                return Ok(Matches::Terms(vec![]));
            };
            let now = month(ctx.as_of);
            let widest = buckets
                .iter()
                .map(|b| i64::from(b.months))
                .max()
                .unwrap_or(-1);
            if widest < 0 {
                return Ok(Matches::Terms(vec![]));
            }
            Ok(Matches::Terms(vec![i64_range(
                ctx.seg,
                ctx.f.lfd,
                now - widest,
                now,
            )?]))
        }
    }
}

/// The terms of a string field that a matcher accepts.
pub(crate) fn term_matches(
    ctx: &Ctx,
    field: Field,
    sub: Option<Field>,
    m: &Matcher,
) -> R<FieldTerms> {
    let inv = ctx.seg.inverted_index(field)?;
    let dict = ctx.cache.dict(field);
    let infos: Vec<_> = match (m, dict) {
        (Matcher::Phrase(needles), Some(d)) => {
            let lines = d.words.find_needles(needles);
            d.ords_of_keys(&lines).map(|o| d.info(o)).collect()
        }
        (Matcher::WordEq(keys), Some(d)) => {
            let needles: Vec<String> = keys.iter().map(|k| format!("\n{k}\n")).collect();
            let lines = d.words.find_needles(&needles);
            d.ords_of_keys(&lines).map(|o| d.info(o)).collect()
        }
        (Matcher::Regex(patterns), Some(d)) => regex_ords(d, patterns)
            .into_iter()
            .map(|o| d.info(o))
            .collect(),
        (Matcher::Cat(keys) | Matcher::PlaceEq(keys), _) => {
            let mut infos = Vec::new();
            for key in keys {
                infos.extend(key_infos(&inv, key)?);
            }
            infos
        }
        (Matcher::PlaceIn(lists), _) => {
            let Some(sub) = sub else {
                return Ok((inv, vec![]));
            };
            let inv = ctx.seg.inverted_index(sub)?;
            let mut infos = Vec::new();
            for list in lists {
                infos.extend(exact(&inv, &list.join(", "))?);
            }
            return Ok((inv, infos));
        }
        _ => vec![],
    };
    Ok((inv, infos))
}

fn regex_ords(d: &DictCache, patterns: &[regex::Regex]) -> Vec<u64> {
    if d.spellings.is_empty() {
        d.ords_of_keys(&d.keys.find_patterns(patterns)).collect()
    } else {
        // Spelled fields: one line per term ordinal.
        d.spellings
            .find_patterns(patterns)
            .into_iter()
            .map(|i| i as u64)
            .collect()
    }
}

/// Description phrases: single words are terms, longer phrases run tantivy's phrase query.
fn words_matches(ctx: &Ctx, m: &Matcher) -> R<Matches> {
    let Matcher::Words(phrases) = m else {
        return Ok(Matches::Terms(vec![]));
    };
    let field = ctx.f.desc;
    let inv = ctx.seg.inverted_index(field)?;
    let mut infos = Vec::new();
    let mut longer = Vec::new();
    for phrase in phrases {
        match phrase.as_slice() {
            [] => {}
            [word] => infos.extend(exact(&inv, word)?),
            words => longer.push(words),
        }
    }
    if longer.is_empty() {
        return Ok(Matches::terms(inv, infos));
    }
    let max_doc = ctx.cache.max_doc;
    let mut docs = Matches::terms(inv, infos).docs(max_doc)?;
    for words in longer {
        let terms = words
            .iter()
            .map(|w| Term::from_field_text(field, w))
            .collect();
        let weight =
            PhraseQuery::new(terms).weight(EnableScoring::disabled_from_schema(ctx.schema))?;
        let mut scorer = weight.scorer(ctx.seg, 1.0)?;
        let mut hits = Vec::new();
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            hits.push(doc);
            doc = scorer.advance();
        }
        docs = docs.or(&Docs::from_sorted(hits, max_doc), max_doc);
    }
    Ok(Matches::Docs(docs))
}

fn f64_ranges(m: &Matcher) -> Vec<std::ops::RangeInclusive<f64>> {
    match m {
        Matcher::Range { min, max } => {
            let lo = min.map_or(f64::NEG_INFINITY, |x| x + 0.0);
            let hi = max.map_or(f64::INFINITY, |x| x + 0.0);
            if lo <= hi { vec![lo..=hi] } else { vec![] }
        }
        Matcher::Money(buckets) => buckets
            .iter()
            .map(|b| b.min_usd + 0.0..=b.max_usd.map_or(f64::INFINITY, f64::next_down))
            .filter(|r| r.start() <= r.end())
            .collect(),
        _ => vec![],
    }
}

/// `years_at_company`: closed jobs compare their stored tenure; open jobs their start month
/// against the as-of month (see docs/queries.md for the arithmetic).
fn tenure_matches(ctx: &Ctx, m: &Matcher) -> R<Matches> {
    let Matcher::Tenure(buckets) = m else {
        return Ok(Matches::Terms(vec![]));
    };
    let now = month(ctx.as_of);
    let mut parts = Vec::new();
    for b in buckets {
        let lo_months = 12 * i64::from(b.min_years);
        let hi_months = b.max_years.map(|y| 12 * i64::from(y) + 11);
        let closed_hi = hi_months.unwrap_or(i64::MAX);
        parts.push(i64_range(ctx.seg, ctx.f.tenure, lo_months, closed_hi)?);
        let first_start = hi_months.map_or(i64::MIN, |h| now - h);
        let last_start = if lo_months == 0 {
            i64::MAX
        } else {
            now - lo_months
        };
        parts.push(i64_range(
            ctx.seg,
            ctx.f.open_start,
            first_start,
            last_start,
        )?);
    }
    Ok(Matches::Terms(parts))
}
