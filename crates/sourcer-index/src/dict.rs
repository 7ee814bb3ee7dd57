//! Per-segment caches of a field's term dictionary as newline-joined text, so that word-
//! boundary phrases and `(.)` patterns are found by scanning a few megabytes with memchr /
//! Aho-Corasick / one regex pass instead of walking the dictionary term by term.

use std::io;

use aho_corasick::AhoCorasick;
use regex::Regex;
use sourcer_core::text::{fold, word_key};
use tantivy::InvertedIndexReader;
use tantivy::postings::TermInfo;

use crate::norm::SEP;

/// Lines of text in one buffer: `\n line0 \n line1 \n ... \n`.
#[derive(Debug, Default)]
pub(crate) struct Lines {
    buf: String,
    starts: Vec<u32>,
}

impl Lines {
    fn push(&mut self, line: &str) {
        if self.buf.is_empty() {
            self.buf.push('\n');
        }
        self.starts.push(self.buf.len() as u32);
        self.buf.push_str(line);
        self.buf.push('\n');
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    pub fn line(&self, i: usize) -> &str {
        let start = self.starts[i] as usize;
        let end = self
            .starts
            .get(i + 1)
            .map_or(self.buf.len(), |s| *s as usize)
            - 1;
        &self.buf[start..end]
    }

    /// The line holding the match that begins at byte `at` (a match may begin on the newline
    /// right before its line).
    fn line_at(&self, at: usize) -> usize {
        self.starts.partition_point(|s| *s as usize <= at + 1) - 1
    }

    /// Where to resume after a match in line `i`: the newline before line `i + 1`.
    fn resume_after(&self, i: usize) -> Option<usize> {
        self.starts.get(i + 1).map(|s| *s as usize - 1)
    }

    /// Lines containing any of the needles (`\n` in a needle anchors it to a line edge).
    pub fn find_needles(&self, needles: &[String]) -> Vec<usize> {
        if needles.is_empty() || self.is_empty() {
            return vec![];
        }
        // A contiguous NFA builds in microseconds; the search itself runs on its prefilter.
        let built = AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .build(needles);
        let Ok(ac) = built else {
            return vec![];
        };
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(m) = ac.find(aho_corasick::Input::new(&self.buf).span(at..self.buf.len())) {
            let line = self.line_at(m.start());
            out.push(line);
            match self.resume_after(line) {
                Some(next) => at = next.max(at + 1),
                None => break,
            }
        }
        out
    }

    /// Lines that start with `prefix` or have a word (after a non-alphanumeric character)
    /// starting with it, ascending.
    pub fn find_word_prefix(&self, prefix: &str) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for at in memchr::memmem::find_iter(self.buf.as_bytes(), prefix.as_bytes()) {
            let before = self.buf[..at].chars().next_back();
            if before.is_some_and(|c| c == '\n' || !c.is_alphanumeric()) {
                let line = self.line_at(at);
                if out.last() != Some(&line) {
                    out.push(line);
                }
            }
        }
        out
    }

    /// Lines any pattern matches, each line tested on its own (as the evaluator does).
    pub fn find_patterns(&self, patterns: &[Regex]) -> Vec<usize> {
        if patterns.is_empty() || self.is_empty() {
            return vec![];
        }
        let matches_line = |i: usize| patterns.iter().any(|re| re.is_match(self.line(i)));
        let Some(scan) = buffer_regex(patterns) else {
            return (0..self.len()).filter(|&i| matches_line(i)).collect();
        };
        // One pass over the whole buffer finds the leftmost candidate; the candidate's line is
        // then checked alone, so a match spanning a newline is never reported, and resuming at
        // the next line never skips one: any line with a match of its own holds a buffer match
        // starting inside it, which no earlier leftmost match can pass over.
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(m) = scan.find_at(&self.buf, at) {
            let line = self.line_at(m.start());
            if matches_line(line) {
                out.push(line);
            }
            match self.resume_after(line) {
                Some(next) => at = next.max(at + 1),
                None => break,
            }
        }
        out
    }
}

/// One multi-line regex for a buffer scan; `None` when a pattern's meaning could change inside
/// a buffer (`\A`, `\z`, inline flags), in which case lines are tested one by one.
fn buffer_regex(patterns: &[Regex]) -> Option<Regex> {
    let mut alternatives = Vec::with_capacity(patterns.len());
    for re in patterns {
        let source = re.as_str();
        if source.contains("\\A") || source.contains("\\z") || source.contains("(?") {
            return None;
        }
        alternatives.push(format!("(?:{source})"));
    }
    regex::RegexBuilder::new(&format!("(?m:{})", alternatives.join("|")))
        .case_insensitive(true)
        .size_limit(1 << 22)
        .dfa_size_limit(1 << 22)
        .build()
        .ok()
}

/// How a field's keys are built, which decides the views a cache keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DictKind {
    /// Key = folded value: keeps word keys for phrases; the keys serve `(.)`.
    Text,
    /// Key = normalised category, place or skill: keeps the folded original per term (for
    /// `(.)` and autocomplete).
    Spelled,
}

