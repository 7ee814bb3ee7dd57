//! Sets of segment doc ids: a plain bitset, and [`Docs`], which keeps small sets as sorted
//! vectors so that selective conditions cost in proportion to their matches rather than to the
//! segment size.

/// A fixed-size bitset over `0..len`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Bits {
    words: Vec<u64>,
    len: u32,
}

impl Bits {
    pub fn new(len: u32) -> Bits {
        Bits {
            words: vec![0; (len as usize).div_ceil(64)],
            len,
        }
    }

    #[inline]
    pub fn insert(&mut self, doc: u32) {
        self.words[(doc / 64) as usize] |= 1 << (doc % 64);
    }

    #[inline]
    pub fn contains(&self, doc: u32) -> bool {
        self.words
            .get((doc / 64) as usize)
            .is_some_and(|w| w & (1 << (doc % 64)) != 0)
    }

    pub fn len(&self) -> u32 {
        self.len
    }

    pub fn count(&self) -> u64 {
        self.words.iter().map(|w| u64::from(w.count_ones())).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|w| *w == 0)
    }

    pub fn and(&mut self, other: &Bits) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= b;
        }
    }

    pub fn or(&mut self, other: &Bits) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= b;
        }
    }

    pub fn and_not(&mut self, other: &Bits) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= !b;
        }
    }

    /// The largest member `<= doc`, if any.
    #[inline]
    pub fn prev_set(&self, doc: u32) -> Option<u32> {
        let mut word = (doc / 64) as usize;
        let mut bits = self.words.get(word)? & (u64::MAX >> (63 - doc % 64));
        loop {
            if bits != 0 {
                return Some(word as u32 * 64 + 63 - bits.leading_zeros());
            }
            word = word.checked_sub(1)?;
            bits = self.words[word];
        }
    }

    /// The smallest member `>= doc`, if any.
    #[inline]
    pub fn next_set(&self, doc: u32) -> Option<u32> {
        let mut word = (doc / 64) as usize;
        let mut bits = self.words.get(word)? & (u64::MAX << (doc % 64));
        loop {
            if bits != 0 {
                return Some(word as u32 * 64 + bits.trailing_zeros());
            }
            word += 1;
            bits = *self.words.get(word)?;
        }
    }

    pub fn iter(&self) -> BitsIter<'_> {
        BitsIter {
            words: &self.words,
            word: 0,
            bits: self.words.first().copied().unwrap_or(0),
        }
    }

    /// The 64-bit words: doc `d` is bit `d % 64` of word `d / 64`.
    pub fn words(&self) -> &[u64] {
        &self.words
    }

    pub fn words_mut(&mut self) -> &mut [u64] {
        &mut self.words
    }

    /// Members before `doc`, given `cumulative[w]` = members in words `0..w`.
    #[inline]
    pub fn rank(&self, cumulative: &[u32], doc: u32) -> u32 {
        let word = (doc / 64) as usize;
        let below = self.words[word] & ((1u64 << (doc % 64)) - 1);
        cumulative[word] + below.count_ones()
    }

    /// `cumulative[w]` = members in words `0..w`, for [`Bits::rank`].
    pub fn cumulative(&self) -> Vec<u32> {
        let mut total = 0;
        self.words
            .iter()
            .map(|w| {
                let before = total;
                total += w.count_ones();
                before
            })
            .collect()
    }
}

/// Members of a [`Bits`], ascending.
pub(crate) struct BitsIter<'a> {
    words: &'a [u64],
    word: usize,
    bits: u64,
}

impl Iterator for BitsIter<'_> {
    type Item = u32;

    #[inline]
    fn next(&mut self) -> Option<u32> {
        while self.bits == 0 {
            self.word += 1;
            self.bits = *self.words.get(self.word)?;
        }
        let bit = self.bits.trailing_zeros();
        self.bits &= self.bits - 1;
        Some(self.word as u32 * 64 + bit)
    }
}

/// A set of doc ids: sorted and deduplicated, or a bitset when large.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Docs {
    Sparse(Vec<u32>),
    Dense(Bits),
}

impl Docs {
    /// Below `len / SPARSE_DIVISOR` members a sorted vector is smaller than a bitset.
    const SPARSE_DIVISOR: u64 = 32;

    pub fn empty() -> Docs {
        Docs::Sparse(Vec::new())
    }

    /// True when `count` members are best kept sparse in a segment of `len` docs.
    pub fn prefers_sparse(count: u64, len: u32) -> bool {
        count * Self::SPARSE_DIVISOR < u64::from(len)
    }

    /// From sorted, deduplicated docs.
    pub fn from_sorted(docs: Vec<u32>, len: u32) -> Docs {
        if Self::prefers_sparse(docs.len() as u64, len) {
            return Docs::Sparse(docs);
        }
        let mut bits = Bits::new(len);
        for d in docs {
            bits.insert(d);
        }
        Docs::Dense(bits)
    }

    pub fn count(&self) -> u64 {
        match self {
            Docs::Sparse(v) => v.len() as u64,
            Docs::Dense(b) => b.count(),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Docs::Sparse(v) => v.is_empty(),
            Docs::Dense(b) => b.is_empty(),
        }
    }

    pub fn contains(&self, doc: u32) -> bool {
        match self {
            Docs::Sparse(v) => v.binary_search(&doc).is_ok(),
            Docs::Dense(b) => b.contains(doc),
        }
    }

