//! How the scorer reads seniority: an employer's level, and one ladder on which distances
//! between levels are measured.

use sourcer_core::Employer;
use sourcer_taxonomy::Seniority;

/// The seniority an employer record's `seniority_level` field names. Where it names none,
/// the scorer takes the title's words (`Taxonomy::parse_title`, remembered per title), the
/// same reading as the taxonomy's career facts.
pub fn employer_level(employer: &Employer) -> Option<Seniority> {
    employer.seniority_level.as_deref().and_then(level)
}

/// `Seniority::from_level`, with the import format's own spellings read without the
/// allocations of its normalisation (a test holds the two equal).
fn level(text: &str) -> Option<Seniority> {
    Some(match text {
        "Intern" => Seniority::Intern,
        "Entry" | "Junior" => Seniority::Junior,
        "Mid" => Seniority::Mid,
        "Senior" => Seniority::Senior,
        "Lead" => Seniority::Lead,
        "Manager" => Seniority::Manager,
        "Director" => Seniority::Director,
        "VP" => Seniority::Vp,
        "CXO" | "Owner" | "Partner" => Seniority::CLevel,
        other => return Seniority::from_level(other),
    })
}

/// A rung on one ladder shared by individual contributors and managers, so that distances
/// mean something across tracks (a Lead and a Manager are both one step above Senior).
pub fn rung(s: Seniority) -> i32 {
    match s {
        Seniority::Intern => 0,
        Seniority::Junior => 1,
        Seniority::Mid => 2,
        Seniority::Senior => 3,
        Seniority::Lead | Seniority::Staff | Seniority::Manager => 4,
        Seniority::Principal | Seniority::Head => 5,
        Seniority::Director => 6,
        Seniority::Vp => 7,
        Seniority::CLevel => 8,
    }
}

/// A title without its leading level modifiers ("Senior Backend Engineer" is "Backend
/// Engineer"); a title made only of modifiers is kept whole.
pub fn without_level(title: &str) -> String {
    let words: Vec<&str> = title.split_whitespace().collect();
    let lead = words
        .iter()
        .take_while(|w| Seniority::from_level(w).is_some_and(Seniority::is_modifier))
        .count();
    if lead == words.len() {
        title.trim().to_string()
    } else {
        words[lead..].join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_levels_read_as_the_taxonomy_reads_them() {
        for text in [
            "Intern", "Entry", "Junior", "Mid", "Senior", "Lead", "Manager", "Director", "VP",
            "CXO", "Owner", "Partner", "Head", "senior", "Sr.",
        ] {
            assert_eq!(level(text), Seniority::from_level(text), "{text}");
        }
    }

    #[test]
    fn leading_level_words_are_dropped_from_titles() {
        assert_eq!(without_level("Senior .NET Developer"), ".NET Developer");
        assert_eq!(without_level("Sr. Lead Data Engineer"), "Data Engineer");
        assert_eq!(without_level("Head of Product"), "Head of Product");
        assert_eq!(without_level("Lead"), "Lead");
    }
}
