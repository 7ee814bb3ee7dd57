//! Collecting one page: the total (a population count once excluded people are removed as a
//! doc set), and the best `limit + 1` hits strictly after the cursor in (score descending,
//! pid ascending) order. A pid is only looked up when it can decide a place on the page, and
//! queries without ranking read people in pid order instead of scoring anyone.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::bits::{Bits, Docs};
use crate::cursor::Cursor;
use crate::rank_sets::Ranking;
use crate::segment::SegmentCache;

/// A candidate hit: where it is and how it sorts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Ranked {
    /// Sorts worse-first under `Ord`, so a max-heap keeps the worst on top.
    pub key: (Reverse<u32>, u64),
    pub seg: usize,
    pub doc: u32,
}

impl Ranked {
    pub fn score(&self) -> u32 {
        self.key.0.0
    }

    pub fn pid(&self) -> u64 {
        self.key.1
    }
}

/// The best hits seen so far.
pub(crate) struct TopK<'c> {
    capacity: usize,
    heap: BinaryHeap<Ranked>,
    after: Option<&'c Cursor>,
    pub total: u64,
}

impl<'c> TopK<'c> {
    /// Keeps `limit + 1` hits: the extra one tells whether a next page exists.
    pub fn new(limit: usize, after: Option<&'c Cursor>) -> TopK<'c> {
        TopK {
            capacity: limit + 1,
            heap: BinaryHeap::with_capacity(limit + 2),
            after,
            total: 0,
        }
    }

    /// Collects one segment's matching people (excluded ones already removed).
    pub fn segment(
        &mut self,
        seg: usize,
        cache: &SegmentCache,
        docs: &Docs,
        ranking: Option<&Ranking>,
    ) {
        self.total += docs.count();
        match (ranking, docs) {
            (Some(ranking), Docs::Dense(people)) => {
                let features: Vec<(Cow<Bits>, u32)> = ranking
                    .features
                    .iter()
                    .map(|(d, w)| match d {
                        Docs::Dense(bits) => (Cow::Borrowed(bits), *w),
                        Docs::Sparse(_) => (Cow::Owned(d.to_bits(cache.max_doc)), *w),
                    })
                    .collect();
                self.sliced(seg, cache, people, &features);
            }
            (Some(ranking), Docs::Sparse(_)) => {
                let mut scorer = ranking.scorer();
                for doc in docs.iter() {
                    let score = scorer.score(doc);
                    self.offer(seg, doc, score, || cache.pid(doc));
                }
            }
            (None, _) if docs.count() * 16 < cache.num_persons_indexed() as u64 => {
                for doc in docs.iter() {
                    self.offer(seg, doc, 0, || cache.pid(doc));
                }
            }
            (None, _) => {
                // Everyone scores 0: the page is the smallest pids after the cursor.
                let after = self.after.map(|c| c.pid);
                let mut found = 0;
                for (pid, doc) in cache.by_pid_after(after) {
                    if found == self.capacity {
                        break;
                    }
                    if docs.contains(doc) {
                        found += 1;
                        self.offer(seg, doc, 0, || pid);
                    }
                }
            }
        }
    }

    /// Scores 64 people at a time: each feature word is added, bit-sliced, into `PLANES`
    /// counters, and only people who can still make the page are looked at one by one.
    fn sliced(
        &mut self,
        seg: usize,
        cache: &SegmentCache,
        people: &Bits,
        features: &[(Cow<Bits>, u32)],
    ) {
        for (w, &lanes) in people.words().iter().enumerate() {
            if lanes == 0 {
                continue;
            }
            let mut planes = [0u64; PLANES];
            for (bits, weight) in features {
                let x = bits.words()[w] & lanes;
                if x != 0 {
                    add(&mut planes, x, *weight);
                }
            }
            let mut offered = lanes;
            if let Some(floor) = self.floor()
                && floor > 0
            {
                offered &= greater(&planes, floor - 1);
            }
            if let Some(c) = self.after {
                offered &= !greater(&planes, c.score);
            }
            while offered != 0 {
                let bit = offered.trailing_zeros();
                offered &= offered - 1;
                let score =
                    (0..PLANES).fold(0u32, |s, p| s | ((((planes[p] >> bit) & 1) as u32) << p));
                let doc = w as u32 * 64 + bit;
                self.offer(seg, doc, score, || cache.pid(doc));
            }
        }
    }

    /// The score a hit needs to enter a full page.
    fn floor(&self) -> Option<u32> {
        (self.heap.len() == self.capacity)
            .then(|| self.heap.peek().map(Ranked::score))
            .flatten()
    }

    #[inline]
    fn offer(&mut self, seg: usize, doc: u32, score: u32, pid: impl FnOnce() -> u64) {
        let mut pid = LazyPid::new(pid);
        if let Some(c) = self.after
            && (score > c.score || (score == c.score && pid.get() <= c.pid))
        {
            return;
        }
        if self.capacity == 0 {
            return;
        }
        if self.heap.len() < self.capacity {
            self.heap.push(Ranked {
                key: (Reverse(score), pid.get()),
                seg,
                doc,
            });
            return;
        }
        let Some(mut worst) = self.heap.peek_mut() else {
            return;
        };
        let better = score > worst.score() || (score == worst.score() && pid.get() < worst.pid());
        if better {
            *worst = Ranked {
                key: (Reverse(score), pid.get()),
                seg,
                doc,
            };
        }
    }

    /// The hits, best first (at most `limit + 1`).
    pub fn into_sorted(self) -> Vec<Ranked> {
        self.heap.into_sorted_vec()
    }
}

/// Bit planes of the per-lane scores (scores below 2^16; the weights keep them far below).
const PLANES: usize = 16;

/// Adds `weight` to the lanes set in `lanes`.
#[inline]
fn add(planes: &mut [u64; PLANES], lanes: u64, weight: u32) {
    for bit in 0..PLANES {
        if weight >> bit & 1 == 0 {
            continue;
        }
        let mut carry = lanes;
        for plane in planes.iter_mut().skip(bit) {
            if carry == 0 {
                break;
            }
            let next = *plane & carry;
            *plane ^= carry;
            carry = next;
        }
    }
}

/// Lanes whose score is greater than `value`.
#[inline]
fn greater(planes: &[u64; PLANES], value: u32) -> u64 {
    let (mut gt, mut eq) = (0u64, !0u64);
    for p in (0..PLANES).rev() {
        if value >> p & 1 == 1 {
            eq &= planes[p];
        } else {
            gt |= eq & planes[p];
            eq &= !planes[p];
        }
    }
    gt
}

/// A pid read at most once, only if needed.
struct LazyPid<F> {
    read: Option<F>,
    pid: u64,
}

impl<F: FnOnce() -> u64> LazyPid<F> {
    fn new(read: F) -> Self {
        LazyPid {
            read: Some(read),
            pid: 0,
        }
    }

