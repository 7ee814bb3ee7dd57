//! An allocation-free twin of `sourcer_core::text::word_key`, and a phrase matcher built on
//! it, for the skills of a job that the taxonomy does not know.
//!
//! Scoring reads every job title and description of every candidate, and the core function
//! allocates a folded copy, a `Vec<char>` and one `String` per word; [`word_key_into`] writes
//! the same key into a reused buffer. A test holds it equal to the core function.

use aho_corasick::{AhoCorasick, Input, MatchKind};
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use crate::MatchError;

/// Writes the word key of `text` (see `sourcer_core::text::word_key`) into `out`, replacing
/// its contents: folded words separated by single spaces, with a leading and trailing space.
pub fn word_key_into(text: &str, out: &mut String) {
    out.clear();
    out.push(' ');
    if text.is_ascii() {
        ascii_word_key_into(text, out);
        return;
    }
    let mut sink = WordSink {
        out,
        in_word: false,
        last_alnum: false,
        pending_dot: None,
    };
    for c in text.chars() {
        if c.is_ascii() {
            sink.feed(c.to_ascii_lowercase());
        } else {
            decompose_compatible(c, |d| {
                if !is_combining_mark(d) {
                    d.to_lowercase().for_each(|l| sink.feed(l));
                }
            });
        }
    }
    sink.finish();
}

/// [`word_key_into`] for ASCII text, where folding is lower-casing: each word is found by
/// its bytes and copied whole. A test holds it equal to the character-by-character path.
fn ascii_word_key_into(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    let alnum_at = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_alphanumeric);
    let word_byte = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'#' | b'+' | b'&');
    let mut i = 0;
    while i < bytes.len() {
        // A `.` opens a word when a letter or digit follows (".net").
        if !(word_byte(bytes[i]) || (bytes[i] == b'.' && alnum_at(i + 1))) {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        // Inside a word a `.` stays between letters or digits ("node.js", not "c#.").
        while end < bytes.len()
            && (word_byte(bytes[end])
                || (bytes[end] == b'.' && alnum_at(end + 1) && alnum_at(end - 1)))
        {
            end += 1;
        }
        let start = out.len();
        out.push_str(&text[i..end]);
        out[start..].make_ascii_lowercase();
        out.push(' ');
        // The byte that ended the word is a separator, never the start of the next one:
        // the `.` of "c#.net" ends "c#" and does not open ".net".
        i = end + 1;
    }
}

/// Applies the word rules of `sourcer_core::text::words` to a stream of folded characters.
/// A `.` needs one character of lookahead: it belongs to a word only when a letter or digit
/// follows and the word so far is empty or ends in one (`.net`, `node.js`, not `sr.`).
struct WordSink<'a> {
    out: &'a mut String,
    in_word: bool,
    last_alnum: bool,
    /// A `.` seen but not yet placed; the flag says whether the word so far allows it.
    pending_dot: Option<bool>,
}

impl WordSink<'_> {
    fn feed(&mut self, c: char) {
        if let Some(dot_allowed) = self.pending_dot.take() {
            if dot_allowed && c.is_alphanumeric() {
                self.push('.');
            } else {
                self.end_word();
            }
        }
        if c.is_alphanumeric() || matches!(c, '#' | '+' | '&') {
            self.push(c);
        } else if c == '.' {
            self.pending_dot = Some(!self.in_word || self.last_alnum);
        } else {
            self.end_word();
        }
    }

    fn push(&mut self, c: char) {
        self.out.push(c);
        self.in_word = true;
        self.last_alnum = c.is_alphanumeric();
    }

    fn end_word(&mut self) {
        if self.in_word {
            self.out.push(' ');
            self.in_word = false;
        }
    }

    fn finish(mut self) {
        self.pending_dot = None;
        self.end_word();
    }
}

/// Finds phrases at word boundaries in word keys, leftmost-longest: patterns are word keys
/// themselves (`" c sharp "`), so a match can only start and end on a space.
pub struct PhraseMatcher {
    automaton: AhoCorasick,
    /// What each pattern stands for, by pattern index.
    targets: Vec<usize>,
}

