//! Seniority: the ordered levels, the import format's `seniority_level` values, and how one
//! word of a job title reads as a level. Which words count in a given title (a family's own
//! words do not) is decided by `titles`.

use crate::keys::with_categorical_key;

/// Seniority, ordered from least to most senior.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Seniority {
    Intern,
    Junior,
    Mid,
    Senior,
    Lead,
    Staff,
    Principal,
    Manager,
    Head,
    Director,
    Vp,
    CLevel,
}

impl Seniority {
    /// Every level, least senior first.
    pub const ALL: [Seniority; 12] = [
        Seniority::Intern,
        Seniority::Junior,
        Seniority::Mid,
        Seniority::Senior,
        Seniority::Lead,
        Seniority::Staff,
        Seniority::Principal,
        Seniority::Manager,
        Seniority::Head,
        Seniority::Director,
        Seniority::Vp,
        Seniority::CLevel,
    ];

    /// A comparable rank; higher is more senior.
    pub fn rank(self) -> u8 {
        self as u8
    }

    /// The display label; [`Seniority::from_level`] reads it back.
    pub fn label(self) -> &'static str {
        match self {
            Seniority::Intern => "Intern",
            Seniority::Junior => "Junior",
            Seniority::Mid => "Mid",
            Seniority::Senior => "Senior",
            Seniority::Lead => "Lead",
            Seniority::Staff => "Staff",
            Seniority::Principal => "Principal",
            Seniority::Manager => "Manager",
            Seniority::Head => "Head",
            Seniority::Director => "Director",
            Seniority::Vp => "VP",
            Seniority::CLevel => "C-level",
        }
    }

    /// True for the individual-contributor modifiers (Intern to Principal) that qualify a
    /// role rather than name a different one; title relevance ignores them.
    pub fn is_modifier(self) -> bool {
        self <= Seniority::Principal
    }

    /// Reads the import format's `seniority_level` values (Entry, Junior, Mid, Senior, Lead,
    /// Manager, Director, VP, CXO, Owner, Partner, Intern), LinkedIn's (Internship, Entry
    /// level, Associate, Mid-Senior level, Director, Executive) and this type's own labels.
    pub fn from_level(level: &str) -> Option<Seniority> {
        // The categorical key keeps a trailing period ("Sr." stays "sr."), which is still
        // Senior. It is read for every job of every candidate, so the key is built in a
        // reused buffer and `seniority_key`'s spellings are folded into this one table (a
        // test holds it equal to reading through `seniority_key`).
        with_categorical_key(level.trim().trim_end_matches('.'), |key| {
            Some(match key {
                "intern" | "internship" | "trainee" => Seniority::Intern,
                "entry" | "entry level" | "entrylevel" | "graduate" | "junior" | "jr"
                | "associate" => Seniority::Junior,
                "mid" | "mid level" | "mid senior" | "intermediate" | "mid senior level" => {
                    Seniority::Mid
                }
                "senior" | "sr" | "senior level" => Seniority::Senior,
                "lead" => Seniority::Lead,
                "staff" => Seniority::Staff,
                "principal" => Seniority::Principal,
                "manager" => Seniority::Manager,
                "head" => Seniority::Head,
                "director" => Seniority::Director,
                "vp" | "vice president" | "svp" | "evp" => Seniority::Vp,
                "cxo" | "c level" | "c suite" | "executive" | "owner" | "partner" | "founder" => {
                    Seniority::CLevel
                }
                _ => return None,
            })
        })
    }
}

/// The title words that name an internship; no other word reads as [`Seniority::Intern`].
pub(crate) const INTERN_WORDS: [&str; 5] =
    ["intern", "interns", "internship", "trainee", "apprentice"];

/// Abbreviations of C-suite titles.
const C_SUITE: [&str; 18] = [
    "ceo", "cto", "cfo", "coo", "cmo", "cio", "cpo", "chro", "cro", "cdo", "ciso", "cso", "cco",
    "cao", "cxo", "cbo", "cno", "cpto",
];

