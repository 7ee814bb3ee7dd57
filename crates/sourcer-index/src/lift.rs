//! Moving between record docs and person docs a word at a time. A profile's records follow
//! its person doc, so within a 64-doc word each person bit starts a run of its records that
//! lasts to the next person bit; occluded fills (as in chess bitboards) find every run's
//! owner, or every record of chosen people, in about twenty operations per word.

use crate::bits::Bits;

/// [`SegmentCache::owners`] a word at a time. Record bits are spread towards bit 0 through
/// non-person bits (an occluded fill); the person bit just below each filled run owns it.
/// A run that reaches bit 0 belongs to the last person of an earlier word.
pub(crate) fn owners_dense(persons: &Bits, records: &Bits) -> Bits {
    let mut out = Bits::new(persons.len());
    let mut earlier: Vec<u32> = Vec::new();
    let mut last_person: Option<u32> = None;
    let words = out.words_mut();
    for (w, (&r, &p)) in records.words().iter().zip(persons.words()).enumerate() {
        if r != 0 {
            let fill = fill_down(r, !p);
            words[w] = (fill >> 1) & p;
            if fill & 1 == 1
                && let Some(owner) = last_person
            {
                earlier.push(owner);
            }
        }
        if p != 0 {
            last_person = Some(w as u32 * 64 + 63 - p.leading_zeros());
        }
    }
    for owner in earlier {
        out.insert(owner);
    }
    out
}

/// Bits reachable from `from` moving towards bit 0 through `open` bits (Kogge-Stone fill).
#[inline]
fn fill_down(mut from: u64, mut open: u64) -> u64 {
    for shift in [1, 2, 4, 8, 16, 32] {
        from |= open & (from >> shift);
        open &= open >> shift;
    }
    from
}

/// Bits reachable from `from` moving towards bit 63 through `open` bits.
#[inline]
fn fill_up(mut from: u64, mut open: u64) -> u64 {
    for shift in [1, 2, 4, 8, 16, 32] {
        from |= open & (from << shift);
        open &= open << shift;
    }
    from
}

/// The docs after each chosen person up to the next person, a word at a time (an upward
/// occluded fill from each chosen person through non-person bits).
pub(crate) fn records_of_dense(persons: &Bits, chosen: &Bits) -> Bits {
    let mut out = Bits::new(persons.len());
    let mut inside = false;
    for ((&p, &c), slot) in persons
        .words()
        .iter()
        .zip(chosen.words())
        .zip(out.words_mut())
    {
        let open = !p;
        let mut word = fill_up((c << 1) & open, open);
        if inside {
            word |= below(p.trailing_zeros());
        }
        // The run at the top of the word goes on into the next one.
        inside = (word | c) >> 63 & 1 == 1;
        *slot = word;
    }
    // The last word may extend past the segment: drop docs beyond it.
    let len = persons.len();
    if !len.is_multiple_of(64)
        && let Some(last) = out.words_mut().last_mut()
    {
        *last &= below(len % 64);
    }
    out
}

/// Bits `0..n` of a word (`n` up to 64).
#[inline]
fn below(n: u32) -> u64 {
    if n >= 64 { u64::MAX } else { (1u64 << n) - 1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bits(len: u32, members: impl IntoIterator<Item = u32>) -> Bits {
        let mut b = Bits::new(len);
        members.into_iter().for_each(|d| b.insert(d));
        b
    }

    #[test]
    fn word_parallel_lifts_agree_with_doc_by_doc_ones() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..200u32 {
            let len = 1 + (next() % 400) as u32;
            // Person docs, each followed by 0..=90 record docs (runs cross words).
            let mut persons = Vec::new();
            let mut d = (next() % 3) as u32;
            while d < len {
                persons.push(d);
                d += 1 + (next() % if round % 2 == 0 { 6 } else { 91 }) as u32;
            }
            let person_bits = bits(len, persons.iter().copied());
            let is_person = |x: u32| person_bits.contains(x);
            let records: Vec<u32> = (0..len)
                .filter(|x| !is_person(*x) && next() % 3 == 0)
                .collect();
            let chosen: Vec<u32> = persons
                .iter()
                .copied()
                .filter(|_| next() % 2 == 0)
                .collect();
            let owner = |r: u32| person_bits.prev_set(r);
            let want_owners: Vec<u32> = {
                let mut o: Vec<u32> = records.iter().filter_map(|r| owner(*r)).collect();
                o.dedup();
                o
            };
            let got = owners_dense(&person_bits, &bits(len, records.iter().copied()));
            assert_eq!(got.iter().collect::<Vec<_>>(), want_owners, "round {round}");
            let want_records: Vec<u32> = (0..len)
                .filter(|x| !is_person(*x) && owner(*x).is_some_and(|o| chosen.contains(&o)))
                .collect();
            let got = records_of_dense(&person_bits, &bits(len, chosen.iter().copied()));
            assert_eq!(
                got.iter().collect::<Vec<_>>(),
                want_records,
                "round {round}"
            );
        }
    }
}
