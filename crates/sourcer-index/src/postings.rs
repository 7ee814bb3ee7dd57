//! Finding terms in one segment without reading their postings: exact terms, every spelling
//! of a `key \u{1f} original` key, ranges of indexed numbers, and fast-field columns for the
//! few numbers read per document.

use std::io;
use std::sync::Arc;

use tantivy::columnar::Column;
use tantivy::postings::TermInfo;
use tantivy::schema::Field;
use tantivy::{InvertedIndexReader, SegmentReader, Term};

use crate::matches::FieldTerms;
use crate::norm::SEP;

/// The info of one exact term.
pub(crate) fn exact(inv: &InvertedIndexReader, text: &str) -> io::Result<Option<TermInfo>> {
    inv.terms().get(text.as_bytes())
}

/// Infos of every `key \u{1f} ...` term: all spellings of one key.
pub(crate) fn key_infos(inv: &InvertedIndexReader, key: &str) -> io::Result<Vec<TermInfo>> {
    let mut lo = String::with_capacity(key.len() + 1);
    lo.push_str(key);
    lo.push(SEP);
    let mut hi = lo.clone();
    hi.pop();
    hi.push(char::from(SEP as u8 + 1));
    let mut stream = inv.terms().range().ge(&lo).lt(&hi).into_stream()?;
    let mut infos = Vec::new();
    while stream.advance() {
        infos.push(stream.value().clone());
    }
    Ok(infos)
}

/// Docs with an indexed f64 value in `lo..=hi`.
pub(crate) fn f64_range(
    seg: &SegmentReader,
    field: Field,
    lo: f64,
    hi: f64,
) -> tantivy::Result<FieldTerms> {
    // NaN bounds compare false: nothing matches them.
    if lo
        .partial_cmp(&hi)
        .is_none_or(|o| o == std::cmp::Ordering::Greater)
    {
        return Ok((seg.inverted_index(field)?, vec![]));
    }
    term_range(
        seg,
        Term::from_field_f64(field, lo),
        Term::from_field_f64(field, hi),
    )
}

/// Docs with an indexed i64 value in `lo..=hi`.
pub(crate) fn i64_range(
    seg: &SegmentReader,
    field: Field,
    lo: i64,
    hi: i64,
) -> tantivy::Result<FieldTerms> {
    if lo > hi {
        return Ok((seg.inverted_index(field)?, vec![]));
    }
    term_range(
        seg,
        Term::from_field_i64(field, lo),
        Term::from_field_i64(field, hi),
    )
}

/// Every term between two terms of one field, inclusive.
fn term_range(seg: &SegmentReader, lo: Term, hi: Term) -> tantivy::Result<FieldTerms> {
    let inv: Arc<InvertedIndexReader> = seg.inverted_index(lo.field())?;
    let mut stream = inv
        .terms()
        .range()
        .ge(lo.serialized_value_bytes())
        .le(hi.serialized_value_bytes())
        .into_stream()?;
    let mut infos = Vec::new();
    while stream.advance() {
        infos.push(stream.value().clone());
    }
    Ok((inv, infos))
}

/// An f64 column by name (empty when the segment has none).
pub(crate) fn f64_column(seg: &SegmentReader, name: &str) -> tantivy::Result<Column<f64>> {
    Ok(seg
        .fast_fields()
        .column_opt::<f64>(name)?
        .unwrap_or_else(|| Column::build_empty_column(seg.max_doc())))
}
