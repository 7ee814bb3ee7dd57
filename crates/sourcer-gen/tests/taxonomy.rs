//! Cross-checks against sourcer-taxonomy: the skills the generator writes are ones the
//! taxonomy knows, titles parse to the level the profile states, and every red flag occurs
//! at a plausible rate (the numbers quoted in src/career.rs).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use sourcer_core::Profile;
use sourcer_gen::{as_of, generate};
use sourcer_taxonomy::career::red_flags;
use sourcer_taxonomy::{RedFlag, Seniority, Taxonomy};

const COUNT: usize = 3000;

/// Profiles 0..3000 of seed 1, generated once for all tests.
fn sample() -> &'static [Profile] {
    static SAMPLE: OnceLock<Vec<Profile>> = OnceLock::new();
    SAMPLE.get_or_init(|| generate(1, COUNT as u64).collect())
}

#[test]
fn nearly_every_skill_written_is_known_to_the_taxonomy() {
    let t = Taxonomy::global();
    let written: BTreeSet<&str> = sample()
        .iter()
        .flat_map(|p| p.skills.iter().map(String::as_str))
        .collect();
    let unknown: Vec<&&str> = written.iter().filter(|s| t.skill(s).is_none()).collect();
    assert!(
        unknown.len() * 20 <= written.len(),
        "{} of {} unknown: {unknown:?}",
        unknown.len(),
        written.len()
    );
}

#[test]
fn titles_parse_to_the_stated_level() {
    let t = Taxonomy::global();
    let (mut compared, mut disagree) = (0, Vec::new());
    for p in sample() {
        for e in p.current_employers.iter().chain(&p.past_employers) {
            let title = e.title.as_deref().unwrap_or_default();
            let stated = e.seniority_level.as_deref().and_then(Seniority::from_level);
            if let (Some(parsed), Some(stated)) = (t.parse_title(title).seniority, stated) {
                compared += 1;
                if parsed != stated {
                    disagree.push(format!("{title} / {stated:?}"));
                }
            }
        }
    }
    // Role nouns containing "Manager" ("Senior Account Manager") are the known exception.
    assert!(disagree.len() * 100 <= compared, "{compared}: {disagree:?}");
}

#[test]
fn every_red_flag_occurs_at_a_plausible_rate() {
    let mut counts: BTreeMap<RedFlag, usize> = BTreeMap::new();
    let mut clean = 0;
    for p in sample() {
        let hits = red_flags(p, as_of());
        clean += usize::from(hits.is_empty());
        for hit in hits {
            *counts.entry(hit.flag).or_default() += 1;
        }
    }
    let rate = |flag| counts.get(&flag).copied().unwrap_or(0) as f64 / COUNT as f64;
    let bands = [
        (RedFlag::RecentlyChangedJob, 0.05, 0.20),
        (RedFlag::LargeEmploymentGaps, 0.04, 0.15),
        (RedFlag::NoCareerProgression, 0.01, 0.08),
        (RedFlag::FrequentJobSwitch, 0.005, 0.06),
        (RedFlag::OverlappingFullTimeJobs, 0.001, 0.03),
        (RedFlag::UnspecifiedDatesOrLocations, 0.001, 0.03),
    ];
    for (flag, low, high) in bands {
        assert!((low..high).contains(&rate(flag)), "{flag:?}: {counts:?}");
    }
    assert_eq!(rate(RedFlag::GrammarAndSpelling), 0.0);
    assert!(clean as f64 / COUNT as f64 > 0.6, "{clean}");
}
