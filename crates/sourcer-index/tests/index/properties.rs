//! Property tests: random filters over every key and operator, compiled to the index and to
//! the brute-force evaluator over the same generated profiles, must give the same hits, the
//! same ranking, and pages that return every match exactly once.

use std::sync::{Arc, OnceLock};

use proptest::prelude::*;
use sourcer_core::{Profile, Query};
use sourcer_index::{PeopleIndex, PidSet, SearchRequest};

use crate::random::random_search;
use crate::support::*;

const CORPUS_SEED: u64 = 7;
const CORPUS: u64 = 300;

/// One shared corpus, indexed in several commits with updates and deletes, so searches run
/// over many segments, deleted docs and replaced profiles.
fn corpus() -> &'static (PeopleIndex, Vec<(u64, Profile)>) {
    static CORPUS_INDEX: OnceLock<(PeopleIndex, Vec<(u64, Profile)>)> = OnceLock::new();
    CORPUS_INDEX.get_or_init(|| {
        let index = ram_index();
        let mut writer = small_writer(&index);
        let mut live: Vec<(u64, Profile)> = Vec::new();
        for pid in 0..CORPUS {
            let p = profile(CORPUS_SEED, pid);
            writer.upsert(pid, &p.resolved_id(), &p).unwrap();
            live.push((pid, p));
            if pid % 97 == 96 {
                writer.commit(pid).unwrap();
            }
        }
        // Replace some profiles (same pid, new content) and delete others.
        for pid in (0..CORPUS).step_by(13) {
            let p = profile(CORPUS_SEED + 1, pid);
            writer.upsert(pid, &p.resolved_id(), &p).unwrap();
            live[pid as usize].1 = p;
        }
        for pid in (5..CORPUS).step_by(29) {
            writer.delete(pid).unwrap();
        }
        writer.commit(CORPUS + 1).unwrap();
        live.retain(|(pid, _)| pid < &5 || (pid - 5) % 29 != 0);
        (index, live)
    })
}

fn request(
    q: Query,
    nuances: Vec<sourcer_taxonomy::RedFlag>,
    as_of: sourcer_core::MonthStamp,
) -> SearchRequest {
    let mut req = SearchRequest::new(q, 7, as_of);
    req.nuances = nuances;
    req
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

    #[test]
    fn index_hits_equal_the_evaluator_and_pages_return_each_match_once(seed in any::<u64>()) {
        let (index, profiles) = corpus();
        let (json, nuances, as_of) = random_search(seed);
        let Ok(q) = Query::parse(&json) else { return Ok(()) };
        let want = expected(profiles, &q, &nuances, as_of);
        let mut req = request(q.clone(), nuances.clone(), as_of);
        req.limit = 1 + (seed % 40) as usize;
        let first = index.search(&req).unwrap();
        prop_assert_eq!(first.total, want.len() as u64, "query {}", json);
        let got = all_pages(index, req);
        prop_assert_eq!(&got, &ranked(profiles, &want, &q, as_of), "query {}", json);
    }

    #[test]
    fn excluded_pids_are_neither_returned_nor_counted(seed in any::<u64>(), modulo in 2u64..6) {
        let (index, profiles) = corpus();
        let (json, nuances, as_of) = random_search(seed);
        let Ok(q) = Query::parse(&json) else { return Ok(()) };
        let want: Vec<u64> = expected(profiles, &q, &nuances, as_of)
            .into_iter()
            .filter(|p| p % modulo != 0)
            .collect();
        let mut req = request(q, nuances, as_of);
        req.limit = 1 + (seed % 50) as usize;
        req.exclude = Some(Arc::new((0..CORPUS).filter(|p| p % modulo == 0).collect::<PidSet>()));
        prop_assert_eq!(index.search(&req).unwrap().total, want.len() as u64);
        let mut got: Vec<u64> = all_pages(index, req).into_iter().map(|(p, _)| p).collect();
        got.sort_unstable();
        prop_assert_eq!(got, want);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn paging_never_repeats_or_skips_while_profiles_are_imported(seed in any::<u64>(), limit in 1usize..5) {
        let index = ram_index();
        let profiles: Vec<(u64, Profile)> = (0..120).map(|i| (1_000 + i, profile(seed, i))).collect();
        index_profiles(&index, &profiles);
        let (json, nuances, as_of) = random_search(seed ^ 0x5eed);
        let Ok(q) = Query::parse(&json) else { return Ok(()) };
        let want = expected(&profiles, &q, &nuances, as_of);
        let mut req = SearchRequest::new(q.clone(), limit, as_of);
        req.nuances = nuances.clone();
        let mut seen: Vec<u64> = Vec::new();
        let mut added: Vec<(u64, Profile)> = Vec::new();
        for page_number in 0u64.. {
            let page = index.search(&req).unwrap();
            seen.extend(page.hits.iter().map(|h| h.pid));
            if page_number < 12 {
                // Import between pages: pids below and above every existing one.
                let mut writer = small_writer(&index);
                for pid in [page_number, 5_000 + page_number] {
                    let p = profile(seed ^ 0xadd, pid);
                    writer.upsert(pid, &p.resolved_id(), &p).unwrap();
                    added.push((pid, p));
                }
                writer.commit(page_number).unwrap();
            }
            match page.next_cursor {
                Some(c) => req.cursor = Some(c),
                None => break,
            }
        }
        let mut unique = seen.clone();
        unique.sort_unstable();
        unique.dedup();
        prop_assert_eq!(unique.len(), seen.len(), "a profile was returned twice");
        for pid in &want {
            prop_assert!(seen.contains(pid), "match {} was skipped", pid);
        }
        let new_matches = expected(&added, &q, &nuances, as_of);
        for pid in &seen {
            prop_assert!(want.contains(pid) || new_matches.contains(pid), "{} does not match", pid);
        }
    }
}
