//! [`Matches`]: what one condition matches in one segment, before any posting list is read.
//! Knowing each condition's size up front (the sum of its terms' document frequencies) lets
//! a search intersect the most selective conditions first and then *check* the remaining
//! ones against the few candidates left, by seeking in their posting lists, instead of
//! decoding every posting of a broad condition.

use std::io;
use std::sync::Arc;

use tantivy::postings::TermInfo;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet as _, InvertedIndexReader, TERMINATED};

use crate::bits::{Bits, Docs};

/// Terms of one field.
pub(crate) type FieldTerms = (Arc<InvertedIndexReader>, Vec<TermInfo>);

/// The docs of a condition: the postings of some terms, or an already computed set.
#[derive(Clone)]
pub(crate) enum Matches {
    Terms(Vec<FieldTerms>),
    Docs(Docs),
}

/// Rough costs, in nanoseconds, of the two ways to intersect (measured orders of magnitude:
/// decoding a posting into a set is about 2 ns, opening a posting list about 150 ns, a seek
/// about 15 ns).
const DECODE: u64 = 2;
const OPEN: u64 = 150;
const SEEK: u64 = 15;

impl Matches {
    pub fn terms(inv: Arc<InvertedIndexReader>, infos: Vec<TermInfo>) -> Matches {
        Matches::Terms(vec![(inv, infos)])
    }

    /// An upper bound on the number of docs (deleted ones included).
    pub fn estimate(&self) -> u64 {
        match self {
            Matches::Terms(groups) => groups
                .iter()
                .flat_map(|(_, infos)| infos)
                .map(|t| u64::from(t.doc_freq))
                .sum(),
            Matches::Docs(d) => d.count(),
        }
    }

    /// Every doc.
    pub fn docs(self, max_doc: u32) -> io::Result<Docs> {
        match self {
            Matches::Docs(d) => Ok(d),
            Matches::Terms(groups) => {
                let mut out = Docs::empty();
                for (inv, infos) in &groups {
                    let docs = union_infos(inv, infos, max_doc)?;
                    out = if out.is_empty() {
                        docs
                    } else {
                        out.or(&docs, max_doc)
                    };
                }
                Ok(out)
            }
        }
    }

    /// The candidates that match, read whichever way is cheaper.
    pub fn within(self, candidates: Docs, max_doc: u32) -> io::Result<Docs> {
        let Matches::Terms(groups) = &self else {
            return Ok(candidates.and(&self.docs(max_doc)?));
        };
        let n = candidates.count();
        let decode = self.estimate() * DECODE + n;
        let seek: u64 = groups
            .iter()
            .flat_map(|(_, infos)| infos)
            .map(|t| OPEN + SEEK * n.min(u64::from(t.doc_freq)))
            .sum();
        if decode <= seek {
            return Ok(candidates.and(&self.docs(max_doc)?));
        }
        let list: Vec<u32> = candidates.iter().collect();
        let mut found = vec![false; list.len()];
        for (inv, infos) in groups {
            for info in infos {
                let mut postings =
                    inv.read_postings_from_terminfo(info, IndexRecordOption::Basic)?;
                for (i, &doc) in list.iter().enumerate() {
                    let mut at = postings.doc();
                    if at < doc {
                        at = postings.seek(doc);
                    }
                    if at == TERMINATED {
                        break;
                    }
                    found[i] |= at == doc;
                }
            }
        }
        let kept = list
            .into_iter()
            .zip(found)
            .filter_map(|(d, f)| f.then_some(d))
            .collect();
        Ok(Docs::from_sorted(kept, max_doc))
    }
}

/// The union of the posting lists of these terms (of one field).
pub(crate) fn union_infos(
    inv: &InvertedIndexReader,
    infos: &[TermInfo],
    max_doc: u32,
) -> io::Result<Docs> {
    let total: u64 = infos.iter().map(|t| u64::from(t.doc_freq)).sum();
    let mut docs = if Docs::prefers_sparse(total, max_doc) {
        Docs::Sparse(Vec::with_capacity(total as usize))
    } else {
        Docs::Dense(Bits::new(max_doc))
    };
    let mut block = None;
    for info in infos {
        let postings = match &mut block {
            Some(b) => {
                inv.reset_block_postings_from_terminfo(info, b)?;
                b
            }
            None => {
                block.insert(inv.read_block_postings_from_terminfo(info, IndexRecordOption::Basic)?)
            }
        };
        loop {
            let chunk = postings.docs();
            if chunk.is_empty() {
                break;
            }
            match &mut docs {
                Docs::Sparse(v) => v.extend_from_slice(chunk),
                Docs::Dense(b) => chunk.iter().for_each(|d| b.insert(*d)),
            }
            postings.advance();
        }
    }
    if let Docs::Sparse(v) = &mut docs
        && infos.len() > 1
    {
        v.sort_unstable();
        v.dedup();
    }
    Ok(docs)
}
