//! Title families (data/titles.toml) and seniority parsing of job titles.
//!
//! A title is read in two steps. First the family: the longest family title that occurs in
//! it as a whole phrase ("Senior Software Engineering Manager" is an engineering manager, not
//! a software engineer). Then the seniority: every seniority word counts except a family's
//! own role words inside the matched phrase, so "Account Manager" has no management level
//! while "Engineering Manager" does. The words of every family title are folded once, at
//! load, into one automaton; a parse allocates nothing.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;

use crate::seniority::{WordContext, combine, word_level};
use crate::skills::{alias_key, check_category};
use crate::tokens::{Tokens, with_tokens};
use crate::{Taxonomy, TaxonomyError};

pub use crate::seniority::Seniority;

/// A family of titles naming one role ("Software Engineer": developer, programmer, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleFamily {
    /// Display name; also one of the family's titles.
    pub name: String,
    /// One of the nine [`crate::skills::CATEGORIES`].
    pub function: String,
    /// Phrases that name the role, without seniority words.
    pub titles: Vec<String>,
    /// Names of related families. Relations are symmetric.
    pub related: Vec<String>,
    /// Seniority-looking words that, inside this family's titles, name the role rather than
    /// a level ("manager" in Account Manager, "staff" in Staff Accountant). Folded.
    pub role_words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TitlesFile {
    family: Vec<FamilyEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FamilyEntry {
    name: String,
    function: String,
    titles: Vec<String>,
    #[serde(default)]
    related: Vec<String>,
    #[serde(default)]
    role_words: Vec<String>,
}

/// What a title says about the role.
#[derive(Debug, Clone)]
pub struct ParsedTitle<'t> {
    /// The level the title's words name, if any (see the README's seniority table).
    pub seniority: Option<Seniority>,
    /// The family whose longest title phrase occurs in the title.
    pub family: Option<&'t TitleFamily>,
}

/// The loaded families and their title automaton.
pub(crate) struct Titles {
    pub families: Vec<TitleFamily>,
    pub related: Vec<Vec<usize>>,
    automaton: AhoCorasick,
    pattern_family: Vec<usize>,
}

/// One title's reading, in word indices of its [`Tokens`].
pub(crate) struct Analysis {
    pub family: Option<usize>,
    /// Words covered by the matched family title (empty without a family).
    pub phrase: Range<usize>,
    pub seniority: Option<Seniority>,
    has_officer: bool,
}

impl Titles {
    pub fn from_toml(src: &str) -> Result<Titles, TaxonomyError> {
        let file: TitlesFile = toml::from_str(src).map_err(|e| TaxonomyError::Syntax {
            file: "titles.toml",
            message: e.to_string(),
        })?;
        let mut owner_of: HashMap<String, usize> = HashMap::new();
        let mut families = Vec::new();
        for (i, entry) in file.family.into_iter().enumerate() {
            check_category(&entry.name, &entry.function)?;
            let mut keys = Vec::new();
            for title in std::iter::once(&entry.name).chain(&entry.titles) {
                let key = alias_key(title);
                if key.is_empty() {
                    return Err(TaxonomyError::EmptySpelling { owner: entry.name });
                }
                match owner_of.get(&key) {
                    Some(&j) if j != i => {
                        return Err(TaxonomyError::DuplicateTitle {
                            title: title.clone(),
                            first: families_name(&families, j),
                            second: entry.name,
                        });
                    }
                    _ => {
                        owner_of.insert(key.clone(), i);
                        keys.push(key);
                    }
                }
            }
            let mut role_words = Vec::new();
            for word in &entry.role_words {
                let w = alias_key(word);
                if !is_role_word_of(&w, &keys) {
                    return Err(TaxonomyError::BadRoleWord {
                        family: entry.name,
                        word: word.clone(),
                    });
                }
                role_words.push(w);
            }
            families.push(TitleFamily {
                name: entry.name,
                function: entry.function,
                titles: entry.titles,
                related: entry.related,
                role_words,
            });
        }
        let related = resolve_related(&mut families, &owner_of)?;
        let mut patterns: Vec<(String, usize)> = owner_of
            .into_iter()
            .map(|(key, i)| (format!(" {key} "), i))
            .collect();
        patterns.sort();
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(patterns.iter().map(|(p, _)| p))
            .map_err(|e| TaxonomyError::Matcher(e.to_string()))?;
        Ok(Titles {
            families,
            related,
            automaton,
            pattern_family: patterns.into_iter().map(|(_, i)| i).collect(),
        })
    }

    /// Reads the family and seniority of the tokenized title.
    pub fn analyse(&self, t: &Tokens) -> Analysis {
        let best = self
            .automaton
            .find_overlapping_iter(t.key.as_str())
            // "Vice President" is a level, never the President role.
            .filter(|m| {
                !(t.key[..m.start()].ends_with(" vice")
                    && t.key[m.start()..].starts_with(" president "))
            })
            .max_by_key(|m| (m.len(), std::cmp::Reverse(m.start())));
        let (family, phrase) = match best {
            Some(m) => {
                let first = t.word_at(m.start() + 1).unwrap_or(0);
                let count = t.key[m.start() + 1..m.end() - 1].split(' ').count();
                let family = self.pattern_family[m.pattern().as_usize()];
                (Some(family), first..first + count)
            }
            None => (None, 0..0),
        };
        let mut analysis = Analysis {
            family,
            phrase,
            seniority: None,
            has_officer: (0..t.words.len()).any(|i| matches!(t.word(i), "officer" | "executive")),
        };
        analysis.seniority =
            combine((0..t.words.len()).filter_map(|i| self.level_of(t, i, &analysis)));
        analysis
    }