    pub fn and(self, other: &Docs) -> Docs {
        match (self, other) {
            (Docs::Sparse(mut a), Docs::Sparse(b)) => {
                let mut j = 0;
                a.retain(|d| {
                    while j < b.len() && b[j] < *d {
                        j += 1;
                    }
                    j < b.len() && b[j] == *d
                });
                Docs::Sparse(a)
            }
            (Docs::Sparse(mut a), Docs::Dense(b)) => {
                a.retain(|d| b.contains(*d));
                Docs::Sparse(a)
            }
            (Docs::Dense(a), Docs::Sparse(b)) => {
                Docs::Sparse(b.iter().copied().filter(|d| a.contains(*d)).collect())
            }
            (Docs::Dense(mut a), Docs::Dense(b)) => {
                a.and(b);
                Docs::Dense(a)
            }
        }
    }

    pub fn or(self, other: &Docs, len: u32) -> Docs {
        match (self, other) {
            (Docs::Sparse(a), Docs::Sparse(b)) => {
                let mut merged = Vec::with_capacity(a.len() + b.len());
                let (mut i, mut j) = (0, 0);
                while i < a.len() && j < b.len() {
                    let (x, y) = (a[i], b[j]);
                    merged.push(x.min(y));
                    i += usize::from(x <= y);
                    j += usize::from(y <= x);
                }
                merged.extend_from_slice(&a[i..]);
                merged.extend_from_slice(&b[j..]);
                Docs::from_sorted(merged, len)
            }
            (Docs::Sparse(a), Docs::Dense(b)) => {
                let mut bits = b.clone();
                for d in a {
                    bits.insert(d);
                }
                Docs::Dense(bits)
            }
            (Docs::Dense(mut a), Docs::Sparse(b)) => {
                for &d in b {
                    a.insert(d);
                }
                Docs::Dense(a)
            }
            (Docs::Dense(mut a), Docs::Dense(b)) => {
                a.or(b);
                Docs::Dense(a)
            }
        }
    }

    pub fn and_not(self, other: &Docs) -> Docs {
        match (self, other) {
            (Docs::Sparse(mut a), Docs::Sparse(b)) => {
                let mut j = 0;
                a.retain(|d| {
                    while j < b.len() && b[j] < *d {
                        j += 1;
                    }
                    !(j < b.len() && b[j] == *d)
                });
                Docs::Sparse(a)
            }
            (Docs::Sparse(mut a), Docs::Dense(b)) => {
                a.retain(|d| !b.contains(*d));
                Docs::Sparse(a)
            }
            (Docs::Dense(mut a), Docs::Sparse(b)) => {
                for &d in b {
                    a.words[(d / 64) as usize] &= !(1 << (d % 64));
                }
                Docs::Dense(a)
            }
            (Docs::Dense(mut a), Docs::Dense(b)) => {
                a.and_not(b);
                Docs::Dense(a)
            }
        }
    }

    /// Restricted to members of `bits`.
    pub fn and_bits(self, bits: &Bits) -> Docs {
        match self {
            Docs::Sparse(mut a) => {
                a.retain(|d| bits.contains(*d));
                Docs::Sparse(a)
            }
            Docs::Dense(mut a) => {
                a.and(bits);
                Docs::Dense(a)
            }
        }
    }

    /// As a bitset over `0..len`.
    pub fn to_bits(&self, len: u32) -> Bits {
        match self {
            Docs::Dense(b) => b.clone(),
            Docs::Sparse(v) => {
                let mut b = Bits::new(len);
                v.iter().for_each(|d| b.insert(*d));
                b
            }
        }
    }

    pub fn iter(&self) -> Box<dyn Iterator<Item = u32> + '_> {
        match self {
            Docs::Sparse(v) => Box::new(v.iter().copied()),
            Docs::Dense(b) => Box::new(b.iter()),
        }
    }
}

/// Membership tests for ascending doc ids, cheaper than [`Docs::contains`] on sparse sets.
pub(crate) struct Probe<'a> {
    docs: &'a Docs,
    at: usize,
}

impl<'a> Probe<'a> {
    pub fn new(docs: &'a Docs) -> Probe<'a> {
        Probe { docs, at: 0 }
    }

    /// Whether `doc` is a member; calls must pass non-decreasing docs.
    #[inline]
    pub fn contains(&mut self, doc: u32) -> bool {
        match self.docs {
            Docs::Dense(b) => b.contains(doc),
            Docs::Sparse(v) => {
                while self.at < v.len() && v[self.at] < doc {
                    self.at += 1;
                }
                v.get(self.at) == Some(&doc)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dense(docs: &[u32], len: u32) -> Docs {
        let mut b = Bits::new(len);
        docs.iter().for_each(|d| b.insert(*d));
        Docs::Dense(b)
    }

    fn members(d: &Docs) -> Vec<u32> {
        d.iter().collect()
    }

    #[test]
    fn sparse_and_dense_sets_combine_alike() {
        let (a, b) = (vec![1, 5, 64, 65, 190], vec![5, 65, 100, 199]);
        let len = 200;
        for x in [Docs::Sparse(a.clone()), dense(&a, len)] {
            for y in [Docs::Sparse(b.clone()), dense(&b, len)] {
                assert_eq!(members(&x.clone().and(&y)), vec![5, 65]);
                assert_eq!(
                    members(&x.clone().or(&y, len)),
                    vec![1, 5, 64, 65, 100, 190, 199]
                );
                assert_eq!(members(&x.clone().and_not(&y)), vec![1, 64, 190]);
            }
        }
    }

    #[test]
    fn neighbours_are_found_across_words() {
        let Docs::Dense(b) = dense(&[3, 70, 200], 256) else {
            unreachable!()
        };
        assert_eq!(b.prev_set(69), Some(3));
        assert_eq!(b.prev_set(70), Some(70));
        assert_eq!(b.prev_set(2), None);
        assert_eq!(b.next_set(71), Some(200));
        assert_eq!(b.next_set(201), None);
        assert_eq!(b.count(), 3);
    }
}
