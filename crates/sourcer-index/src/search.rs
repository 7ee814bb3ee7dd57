//! A search request end to end: validate, replay or run the relaxation ladder, evaluate every
//! segment, count, skip excluded pids, keep the best `limit` strictly after the cursor, and
//! hand back ids with the next cursor.

use std::sync::Arc;

use sourcer_core::query::{Relaxation, RelaxationStep};
use sourcer_core::{MonthStamp, Query};
use sourcer_taxonomy::RedFlag;
use tantivy::SegmentReader;

use crate::collect::{Ranked, TopK};
use crate::conds::Ctx;
use crate::cursor::{Cursor, fingerprint};
use crate::exec::matching;
use crate::plan::Plan;
use crate::rank_sets::Ranking;
use crate::segment::LiveCache;
use crate::{Inner, PidSet, SearchError};

/// One search.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub query: Query,
    /// Red flags to exclude (session nuances).
    pub nuances: Vec<RedFlag>,
    /// Most hits to return.
    pub limit: usize,
    /// `next_cursor` of the previous page; `None` for the first page.
    pub cursor: Option<String>,
    /// Pids never to return nor count (a session's already-seen profiles).
    pub exclude: Option<Arc<PidSet>>,
    /// The month tenure, recency and nuances are computed against. Keep it fixed across the
    /// pages of one search: the cursor is bound to it.
    pub as_of: MonthStamp,
    /// Fallback target: when fewer people match on the first page, run the relaxation ladder
    /// until at least this many do. `None` never relaxes, nor does `allowFallback: false`.
    pub min_results: Option<usize>,
}

impl SearchRequest {
    /// A first-page request with no exclusions and no fallback.
    pub fn new(query: Query, limit: usize, as_of: MonthStamp) -> SearchRequest {
        SearchRequest {
            query,
            nuances: vec![],
            limit,
            cursor: None,
            exclude: None,
            as_of,
            min_results: None,
        }
    }
}

/// One returned profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub pid: u64,
    pub id: String,
    /// Retrieval relevance (docs/queries.md, "Ranking"); an integer.
    pub score: f32,
}

/// A page of results.
#[derive(Debug, Clone)]
pub struct SearchResults {
    /// Every profile matching the effective query, excluded pids not counted.
    pub total: u64,
    pub hits: Vec<Hit>,
    /// Pass back for the next page; `None` on the last page.
    pub next_cursor: Option<String>,
    /// Relaxation steps applied (also on later pages of a relaxed search).
    pub relaxations: Vec<Relaxation>,
    /// The query that was run, after relaxation.
    pub effective_query: Query,
}

struct Outcome {
    total: u64,
    /// Best first; one more than the page when a next page exists.
    top: Vec<Ranked>,
}

impl Inner {
    pub(crate) fn search(&self, req: &SearchRequest) -> Result<SearchResults, SearchError> {
        let bound = fingerprint(&req.query, &req.nuances, req.as_of);
        let cursor = match &req.cursor {
            None => None,
            Some(text) => {
                let c = Cursor::decode(text).map_err(SearchError::BadCursor)?;
                if c.fingerprint != bound {
                    return Err(SearchError::BadCursor(
                        "this cursor belongs to another search (query, nuances or as-of month \
                         differ)"
                            .into(),
                    ));
                }
                Some(c)
            }
        };
        let geocoder = self.geocoder.as_ref();
        let compile = |q: &Query| {
            Plan::compile(q, &req.nuances, req.as_of, geocoder).map_err(SearchError::Invalid)
        };
        let searcher = self.reader.searcher();
        let segments: Vec<(&SegmentReader, Arc<LiveCache>)> = searcher
            .segment_readers()
            .iter()
            .map(|s| Ok((s, self.caches.get(s)?)))
            .collect::<tantivy::Result<_>>()?;
        let run = |plan: &Plan, after: Option<&Cursor>| self.collect(&segments, plan, req, after);

        let mut level = cursor.map_or(0, |c| usize::from(c.level));
        let (mut query, mut relaxations) = replay(&req.query, level)?;
        let mut outcome = run(&compile(&query)?, cursor.as_ref())?;
        let target = req
            .min_results
            .filter(|_| cursor.is_none() && req.query.allow_fallback != Some(false));
        if let Some(target) = target {
            while (outcome.total as usize) < target && level < RelaxationStep::LADDER.len() {
                let step = RelaxationStep::LADDER[level];
                level += 1;
                if let Some((next, relaxation)) = query.relax(step) {
                    query = next;
                    relaxations.push(relaxation);
                    outcome = run(&compile(&query)?, None)?;
                }
            }
        }

        let more = outcome.top.len() > req.limit;
        let page = &outcome.top[..outcome.top.len().min(req.limit)];
        let hits: Vec<Hit> = page
            .iter()
            .map(|r| Hit {
                pid: r.pid(),
                id: segments[r.seg].1.seg.id(r.doc).to_string(),
                score: r.score() as f32,
            })
            .collect();
        let next_cursor = match page.last() {
            Some(last) if more => Some(
                Cursor {
                    score: last.score(),
                    pid: last.pid(),
                    level: level as u8,
                    fingerprint: bound,
                }
                .encode(),
            ),
            _ => None,
        };
        Ok(SearchResults {
            total: outcome.total,
            hits,
            next_cursor,
            relaxations,
            effective_query: query,
        })
    }

    fn collect(
        &self,
        segments: &[(&SegmentReader, Arc<LiveCache>)],
        plan: &Plan,
        req: &SearchRequest,
        after: Option<&Cursor>,
    ) -> tantivy::Result<Outcome> {
        let mut top = TopK::new(req.limit, after);
        let schema = self.index.schema();
        for (seg_ord, (seg, live)) in segments.iter().enumerate() {
            let ctx = Ctx {
                f: &self.fields,
                schema: &schema,
                seg,
                cache: &live.seg,
                as_of: plan.as_of,
            };
            let mut titles = Vec::new();
            let Some(mut docs) = matching(&ctx, plan, &live.alive_persons, &mut titles)? else {
                continue;
            };
            if let Some(exclude) = &req.exclude {
                docs = docs.and_not(&live.seg.docs_of_pids(exclude));
            }
            let ranking = if plan.has_ranking() {
                Some(Ranking::build(&ctx, plan, &docs, titles)?)
            } else {
                None
            };
            top.segment(seg_ord, &live.seg, &docs, ranking.as_ref());
        }
        Ok(Outcome {
            total: top.total,
            top: top.into_sorted(),
        })
    }
}

/// The query after the first `level` rungs of the ladder, and what they changed.
fn replay(query: &Query, level: usize) -> Result<(Query, Vec<Relaxation>), SearchError> {
    if level > RelaxationStep::LADDER.len() {
        return Err(SearchError::BadCursor(
            "malformed cursor: unknown relaxation level".into(),
        ));
    }
    let mut current = query.clone();
    let mut relaxations = Vec::new();
    for step in &RelaxationStep::LADDER[..level] {
        if let Some((next, relaxation)) = current.relax(*step) {
            current = next;
            relaxations.push(relaxation);
        }
    }
    Ok((current, relaxations))
}