    /// The level word `i` names in this title, if it counts as a seniority word.
    pub fn level_of(&self, t: &Tokens, i: usize, a: &Analysis) -> Option<Seniority> {
        let word = t.word(i);
        if a.phrase.contains(&i)
            && let Some(f) = a.family
            && self.families[f].role_words.iter().any(|r| r == word)
        {
            return None;
        }
        let before = |back: usize| i.checked_sub(back).map(|p| t.word(p));
        let linking = |w: Option<&str>| matches!(w, Some("to" | "for"));
        word_level(&WordContext {
            prev: before(1),
            word,
            next: (i + 1 < t.words.len()).then(|| t.word(i + 1)),
            numeral_position: i + 1 == t.words.len() || (a.family.is_some() && a.phrase.end == i),
            has_officer: a.has_officer,
            names_someone_else: linking(before(1))
                || (before(1) == Some("the") && linking(before(2))),
        })
    }
}

fn families_name(families: &[TitleFamily], i: usize) -> String {
    families.get(i).map_or_else(String::new, |f| f.name.clone())
}

/// A role word must be a seniority word that occurs in one of the family's titles.
fn is_role_word_of(word: &str, title_keys: &[String]) -> bool {
    let reads_as_level = word_level(&WordContext {
        prev: None,
        word,
        next: Some("level"),
        numeral_position: true,
        has_officer: true,
        names_someone_else: false,
    })
    .is_some();
    reads_as_level && title_keys.iter().any(|k| k.split(' ').any(|w| w == word))
}

fn resolve_related(
    families: &mut [TitleFamily],
    owner_of: &HashMap<String, usize>,
) -> Result<Vec<Vec<usize>>, TaxonomyError> {
    let mut related: Vec<Vec<usize>> = vec![Vec::new(); families.len()];
    for (i, family) in families.iter().enumerate() {
        for name in &family.related {
            let j = owner_of
                .get(&alias_key(name))
                .copied()
                .filter(|&j| alias_key(&families[j].name) == alias_key(name))
                .ok_or_else(|| TaxonomyError::UnknownRelated {
                    owner: family.name.clone(),
                    related: name.clone(),
                })?;
            if j == i {
                continue;
            }
            for (a, b) in [(i, j), (j, i)] {
                if !related[a].contains(&b) {
                    related[a].push(b);
                }
            }
        }
    }
    for (i, list) in related.iter().enumerate() {
        let names = list.iter().map(|&j| families[j].name.clone()).collect();
        families[i].related = names;
    }
    Ok(related)
}

impl Taxonomy {
    /// Title families, in data-file order.
    pub fn title_families(&self) -> &[TitleFamily] {
        &self.titles.families
    }

    /// The family with this name (case and punctuation ignored).
    pub fn title_family(&self, name: &str) -> Option<&TitleFamily> {
        let key = alias_key(name);
        self.titles
            .families
            .iter()
            .find(|f| alias_key(&f.name) == key)
    }

    /// Parses seniority words and the title family out of a job title. Allocation-free after
    /// the first call on a thread.
    pub fn parse_title(&self, title: &str) -> ParsedTitle<'_> {
        with_tokens(title, |t| {
            let a = self.titles.analyse(t);
            ParsedTitle {
                seniority: a.seniority,
                family: a.family.map(|i| &self.titles.families[i]),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SKILLS: &str = "[[category]]\nname = \"engineering\"\nskills = [{ name = \"Rust\" }]";

    fn titles(src: &str) -> Result<Taxonomy, TaxonomyError> {
        Taxonomy::from_toml(SKILLS, src)
    }

    #[test]
    fn role_words_must_be_seniority_words_of_the_family_titles() {
        let ok = "[[family]]\nname = \"Account Manager\"\nfunction = \"sales\"\n\
                  titles = [\"key account manager\"]\nrole_words = [\"manager\"]";
        assert!(titles(ok).is_ok());
        let not_level = ok.replace("[\"manager\"]", "[\"account\"]");
        assert!(matches!(
            titles(&not_level),
            Err(TaxonomyError::BadRoleWord { .. })
        ));
        let not_in_titles = ok.replace("[\"manager\"]", "[\"director\"]");
        assert!(matches!(
            titles(&not_in_titles),
            Err(TaxonomyError::BadRoleWord { .. })
        ));
    }

    #[test]
    fn the_longest_family_title_wins_wherever_it_starts() {
        let src = "[[family]]\nname = \"Software Engineer\"\nfunction = \"engineering\"\n\
                   titles = [\"engineer\"]\n\
                   [[family]]\nname = \"Engineering Manager\"\nfunction = \"engineering\"\n\
                   titles = [\"software engineering manager\"]";
        let t = titles(src).expect("valid");
        let parsed = t.parse_title("Senior Software Engineering Manager");
        assert_eq!(
            parsed.family.map(|f| f.name.as_str()),
            Some("Engineering Manager")
        );
        assert_eq!(parsed.seniority, Some(Seniority::Manager));
        let parsed = t.parse_title("Lead Engineer");
        assert_eq!(
            parsed.family.map(|f| f.name.as_str()),
            Some("Software Engineer")
        );
        assert_eq!(parsed.seniority, Some(Seniority::Lead));
    }
}