    #[inline]
    fn get(&mut self) -> u64 {
        if let Some(read) = self.read.take() {
            self.pid = read();
        }
        self.pid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lane(planes: &[u64; PLANES], bit: u32) -> u32 {
        (0..PLANES).fold(0, |s, p| s | ((((planes[p] >> bit) & 1) as u32) << p))
    }

    #[test]
    fn bit_sliced_sums_and_comparisons_match_plain_arithmetic() {
        let weights = [3u32, 1, 6, 4, 2, 1, 3, 3];
        let features: Vec<u64> = (0..weights.len() as u64)
            .map(|i| 0x9E37_79B9_7F4A_7C15u64.rotate_left(i as u32 * 7) ^ (i * 0x5555))
            .collect();
        let mut planes = [0u64; PLANES];
        for (f, w) in features.iter().zip(weights) {
            add(&mut planes, *f, w);
        }
        for bit in 0..64 {
            let expected: u32 = features
                .iter()
                .zip(weights)
                .filter(|(f, _)| *f >> bit & 1 == 1)
                .map(|(_, w)| w)
                .sum();
            assert_eq!(lane(&planes, bit), expected);
            for value in [0, 3, expected.saturating_sub(1), expected, expected + 1, 30] {
                assert_eq!(greater(&planes, value) >> bit & 1 == 1, expected > value);
            }
        }
    }
}
