//! The skills taxonomy (data/skills.toml): canonical skills with aliases, categories and
//! related skills, alias resolution to canonical keys, and the [`Taxonomy`] that holds it all
//! together with the title families.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use crate::TaxonomyError;
use crate::mentions::Mentions;
use crate::titles::Titles;
use crate::tokens::with_tokens;

mod load;

pub(crate) use load::check_category;

/// The nine categories of skills, which are also the functions of title families.
pub const CATEGORIES: [&str; 9] = [
    "engineering",
    "data",
    "design",
    "product",
    "sales",
    "finance",
    "marketing",
    "operations",
    "hr",
];

/// One canonical skill.
#[derive(Debug, Clone)]
pub struct Skill {
    /// Display name, as written in the data file.
    pub name: String,
    /// Other spellings that mean the same skill.
    pub aliases: Vec<String>,
    /// One of [`CATEGORIES`].
    pub category: String,
    /// Names of related skills. Relations are symmetric: if A lists B, B's list has A.
    pub related: Vec<String>,
    /// Canonical key: the folded words of `name`.
    pub key: String,
    /// Spellings that are also common words ("Go", "Excel"): found in free text only when
    /// written in exactly this case and not at the start of a sentence.
    pub ambiguous: Vec<String>,
    /// Spellings that resolve in skills lists but are never looked for in free text ("PR").
    pub list_only: Vec<String>,
}

/// A skill found in free text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillMention {
    /// Canonical key of the skill.
    pub key: String,
    /// Byte offset of the mention in the folded word form of the text (`alias_key(text)`).
    pub offset: usize,
    /// Byte range of the mention in the original text, for quoting it as evidence.
    pub span: Range<usize>,
}

/// The loaded taxonomy. Obtain it with [`Taxonomy::global`].
pub struct Taxonomy {
    skills: Vec<Skill>,
    by_alias: HashMap<String, usize>,
    related: Vec<Vec<usize>>,
    mentions: Mentions,
    pub(crate) titles: Titles,
}

impl Taxonomy {
    /// The taxonomy built from the embedded data files, loaded once.
    pub fn global() -> &'static Taxonomy {
        static TAXONOMY: OnceLock<Taxonomy> = OnceLock::new();
        TAXONOMY.get_or_init(|| {
            Taxonomy::from_toml(
                include_str!("../data/skills.toml"),
                include_str!("../data/titles.toml"),
            )
            // The embedded files are checked by this crate's tests; failing here is a
            // build defect, not an input error.
            .expect("embedded taxonomy data is valid")
        })
    }

    /// Builds a taxonomy from the two data files' contents, checking every rule of the data
    /// format (README.md): known categories, unique spellings, related entries that resolve.
    pub fn from_toml(skills_toml: &str, titles_toml: &str) -> Result<Taxonomy, TaxonomyError> {
        let loaded = load::skills(skills_toml)?;
        Ok(Taxonomy {
            mentions: Mentions::build(&loaded.spellings, &loaded.stops),
            skills: loaded.skills,
            by_alias: loaded.by_alias,
            related: loaded.related,
            titles: Titles::from_toml(titles_toml)?,
        })
    }

    /// Every skill, in data-file order.
    pub fn skills(&self) -> &[Skill] {
        &self.skills
    }

    /// The skill a name or alias refers to ("k8s" is Kubernetes). A LinkedIn-style
    /// parenthetical is tried on both sides when the whole text is unknown: "Amazon Web
    /// Services (AWS)" and "Go (Programming Language)" resolve.
    pub fn skill(&self, text: &str) -> Option<&Skill> {
        self.lookup(text).or_else(|| {
            let (outside, inside) = split_parenthetical(text)?;
            self.lookup(outside).or_else(|| self.lookup(inside))
        })
    }

    fn lookup(&self, text: &str) -> Option<&Skill> {
        self.by_alias
            .get(&alias_key(text))
            .map(|&i| &self.skills[i])
    }

    /// The key skills are indexed and compared under: the canonical skill's key when the text
    /// names a known skill, else the text's own folded words (so unknown skills still match
    /// their own spellings).
    pub fn skill_key(&self, text: &str) -> String {
        self.skill(text)
            .map_or_else(|| alias_key(text), |s| s.key.clone())
    }

    /// The skill with this canonical key.
    pub fn skill_by_key(&self, key: &str) -> Option<&Skill> {
        self.by_alias
            .get(key)
            .map(|&i| &self.skills[i])
            .filter(|s| s.key == key)
    }

    /// The position in [`Taxonomy::skills`] of the skill with this canonical key.
    pub fn skill_index(&self, key: &str) -> Option<usize> {
        self.by_alias
            .get(key)
            .copied()
            .filter(|&i| self.skills[i].key == key)
    }

    /// Canonical keys of the skills related to `key` (empty for unknown skills).
    pub fn related_keys(&self, key: &str) -> Vec<String> {
        self.by_alias
            .get(key)
            .filter(|&&i| self.skills[i].key == key)
            .map(|&i| {
                self.related[i]
                    .iter()
                    .map(|&j| self.skills[j].key.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every known skill mentioned in `text` as whole words, leftmost-longest, in order.
    ///
    /// Ambiguous spellings count only in their exact case and not at a sentence start;
    /// list-only spellings and stop phrases ("Series C", "head chef") never count. The only
    /// allocation is the result: the word buffers are reused per thread.
    pub fn skills_in_text(&self, text: &str) -> Vec<SkillMention> {
        with_tokens(text, |tokens| {
            let mut found = Vec::new();
            self.mentions.find(tokens, text, |skill, offset, span| {
                found.push(SkillMention {
                    key: self.skills[skill].key.clone(),
                    offset,
                    span,
                });
            });
            found
        })
    }

    /// The mentions [`Taxonomy::skills_in_text`] finds, in the same order, given as
    /// positions in [`Taxonomy::skills`]: for callers that only need to know which skills
    /// are named, this allocates nothing.
    pub fn for_each_skill_in_text(&self, text: &str, mut found: impl FnMut(usize)) {
        with_tokens(text, |tokens| {
            self.mentions.find(tokens, text, |skill, _, _| found(skill));
        });
    }
}

impl std::fmt::Debug for Taxonomy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Taxonomy")
            .field("skills", &self.skills.len())
            .field("families", &self.titles.families.len())
            .finish_non_exhaustive()
    }
}

/// "Outside (Inside)" split into its two parts, when the text ends with a parenthetical.
fn split_parenthetical(text: &str) -> Option<(&str, &str)> {
    let text = text.trim();
    let open = text.rfind('(')?;
    let inside = text[open + 1..].strip_suffix(')')?;
    Some((&text[..open], inside))
}

/// Folded words joined by single spaces: the form aliases are compared in.
pub fn alias_key(text: &str) -> String {
    // The tokens' key is `sourcer_core::text::word_key`, the words with a space on each side.
    with_tokens(text, |t| t.key.trim_matches(' ').to_string())
}

#[cfg(test)]
mod tests {
    use super::alias_key;

    proptest::proptest! {
        #[test]
        fn alias_keys_are_the_core_words_joined_by_spaces(text in "\\PC{0,40}") {
            let words = sourcer_core::text::words(&text).join(" ");
            proptest::prop_assert_eq!(alias_key(&text), words);
        }
    }
}
