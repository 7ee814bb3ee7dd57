//! [`PidSet`]: a compact set of profile pids, typically a session's already-seen profiles,
//! tested once per matching profile during a search.

/// Pids below this are kept in a bitset (at most 16 MiB); larger ones in a sorted list.
const DENSE_LIMIT: u64 = 1 << 27;

/// A set of pids: a bitset for the dense store row ids, a sorted list for any others.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PidSet {
    words: Vec<u64>,
    sparse: Vec<u64>,
    len: usize,
}

impl PidSet {
    pub fn new() -> PidSet {
        PidSet::default()
    }

    /// Adds a pid; returns false when it was already present.
    pub fn insert(&mut self, pid: u64) -> bool {
        if pid < DENSE_LIMIT {
            let word = (pid / 64) as usize;
            if word >= self.words.len() {
                self.words.resize(word + 1, 0);
            }
            let bit = 1u64 << (pid % 64);
            if self.words[word] & bit != 0 {
                return false;
            }
            self.words[word] |= bit;
        } else {
            match self.sparse.binary_search(&pid) {
                Ok(_) => return false,
                Err(at) => self.sparse.insert(at, pid),
            }
        }
        self.len += 1;
        true
    }

    #[inline]
    pub fn contains(&self, pid: u64) -> bool {
        if pid < DENSE_LIMIT {
            self.words
                .get((pid / 64) as usize)
                .is_some_and(|w| w & (1 << (pid % 64)) != 0)
        } else {
            self.sparse.binary_search(&pid).is_ok()
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every pid, ascending.
    pub fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        let dense = self.words.iter().enumerate().flat_map(|(i, &w)| {
            let mut bits = w;
            std::iter::from_fn(move || {
                (bits != 0).then(|| {
                    let bit = bits.trailing_zeros();
                    bits &= bits - 1;
                    i as u64 * 64 + u64::from(bit)
                })
            })
        });
        dense.chain(self.sparse.iter().copied())
    }
}

impl FromIterator<u64> for PidSet {
    fn from_iter<I: IntoIterator<Item = u64>>(iter: I) -> Self {
        let mut set = PidSet::new();
        let mut big = Vec::new();
        for pid in iter {
            if pid < DENSE_LIMIT {
                set.insert(pid);
            } else {
                big.push(pid);
            }
        }
        big.sort_unstable();
        big.dedup();
        set.len += big.len();
        set.sparse = big;
        set
    }
}

impl Extend<u64> for PidSet {
    fn extend<I: IntoIterator<Item = u64>>(&mut self, iter: I) {
        for pid in iter {
            self.insert(pid);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_and_huge_pids_are_both_members() {
        let set: PidSet = [3, 3, 70, u64::MAX, DENSE_LIMIT].into_iter().collect();
        assert_eq!(set.len(), 4);
        for pid in [3, 70, u64::MAX, DENSE_LIMIT] {
            assert!(set.contains(pid), "{pid}");
        }
        assert!(!set.contains(4) && !set.contains(1 << 40));
        let all: Vec<u64> = set.iter().collect();
        assert_eq!(all, vec![3, 70, DENSE_LIMIT, u64::MAX]);
    }
}