/// One field's dictionary in one segment.
#[derive(Debug, Default)]
pub(crate) struct DictCache {
    /// Distinct keys, in term order.
    pub keys: Lines,
    /// `key_ords[i]..key_ords[i + 1]` are the term ordinals of key `i`.
    key_ords: Vec<u64>,
    /// Text: the word key of each distinct key.
    pub words: Lines,
    /// Spelled: the folded original spelling of each term ordinal.
    pub spellings: Lines,
    /// Where each term ordinal's postings are (tantivy has no public lookup by ordinal).
    postings: Vec<PostingRef>,
}

/// A compact [`TermInfo`] without positions.
#[derive(Debug, Clone, Copy)]
struct PostingRef {
    start: u64,
    len: u32,
    doc_freq: u32,
}

impl DictCache {
    pub fn build(inv: &InvertedIndexReader, kind: DictKind) -> io::Result<DictCache> {
        let mut cache = DictCache::default();
        let mut stream = inv.terms().stream()?;
        let mut previous: Option<Vec<u8>> = None;
        while stream.advance() {
            let term = stream.key();
            let ord = stream.term_ord();
            let info = stream.value();
            cache.postings.push(PostingRef {
                start: info.postings_range.start as u64,
                len: info.postings_range.len() as u32,
                doc_freq: info.doc_freq,
            });
            let (key, original) = split_term(term);
            if previous.as_deref() != Some(key) {
                let text = String::from_utf8_lossy(key);
                cache.keys.push(&text);
                cache.key_ords.push(ord);
                if kind == DictKind::Text {
                    cache.words.push(word_key(&text).as_str());
                }
                previous = Some(key.to_vec());
            }
            if kind == DictKind::Spelled {
                cache
                    .spellings
                    .push(&fold(&String::from_utf8_lossy(original)));
            }
        }
        cache.key_ords.push(inv.terms().num_terms() as u64);
        Ok(cache)
    }

    /// Term ordinals of the distinct keys at these line numbers.
    pub fn ords_of_keys<'a>(&'a self, lines: &'a [usize]) -> impl Iterator<Item = u64> + 'a {
        lines
            .iter()
            .flat_map(|&i| self.key_ords[i]..self.key_ords[i + 1])
    }

    /// The postings of a term ordinal, as tantivy describes them.
    pub fn info(&self, ord: u64) -> TermInfo {
        let p = self.postings[ord as usize];
        TermInfo {
            doc_freq: p.doc_freq,
            postings_range: p.start as usize..(p.start + u64::from(p.len)) as usize,
            positions_range: 0..0,
        }
    }

    /// The line of a key, if the segment has it. Keys are in byte order: the separator sorts
    /// below every character a key can hold, so term order is key order.
    pub fn find_key(&self, key: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.keys.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.keys.line(mid).as_bytes() < key.as_bytes() {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        (lo < self.keys.len() && self.keys.line(lo) == key).then_some(lo)
    }

    /// The key line of a term ordinal.
    pub fn key_of_ord(&self, ord: u64) -> usize {
        self.key_ords.partition_point(|o| *o <= ord) - 1
    }

    /// The ordinal range of key line `i`.
    pub fn key_range(&self, i: usize) -> std::ops::Range<u64> {
        self.key_ords[i]..self.key_ords[i + 1]
    }
}

/// Splits `key \u{1f} original`; a term without separator is all key.
pub(crate) fn split_term(term: &[u8]) -> (&[u8], &[u8]) {
    match memchr::memchr(SEP as u8, term) {
        Some(i) => (&term[..i], &term[i + 1..]),
        None => (term, &[]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(items: &[&str]) -> Lines {
        let mut l = Lines::default();
        items.iter().for_each(|i| l.push(i));
        l
    }

    #[test]
    fn needles_find_each_line_once_including_adjacent_anchored_lines() {
        let l = lines(&[" a b ", " b ", " b c ", " d "]);
        assert_eq!(l.find_needles(&[" b ".into()]), vec![0, 1, 2]);
        assert_eq!(l.find_needles(&["\n b \n".into()]), vec![1]);
        let both = ["\n a b \n".to_string(), "\n b \n".to_string()];
        assert_eq!(l.find_needles(&both), vec![0, 1]);
        assert_eq!(l.line(3), " d ");
    }

    #[test]
    fn patterns_match_per_line_even_when_a_match_could_span_lines() {
        let l = lines(&["lead engineer", "senior lead", "engineer", "x"]);
        let re = |p: &str| sourcer_core::query::compile_pattern(p).unwrap();
        assert_eq!(l.find_patterns(&[re("^lead")]), vec![0]);
        assert_eq!(l.find_patterns(&[re("lead$")]), vec![1]);
        assert_eq!(l.find_patterns(&[re("d\\se")]), vec![0]);
        assert_eq!(l.find_patterns(&[re("x*")]), vec![0, 1, 2, 3]);
        assert_eq!(l.find_patterns(&[re("(?-m)^e")]), vec![2]);
        assert_eq!(l.find_patterns(&[re("^x"), re("senior")]), vec![1, 3]);
    }

    #[test]
    fn word_prefixes_match_value_and_word_starts_only() {
        let l = lines(&[
            "senior engineer",
            "engineering manager",
            "re-engineer",
            "xengine",
        ]);
        assert_eq!(l.find_word_prefix("engine"), vec![0, 1, 2]);
        assert_eq!(l.find_word_prefix("sen"), vec![0]);
    }
}