impl PhraseMatcher {
    /// Builds a matcher over `(phrase, target)` pairs; phrases are turned into word keys and
    /// empty ones skipped.
    pub fn new<'a>(
        phrases: impl IntoIterator<Item = (&'a str, usize)>,
    ) -> Result<PhraseMatcher, MatchError> {
        let mut buf = String::new();
        let mut patterns: Vec<(String, usize)> = Vec::new();
        for (phrase, target) in phrases {
            word_key_into(phrase, &mut buf);
            if buf.len() > 2 {
                patterns.push((buf.clone(), target));
            }
        }
        patterns.sort();
        patterns.dedup();
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(patterns.iter().map(|(p, _)| p))
            .map_err(|e| MatchError::Internal(format!("building a phrase matcher: {e}")))?;
        Ok(PhraseMatcher {
            automaton,
            targets: patterns.into_iter().map(|(_, t)| t).collect(),
        })
    }

    /// Calls `found(target)` for each mention in `key` (a word key), in order. Adjacent
    /// mentions share their separating space, so the search restarts on it.
    pub fn mentions(&self, key: &str, mut found: impl FnMut(usize)) {
        let mut at = 0;
        while at < key.len() {
            let Some(m) = self.automaton.find(Input::new(key).span(at..key.len())) else {
                break;
            };
            found(self.targets[m.pattern().as_usize()]);
            at = m.end() - 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sourcer_core::text::word_key;

    #[test]
    fn word_key_into_agrees_with_the_core_function() {
        let samples = [
            "",
            "   ",
            "Senior .NET Developer",
            "ASP.NET MVC, C#, C++ & F#",
            "Node.js / React. Sr. Engineer",
            "..net .. .x a.b. c..d",
            "São Paulo — Ingénieur Logiciel",
            "ﬁnance ﬂow ZÜRICH Straße",
            "• Built K8s operators in C#; led 5+ engineers (2019–2023)",
            "CI/CD, REST-APIs, e-commerce, 24/7 on-call",
            "İstanbul ǅemal ΣΊΣΥΦΟΣ",
            "end with dot.",
            ".leading dot",
            "tabs\tand\nnewlines\r\nhere",
        ];
        let mut buf = String::new();
        for s in samples {
            word_key_into(s, &mut buf);
            assert_eq!(buf, word_key(s), "{s:?}");
        }
    }

    /// The character-by-character path, for any text.
    fn by_characters(text: &str) -> String {
        let mut out = String::from(" ");
        let mut sink = WordSink {
            out: &mut out,
            in_word: false,
            last_alnum: false,
            pending_dot: None,
        };
        for c in text.chars() {
            sink.feed(c.to_ascii_lowercase());
        }
        sink.finish();
        out
    }

    #[test]
    fn the_ascii_path_agrees_with_the_character_path() {
        let samples = [
            "c#.net a..b ..net x. .x e.g. Go i.e.Rust etc.",
            "R&D, FP&A; A/B-testing (UX/UI) +1 #tag node.js. ASP.NET.",
            ".",
            "..",
            ".a",
            "a.",
            "a.b.",
            "",
        ];
        let mut buf = String::new();
        for s in samples {
            word_key_into(s, &mut buf);
            assert_eq!(buf, by_characters(s), "{s:?}");
            assert_eq!(buf, word_key(s), "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_ascii_path_agrees_on_any_ascii_text(text in "[a-zA-Z0-9#+&.,;!?()/ \t\n-]{0,40}") {
            let mut buf = String::new();
            word_key_into(&text, &mut buf);
            proptest::prop_assert_eq!(&buf, &by_characters(&text));
            proptest::prop_assert_eq!(&buf, &word_key(&text));
        }
    }

    #[test]
    fn mentions_are_whole_words_and_leftmost_longest() {
        let m =
            PhraseMatcher::new([("c#", 0), ("sql", 1), ("sql server", 2), ("java", 3)]).unwrap();
        let mut key = String::new();
        word_key_into("C# SQL Server, JavaScript and SQL", &mut key);
        let mut found = vec![];
        m.mentions(&key, |t| found.push(t));
        assert_eq!(found, vec![0, 2, 1]);
    }
}
