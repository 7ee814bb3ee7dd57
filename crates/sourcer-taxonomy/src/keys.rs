//! `sourcer_core::categorical::categorical_key` without its allocations, for the values read
//! for every job of every candidate (employment types, seniority levels, company names).
//! The core function folds into one string and rebuilds it into another; for ASCII text
//! both steps are one pass over the bytes. Tests hold the two equal.

use std::cell::RefCell;

use sourcer_core::categorical::categorical_key;

thread_local! {
    static SCRATCH: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Writes `categorical_key(value)` into `out`, replacing its contents.
pub(crate) fn categorical_key_into(value: &str, out: &mut String) {
    out.clear();
    if !value.is_ascii() {
        out.push_str(&categorical_key(value));
        return;
    }
    for b in value.bytes() {
        match b {
            // Folding collapses whitespace to one space; the key then reads these as spaces.
            b'-' | b'_' | b'/' => push_space(out),
            b if char::from(b).is_whitespace() => push_space(out),
            b',' | b'\'' => {}
            b => out.push(char::from(b.to_ascii_lowercase())),
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
}

fn push_space(out: &mut String) {
    if !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

/// Runs `f` on `categorical_key(value)`, built in this thread's reused buffer.
pub(crate) fn with_categorical_key<R>(value: &str, f: impl FnOnce(&str) -> R) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut key) => {
            categorical_key_into(value, &mut key);
            f(&key)
        }
        // Only reachable if `f` itself asks for a key; fall back to a fresh buffer.
        Err(_) => f(&categorical_key(value)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fast(value: &str) -> String {
        let mut out = String::from("stale");
        categorical_key_into(value, &mut out);
        out
    }

    #[test]
    fn keys_equal_the_core_function_on_import_spellings() {
        let samples = [
            "",
            " ",
            "Full-time",
            "FULL_TIME",
            "full  time ",
            " - Part-Time / Contract, ",
            "Self-employed",
            "Mid-Senior level",
            "Sr.",
            "O'Reilly Media, Inc.",
            "a\t-b\n,c\x0bd\x0ce\x1cf",
            "Tech Mahindra",
            "Société Générale",
            "ＡＷＳ Ｃｏｒｐ",
        ];
        for value in samples {
            assert_eq!(fast(value), categorical_key(value), "{value:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn keys_equal_the_core_function_on_any_text(value in "\\PC{0,30}") {
            proptest::prop_assert_eq!(fast(&value), categorical_key(&value));
        }

        #[test]
        fn keys_equal_the_core_function_on_separators(value in "[a-zA-Z ,'_/\t\n-]{0,30}") {
            proptest::prop_assert_eq!(fast(&value), categorical_key(&value));
            proptest::prop_assert_eq!(
                with_categorical_key(&value, str::to_string),
                categorical_key(&value)
            );
        }
    }
}
