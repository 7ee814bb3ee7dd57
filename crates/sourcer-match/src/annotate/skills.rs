//! Skills in a JD, split into mandatory / core / secondary by the wording around them.
//!
//! The text is read line by line; a short line ending in `:` ("Requirements:", "Nice to
//! have:") is a heading whose tier holds for the lines below it until the next heading.
//! Lines split into sentences (`.`, `;`, `!`, `?` before a space) and sentences into clauses
//! (`,`). A skill takes the tier of a cue in its own clause; a clause that is little more
//! than a list of skills ("C#, .NET and SQL are required") takes the nearest cue before it
//! in the sentence, else the first after it; anything else takes the heading's tier, else
//! core. Skills in the job title are mandatory unless a cue says otherwise. When a skill is
//! worded several ways, the strongest tier wins.

use std::ops::Range;

use sourcer_taxonomy::{SkillMention, Taxonomy};

use super::SkillBuckets;
use super::fields::extract_titles;
use crate::text::word_key_into;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    Mandatory,
    Core,
    Secondary,
}

/// Phrases (as word keys) that make a skill optional; checked before the mandatory ones so
/// that "not required" and "preferred qualifications" read right.
const SECONDARY_CUES: [&str; 19] = [
    " nice to have ",
    " good to have ",
    " a plus ",
    " bonus ",
    " preferred ",
    " preferably ",
    " desirable ",
    " desired ",
    " ideally ",
    " advantage ",
    " advantageous ",
    " an asset ",
    " optional ",
    " familiarity ",
    " exposure to ",
    " not required ",
    " not mandatory ",
    " would be great ",
    " plus ",
];

const MANDATORY_CUES: [&str; 15] = [
    " must ",
    " required ",
    " require ",
    " requires ",
    " requirement ",
    " requirements ",
    " mandatory ",
    " essential ",
    " necessary ",
    " need ",
    " needs ",
    " non negotiable ",
    " minimum qualifications ",
    " basic qualifications ",
    " qualifications ",
];

fn cue(key: &str) -> Option<Tier> {
    // "plus" alone is a conjunction ("C# plus SQL") unless it ends the clause.
    let secondary = SECONDARY_CUES.iter().any(|c| match *c {
        " plus " => key.ends_with(" plus "),
        c => key.contains(c),
    });
    if secondary {
        return Some(Tier::Secondary);
    }
    MANDATORY_CUES
        .iter()
        .any(|c| key.contains(c))
        .then_some(Tier::Mandatory)
}

struct Clause {
    cue: Option<Tier>,
    /// Mostly skills: at most two other words.
    bare: bool,
    /// Canonical keys of the skills named, in order.
    skills: Vec<String>,
}

/// Reads the clause `line[range]`; `mentions` are the skills found in the whole line, so
/// that the taxonomy judges each word in its context.
fn clause(line: &str, range: Range<usize>, mentions: &[SkillMention], key: &mut String) -> Clause {
    let text = &line[range.clone()];
    word_key_into(text, key);
    let inside: Vec<&SkillMention> = mentions
        .iter()
        .filter(|m| range.contains(&m.span.start))
        .collect();
    let mut skills: Vec<String> = inside.iter().map(|m| m.key.clone()).collect();
    let mut skill_words: usize = inside
        .iter()
        .map(|m| {
            line.get(m.span.clone())
                .map_or(1, |s| s.split_whitespace().count())
        })
        .sum();
    if skills.is_empty() {
        // A list item ("- React", "and Go") is read like a skills-list entry, where every
        // spelling counts; in running text an ambiguous word at a line start would not.
        let item = text
            .trim()
            .trim_end_matches(['.', ';', ':'])
            .trim_start_matches("and ")
            .trim_start_matches("or ");
        if let Some(skill) = Taxonomy::global().skill(item) {
            skills.push(skill.key.clone());
            skill_words = item.split_whitespace().count();
        }
    }
    let words = key.split(' ').filter(|w| !w.is_empty()).count();
    Clause {
        cue: cue(key),
        bare: words.saturating_sub(skill_words) <= 2,
        skills,
    }
}

/// Byte ranges of the sentences of a line (`.`, `;`, `!`, `?` followed by a space or the end).
fn sentences(line: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let ends = matches!(b, b';' | b'!' | b'?')
            || (b == b'.' && bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace()));
        if ends {
            out.push(start..i);
            start = i + 1;
        }
    }
    out.push(start..line.len());
    out
}

/// Byte ranges of the comma clauses of `line[sentence]`.
fn clauses(line: &str, sentence: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = sentence.start;
    for (i, b) in line[sentence.clone()].bytes().enumerate() {
        if b == b',' {
            out.push(start..sentence.start + i);
            start = sentence.start + i + 1;
        }
    }
    out.push(start..sentence.end);
    out
}

/// A heading: a short line ending in `:`, or the part before `:` on a line.
fn heading(line: &str) -> Option<(&str, &str)> {
    let (head, rest) = line.split_once(':')?;
    (head.split_whitespace().count() <= 5).then_some((head, rest))
}

