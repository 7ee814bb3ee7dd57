//! Opaque paging cursors. A cursor names the last hit returned — its `(score, pid)` in the
//! result order (score descending, pid ascending) — plus the relaxation level the first page
//! settled on and a fingerprint of the search. The next page is everything strictly after
//! that position, so profiles imported between pages can never cause a repeat or a skip.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sourcer_core::{MonthStamp, Query};
use sourcer_taxonomy::RedFlag;

const VERSION: u8 = 1;
const LEN: usize = 1 + 1 + 4 + 8 + 8;

/// A decoded cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cursor {
    pub score: u32,
    pub pid: u64,
    /// How many rungs of the relaxation ladder the first page went through.
    pub level: u8,
    pub fingerprint: u64,
}

impl Cursor {
    pub fn encode(&self) -> String {
        let mut bytes = Vec::with_capacity(LEN);
        bytes.push(VERSION);
        bytes.push(self.level);
        bytes.extend_from_slice(&self.score.to_be_bytes());
        bytes.extend_from_slice(&self.pid.to_be_bytes());
        bytes.extend_from_slice(&self.fingerprint.to_be_bytes());
        URL_SAFE_NO_PAD.encode(bytes)
    }

    pub fn decode(text: &str) -> Result<Cursor, String> {
        let bad = || "malformed cursor: pass next_cursor exactly as returned".to_string();
        let bytes = URL_SAFE_NO_PAD.decode(text.trim()).map_err(|_| bad())?;
        if bytes.len() != LEN || bytes[0] != VERSION {
            return Err(bad());
        }
        let word = |range: std::ops::Range<usize>| -> [u8; 8] {
            let mut out = [0u8; 8];
            out[8 - range.len()..].copy_from_slice(&bytes[range]);
            out
        };
        Ok(Cursor {
            level: bytes[1],
            score: u64::from_be_bytes(word(2..6)) as u32,
            pid: u64::from_be_bytes(word(6..14)),
            fingerprint: u64::from_be_bytes(word(14..22)),
        })
    }
}

/// What a cursor is bound to: the query as given, the nuances, the as-of month and the
/// ranking rules (a cursor from another search is refused rather than silently misread).
pub(crate) fn fingerprint(query: &Query, nuances: &[RedFlag], as_of: MonthStamp) -> u64 {
    let mut flags: Vec<&str> = nuances.iter().map(|f| f.code()).collect();
    flags.sort_unstable();
    flags.dedup();
    let text = format!(
        "v{}|{}|{}|{}|{}",
        crate::schema::SCHEMA_VERSION,
        query.to_json(),
        flags.join(","),
        as_of,
        RANKING_RULES,
    );
    fnv1a(text.as_bytes())
}

/// Changes whenever the ranking weights change, so old cursors are refused.
const RANKING_RULES: &str = "skills3/1,titles6/4/2/1,recent24";

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_garbage() {
        let c = Cursor {
            score: 17,
            pid: 123_456_789_012,
            level: 3,
            fingerprint: 0xdead_beef_0bad_f00d,
        };
        assert_eq!(Cursor::decode(&c.encode()), Ok(c));
        assert!(Cursor::decode("not a cursor").is_err());
        assert!(Cursor::decode("").is_err());
        assert!(Cursor::decode(&URL_SAFE_NO_PAD.encode([9u8; LEN])).is_err());
    }
}
