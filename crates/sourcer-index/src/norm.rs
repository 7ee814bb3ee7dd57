//! Value normalisation shared by indexing and the brute-force evaluator, so that both compare
//! exactly the same forms: blank values are absent, long values are cut, and every kind of
//! field has one key function (docs/queries.md, "Normalisation").

use std::borrow::Cow;

use sourcer_core::MonthStamp;
use sourcer_core::categorical::{categorical_key, degree_key, headcount_range_key, seniority_key};
use sourcer_core::query::CategoricalKind;
use sourcer_core::text::fold;
use sourcer_taxonomy::Taxonomy;

/// Short values (titles, names, places, ...) are compared on their first this many characters.
pub const MAX_VALUE_CHARS: usize = 500;
/// Employer descriptions are searched in their first this many characters.
pub const MAX_DESCRIPTION_CHARS: usize = 10_000;
/// A place with more comma-separated components keeps only its last this many for `IN`.
pub const MAX_PLACE_COMPONENTS: usize = 6;

/// Separates the normalised key from the original spelling inside an index term. Keys never
/// contain it: control characters are replaced by spaces before normalisation.
pub(crate) const SEP: char = '\u{1f}';

/// Replaces control characters by spaces and cuts the text to `max` characters.
pub(crate) fn clean(value: &str, max: usize) -> Cow<'_, str> {
    let needs_cut = value.len() > max && value.chars().nth(max).is_some();
    if !needs_cut && !value.chars().any(char::is_control) {
        return Cow::Borrowed(value);
    }
    Cow::Owned(
        value
            .chars()
            .take(max)
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect(),
    )
}

/// [`fold`] with a fast path for ASCII text; the output is identical (see the tests).
pub(crate) fn fold_fast(text: &str) -> String {
    if !text.is_ascii() {
        return fold(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for &b in text.as_bytes() {
        if char::from(b).is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(char::from(b.to_ascii_lowercase()));
    }
    out
}

/// A present short value: its cleaned spelling and its folded form.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Val {
    /// Cleaned and trimmed: the display form.
    pub original: String,
    /// [`fold`] of the original; never empty.
    pub folded: String,
}

/// Normalises a short value; `None` when it is blank (nothing left after folding).
pub(crate) fn val(raw: &str) -> Option<Val> {
    let cleaned = clean(raw, MAX_VALUE_CHARS);
    let folded = fold_fast(&cleaned);
    (!folded.is_empty()).then(|| Val {
        original: cleaned.trim().to_string(),
        folded,
    })
}

/// [`val`] over an optional field.
pub(crate) fn opt_val(raw: &Option<String>) -> Option<Val> {
    raw.as_deref().and_then(val)
}

/// The key a categorical value of this kind is compared under (from its folded form: the
/// normalisers fold first, and folding twice changes nothing).
pub(crate) fn cat_key(kind: CategoricalKind, folded: &str) -> String {
    match kind {
        CategoricalKind::Generic => categorical_key(folded),
        CategoricalKind::Seniority => seniority_key(folded),
        CategoricalKind::Degree => degree_key(folded),
        CategoricalKind::HeadcountRange => headcount_range_key(folded),
    }
}

/// The key a skill is indexed and compared under (the taxonomy's alias resolution).
pub(crate) fn skill_key(original: &str) -> String {
    Taxonomy::global().skill_key(original)
}

/// The comma-separated components of a folded place, trimmed, blanks dropped.
pub(crate) fn place_components(folded: &str) -> Vec<&str> {
    folded
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}

/// The components joined as `a, b, c`: the key `=` compares.
pub(crate) fn place_key(folded: &str) -> String {
    place_components(folded).join(", ")
}

/// The components `IN` looks at: the last [`MAX_PLACE_COMPONENTS`].
pub(crate) fn capped_components(folded: &str) -> Vec<&str> {
    let mut components = place_components(folded);
    let extra = components.len().saturating_sub(MAX_PLACE_COMPONENTS);
    components.drain(..extra);
    components
}

/// Every non-empty in-order subsequence of the capped components, as keys: a place value
/// `IN`-matches the place exactly when its key is one of these.
pub(crate) fn place_subsequence_keys(folded: &str) -> Vec<String> {
    let components = capped_components(folded);
    let n = components.len();
    let mut keys = Vec::with_capacity((1usize << n).saturating_sub(1));
    for mask in 1u32..(1u32 << n) {
        let picked: Vec<&str> = (0..n)
            .filter(|i| mask & (1 << i) != 0)
            .map(|i| components[i])
            .collect();
        keys.push(picked.join(", "));
    }
    keys
}

/// True when `needle` occurs in `haystack` in order, possibly with gaps.
pub(crate) fn is_subsequence(needle: &[String], haystack: &[&str]) -> bool {
    let mut rest = haystack.iter();
    needle.iter().all(|n| rest.any(|h| h == n))
}

/// A month stamp as the index stores it.
pub(crate) fn month(m: MonthStamp) -> i64 {
    i64::from(m.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_values_are_absent_and_control_characters_become_spaces() {
        assert!(val("   ").is_none());
        assert!(val("\u{301}").is_none());
        let v = val(" Senior\u{1f}Engineer\n").unwrap();
        assert_eq!(v.original, "Senior Engineer");
        assert_eq!(v.folded, "senior engineer");
    }

    #[test]
    fn the_ascii_fast_path_folds_exactly_like_core() {
        let samples = [
            "",
            " ",
            "  Senior  .NET\tDeveloper \n",
            "C#/C++",
            "\x0b\x0c\rA\x1cB",
            "MiXeD  case ",
        ];
        for s in samples {
            assert_eq!(fold_fast(s), fold(s), "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn fold_fast_equals_fold_on_any_text(s in "[ -~\t\n\r\x0b\x0c\x1c-\x1f]{0,40}|\\PC{0,20}") {
            proptest::prop_assert_eq!(fold_fast(&s), fold(&s));
        }
    }

    #[test]
    fn long_values_are_cut_at_a_character_boundary() {
        let long = "é".repeat(MAX_VALUE_CHARS + 10);
        assert_eq!(
            val(&long).unwrap().original.chars().count(),
            MAX_VALUE_CHARS
        );
    }

    #[test]
    fn place_subsequences_cover_city_country_forms() {
        let keys = place_subsequence_keys("pune, maharashtra, india");
        assert_eq!(keys.len(), 7);
        for k in ["pune", "india", "pune, india", "maharashtra, india"] {
            assert!(keys.contains(&k.to_string()), "{k}");
        }
        assert!(!keys.contains(&"india, pune".to_string()));
        let many = "a, b, c, d, e, f, g, h";
        assert_eq!(place_subsequence_keys(many).len(), 63);
        assert!(!place_subsequence_keys(many).contains(&"a".to_string()));
        assert_eq!(
            place_key(" Pune ,, Maharashtra,India"),
            "Pune, Maharashtra, India"
        );
    }
}
