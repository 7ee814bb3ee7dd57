//! Places in a JD, resolved with the gazetteer. Only text after a location cue
//! ("Location:", "based in", "office in", ...) is looked up, so that words such as "Java" or
//! "Go" elsewhere in the JD are never taken for places.

use std::sync::OnceLock;

use regex::Regex;
use sourcer_geo::{Gazetteer, Place, PlaceKind};

/// Resolves place names; the gazetteer in production, a small table in tests.
pub trait PlaceLookup {
    fn locate(&self, name: &str) -> Option<Place>;
    /// The English name of a country code ("IN" -> "India").
    fn country_name(&self, code: &str) -> Option<String>;
}

/// The process-wide gazetteer, loaded on first use.
pub(crate) struct GlobalGazetteer;

impl PlaceLookup for GlobalGazetteer {
    fn locate(&self, name: &str) -> Option<Place> {
        Gazetteer::global().locate(name)
    }

    fn country_name(&self, code: &str) -> Option<String> {
        Gazetteer::global().country_name(code).map(str::to_string)
    }
}

impl PlaceLookup for Gazetteer {
    fn locate(&self, name: &str) -> Option<Place> {
        Gazetteer::locate(self, name)
    }

    fn country_name(&self, code: &str) -> Option<String> {
        Gazetteer::country_name(self, code).map(str::to_string)
    }
}

/// Longest run of text after a cue that is tried as a place.
const MAX_PLACE_CHARS: usize = 80;

/// Regions (full place names), countries and whether the JD says the role is remote.
pub(crate) fn extract_places(
    text: &str,
    places: &dyn PlaceLookup,
) -> (Vec<String>, Vec<String>, bool) {
    static CUE: OnceLock<Regex> = OnceLock::new();
    static REMOTE: OnceLock<Regex> = OnceLock::new();
    let cue = CUE.get_or_init(|| {
        Regex::new(
            r"(?i)\b(?:location|locations|based\s+in|located\s+in|offices?\s+in|onsite\s+in|on-site\s+in|hybrid\s+in|relocate\s+to|(?:team|role|position|job)\s+in)\s*[:\-–]?\s*([^\n;|()]+)",
        )
        .expect("the location pattern is valid")
    });
    let remote = REMOTE
        .get_or_init(|| Regex::new(r"(?i)\bremote\b").expect("the remote pattern is valid"))
        .is_match(text);
    let mut regions: Vec<String> = Vec::new();
    let mut countries: Vec<String> = Vec::new();
    for c in cue.captures_iter(text) {
        let run: String = c[1].chars().take(MAX_PLACE_CHARS).collect();
        // The place ends with its sentence: "team in Berlin. Must know Java" is Berlin only.
        let run = run.split(". ").next().unwrap_or_default();
        let candidates = run
            .split(" or ")
            .flat_map(|p| p.split(" / "))
            .flat_map(|p| p.split(" and "));
        for candidate in candidates {
            let Some(place) = locate_prefix(candidate, places) else {
                continue;
            };
            let country = places.country_name(&place.country_code);
            match place.kind {
                PlaceKind::City | PlaceKind::Region => push(&mut regions, place.name),
                PlaceKind::Country => {}
            }
            if let Some(country) = country {
                push(&mut countries, country);
            }
        }
    }
    (regions, countries, remote)
}

fn push(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// The longest leading comma-separated part of `candidate` that resolves to a place
/// ("Pune, India. Hybrid" tries "Pune, India. Hybrid", then "Pune").
fn locate_prefix(candidate: &str, places: &dyn PlaceLookup) -> Option<Place> {
    let parts: Vec<&str> = candidate.split(',').collect();
    (1..=parts.len().min(3)).rev().find_map(|n| {
        let name = parts[..n].join(",");
        let name = name.trim().trim_end_matches(['.', '!']).trim();
        let vague = [
            "remote", "hybrid", "onsite", "on-site", "anywhere", "flexible",
        ]
        .iter()
        .any(|v| name.eq_ignore_ascii_case(v));
        if vague || name.is_empty() || !name.starts_with(|c: char| c.is_alphabetic()) {
            return None;
        }
        places.locate(name)
    })
}
