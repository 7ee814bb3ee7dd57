//! Finding skills where the taxonomy's free-text rules need help, and the skills of one job
//! that the taxonomy does not know (matched by their own spelling at word boundaries).
//!
//! `Taxonomy::skills_in_text` counts ambiguous spellings ("React", "Go", "Spark") only in
//! their exact case and never as the first word of a sentence or line, where a capital
//! says nothing. Titles and headlines are not sentences: a title's first word is capitalised
//! by convention, and a headline is a list ("React | TypeScript | Next.js").

use sourcer_taxonomy::Taxonomy;

use crate::MatchError;
use crate::text::PhraseMatcher;

/// Canonical keys of the skills a job title names ("React Developer" names React): the
/// title is read as the object of a phrase, so its first word is not a sentence start.
pub fn in_title(title: &str) -> Vec<String> {
    let phrase = format!("as {title}");
    Taxonomy::global()
        .skills_in_text(&phrase)
        .into_iter()
        .map(|m| m.key)
        .collect()
}

/// [`in_title`] as positions in `Taxonomy::skills`, in the same order.
pub fn each_in_title(title: &str, found: impl FnMut(usize)) {
    let phrase = format!("as {title}");
    Taxonomy::global().for_each_skill_in_text(&phrase, found);
}

/// The items of a headline ("React | TypeScript | Next.js"), which read like a skills list.
pub fn headline_items(headline: &str) -> impl Iterator<Item = &str> {
    headline.split(['|', ',', '/', '·', '•']).map(str::trim)
}

/// Unknown skills of a job, each mapped to its slot.
pub struct ExtraSkills {
    mentions: Option<PhraseMatcher>,
}

impl ExtraSkills {
    /// `skills` are `(spelling, slot)` pairs.
    pub fn new(skills: &[(String, usize)]) -> Result<ExtraSkills, MatchError> {
        let mentions = if skills.is_empty() {
            None
        } else {
            Some(PhraseMatcher::new(
                skills.iter().map(|(s, i)| (s.as_str(), *i)),
            )?)
        };
        Ok(ExtraSkills { mentions })
    }

    /// True when the job has no unknown skills.
    pub fn is_empty(&self) -> bool {
        self.mentions.is_none()
    }

    /// Slots of the unknown skills mentioned in a word key, in order.
    pub fn mentions(&self, key: &str, found: impl FnMut(usize)) {
        if let Some(m) = &self.mentions {
            m.mentions(key, found);
        }
    }
}
