//! A reusable word splitter that produces exactly `sourcer_core::text::word_key`, and also
//! remembers, for each word, where it came from in the original text and whether a sentence
//! starts there. Mention detection needs both (the exact-case rule reads the original letters)
//! and must not allocate per call, so the buffers live in a per-thread scratch.

use std::cell::RefCell;
use std::ops::Range;

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// One word of the tokenized text.
#[derive(Debug, Clone)]
pub(crate) struct Word {
    /// Byte range of the word in [`Tokens::key`] (no surrounding spaces).
    pub key: Range<usize>,
    /// Byte range of the word in the original text.
    pub src: Range<usize>,
    /// True when the word opens a sentence or a line, where capitals say nothing.
    pub sentence_start: bool,
}

/// The words of one text and the buffers used to find them.
#[derive(Debug, Default)]
pub(crate) struct Tokens {
    /// `" w1 w2 ... "`: equal to `sourcer_core::text::word_key(text)`.
    pub key: String,
    pub words: Vec<Word>,
    /// A per-word buffer for mention detection to reuse (vocabulary ids).
    pub ids: Vec<u32>,
    folded: Vec<(char, usize, usize)>,
}

/// Words after which a period does not end a sentence ("e.g. Go, Rust").
const ABBREVIATIONS: [&str; 10] = [
    "e.g", "i.e", "eg", "ie", "etc", "incl", "vs", "approx", "esp", "cf",
];

thread_local! {
    static SCRATCH: RefCell<Tokens> = RefCell::new(Tokens::default());
}

/// Runs `f` on the tokens of `text`, reusing this thread's buffers.
pub(crate) fn with_tokens<R>(text: &str, f: impl FnOnce(&mut Tokens) -> R) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut tokens) => {
            tokens.fill(text);
            f(&mut tokens)
        }
        // Only reachable if `f` itself tokenizes again; fall back to fresh buffers.
        Err(_) => f(&mut Tokens::of(text)),
    })
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '#' | '+' | '&')
}

/// [`is_word_char`] for each ASCII byte, looked up rather than computed: it runs once per
/// byte of every text read.
const WORD_BYTES: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'#' || c == b'+' || c == b'&';
        b += 1;
    }
    table
};

fn is_word_byte(b: u8) -> bool {
    WORD_BYTES.get(usize::from(b)).copied().unwrap_or(false)
}

/// Whether a sentence starts at the next word, after the separator `c`: line breaks and
/// stops open one (a `.` not after an abbreviation), whitespace keeps the state `before`,
/// any other separator (",", "(", "-", ...) continues the sentence.
fn after_separator(c: char, before: bool, after_abbreviation: bool) -> bool {
    match c {
        '\n' | '\r' | '!' | '?' => true,
        '.' => !after_abbreviation,
        c if c.is_whitespace() => before,
        _ => false,
    }
}

impl Tokens {
    /// Tokens of `text` in fresh buffers.
    pub fn of(text: &str) -> Tokens {
        let mut tokens = Tokens::default();
        tokens.fill(text);
        tokens
    }

    /// The folded form of word `i`.
    #[inline]
    pub fn word(&self, i: usize) -> &str {
        &self.key[self.words[i].key.clone()]
    }

    /// Index of the word starting at byte `at` of `key`.
    pub fn word_at(&self, at: usize) -> Option<usize> {
        self.words.binary_search_by_key(&at, |w| w.key.start).ok()
    }

    /// Replaces the contents with the tokens of `text`. Mirrors `sourcer_core::text::words`
    /// character for character; a test compares the two on awkward inputs.
    pub fn fill(&mut self, text: &str) {
        self.key.clear();
        self.words.clear();
        self.key.push(' ');
        if text.is_ascii() {
            self.scan_ascii(text);
        } else {
            self.fill_folded(text);
        }
    }

    /// [`Tokens::fill`] for any text: folds character by character, then splits.
    fn fill_folded(&mut self, text: &str) {
        let mut folded = std::mem::take(&mut self.folded);
        folded.clear();
        for (at, c) in text.char_indices() {
            let end = at + c.len_utf8();
            decompose_compatible(c, |d| {
                if !is_combining_mark(d) {
                    folded.extend(d.to_lowercase().map(|l| (l, at, end)));
                }
            });
        }
        self.scan(folded.len(), |j| folded[j]);
        self.folded = folded;
    }

