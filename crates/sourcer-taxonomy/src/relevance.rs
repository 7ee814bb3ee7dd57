//! How well a candidate's job title fits the title a search wants, with the reason, for the
//! fit scorer to weigh and cite.

use crate::Taxonomy;
use crate::titles::{Analysis, TitleFamily};
use crate::tokens::Tokens;

/// The strongest link found between a wanted title and an actual one, best first:
/// exact phrase > same family > related family > shared words > unrelated.
#[derive(Debug, Clone, PartialEq)]
pub enum TitleRelevance<'t> {
    /// The wanted title, without level modifiers (Senior, Lead, II, ...), occurs as a phrase
    /// in the actual one without its modifiers: "Backend Engineer" in "Sr. Backend Engineer II".
    ExactPhrase { phrase: String },
    /// Both titles belong to this family ("Developer" and "Software Engineer").
    SameFamily { family: &'t TitleFamily },
    /// The families are listed as related ("Data Engineer" and "Analytics Engineer").
    RelatedFamily {
        wanted: &'t TitleFamily,
        actual: &'t TitleFamily,
    },
    /// Some meaningful words are shared: not seniority words, stop words or generic role
    /// nouns such as "engineer" or "manager". `of` counts the wanted title's meaningful words.
    SharedWords { words: Vec<String>, of: usize },
    /// Nothing links the two titles.
    Unrelated,
}

/// Words that carry no role meaning of their own.
const STOP_WORDS: [&str; 14] = [
    "of", "and", "&", "the", "for", "in", "at", "to", "a", "an", "with", "on", "de", "y",
];

/// Role nouns shared by too many unrelated roles to link two titles on their own.
const GENERIC: [&str; 24] = [
    "engineer",
    "engineering",
    "developer",
    "manager",
    "management",
    "specialist",
    "analyst",
    "associate",
    "consultant",
    "officer",
    "representative",
    "rep",
    "coordinator",
    "assistant",
    "executive",
    "administrator",
    "professional",
    "expert",
    "agent",
    "member",
    "team",
    "worker",
    "partner",
    "advisor",
];

impl TitleRelevance<'_> {
    /// A score in [0, 1]: exact phrase 1.0, same family 0.8, related family 0.5, shared words
    /// up to 0.4 (0.4 × shared / wanted meaningful words), unrelated 0.0.
    pub fn score(&self) -> f32 {
        match self {
            TitleRelevance::ExactPhrase { .. } => 1.0,
            TitleRelevance::SameFamily { .. } => 0.8,
            TitleRelevance::RelatedFamily { .. } => 0.5,
            TitleRelevance::SharedWords { words, of } => {
                0.4 * words.len() as f32 / (*of).max(1) as f32
            }
            TitleRelevance::Unrelated => 0.0,
        }
    }

    /// The reason in words, for evidence lists.
    pub fn reason(&self) -> String {
        match self {
            TitleRelevance::ExactPhrase { phrase } => format!("title contains \"{phrase}\""),
            TitleRelevance::SameFamily { family } => format!("same role: {}", family.name),
            TitleRelevance::RelatedFamily { wanted, actual } => {
                format!("{} is related to {}", actual.name, wanted.name)
            }
            TitleRelevance::SharedWords { words, .. } => {
                format!("title shares \"{}\"", words.join("\", \""))
            }
            TitleRelevance::Unrelated => "title is unrelated".to_string(),
        }
    }
}

impl Taxonomy {
    /// How well the `actual` title fits the `wanted` one; see [`TitleRelevance`].
    pub fn title_relevance(&self, wanted: &str, actual: &str) -> TitleRelevance<'_> {
        let (w, a) = (Tokens::of(wanted), Tokens::of(actual));
        let (wa, aa) = (self.titles.analyse(&w), self.titles.analyse(&a));
        let mut want_core = self.core_words(&w, &wa);
        let mut actual_core = self.core_words(&a, &aa);
        if want_core.is_empty() {
            // A title made only of modifiers ("Senior") is compared as written.
            want_core = (0..w.words.len()).map(|i| w.word(i)).collect();
            actual_core = (0..a.words.len()).map(|i| a.word(i)).collect();
        }
        if !want_core.is_empty() && actual_core.windows(want_core.len()).any(|x| x == want_core) {
            return TitleRelevance::ExactPhrase {
                phrase: want_core.join(" "),
            };
        }
        let families = &self.titles.families;
        if let (Some(wf), Some(af)) = (wa.family, aa.family) {
            if wf == af {
                return TitleRelevance::SameFamily {
                    family: &families[wf],
                };
            }
            if self.titles.related[wf].contains(&af) {
                return TitleRelevance::RelatedFamily {
                    wanted: &families[wf],
                    actual: &families[af],
                };
            }
        }
        let want_meaningful = self.meaningful_words(&w, &wa);
        let actual_meaningful = self.meaningful_words(&a, &aa);
        let shared: Vec<String> = want_meaningful
            .iter()
            .filter(|x| actual_meaningful.contains(x))
            .map(|x| x.to_string())
            .collect();
        if shared.is_empty() {
            return TitleRelevance::Unrelated;
        }
        TitleRelevance::SharedWords {
            words: shared,
            of: want_meaningful.len(),
        }
    }

    /// The title's words without level modifiers.
    fn core_words<'a>(&self, t: &'a Tokens, a: &Analysis) -> Vec<&'a str> {
        (0..t.words.len())
            .filter(|&i| {
                self.titles
                    .level_of(t, i, a)
                    .is_none_or(|level| !level.is_modifier())
            })
            .map(|i| t.word(i))
            .collect()
    }

    /// Distinct words that say what the role is about.
    fn meaningful_words<'a>(&self, t: &'a Tokens, a: &Analysis) -> Vec<&'a str> {
        let mut out: Vec<&str> = Vec::new();
        for i in 0..t.words.len() {
            let word = t.word(i);
            let meaningful = self.titles.level_of(t, i, a).is_none()
                && !STOP_WORDS.contains(&word)
                && !GENERIC.contains(&word)
                && word.chars().any(char::is_alphabetic);
            if meaningful && !out.contains(&word) {
                out.push(word);
            }
        }
        out
    }
}
