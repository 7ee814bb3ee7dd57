//! The lookup key of a place name: what two spellings of one name have in common.
//!
//! Built on `sourcer_core::text::fold` (case and accents), then:
//! - punctuation that varies between spellings is dropped (`St. John's` = `St Johns`) or read
//!   as a space (`Baden-Württemberg` = `Baden Wurttemberg`);
//! - German-style umlaut transliterations collapse (`ae`, `oe`, `ue` -> `a`, `o`, `u`), because
//!   GeoNames writes `Zuerich`, `Goeteborg` where users type `Zürich`, `Göteborg`;
//! - abbreviated words are spelled out (`St` -> `saint`, `Mt` -> `mount`, `Ft` -> `fort`).
//!
//! Both the gazetteer's names and the user's text go through the same function, so the
//! occasional collision this creates ("Muller" and "Mueller") only widens a candidate list.

use sourcer_core::text::fold;

/// The lookup key of `text`; empty when `text` has no letters or digits.
pub(crate) fn key(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    if text.is_ascii() {
        // The gazetteer's own names are ASCII: skip folding's allocation on the load path.
        push_words(&mut out, text.chars().map(|c| c.to_ascii_lowercase()));
    } else {
        push_words(&mut out, fold(text).chars());
    }
    out
}

/// Appends the key words of already lower-cased characters to `out`, one word at a time so
/// that each can be rewritten in place when it ends.
fn push_words(out: &mut String, chars: impl Iterator<Item = char>) {
    let mut word_start = None;
    for c in chars {
        match c {
            '.' | '\'' | '`' | '\u{2019}' | '"' => {}
            c if c.is_alphanumeric() || c == '&' => {
                if word_start.is_none() {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    word_start = Some(out.len());
                }
                out.push(c);
            }
            _ => {
                if let Some(start) = word_start.take() {
                    finish_word(out, start);
                }
            }
        }
    }
    if let Some(start) = word_start {
        finish_word(out, start);
    }
}

/// Rewrites the word at `out[start..]`: abbreviations spelled out, umlaut spellings collapsed.
fn finish_word(out: &mut String, start: usize) {
    let spelled = match &out[start..] {
        "st" | "sankt" => "saint",
        "ste" => "sainte",
        "mt" => "mount",
        "ft" => "fort",
        // Short words are codes and abbreviations ("UAE", "AE"), never transliterations.
        w if w.len() < 4 => return,
        w if !["ae", "oe", "ue"].iter().any(|d| w.contains(d)) => return,
        _ => {
            let word = out.split_off(start);
            let mut chars = word.chars().peekable();
            while let Some(c) = chars.next() {
                out.push(c);
                if matches!(c, 'a' | 'o' | 'u') && chars.peek() == Some(&'e') {
                    chars.next();
                }
            }
            return;
        }
    };
    out.truncate(start);
    out.push_str(spelled);
}

#[cfg(test)]
mod tests {
    use super::key;

    #[test]
    fn spellings_of_one_name_share_a_key() {
        assert_eq!(key("  São   Paulo "), key("Sao Paulo"));
        assert_eq!(key("Zürich"), key("Zuerich"));
        assert_eq!(key("Baden-Württemberg"), key("Baden-Wuerttemberg"));
        assert_eq!(key("St. Gallen"), key("Sankt Gallen"));
        assert_eq!(key("U.S.A."), "usa");
        assert_eq!(key("UAE"), "uae");
        assert_eq!(key("Saint John's"), key("St Johns"));
    }

    #[test]
    fn different_names_keep_different_keys() {
        assert_ne!(key("Pune"), key("Puri"));
        assert_ne!(key("New York"), key("York"));
        assert_eq!(key("!!!"), "");
    }
}