    /// [`Tokens::scan`] for ASCII text, where folding is lower-casing one byte: whole words
    /// are copied at once instead of character by character. Texts are mostly ASCII, and
    /// this runs over every description of every candidate scored. A test holds it equal to
    /// the general path.
    fn scan_ascii(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let alnum_at = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_alphanumeric);
        let mut sentence_start = true;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            // A `.` opens a word when a letter or digit follows (".net").
            if !(is_word_byte(b) || (b == b'.' && alnum_at(i + 1))) {
                sentence_start = after_separator(char::from(b), sentence_start, false);
                i += 1;
                continue;
            }
            let mut end = i + 1;
            while end < bytes.len() {
                let c = bytes[end];
                // Inside a word a `.` stays between letters or digits ("node.js", not "c#.").
                let keeps_dot = c == b'.' && alnum_at(end + 1) && alnum_at(end - 1);
                if !(is_word_byte(c) || keeps_dot) {
                    break;
                }
                end += 1;
            }
            let start = self.key.len();
            self.key.push_str(&text[i..end]);
            self.key[start..].make_ascii_lowercase();
            let word = Word {
                key: start..self.key.len(),
                src: i..end,
                sentence_start,
            };
            self.key.push(' ');
            // The byte that ends the word is consumed with it, as in the general path: the
            // `.` of "c#.net" ends "c#" and does not open ".net".
            i = end;
            if let Some(&c) = bytes.get(end) {
                let abbreviation =
                    c == b'.' && ABBREVIATIONS.contains(&&self.key[word.key.clone()]);
                sentence_start = after_separator(char::from(c), false, abbreviation);
                i += 1;
            }
            self.words.push(word);
        }
    }

    /// Splits `len` folded characters, each with its source byte range, into words.
    fn scan(&mut self, len: usize, folded: impl Fn(usize) -> (char, usize, usize)) {
        let mut sentence_start = true;
        let mut current: Option<Word> = None;
        let mut last = ' ';
        for j in 0..len {
            let (c, at, end) = folded(j);
            let keeps_dot = c == '.'
                && j + 1 < len
                && folded(j + 1).0.is_alphanumeric()
                && (current.is_none() || last.is_alphanumeric());
            if is_word_char(c) || keeps_dot {
                let word = current.get_or_insert(Word {
                    key: self.key.len()..self.key.len(),
                    src: at..end,
                    sentence_start,
                });
                self.key.push(c);
                word.key.end = self.key.len();
                word.src.end = end;
                last = c;
                continue;
            }
            let mut after_abbreviation = false;
            if let Some(w) = current.take() {
                self.key.push(' ');
                after_abbreviation = c == '.' && ABBREVIATIONS.contains(&&self.key[w.key.clone()]);
                self.words.push(w);
                sentence_start = false;
            }
            sentence_start = after_separator(c, sentence_start, after_abbreviation);
        }
        if let Some(w) = current {
            self.key.push(' ');
            self.words.push(w);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sourcer_core::text::word_key;

    #[test]
    fn the_key_is_exactly_the_core_word_key() {
        let samples = [
            "",
            "   ",
            "Senior .NET Developer",
            "C#, C++ and ASP.NET; Node.js / React.",
            "Sr. Engineer... e.g. Go, Rust!",
            "São Paulo — ZÜRICH crème brûlée ﬁnance İstanbul ß ẞ",
            "a.b.c .x x. .. ..y R&D FP&A A/B-testing UX/UI",
            "line one\nline two\r\n\tthird",
            "Ⅻ ① ｆｕｌｌ ｗｉｄｔｈ ＡＷＳ",
            "ǅemal ﬀ ŉ",
            ".net. .NET, (.net) x.net y.",
        ];
        for s in samples {
            assert_eq!(Tokens::of(s).key, word_key(s), "input {s:?}");
        }
    }

    #[test]
    fn words_remember_their_source_text() {
        let text = "Built APIs in Go, Ruby; e.g. Rails.";
        let t = Tokens::of(text);
        let src: Vec<&str> = t.words.iter().map(|w| &text[w.src.clone()]).collect();
        assert_eq!(
            src,
            vec!["Built", "APIs", "in", "Go", "Ruby", "e.g", "Rails"]
        );
    }

    #[test]
    fn sentence_starts_follow_stops_and_line_breaks_but_not_abbreviations() {
        let text = "Go fast. Then Go\nGo and e.g. Go - Go";
        let t = Tokens::of(text);
        let starts: Vec<bool> = t.words.iter().map(|w| w.sentence_start).collect();
        assert_eq!(
            starts,
            vec![true, false, true, false, true, false, false, false, false]
        );
    }

    /// A tokenization as plain data: the key and each word's key range, source range and
    /// sentence start.
    type Read = (String, Vec<(Range<usize>, Range<usize>, bool)>);

    /// Everything the ASCII path and the general path produce for `text`.
    fn both_paths(text: &str) -> [Read; 2] {
        let read = |t: &Tokens| {
            let words = t.words.iter();
            let words = words.map(|w| (w.key.clone(), w.src.clone(), w.sentence_start));
            (t.key.clone(), words.collect())
        };
        let mut general = Tokens::default();
        general.key.push(' ');
        general.fill_folded(text);
        [read(&Tokens::of(text)), read(&general)]
    }

    #[test]
    fn the_ascii_path_reads_awkward_punctuation_as_the_general_path_does() {
        let samples = [
            "c#.net a..b ..net x. .x e.g. Go i.e.Rust etc.\nGo",
            "Sr. Engineer... e.g. Go, Rust! Then? Go\r\nGo\tGo\x0bGo",
            "R&D, FP&A; A/B-testing (UX/UI) +1 #tag node.js. ASP.NET.",
            ".",
            "..",
            ".a",
            "a.",
            "a.b.",
            "!Go",
            "",
        ];
        for text in samples {
            let [fast, general] = both_paths(text);
            assert_eq!(fast, general, "input {text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_ascii_path_matches_the_general_path(text in "[a-zA-Z0-9#+&.,;:!?()/ \t\r\n-]{0,60}") {
            let [fast, general] = both_paths(&text);
            proptest::prop_assert_eq!(fast, general);
        }

        #[test]
        fn the_key_matches_the_core_word_key_on_any_text(text in "\\PC{0,40}") {
            proptest::prop_assert_eq!(Tokens::of(&text).key, word_key(&text));
        }

        #[test]
        fn the_key_matches_on_job_vocabulary_punctuation(text in "[a-zA-Zé#+&./ \\n-]{0,40}") {
            proptest::prop_assert_eq!(Tokens::of(&text).key, word_key(&text));
        }
    }
}
