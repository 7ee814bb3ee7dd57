//! Profile keys packed into one text value per query.
//!
//! The driver hands rows from its SQLite thread to the caller one message at a time, a few
//! microseconds each: 1M rows would take seconds. SQLite concatenates the same rows in
//! C in a fraction of that, so key scans ask for one `group_concat` per page and parse it
//! here. Each entry is `pid hash seq len id`, space separated, where `len` is the id's length
//! in bytes, so ids may contain any character.

use sourcer_store::{StoreError, StoreResult};

/// The aggregate to select over rows exposing `pid, id, content_hash, seq`.
pub(crate) const PACKED_KEYS: &str = "group_concat(pid || ' ' || content_hash || ' ' || seq \
     || ' ' || length(CAST(id AS BLOB)) || ' ' || id, ' ')";

/// One unpacked entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PackedKey<'a> {
    pub id: &'a str,
    pub pid: i64,
    pub content_hash: i64,
    pub seq: i64,
}

fn corrupt() -> StoreError {
    anyhow::anyhow!("packed profile keys are malformed").into()
}

/// Splits the next space-terminated integer off `text`.
fn integer(text: &str) -> StoreResult<(i64, &str)> {
    let (token, rest) = text.split_once(' ').ok_or_else(corrupt)?;
    Ok((token.parse().map_err(|_| corrupt())?, rest))
}

/// Calls `each` for every entry of a `PACKED_KEYS` value.
pub(crate) fn unpack<'a>(
    mut packed: &'a str,
    mut each: impl FnMut(PackedKey<'a>),
) -> StoreResult<()> {
    while !packed.is_empty() {
        let (pid, rest) = integer(packed)?;
        let (content_hash, rest) = integer(rest)?;
        let (seq, rest) = integer(rest)?;
        let (len, rest) = integer(rest)?;
        let len = usize::try_from(len).map_err(|_| corrupt())?;
        let id = rest.get(..len).ok_or_else(corrupt)?;
        let rest = rest.get(len..).ok_or_else(corrupt)?;
        packed = match rest.strip_prefix(' ') {
            Some(next) => next,
            None if rest.is_empty() => rest,
            None => return Err(corrupt()),
        };
        each(PackedKey {
            id,
            pid,
            content_hash,
            seq,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(packed: &str) -> StoreResult<Vec<PackedKey<'_>>> {
        let mut keys = Vec::new();
        unpack(packed, |key| keys.push(key))?;
        Ok(keys)
    }

    #[test]
    fn ids_with_spaces_and_multibyte_characters_unpack_by_byte_length() {
        let keys = all("1 -5 7 3 a b 2 9 8 3 é! 3 0 9 0 ").unwrap();
        assert_eq!(keys.len(), 3);
        assert_eq!(
            keys[0],
            PackedKey {
                id: "a b",
                pid: 1,
                content_hash: -5,
                seq: 7
            }
        );
        assert_eq!(keys[1].id, "é!");
        assert_eq!(keys[2].id, "");
    }

    #[test]
    fn truncated_or_garbled_text_is_an_error_not_a_panic() {
        assert!(all("1 2 3 10 short").is_err());
        assert!(all("x 2 3 1 a").is_err());
        assert!(all("1 2 3 1 ab").is_err());
        assert!(all("").unwrap().is_empty());
    }
}
