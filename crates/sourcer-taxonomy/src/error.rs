//! The crate's one error type: what can be wrong with a taxonomy data file.

/// Why [`crate::Taxonomy::from_toml`] refused a pair of data files.
///
/// Every variant names the file entry at fault, so a bad edit to `data/*.toml` fails the
/// build's tests with a message that points at the line to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TaxonomyError {
    /// The file is not valid TOML or does not have the documented shape.
    #[error("{file}: {message}")]
    Syntax { file: &'static str, message: String },
    /// A category or title-family function outside the nine known ones.
    #[error("{owner:?}: unknown category {category:?} (expected one of {expected})")]
    UnknownCategory {
        owner: String,
        category: String,
        expected: String,
    },
    /// A spelling (name, alias, title, stop phrase) with no words in it.
    #[error("{owner:?}: a spelling has no words")]
    EmptySpelling { owner: String },
    /// Two skills claim the same spelling, so it could not resolve to one canonical key.
    #[error("spelling {spelling:?} belongs to both {first:?} and {second:?}")]
    DuplicateSpelling {
        spelling: String,
        first: String,
        second: String,
    },
    /// A related skill or family that names nothing in the file.
    #[error("{owner:?}: related {related:?} is not in the file")]
    UnknownRelated { owner: String, related: String },
    /// An `ambiguous` or `list_only` entry that is not one of the skill's own spellings.
    #[error("{skill:?}: {spelling:?} is listed as {list} but is not the name or an alias")]
    NotASpelling {
        skill: String,
        spelling: String,
        list: &'static str,
    },
    /// A stop phrase that is also a skill spelling, which would hide the skill everywhere.
    #[error("stop phrase {phrase:?} is a spelling of {skill:?}")]
    StopPhraseIsSkill { phrase: String, skill: String },
    /// A title that two families claim.
    #[error("title {title:?} belongs to both {first:?} and {second:?}")]
    DuplicateTitle {
        title: String,
        first: String,
        second: String,
    },
    /// A family `role_words` entry that is not a seniority word used in the family's titles.
    #[error("{family:?}: role word {word:?} is not a seniority word of its titles")]
    BadRoleWord { family: String, word: String },
    /// The matcher could not be built (too many or too long patterns).
    #[error("cannot build the matcher: {0}")]
    Matcher(String),
}
