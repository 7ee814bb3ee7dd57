//! Turning one JSON line of the import format into a profile ready to store, or a reason to
//! reject the line.

use sourcer_core::Profile;
use sourcer_core::linkedin::normalize_linkedin_url;
use sourcer_store::ProfileUpsert;

/// Longest line accepted, in bytes.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// A line that parsed into an acceptable profile.
#[derive(Debug, Clone)]
pub struct ParsedProfile {
    pub profile: Profile,
    pub upsert: ProfileUpsert,
}

/// Parses and validates one line. The profile's `id` is resolved (given, or derived from the
/// LinkedIn URL) and written into the stored record.
pub fn parse_profile_line(line: &str) -> Result<ParsedProfile, String> {
    if line.len() > MAX_LINE_BYTES {
        return Err(format!("line is longer than {MAX_LINE_BYTES} bytes"));
    }
    let de = &mut serde_json::Deserializer::from_str(line);
    let mut profile: Profile = serde_path_to_error::deserialize(de).map_err(describe)?;
    let problems = profile.problems();
    if !problems.is_empty() {
        let reasons: Vec<String> = problems.iter().map(ToString::to_string).collect();
        return Err(reasons.join("; "));
    }
    let id = profile.resolved_id();
    profile.id = Some(id.clone());
    let data = profile.canonical_json();
    let linkedin_key = profile
        .linkedin_url
        .as_deref()
        .filter(|u| !u.trim().is_empty())
        .map(normalize_linkedin_url);
    let content_hash = xxhash_rust::xxh3::xxh3_64(data.as_bytes());
    Ok(ParsedProfile {
        profile,
        upsert: ProfileUpsert {
            id,
            linkedin_key,
            content_hash,
            data,
        },
    })
}

fn describe(e: serde_path_to_error::Error<serde_json::Error>) -> String {
    let inner = e.inner();
    if inner.is_syntax() || inner.is_eof() {
        return format!("bad JSON: {inner}");
    }
    let path = e.path().to_string();
    if inner.is_data() && path != "." {
        format!("wrong type at {path}: {inner}")
    } else {
        format!("wrong type: {inner}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_name_the_problem_and_its_place() {
        let bad_json = parse_profile_line("{\"name\": ").unwrap_err();
        assert!(bad_json.starts_with("bad JSON"), "{bad_json}");
        let wrong = parse_profile_line(r#"{"name":"A","skills":"C#"}"#).unwrap_err();
        assert!(wrong.contains("wrong type at skills"), "{wrong}");
        let nested =
            parse_profile_line(r#"{"name":"A","past_employers":[{"start_date":5}]}"#).unwrap_err();
        assert!(nested.contains("past_employers[0].start_date"), "{nested}");
        let anonymous = parse_profile_line(r#"{"headline":"x"}"#).unwrap_err();
        assert_eq!(anonymous, "no name and no linkedin_url");
        let backwards = parse_profile_line(
            r#"{"name":"A","current_employers":[{"start_date":"2022-01","end_date":"2021-01"}]}"#,
        )
        .unwrap_err();
        assert!(backwards.contains("before start_date"), "{backwards}");
    }

    #[test]
    fn ids_are_resolved_and_stored_in_the_record() {
        let p =
            parse_profile_line(r#"{"name":"A","linkedin_url":"https://www.linkedin.com/in/a/"}"#)
                .unwrap();
        assert_eq!(p.upsert.linkedin_key.as_deref(), Some("linkedin.com/in/a"));
        assert_eq!(p.profile.id.as_deref(), Some(p.upsert.id.as_str()));
        assert!(p.upsert.data.contains(&p.upsert.id));
        let again =
            parse_profile_line(r#"{"linkedin_url":"https://www.linkedin.com/in/a/","name":"A"}"#)
                .unwrap();
        assert_eq!(
            again.upsert.content_hash, p.upsert.content_hash,
            "key order does not matter"
        );
    }
}
