//! Location fit, read from the place strings themselves ("City, State, Country"): the same
//! city or anything inside the wanted place scores 1, the same state 0.6, the same country
//! 0.35, elsewhere 0, and a profile without a location 0.3. Someone whose stated country
//! is none of the wanted countries scores at most [`CAP_OTHER_COUNTRY`].
//!
//! Text is enough for the common cases and costs nothing per candidate; the index already
//! applies `geo_distance` radii with coordinates, so the scorer does not repeat them.

use crate::text::word_key_into;
use sourcer_core::Profile;

use super::{Draft, evidence};
use crate::analysis::SignalKind;
use crate::job::{Job, WantedPlace};

/// Weight of the location signal; the scores of each match follow.
pub const LOCATION_WEIGHT: f32 = 7.0;
pub const SAME_PLACE: f32 = 1.0;
pub const SAME_STATE: f32 = 0.6;
pub const SAME_COUNTRY: f32 = 0.35;
pub const UNKNOWN_LOCATION: f32 = 0.3;
/// Highest fit score for someone whose stated country is none of the wanted places'
/// countries: without relocation they cannot take the job.
pub const CAP_OTHER_COUNTRY: f32 = 64.0;

/// The comma-separated parts of a place as word keys (`" pune "`), most specific first, with
/// common country spellings unified ("USA" and "United States of America" are
/// `" united states "`), so that a part inside another is a whole-word phrase inside it.
pub fn place_parts(place: &str) -> Vec<String> {
    let mut parts = Vec::new();
    push_place_parts(place, &mut parts, &mut String::new());
    parts
}

/// [`place_parts`] appended to `parts`, with `key` as scratch.
fn push_place_parts(place: &str, parts: &mut Vec<String>, key: &mut String) {
    for p in place.split([',', '|']) {
        word_key_into(p, key);
        let part = key.trim();
        if !part.is_empty() {
            let part = canonical_country(part);
            let mut out = String::with_capacity(part.len() + 2);
            out.push(' ');
            out.push_str(part);
            out.push(' ');
            parts.push(out);
        }
    }
}

fn canonical_country(part: &str) -> &str {
    match part {
        "usa" | "us" | "u.s" | "u.s.a" | "united states of america" | "america" => "united states",
        "uk" | "u.k" | "great britain" | "britain" | "england" | "scotland" | "wales" => {
            "united kingdom"
        }
        "uae" | "u.a.e" => "united arab emirates",
        "the netherlands" | "holland" => "netherlands",
        "deutschland" => "germany",
        other => other,
    }
}

/// How a profile's place parts relate to one wanted place.
fn place_match(wanted: &WantedPlace, have: &[String]) -> (f32, &'static str) {
    let w = &wanted.parts;
    let Some(first) = w.first() else {
        return (0.0, "");
    };
    // "Greater Pune Area" is in Pune: a wanted part may be a whole-word phrase of a part.
    let found = |p: &String| have.iter().any(|h| h.contains(p.as_str()));
    // The same city in another country is another place; a profile that names no country
    // ("Greater Pune Area") and a short wanted part ("CA") cannot contradict.
    let country_agrees = match w.last() {
        Some(last) if w.len() >= 2 && have.len() >= 2 => found(last) || last.trim().len() <= 3,
        Some(_) | None => true,
    };
    if found(first) && country_agrees {
        return (SAME_PLACE, "in");
    }
    if w.len() >= 3 && w[1..].iter().all(found) {
        return (SAME_STATE, "same state as");
    }
    if w.len() >= 2 && w.last().is_some_and(found) {
        return (SAME_COUNTRY, "same country as");
    }
    (0.0, "")
}

pub fn add_signal(job: &Job, profile: &Profile, draft: &mut Draft) {
    if job.places.is_empty() || job.remote {
        return;
    }
    let (mut have, mut key) = (Vec::with_capacity(6), String::new());
    if let Some(region) = profile.region.as_deref() {
        push_place_parts(region, &mut have, &mut key);
    }
    let region_parts = have.len();
    if let Some(country) = profile.country.as_deref() {
        push_place_parts(country, &mut have, &mut key);
    }
    let wanted = &job.places_text;
    if have.is_empty() {
        draft.signal(
            SignalKind::Location,
            LOCATION_WEIGHT,
            UNKNOWN_LOCATION,
            vec![evidence::line(format_args!(
                "No location on the profile; the job is in {wanted}"
            ))],
        );
        return;
    }
    let shown = profile
        .region
        .as_deref()
        .or(profile.country.as_deref())
        .unwrap_or_default();
    let (score, how, place): (f32, &str, &str) = job
        .places
        .iter()
        .map(|p| {
            let (s, how) = place_match(p, &have);
            (s, how, p.display.as_str())
        })
        .fold((0.0, "", ""), |best, x| if x.0 > best.0 { x } else { best });
    // The country's own parts, read above after the region's.
    let their_country = profile.country.as_deref().map(|_| &have[region_parts..]);
    let other_country = their_country.is_some_and(|c| {
        job.places
            .iter()
            .all(|p| p.parts.len() >= 2 && p.parts.last().is_some_and(|w| !c.contains(w)))
    });
    if score == 0.0 && other_country {
        draft.cap(
            CAP_OTHER_COUNTRY,
            evidence::line(format_args!("based in {shown}, another country")),
        );
    }
    let line = if score >= SAME_PLACE {
        let line = evidence::line(format_args!("Based in {shown}; the job is in {place}"));
        draft.fit_points.push(line.clone());
        line
    } else if score > 0.0 {
        evidence::line(format_args!(
            "Based in {shown}: {how} {place}, not the same city"
        ))
    } else {
        let line = evidence::line(format_args!("Based in {shown}; the job is in {wanted}"));
        draft.red_flags.push(line.clone());
        line
    };
    draft.signal(SignalKind::Location, LOCATION_WEIGHT, score, vec![line]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted(p: &str) -> WantedPlace {
        WantedPlace {
            display: p.into(),
            parts: place_parts(p),
        }
    }

    #[test]
    fn places_match_by_their_parts() {
        let have = place_parts("Pune, Maharashtra, India");
        assert_eq!(
            place_match(&wanted("Pune, Maharashtra, India"), &have).0,
            SAME_PLACE
        );
        assert_eq!(place_match(&wanted("India"), &have).0, SAME_PLACE);
        assert_eq!(
            place_match(&wanted("Maharashtra, India"), &have).0,
            SAME_PLACE
        );
        assert_eq!(
            place_match(&wanted("Mumbai, Maharashtra, India"), &have).0,
            SAME_STATE
        );
        assert_eq!(
            place_match(&wanted("Bengaluru, Karnataka, India"), &have).0,
            SAME_COUNTRY
        );
        assert_eq!(place_match(&wanted("Berlin, Germany"), &have).0, 0.0);
        let greater = place_parts("Greater Pune Area");
        assert_eq!(
            place_match(&wanted("Pune, Maharashtra, India"), &greater).0,
            SAME_PLACE
        );
        let cambridge = place_parts("Cambridge, Massachusetts, United States");
        assert_eq!(
            place_match(&wanted("Cambridge, England, UK"), &cambridge).0,
            0.0
        );
        let sf = place_parts("San Francisco, California, USA");
        assert_eq!(place_match(&wanted("San Francisco, CA"), &sf).0, SAME_PLACE);
        assert_eq!(place_match(&wanted("United States"), &sf).0, SAME_PLACE);
    }
}
