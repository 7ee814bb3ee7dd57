//! LinkedIn URL normalisation and the profile ids derived from it.
//!
//! A profile's default id, and the preview API's `profileId`, is the lower-case md5 hex of the
//! normalised URL. Normalisation makes the common spellings of one profile agree:
//! 1. trim whitespace and lower-case;
//! 2. drop the scheme (`http://`, `https://`) and any `user:pass@`;
//! 3. drop the host prefix before `linkedin.com` (`www.`, country subdomains such as `in.`);
//! 4. drop the query string and fragment;
//! 5. percent-decode nothing, but drop trailing slashes.
//!
//! `https://www.LinkedIn.com/in/Asha-Kulkarni-42/?trk=x` becomes
//! `linkedin.com/in/asha-kulkarni-42`.

use md5::{Digest, Md5};

/// Why a LinkedIn URL was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkedinUrlError {
    #[error("Invalid LinkedIn profile URL: spaces are not allowed")]
    Spaces,
    #[error("Invalid LinkedIn profile URL: expected linkedin.com/in/<handle>")]
    NotAProfile,
}

/// Returns the normalised form described in the module docs.
pub fn normalize_linkedin_url(url: &str) -> String {
    let mut rest = url.trim().to_lowercase();
    if let Some(pos) = rest.find("://") {
        rest = rest[pos + 3..].to_string();
    }
    let cut = rest.find(['?', '#']).unwrap_or(rest.len());
    rest.truncate(cut);
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest.as_str(), ""),
    };
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = match host.find("linkedin.com") {
        Some(i) => &host[i..],
        None => host,
    };
    let host = host.split(':').next().unwrap_or(host);
    format!("{host}{}", path.trim_end_matches('/'))
}

/// Validates that `url` names a LinkedIn member profile (`linkedin.com/in/<handle>`) and
/// returns its normalised form.
pub fn parse_profile_url(url: &str) -> Result<String, LinkedinUrlError> {
    if url.trim().contains(char::is_whitespace) {
        return Err(LinkedinUrlError::Spaces);
    }
    let normalized = normalize_linkedin_url(url);
    let handle = normalized
        .strip_prefix("linkedin.com/in/")
        .ok_or(LinkedinUrlError::NotAProfile)?;
    if handle.is_empty() || handle.contains('/') {
        return Err(LinkedinUrlError::NotAProfile);
    }
    Ok(normalized)
}

/// Lower-case md5 hex of `text`.
pub fn md5_hex(text: &str) -> String {
    hex::encode(Md5::digest(text.as_bytes()))
}

/// The id derived from a LinkedIn URL: md5 hex of its normalised form.
pub fn profile_id_from_url(url: &str) -> String {
    md5_hex(&normalize_linkedin_url(url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_profile_normalise_alike() {
        let expected = "linkedin.com/in/asha-kulkarni-42";
        for url in [
            "https://www.linkedin.com/in/asha-kulkarni-42",
            "http://LinkedIn.com/in/Asha-Kulkarni-42/",
            "  https://in.linkedin.com/in/asha-kulkarni-42/?trk=public#about ",
            "linkedin.com/in/asha-kulkarni-42//",
        ] {
            assert_eq!(normalize_linkedin_url(url), expected, "{url}");
        }
    }

    #[test]
    fn id_is_md5_of_normalised_url() {
        assert_eq!(
            profile_id_from_url("https://www.linkedin.com/in/asha-kulkarni-42/"),
            md5_hex("linkedin.com/in/asha-kulkarni-42")
        );
        assert_eq!(md5_hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
    }

    #[test]
    fn profile_urls_are_validated() {
        assert!(parse_profile_url("https://www.linkedin.com/in/x-1").is_ok());
        assert_eq!(
            parse_profile_url("https://linkedin.com/in/a b"),
            Err(LinkedinUrlError::Spaces)
        );
        assert_eq!(
            parse_profile_url("https://linkedin.com/company/acme"),
            Err(LinkedinUrlError::NotAProfile)
        );
        assert_eq!(
            parse_profile_url("https://example.com/in/x"),
            Err(LinkedinUrlError::NotAProfile)
        );
    }
}