/// Words before "partner" that make it a role ("HR Business Partner", "Talent Partner"),
/// not a partnership in the firm.
const ROLE_PARTNERS: [&str; 20] = [
    "business",
    "talent",
    "people",
    "hr",
    "channel",
    "strategic",
    "implementation",
    "account",
    "delivery",
    "learning",
    "client",
    "sourcing",
    "recruitment",
    "recruiting",
    "acquisition",
    "executive",
    "finance",
    "culture",
    "success",
    "development",
];

/// Words before "owner" that make it a role ("Product Owner"), not owning the business.
const ROLE_OWNERS: [&str; 9] = [
    "product", "process", "service", "system", "data", "content", "platform", "risk", "control",
];

/// One word of a title in its surroundings.
pub(crate) struct WordContext<'a> {
    pub prev: Option<&'a str>,
    pub word: &'a str,
    pub next: Option<&'a str>,
    /// Level numerals ("2", "I") only count at the end of the title or right after the role
    /// phrase, where they cannot be part of a name ("Level 2 Support").
    pub numeral_position: bool,
    /// The title contains "officer" or "executive", so "chief" is C-suite ("Chief Audit
    /// Executive") rather than a chief engineer.
    pub has_officer: bool,
    /// The word follows "to" or "for" ("Assistant to the CEO"): it names someone else.
    pub names_someone_else: bool,
}

/// The level one title word names, if any. See the README for the table and edge cases.
pub(crate) fn word_level(cx: &WordContext<'_>) -> Option<Seniority> {
    if cx.names_someone_else {
        return None;
    }
    let after = |list: &[&str]| cx.prev.is_some_and(|p| list.contains(&p));
    Some(match cx.word {
        w if INTERN_WORDS.contains(&w) => Seniority::Intern,
        "junior" | "jr" | "jnr" | "graduate" | "grad" | "associate" | "fresher" => {
            Seniority::Junior
        }
        "entry" if cx.next == Some("level") => Seniority::Junior,
        "mid" | "intermediate" => Seniority::Mid,
        "senior" | "sr" | "snr" => Seniority::Senior,
        "lead" | "leader" | "supervisor" => Seniority::Lead,
        "staff" => Seniority::Staff,
        "principal" | "distinguished" => Seniority::Principal,
        "manager" | "mgr" => Seniority::Manager,
        "head" => Seniority::Head,
        "director" | "dir" if cx.prev == Some("managing") => Seniority::CLevel,
        "director" | "dir" => Seniority::Director,
        "vp" | "svp" | "evp" | "avp" => Seniority::Vp,
        "vice" if cx.next == Some("president") => Seniority::Vp,
        "president" if cx.prev == Some("vice") => Seniority::Vp,
        "president" | "founder" | "cofounder" | "chairman" | "chairwoman" | "chairperson"
        | "proprietor" => Seniority::CLevel,
        "chief" if cx.has_officer || cx.next == Some("executive") => Seniority::CLevel,
        "chief" => Seniority::Principal,
        "partner" if !after(&ROLE_PARTNERS) => Seniority::CLevel,
        "owner" if !after(&ROLE_OWNERS) => Seniority::CLevel,
        "ii" => Seniority::Mid,
        "iii" => Seniority::Senior,
        "iv" => Seniority::Staff,
        "i" | "1" if cx.numeral_position => Seniority::Junior,
        "2" if cx.numeral_position => Seniority::Mid,
        "3" if cx.numeral_position => Seniority::Senior,
        "4" if cx.numeral_position => Seniority::Staff,
        w if C_SUITE.contains(&w) => Seniority::CLevel,
        _ => return None,
    })
}

