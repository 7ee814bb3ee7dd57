//! The words of a profile: job titles that agree with the seniority level, headlines and
//! summaries that name the role and some skills, and job descriptions that name the skills
//! used there (sometimes skills that the skills list leaves out).
//!
//! Titles carry exactly the seniority words that `seniority_level` implies: "Junior"/"Jr.",
//! "Senior"/"Sr.", "Lead", "II" for Mid, "Graduate"/"Associate" or nothing for Entry, and the
//! family's management titles from Manager up. Role nouns that contain "Manager" ("Product
//! Manager", "Account Manager") are roles, not levels: "Senior Product Manager" is Senior.

use rand::Rng;
use rand::seq::IndexedRandom;

use crate::career::Level;
use crate::tables::Family;

/// Picks an element of a non-empty table.
pub(crate) fn pick<'a, T>(rng: &mut impl Rng, items: &'a [T]) -> &'a T {
    items
        .choose(rng)
        .unwrap_or_else(|| unreachable!("generator tables are never empty"))
}

/// A job title for `noun` ("Backend Engineer") at `level` in `family`.
pub(crate) fn title(rng: &mut impl Rng, family: &Family, noun: &str, level: Level) -> String {
    match level {
        Level::Intern => format!("{noun} Intern"),
        Level::Entry => match rng.random_range(0..3) {
            0 => format!("Graduate {noun}"),
            1 => format!("Associate {noun}"),
            _ => noun.to_string(),
        },
        Level::Junior if rng.random_bool(0.2) => format!("Jr. {noun}"),
        Level::Junior => format!("Junior {noun}"),
        Level::Mid if rng.random_bool(0.25) => format!("{noun} II"),
        Level::Mid => noun.to_string(),
        Level::Senior if rng.random_bool(0.2) => format!("Sr. {noun}"),
        Level::Senior => format!("Senior {noun}"),
        Level::Lead => format!("Lead {noun}"),
        Level::Manager => pick(rng, &family.manager).clone(),
        Level::Director => pick(rng, &family.director).clone(),
        Level::Vp => pick(rng, &family.vp).clone(),
        Level::Cxo => pick(rng, &family.chief).clone(),
    }
}

/// Fills a description template: `{a}` `{b}` `{c}` with skills, `{domain}`, `{n}`, `{team}`.
pub(crate) fn fill(rng: &mut impl Rng, template: &str, skills: [&str; 3], domain: &str) -> String {
    let mut out = String::with_capacity(template.len() + 40);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        match &rest[open + 1..open + close] {
            "a" => out.push_str(skills[0]),
            "b" => out.push_str(skills[1]),
            "c" => out.push_str(skills[2]),
            "domain" => out.push_str(domain),
            "n" => out.push_str(&rng.random_range(10..=60).to_string()),
            "team" => out.push_str(&rng.random_range(3..=15).to_string()),
            other => {
                out.push('{');
                out.push_str(other);
                out.push('}');
            }
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// The headline: the latest title, where, and a few skills.
pub(crate) fn headline(
    rng: &mut impl Rng,
    title: &str,
    company: Option<&str>,
    skills: &[&str],
) -> String {
    let top: Vec<&str> = skills.iter().take(3).copied().collect();
    match (company, rng.random_range(0..3)) {
        (Some(company), 0) => format!("{title} at {company}"),
        (Some(company), 1) => format!("{title} at {company} | {}", top.join(", ")),
        (None, 0) => format!("{title} | Open to new opportunities"),
        _ => format!("{title} | {}", top.join(" | ")),
    }
}

/// A short summary naming the role, the experience and some skills.
pub(crate) fn summary(
    rng: &mut impl Rng,
    noun: &str,
    years: f64,
    skills: &[&str],
    domain: &str,
) -> String {
    let years = years.floor() as i64;
    let experience = if years < 1 {
        "early in my career".to_string()
    } else {
        format!("with {years}+ years of experience")
    };
    let (a, b, c) = (
        skills[0],
        skills[1 % skills.len()],
        skills[2 % skills.len()],
    );
    let article = if noun.starts_with(['A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    };
    match rng.random_range(0..3) {
        0 => format!(
            "{noun} {experience}, working with {a}, {b} and {c}. Most recently worked on {domain}."
        ),
        1 => format!(
            "I am {article} {noun} {experience}. I work mostly with {a} and {b}, and care about \
             {domain}."
        ),
        _ => format!("{noun} {experience}. Skills: {a}, {b}, {c}. Interested in {domain}."),
    }
}
