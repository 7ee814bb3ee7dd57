//! Ranking one segment's matches as weighted person sets: each core and secondary skill, and
//! the title-closeness tiers as exclusive sets (a current job titled exactly as wanted; else a
//! current job matching a title condition; else a past one ended within two years; else an
//! older one). A score is the sum of the weights ([`crate::rank`]) of the sets holding the
//! person. Only the candidates are examined.

use sourcer_core::query::Scope;

use crate::bits::{Docs, Probe};
use crate::conds::{Ctx, cond_matches, term_matches};
use crate::exec::{records_matching, skill_matches};
use crate::matches::Matches;
use crate::norm::month;
use crate::plan::{Matcher, Plan};
use crate::postings::i64_range;
use crate::rank;

type R<T> = tantivy::Result<T>;

/// Weighted person sets of one segment.
pub(crate) struct Ranking {
    pub features: Vec<(Docs, u32)>,
}

impl Ranking {
    /// Ranking sets restricted to `candidates` (people); `titles` holds the matches of the
    /// title conditions the filter already looked up, by condition index.
    pub fn build(
        ctx: &Ctx,
        plan: &Plan,
        candidates: &Docs,
        mut titles: Vec<(usize, Matches)>,
    ) -> R<Ranking> {
        let max_doc = ctx.cache.max_doc;
        let mut features = Vec::new();
        for (keys, weight) in [
            (&plan.core, rank::CORE_SKILL),
            (&plan.secondary, rank::SECONDARY_SKILL),
        ] {
            for key in keys {
                let docs = skill_matches(ctx, key)?.within(candidates.clone(), max_doc)?;
                features.push((docs, weight));
            }
        }
        if plan.title_conds().next().is_none() {
            return Ok(Ranking { features });
        }
        let cache = ctx.cache;
        let wanted = Matcher::WordEq(plan.exact_titles.clone());
        let exact = Matches::Terms(vec![term_matches(ctx, ctx.f.title, None, &wanted)?]);
        let exact = records_matching(cache, Some(candidates), Scope::All, exact)?;
        let mut phrase = Docs::empty();
        for i in plan.title_conds() {
            let m = match titles.iter().position(|(at, _)| *at == i) {
                Some(found) => titles.swap_remove(found).1,
                None => cond_matches(ctx, &plan.conds[i])?,
            };
            phrase = phrase.or(
                &records_matching(cache, Some(candidates), Scope::All, m)?,
                max_doc,
            );
        }
        let now = month(plan.as_of);
        let past_phrase = phrase.clone().and_bits(&cache.past);
        let recent = Matches::Terms(vec![i64_range(
            ctx.seg,
            ctx.f.end,
            now - i64::from(rank::RECENT_PAST_MONTHS),
            i64::MAX,
        )?]);
        let recent = recent.within(past_phrase.clone(), max_doc)?;
        let tiers = [
            (
                cache.owners(&exact.and_bits(&cache.current)),
                rank::TITLE_EXACT_CURRENT,
            ),
            (
                cache.owners(&phrase.and_bits(&cache.current)),
                rank::TITLE_CURRENT,
            ),
            (cache.owners(&recent), rank::TITLE_RECENT_PAST),
            (cache.owners(&past_phrase), rank::TITLE_PAST),
        ];
        // Each person counts in their best tier only.
        let mut better = Docs::empty();
        for (people, weight) in tiers {
            let only = people.and_not(&better);
            better = better.or(&only, max_doc);
            features.push((only, weight));
        }
        Ok(Ranking { features })
    }

    pub fn scorer(&self) -> Scorer<'_> {
        Scorer {
            features: self
                .features
                .iter()
                .map(|(docs, weight)| (Probe::new(docs), *weight))
                .collect(),
        }
    }
}

/// Scores people of one segment in ascending doc order.
pub(crate) struct Scorer<'a> {
    features: Vec<(Probe<'a>, u32)>,
}

impl Scorer<'_> {
    #[inline]
    pub fn score(&mut self, person: u32) -> u32 {
        self.features
            .iter_mut()
            .map(|(probe, weight)| if probe.contains(person) { *weight } else { 0 })
            .sum()
    }
}
