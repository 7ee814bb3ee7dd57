//! Dates as the import format writes them (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), and the month
//! arithmetic that tenure, gaps and recency rules are defined in.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A date with optional month and day, kept exactly as written so a profile round-trips.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// Why a date string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid date {0:?}: expected YYYY-MM or YYYY-MM-DD")]
pub struct DateError(pub String);

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with a plausible year (1900-2100).
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let bad = || DateError(text.to_string());
        let mut parts = text.trim().split('-');
        let year: i32 = parse_fixed(parts.next(), 4).ok_or_else(bad)?;
        let month: Option<u8> = parts
            .next()
            .map(|m| parse_fixed(Some(m), 2).ok_or_else(bad))
            .transpose()?;
        let day: Option<u8> = parts
            .next()
            .map(|d| parse_fixed(Some(d), 2).ok_or_else(bad))
            .transpose()?;
        if parts.next().is_some() || !(1900..=2100).contains(&year) {
            return Err(bad());
        }
        if month.is_some_and(|m| !(1..=12).contains(&m))
            || day.is_some_and(|d| !(1..=31).contains(&d))
        {
            return Err(bad());
        }
        Ok(Self { year, month, day })
    }

    /// The month this date falls in; a year-only date counts as January.
    pub fn month_stamp(&self) -> MonthStamp {
        MonthStamp::new(self.year, self.month.unwrap_or(1))
    }
}

fn parse_fixed<T: std::str::FromStr>(part: Option<&str>, width: usize) -> Option<T> {
    let part = part?;
    if part.len() != width || !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    part.parse().ok()
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        PartialDate::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// A calendar month as a count of months since January of year 0, so that differences are
/// durations in months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct MonthStamp(pub i32);

impl MonthStamp {
    pub fn new(year: i32, month: u8) -> Self {
        Self(year * 12 + i32::from(month) - 1)
    }

    /// The current month in UTC.
    pub fn now() -> Self {
        Self::from_date(time::OffsetDateTime::now_utc().date())
    }

    pub fn from_date(date: time::Date) -> Self {
        Self::new(date.year(), u8::from(date.month()))
    }

    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    pub fn month(self) -> u8 {
        (self.0.rem_euclid(12) + 1) as u8
    }

    /// Whole months from `earlier` to `self` (negative when `earlier` is later).
    pub fn months_since(self, earlier: MonthStamp) -> i32 {
        self.0 - earlier.0
    }

    pub fn minus_months(self, months: i32) -> Self {
        Self(self.0 - months)
    }

    /// Parses `YYYY-MM` (as used by `--as-of` options and cursors).
    pub fn parse(text: &str) -> Option<Self> {
        let d = PartialDate::parse(text).ok()?;
        Some(d.month_stamp())
    }
}

impl fmt::Display for MonthStamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_accepted_shapes_and_round_trips() {
        for text in ["2021", "2021-03", "2021-03-15"] {
            assert_eq!(PartialDate::parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn refuses_malformed_dates() {
        for text in [
            "",
            "21-03",
            "2021-3",
            "2021-13",
            "2021-03-32",
            "March 2021",
            "2021-03-01-01",
        ] {
            assert!(PartialDate::parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn month_arithmetic_counts_whole_months() {
        let start = PartialDate::parse("2020-11").unwrap().month_stamp();
        let end = PartialDate::parse("2022-02-28").unwrap().month_stamp();
        assert_eq!(end.months_since(start), 15);
        assert_eq!(end.to_string(), "2022-02");
        assert_eq!(
            MonthStamp::parse("2024-01")
                .unwrap()
                .minus_months(1)
                .to_string(),
            "2023-12"
        );
    }
}
