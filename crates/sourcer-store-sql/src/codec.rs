//! Conversions between records and column values, the same on SQLite and PostgreSQL: times,
//! ids, JSON, hashes.
//!
//! Times are stored as 64-bit integer Unix milliseconds (UTC), so records carry millisecond
//! precision. Ids are stored as their text forms. A bad value read back is data corruption
//! and surfaces as `StoreError::Other`.

use anyhow::Context;
use serde::Serialize;
use serde::de::DeserializeOwned;
use sourcer_core::ObjectId;
use sourcer_store::{StoreError, StoreResult};
use time::OffsetDateTime;
use uuid::Uuid;

/// An instant in storage form (milliseconds since the Unix epoch).
pub fn to_ms(at: OffsetDateTime) -> i64 {
    (at.unix_timestamp_nanos() / 1_000_000) as i64
}

/// An instant from storage form.
pub fn from_ms(ms: i64) -> StoreResult<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .with_context(|| format!("stored timestamp {ms} is out of range"))
        .map_err(StoreError::Other)
}

/// An optional instant from storage form.
pub fn from_ms_opt(ms: Option<i64>) -> StoreResult<Option<OffsetDateTime>> {
    ms.map(from_ms).transpose()
}

/// Milliseconds in a lease length, saturating rather than wrapping for absurd lengths.
pub fn duration_ms(d: std::time::Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX / 2)
}

/// An ObjectId from its stored text.
pub fn object_id(text: &str) -> StoreResult<ObjectId> {
    text.parse()
        .with_context(|| format!("stored ObjectId {text:?} is malformed"))
        .map_err(StoreError::Other)
}

/// A UUID from its stored text.
pub fn uuid(text: &str) -> StoreResult<Uuid> {
    Uuid::parse_str(text)
        .with_context(|| format!("stored UUID {text:?} is malformed"))
        .map_err(StoreError::Other)
}

/// An optional UUID from its stored text.
pub fn uuid_opt(text: Option<&str>) -> StoreResult<Option<Uuid>> {
    text.map(uuid).transpose()
}

/// JSON text for a column.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value)
        .context("serialising a JSON column")
        .map_err(StoreError::Other)
}

/// A value from a JSON column.
pub fn from_json<T: DeserializeOwned>(text: &str) -> StoreResult<T> {
    serde_json::from_str(text)
        .context("stored JSON column does not parse")
        .map_err(StoreError::Other)
}

/// An optional value from a JSON column.
pub fn from_json_opt<T: DeserializeOwned>(text: Option<&str>) -> StoreResult<Option<T>> {
    text.map(from_json).transpose()
}

/// A caller's u64 content hash as the signed 64-bit integer stored (same bits).
pub fn hash_to_db(hash: u64) -> i64 {
    hash.cast_signed()
}

/// A stored content hash back as the caller's u64.
pub fn hash_from_db(stored: i64) -> u64 {
    stored.cast_unsigned()
}

/// A 32-byte SHA-256 from a BLOB (SQLite) or BYTEA (PostgreSQL) column.
pub fn sha256(bytes: &[u8]) -> StoreResult<[u8; 32]> {
    bytes
        .try_into()
        .map_err(|_| anyhow::anyhow!("stored key hash has {} bytes, not 32", bytes.len()).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_keep_all_64_bits_through_storage() {
        for hash in [0, 1, u64::MAX, 1 << 63, 0xdead_beef_cafe_f00d] {
            assert_eq!(hash_from_db(hash_to_db(hash)), hash);
        }
    }

    #[test]
    fn times_round_trip_at_millisecond_precision() {
        let at = OffsetDateTime::from_unix_timestamp_nanos(1_763_900_000_123_456_789).unwrap();
        let back = from_ms(to_ms(at)).unwrap();
        assert_eq!(to_ms(back), 1_763_900_000_123);
        assert_eq!(back.nanosecond(), 123_000_000);
    }
}
