//! Normalisation of categorical values (seniority, function, degree, employment type, company
//! type, headcount range, funding stage, open-to cards, languages).
//!
//! Categorical filters match exactly after this normalisation: "Full-time", "full time" and
//! "FULL_TIME" are one value; "Series A" and "series_a" are one value.

use crate::text::fold;

/// The generic key: folded, with `-`, `_` and `/` read as spaces, commas dropped, spaces
/// collapsed.
pub fn categorical_key(value: &str) -> String {
    let folded = fold(value);
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        match c {
            '-' | '_' | '/' | ' ' => {
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            ',' | '\'' => {}
            c => out.push(c),
        }
    }
    out.trim_end().to_string()
}

/// Seniority levels of the import format, with common spellings folded onto them.
pub fn seniority_key(value: &str) -> String {
    let key = categorical_key(value);
    let canonical = match key.as_str() {
        "entry level" | "entrylevel" | "entry" | "graduate" => "entry",
        "mid level" | "mid senior" | "intermediate" | "mid" => "mid",
        "sr" | "senior" => "senior",
        "c level" | "c suite" | "cxo" | "executive" => "cxo",
        "vice president" | "vp" | "svp" | "evp" => "vp",
        "internship" | "intern" => "intern",
        "jr" | "junior" => "junior",
        _ => return key,
    };
    canonical.to_string()
}

/// Degree levels of the import format (`BACHELORS`, `MASTERS`, ...) with common spellings.
pub fn degree_key(value: &str) -> String {
    let key: String = fold(value)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    let canonical = match key.as_str() {
        "bachelor" | "bachelors" | "ba" | "bs" | "bsc" | "btech" | "be" | "bachelorsdegree" => {
            "bachelors"
        }
        "master" | "masters" | "ma" | "ms" | "msc" | "mtech" | "mba" | "mastersdegree" => "masters",
        "doctorate" | "phd" | "doctoral" | "doctor" => "doctorate",
        "postdoctorate" | "postdoc" | "postdoctoral" => "post_doctorate",
        "associate" | "associates" => "associates",
        "highschool" | "secondary" => "high_school",
        "diploma" => "diploma",
        _ => return categorical_key(value).replace(' ', "_"),
    };
    canonical.to_string()
}

/// Headcount ranges such as `51-200` or `10001+` (spaces and thousands separators ignored).
pub fn headcount_range_key(value: &str) -> String {
    fold(value)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_collapse_to_one_key() {
        assert_eq!(categorical_key("Full-time"), categorical_key("FULL_TIME"));
        assert_eq!(categorical_key("Series A"), categorical_key("series_a"));
        assert_eq!(categorical_key("Public Company"), "public company");
        assert_eq!(seniority_key("Sr."), "sr.");
        assert_eq!(seniority_key("SENIOR"), "senior");
        assert_eq!(seniority_key("Entry-level"), "entry");
        assert_eq!(degree_key("Bachelor's"), "bachelors");
        assert_eq!(degree_key("BACHELORS"), "bachelors");
        assert_eq!(degree_key("High School"), "high_school");
        assert_eq!(degree_key("POST_DOCTORATE"), "post_doctorate");
        assert_eq!(headcount_range_key("10,001 +"), "10001+");
        assert_eq!(headcount_range_key("51 - 200"), "51-200");
    }
}
