//! The value normalisation of docs/queries.md, as both sides of the PostgreSQL comparison need
//! it: the loader writes these forms into columns and the SQL compiler turns query values into
//! the same forms. They mirror `sourcer_index`'s private `norm` module (blank values are
//! absent, values are cut to 500 characters, places are comma-separated components), built on
//! the public normalisers of `sourcer_core`.

use sourcer_core::categorical::{categorical_key, degree_key, headcount_range_key, seniority_key};
use sourcer_core::query::CategoricalKind;
use sourcer_core::text::fold;
use sourcer_index::{MAX_PLACE_COMPONENTS, MAX_VALUE_CHARS};

/// Replaces control characters by spaces and cuts the text to `max` characters.
pub fn clean(value: &str, max: usize) -> String {
    value
        .chars()
        .take(max)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// A present short value: the cleaned, trimmed spelling and its folded form (never empty).
#[derive(Debug, Clone, PartialEq)]
pub struct Val {
    pub original: String,
    pub folded: String,
}

/// Normalises a short value; `None` when nothing is left after folding.
pub fn val(raw: &str) -> Option<Val> {
    let cleaned = clean(raw, MAX_VALUE_CHARS);
    let folded = fold(&cleaned);
    (!folded.is_empty()).then(|| Val {
        original: cleaned.trim().to_string(),
        folded,
    })
}

/// [`val`] over an optional field.
pub fn opt_val(raw: &Option<String>) -> Option<Val> {
    raw.as_deref().and_then(val)
}

/// The key a categorical value of this kind is compared under, from its folded form.
pub fn cat_key(kind: CategoricalKind, folded: &str) -> String {
    match kind {
        CategoricalKind::Generic => categorical_key(folded),
        CategoricalKind::Seniority => seniority_key(folded),
        CategoricalKind::Degree => degree_key(folded),
        CategoricalKind::HeadcountRange => headcount_range_key(folded),
    }
}

/// The comma-separated components of a folded place, trimmed, blanks dropped.
pub fn place_components(folded: &str) -> Vec<&str> {
    folded
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}

/// The components joined as `a, b, c`: what place `=` compares.
pub fn place_key(folded: &str) -> String {
    place_components(folded).join(", ")
}

/// Every non-empty in-order subsequence of the place's last [`MAX_PLACE_COMPONENTS`]
/// components, joined like [`place_key`]: a value `IN`-matches the place exactly when its
/// components, joined the same way, are one of these (components never contain a comma).
pub fn place_subsequences(folded: &str) -> Vec<String> {
    let mut components = place_components(folded);
    let extra = components.len().saturating_sub(MAX_PLACE_COMPONENTS);
    components.drain(..extra);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_values_are_absent_and_control_characters_are_spaces() {
        assert!(val(" \u{301} ").is_none());
        let v = val(" Senior\u{1f}Engineer\n").unwrap();
        assert_eq!(v.original, "Senior Engineer");
        assert_eq!(v.folded, "senior engineer");
    }

    #[test]
    fn a_place_is_inside_its_country_and_region_but_not_reversed() {
        let keys = place_subsequences("pune, maharashtra, india");
        assert_eq!(keys.len(), 7);
        assert!(keys.contains(&"pune, india".to_string()));
        assert!(!keys.contains(&"india, pune".to_string()));
        assert_eq!(place_subsequences("a, b, c, d, e, f, g, h").len(), 63);
        assert_eq!(
            place_key(" pune ,, maharashtra,india"),
            "pune, maharashtra, india"
        );
    }
}
