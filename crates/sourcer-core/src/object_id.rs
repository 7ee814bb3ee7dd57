//! MongoDB-style ObjectIds: the 24-hex `_id`s FutureJobs clients expect.
//!
//! Layout: 4 bytes of big-endian Unix seconds, 5 random bytes chosen once per process, and a
//! 3-byte counter, so ids are roughly time-ordered and unique across nodes.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A 12-byte id rendered as 24 lower-case hex characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectId([u8; 12]);

/// The text was not 24 hex characters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an ObjectId: expected 24 hex characters")]
pub struct ObjectIdError;

impl ObjectId {
    /// A fresh id for the current second.
    pub fn new() -> Self {
        static PROCESS: OnceLock<[u8; 5]> = OnceLock::new();
        static COUNTER: OnceLock<AtomicU32> = OnceLock::new();
        let process = PROCESS.get_or_init(rand::random);
        let counter = COUNTER.get_or_init(|| AtomicU32::new(rand::random()));
        let seconds = time::OffsetDateTime::now_utc().unix_timestamp() as u32;
        let count = counter.fetch_add(1, Ordering::Relaxed);
        let mut bytes = [0u8; 12];
        bytes[..4].copy_from_slice(&seconds.to_be_bytes());
        bytes[4..9].copy_from_slice(process);
        bytes[9..].copy_from_slice(&count.to_be_bytes()[1..]);
        Self(bytes)
    }
}

impl Default for ObjectId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for ObjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

impl FromStr for ObjectId {
    type Err = ObjectIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() != 24 {
            return Err(ObjectIdError);
        }
        let mut bytes = [0u8; 12];
        hex::decode_to_slice(s.to_ascii_lowercase(), &mut bytes).map_err(|_| ObjectIdError)?;
        Ok(Self(bytes))
    }
}

impl Serialize for ObjectId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ObjectId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_24_hex_and_parse_back() {
        let a = ObjectId::new();
        let b = ObjectId::new();
        assert_ne!(a, b);
        let text = a.to_string();
        assert_eq!(text.len(), 24);
        assert!(
            text.bytes()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert_eq!(text.parse::<ObjectId>().unwrap(), a);
        assert!("xyz".parse::<ObjectId>().is_err());
        assert!("zzzzzzzzzzzzzzzzzzzzzzzz".parse::<ObjectId>().is_err());
    }
}