/// Combines the levels read off one title: the most senior wins, except that an intern is
/// an intern whatever else the title says ("Senior Intern" is still an internship).
pub(crate) fn combine(levels: impl Iterator<Item = Seniority>) -> Option<Seniority> {
    let mut best: Option<Seniority> = None;
    for level in levels {
        if level == Seniority::Intern {
            return Some(Seniority::Intern);
        }
        best = best.max(Some(level));
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_import_levels_read_back() {
        for s in Seniority::ALL {
            assert_eq!(Seniority::from_level(s.label()), Some(s), "{s:?}");
        }
        let cases = [
            ("Sr.", Some(Seniority::Senior)),
            ("Entry level", Some(Seniority::Junior)),
            ("Mid-Senior level", Some(Seniority::Mid)),
            ("Associate", Some(Seniority::Junior)),
            ("Internship", Some(Seniority::Intern)),
            ("CXO", Some(Seniority::CLevel)),
            ("Owner", Some(Seniority::CLevel)),
            ("Partner", Some(Seniority::CLevel)),
            ("Executive", Some(Seniority::CLevel)),
            ("SVP", Some(Seniority::Vp)),
            ("whatever", None),
            ("", None),
        ];
        for (level, want) in cases {
            assert_eq!(Seniority::from_level(level), want, "{level:?}");
        }
    }

    /// `from_level` as first written: through `seniority_key`'s canonical spellings.
    fn from_level_via_seniority_key(level: &str) -> Option<Seniority> {
        use sourcer_core::categorical::seniority_key;
        Some(
            match seniority_key(level.trim().trim_end_matches('.')).as_str() {
                "intern" | "trainee" => Seniority::Intern,
                "entry" | "junior" | "associate" => Seniority::Junior,
                "mid" | "mid senior level" => Seniority::Mid,
                "senior" | "senior level" => Seniority::Senior,
                "lead" => Seniority::Lead,
                "staff" => Seniority::Staff,
                "principal" => Seniority::Principal,
                "manager" => Seniority::Manager,
                "head" => Seniority::Head,
                "director" => Seniority::Director,
                "vp" => Seniority::Vp,
                "cxo" | "owner" | "partner" | "founder" => Seniority::CLevel,
                _ => return None,
            },
        )
    }

    #[test]
    fn levels_read_as_through_the_core_seniority_key() {
        let spellings = [
            "Entry level",
            "entrylevel",
            "Entry",
            "Graduate",
            "Mid level",
            "Mid-Senior",
            "Mid-Senior level",
            "Intermediate",
            "Mid",
            "SR",
            "Sr.",
            "senior",
            "Senior level",
            "C-level",
            "C suite",
            "CXO",
            "Executive",
            "Vice President",
            "VP",
            "svp",
            "EVP",
            "Internship",
            "intern",
            "Trainee",
            "Jr",
            "junior",
            "Associate",
            "Lead",
            "Staff",
            "Principal",
            "Manager",
            "Head",
            "Director",
            "Owner",
            "Partner",
            "Founder",
            "",
            " . ",
            "Senior.",
            "Sr..",
            "mid_senior",
            "entry-level",
            "Vice-President",
            "Ｓｒ",
            "Séniör",
            "whatever",
        ];
        for level in spellings {
            assert_eq!(
                Seniority::from_level(level),
                from_level_via_seniority_key(level),
                "{level:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn any_level_reads_as_through_the_core_seniority_key(
            level in "(?i)(entry|mid|senior|sr|c|vice|president|level|suite|jr|vp)?[ ._,/-]{0,2}(level|senior|suite|president|lead)?[. ]{0,2}"
        ) {
            proptest::prop_assert_eq!(
                Seniority::from_level(&level),
                from_level_via_seniority_key(&level)
            );
        }
    }

    #[test]
    fn an_intern_stays_an_intern_and_otherwise_the_highest_level_wins() {
        use Seniority::*;
        assert_eq!(combine([Senior, Intern].into_iter()), Some(Intern));
        assert_eq!(
            combine([Senior, Director, Lead].into_iter()),
            Some(Director)
        );
        assert_eq!(combine(std::iter::empty()), None);
    }
}
