//! Timestamps as the APIs render them (ISO 8601, UTC, exactly three fractional digits, the
//! way JavaScript services write them).

use time::OffsetDateTime;
use time::macros::format_description;

/// Now, as `2026-05-19T14:45:39.240Z`.
pub fn now_rfc3339() -> String {
    format_rfc3339(OffsetDateTime::now_utc())
}

/// Formats an instant as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
pub fn format_rfc3339(t: OffsetDateTime) -> String {
    let format =
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    t.to_offset(time::UtcOffset::UTC)
        .format(&format)
        .unwrap_or_default()
}