/// Skills named in a JD, by tier, each under its taxonomy name, in order of first mention.
pub(crate) fn extract_skills(text: &str) -> SkillBuckets {
    let mut found: Vec<(String, Tier)> = Vec::new();
    let mut note = |skill: String, tier: Tier| match found.iter_mut().find(|(s, _)| *s == skill) {
        Some(entry) => entry.1 = entry.1.min(tier),
        None => found.push((skill, tier)),
    };
    let mut key = String::new();
    for title in extract_titles(text) {
        for s in crate::skills::in_title(&title.written) {
            note(s, Tier::Mandatory);
        }
    }
    let mut section: Option<Tier> = None;
    for raw_line in text.lines() {
        let trimmed = raw_line.trim();
        let mut line = trimmed.trim_start_matches(['-', '*', '•', '·', '–']).trim();
        // Prose after a list ends the list's section; bullets and short lines stay in it.
        let bullet =
            line.len() < trimmed.len() || trimmed.starts_with(|c: char| c.is_ascii_digit());
        let prose = line.split_whitespace().count() > 6 || line.ends_with('.');
        if !bullet && prose && heading(line).is_none() {
            section = None;
        }
        if let Some((head, rest)) = heading(line) {
            word_key_into(head, &mut key);
            let head_cue = cue(&key);
            let head_has_skill = !Taxonomy::global().skills_in_text(head).is_empty();
            if !head_has_skill {
                // A label such as "Location:" leaves the section as it is; a heading with a
                // cue, or one alone on its line, starts a new section.
                if head_cue.is_some() || rest.trim().is_empty() {
                    section = head_cue;
                }
                line = rest.trim();
                if head_cue.is_some() {
                    for s in sentence_skills(line, head_cue, &mut key) {
                        note(s.0, s.1);
                    }
                    continue;
                }
            }
        }
        for s in sentence_skills(line, section, &mut key) {
            note(s.0, s.1);
        }
    }
    let taxonomy = Taxonomy::global();
    let mut buckets = SkillBuckets::default();
    for (skill, tier) in found {
        let Some(name) = taxonomy.skill_by_key(&skill).map(|s| s.name.clone()) else {
            continue;
        };
        match tier {
            Tier::Mandatory => buckets.mandatory.push(name),
            Tier::Core => buckets.core.push(name),
            Tier::Secondary => buckets.secondary.push(name),
        }
    }
    buckets
}

fn sentence_skills(line: &str, section: Option<Tier>, key: &mut String) -> Vec<(String, Tier)> {
    let mentions = Taxonomy::global().skills_in_text(line);
    let mut out = Vec::new();
    for sentence in sentences(line) {
        let parts: Vec<Clause> = clauses(line, sentence)
            .into_iter()
            .map(|range| clause(line, range, &mentions, key))
            .collect();
        for (i, c) in parts.iter().enumerate() {
            let tier = c.cue.or_else(|| {
                if !c.bare {
                    return None;
                }
                let before = parts[..i].iter().rev().find_map(|d| d.cue);
                before.or_else(|| parts[i + 1..].iter().find_map(|d| d.cue))
            });
            let tier = tier.or(section).unwrap_or(Tier::Core);
            out.extend(c.skills.iter().map(|s| (s.clone(), tier)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn buckets(text: &str) -> SkillBuckets {
        extract_skills(text)
    }

    #[test]
    fn cue_words_set_the_tier() {
        let b = buckets("We use React daily. C# is required; Docker is a plus.");
        assert_eq!(b.mandatory, vec!["C#"]);
        assert_eq!(b.core, vec!["React"]);
        assert_eq!(b.secondary, vec!["Docker"]);
    }

    #[test]
    fn a_bare_list_takes_the_cue_of_its_sentence() {
        let b = buckets("C#, Kubernetes and PostgreSQL are required, Docker would be a plus");
        assert_eq!(b.mandatory, vec!["C#", "Kubernetes", "PostgreSQL"]);
        assert_eq!(b.secondary, vec!["Docker"]);
    }

    #[test]
    fn headings_set_the_tier_of_the_lines_below() {
        let text = "Requirements:\n- C#\n- PostgreSQL\nNice to have:\n- Kubernetes\n\
                    Responsibilities:\n- Build React apps";
        let b = buckets(text);
        assert_eq!(b.mandatory, vec!["C#", "PostgreSQL"]);
        assert_eq!(b.secondary, vec!["Kubernetes"]);
        assert_eq!(b.core, vec!["React"]);
    }

    #[test]
    fn the_strongest_wording_wins_and_inline_headings_count() {
        let b = buckets("Nice to have: Docker, Kubernetes\nMust have: Docker");
        assert_eq!(b.mandatory, vec!["Docker"]);
        assert_eq!(b.secondary, vec!["Kubernetes"]);
    }
}
