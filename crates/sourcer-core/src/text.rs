//! Text normalisation shared by filtering, indexing and scoring.
//!
//! Two forms exist:
//! - [`fold`]: lower case, accents removed, whitespace collapsed. Used for equality and for
//!   contains/regex matching.
//! - [`words`] / [`word_key`]: the folded text split into words, where a word keeps the
//!   characters that carry meaning in job vocabulary (`c#`, `c++`, `.net`, `node.js`). Phrase
//!   matching "at word boundaries" compares word sequences, so ".NET Developer" matches
//!   "Senior .NET Developer" but not "ASP.NET Developer".

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower-cases, strips accents (NFKD, combining marks dropped) and collapses whitespace.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    let mut push = |c: char, out: &mut String| {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            return;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.extend(c.to_lowercase());
    };
    if text.is_ascii() {
        for c in text.chars() {
            push(c, &mut out);
        }
    } else {
        for c in text.nfkd().filter(|c| !is_combining_mark(*c)) {
            push(c, &mut out);
        }
    }
    out
}

/// Removes accents but keeps case: used on user-supplied regular expressions, whose escapes
/// (`\D` versus `\d`) must not be lower-cased.
pub fn strip_accents(text: &str) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    text.nfkd().filter(|c| !is_combining_mark(*c)).collect()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '#' | '+' | '&')
}

/// Splits text into folded words (see the module docs for what a word is).
pub fn words(text: &str) -> Vec<String> {
    let folded = fold(text);
    let chars: Vec<char> = folded.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let next_is_word = chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        let keeps_dot = c == '.'
            && next_is_word
            && (current.is_empty() || current.chars().last().is_some_and(char::is_alphanumeric));
        if is_word_char(c) || keeps_dot {
            current.push(c);
        } else if !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// The words of `text` joined by single spaces, with a leading and trailing space, so that a
/// phrase `p` occurs at word boundaries in `t` exactly when `word_key(p)` is a substring of
/// `word_key(t)`.
pub fn word_key(text: &str) -> String {
    let words = words(text);
    let mut key = String::with_capacity(text.len() + 2);
    key.push(' ');
    for w in words {
        key.push_str(&w);
        key.push(' ');
    }
    key
}

/// True when `phrase` occurs in `text` as a whole sequence of words.
pub fn contains_phrase(text: &str, phrase: &str) -> bool {
    let needle = word_key(phrase);
    needle.len() > 2 && word_key(text).contains(&needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_lowercases_strips_accents_and_collapses_space() {
        assert_eq!(fold("  São   Paulo "), "sao paulo");
        assert_eq!(fold("ZÜRICH"), "zurich");
        assert_eq!(fold("Crème Brûlée"), "creme brulee");
    }

    #[test]
    fn words_keep_programming_punctuation() {
        assert_eq!(
            words("Senior .NET Developer"),
            vec!["senior", ".net", "developer"]
        );
        assert_eq!(
            words("C#, C++ and ASP.NET"),
            vec!["c#", "c++", "and", "asp.net"]
        );
        assert_eq!(words("Node.js / React."), vec!["node.js", "react"]);
        assert_eq!(words("Sr. Engineer"), vec!["sr", "engineer"]);
    }

    #[test]
    fn phrases_match_at_word_boundaries_only() {
        assert!(contains_phrase("Senior .NET Developer", ".NET Developer"));
        assert!(!contains_phrase("ASP.NET Developer", ".NET Developer"));
        assert!(contains_phrase(
            "Lead Software Engineer II",
            "software engineer"
        ));
        assert!(!contains_phrase(
            "Software Engineering Manager",
            "software engineer"
        ));
        assert!(contains_phrase("Ingénieur Logiciel", "ingenieur"));
        assert!(!contains_phrase("anything", "!!!"));
    }
}
