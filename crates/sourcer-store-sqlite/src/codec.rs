//! Conversions between records and SQLite column values: the shared ones from
//! `sourcer_store_sql::codec`, plus the clock and the placeholder lists only SQLite uses.

pub(crate) use sourcer_store_sql::codec::*;
use time::OffsetDateTime;

/// The current instant in storage form.
pub(crate) fn now_ms() -> i64 {
    to_ms(OffsetDateTime::now_utc())
}

/// `?, ?, ...` for `count` binds. Big statements use anonymous placeholders: the driver asks
/// SQLite for every parameter's name, a linear scan per call for numbered ones (`$n`), which
/// made 3,000-bind statements quadratic.
pub(crate) fn placeholders(count: usize) -> String {
    let mut list = "?, ".repeat(count);
    list.truncate(list.len().saturating_sub(2));
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_anonymous_and_comma_separated() {
        assert_eq!(placeholders(3), "?, ?, ?");
        assert_eq!(placeholders(1), "?");
        assert_eq!(placeholders(0), "");
    }
}
