//! Reading data/skills.toml: the file's shape, and the checks that make every spelling
//! resolve to one skill and every relation to a skill in the file.

use std::collections::HashMap;

use serde::Deserialize;

use super::{CATEGORIES, Skill, alias_key};
use crate::TaxonomyError;
use crate::mentions::Spelling;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SkillsFile {
    #[serde(default)]
    stop_phrases: Vec<String>,
    category: Vec<CategoryEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryEntry {
    name: String,
    skills: Vec<SkillEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SkillEntry {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    related: Vec<String>,
    #[serde(default)]
    ambiguous: Vec<String>,
    #[serde(default)]
    list_only: Vec<String>,
}

/// The skills file, checked and indexed.
pub(super) struct Loaded {
    pub skills: Vec<Skill>,
    pub by_alias: HashMap<String, usize>,
    pub related: Vec<Vec<usize>>,
    pub spellings: Vec<Spelling>,
    pub stops: Vec<String>,
}

/// Parses and checks the skills file.
pub(super) fn skills(src: &str) -> Result<Loaded, TaxonomyError> {
    let file: SkillsFile = toml::from_str(src).map_err(|e| TaxonomyError::Syntax {
        file: "skills.toml",
        message: e.to_string(),
    })?;
    let mut loaded = Loaded {
        skills: Vec::new(),
        by_alias: HashMap::new(),
        related: Vec::new(),
        spellings: Vec::new(),
        stops: Vec::new(),
    };
    for category in file.category {
        check_category(&category.name, &category.name)?;
        for entry in category.skills {
            loaded.add(&category.name, entry)?;
        }
    }
    loaded.related = resolve_related(&mut loaded.skills, &loaded.by_alias)?;
    for phrase in &file.stop_phrases {
        let key = alias_key(phrase);
        if key.is_empty() {
            return Err(TaxonomyError::EmptySpelling {
                owner: "stop_phrases".into(),
            });
        }
        if let Some(&i) = loaded.by_alias.get(&key) {
            return Err(TaxonomyError::StopPhraseIsSkill {
                phrase: phrase.clone(),
                skill: loaded.skills[i].name.clone(),
            });
        }
        loaded.stops.push(key);
    }
    Ok(loaded)
}

impl Loaded {
    /// Adds one skill, claiming its spellings.
    fn add(&mut self, category: &str, entry: SkillEntry) -> Result<(), TaxonomyError> {
        let i = self.skills.len();
        for spelling in std::iter::once(&entry.name).chain(&entry.aliases) {
            let key = alias_key(spelling);
            if key.is_empty() {
                return Err(TaxonomyError::EmptySpelling {
                    owner: entry.name.clone(),
                });
            }
            if let Some(&other) = self.by_alias.get(&key)
                && other != i
            {
                return Err(TaxonomyError::DuplicateSpelling {
                    spelling: spelling.clone(),
                    first: self.skills[other].name.clone(),
                    second: entry.name.clone(),
                });
            }
            self.by_alias.insert(key.clone(), i);
            self.spellings.push(Spelling {
                skill: i,
                key,
                text: spelling.clone(),
                ambiguous: entry.ambiguous.contains(spelling),
                list_only: entry.list_only.contains(spelling),
            });
        }
        for (list, entries) in [
            ("ambiguous", &entry.ambiguous),
            ("list_only", &entry.list_only),
        ] {
            let own = |s: &String| *s == entry.name || entry.aliases.contains(s);
            if let Some(bad) = entries.iter().find(|s| !own(s)) {
                return Err(TaxonomyError::NotASpelling {
                    skill: entry.name.clone(),
                    spelling: bad.clone(),
                    list,
                });
            }
        }
        self.skills.push(Skill {
            key: alias_key(&entry.name),
            name: entry.name,
            aliases: entry.aliases,
            category: category.to_string(),
            related: entry.related,
            ambiguous: entry.ambiguous,
            list_only: entry.list_only,
        });
        Ok(())
    }
}

pub(crate) fn check_category(owner: &str, category: &str) -> Result<(), TaxonomyError> {
    if CATEGORIES.contains(&category) {
        return Ok(());
    }
    Err(TaxonomyError::UnknownCategory {
        owner: owner.to_string(),
        category: category.to_string(),
        expected: CATEGORIES.join(", "),
    })
}

/// Resolves related names to indices, makes the relation symmetric, and rewrites each
/// skill's `related` as canonical names.
fn resolve_related(
    skills: &mut [Skill],
    by_alias: &HashMap<String, usize>,
) -> Result<Vec<Vec<usize>>, TaxonomyError> {
    let mut related: Vec<Vec<usize>> = vec![Vec::new(); skills.len()];
    for (i, skill) in skills.iter().enumerate() {
        for name in &skill.related {
            let &j =
                by_alias
                    .get(&alias_key(name))
                    .ok_or_else(|| TaxonomyError::UnknownRelated {
                        owner: skill.name.clone(),
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
        let names = list.iter().map(|&j| skills[j].name.clone()).collect();
        skills[i].related = names;
    }
    Ok(related)
}
