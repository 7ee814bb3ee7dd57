//! Retrieval relevance: the small integer weights a matching profile's score is built from.
//! Scores depend only on the profile, the query and the as-of month, never on the rest of the
//! corpus, so a `(score, pid)` cursor stays valid while profiles are imported.

/// Each `core` skill the profile lists.
pub const CORE_SKILL: u32 = 3;
/// Each `secondary` skill the profile lists.
pub const SECONDARY_SKILL: u32 = 1;
/// A current job's title equals a wanted title (same words).
pub const TITLE_EXACT_CURRENT: u32 = 6;
/// A current job's title matches a title condition (contains the phrase, matches the pattern).
pub const TITLE_CURRENT: u32 = 4;
/// A past job that ended within [`RECENT_PAST_MONTHS`] matches a title condition.
pub const TITLE_RECENT_PAST: u32 = 2;
/// An older past job matches a title condition.
pub const TITLE_PAST: u32 = 1;
/// How recent a past job must be for [`TITLE_RECENT_PAST`].
pub const RECENT_PAST_MONTHS: i32 = 24;
