//! How evidence lines are written: jobs as "Senior .NET Developer at Tech Mahindra (2021-03
//! to now, 4.2 years)", durations as "4.5 years", and [`line`], `format!` for evidence.
//!
//! Every candidate gets some thirty lines, so the writers avoid `fmt`'s padding and float
//! machinery where the text is simple (tests hold them equal to the plain `format!` forms),
//! and a line is built in a reused buffer, then copied once at its exact size.

use std::cell::RefCell;
use std::fmt::{self, Write as _};

use sourcer_core::MonthStamp;

use super::facts::JobFact;

thread_local! {
    static BUFFER: RefCell<String> = const { RefCell::new(String::new()) };
}

/// `format!` for evidence lines. `format!` sizes its string from the literal parts and grows
/// it by doubling as the arguments are written (several reallocations for a line quoting a
/// job); here the line is written into this thread's buffer and copied out once.
pub(crate) fn line(args: fmt::Arguments<'_>) -> String {
    BUFFER.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buffer) => {
            buffer.clear();
            // Writing to a String fails only if a Display impl does; `format!` panics then.
            if buffer.write_fmt(args).is_err() {
                return fmt::format(args);
            }
            buffer.as_str().to_owned()
        }
        // Only reachable if an argument's Display writes a line itself.
        Err(_) => fmt::format(args),
    })
}

/// A month as `format!("{:04}-{:02}", year, month)` (`MonthStamp`'s Display).
pub(crate) struct Month(pub MonthStamp);

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month) = (self.0.year(), self.0.month());
        if !(0..=9999).contains(&year) || !(1..=12).contains(&month) {
            return write!(f, "{}", self.0);
        }
        let digit = |n: i32| b'0' + (n % 10) as u8;
        let text = [
            digit(year / 1000),
            digit(year / 100),
            digit(year / 10),
            digit(year),
            b'-',
            digit(i32::from(month) / 10),
            digit(i32::from(month)),
        ];
        f.write_str(std::str::from_utf8(&text).map_err(|_| fmt::Error)?)
    }
}

/// Durations up to this many months have their tenths computed exactly in integers (a
/// test compares every one with the float formatting).
const EXACT_TENTHS_UP_TO: i32 = 2400;

/// A duration in months, shown as "4.5 years", "1 year" or "7 months".
pub(crate) struct Years(pub i32);

impl fmt::Display for Years {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            m if m < 12 => write!(f, "{m} month{}", if m == 1 { "" } else { "s" }),
            12 => f.write_str("1 year"),
            m if m % 12 == 0 => write!(f, "{} years", m / 12),
            m if m <= EXACT_TENTHS_UP_TO => {
                // `{:.1}` of m / 12 rounds 10m / 12 = 5m / 6 to an integer, ties to even;
                // ties (m / 12 ending in .25 or .75) are exact in binary, nothing else is
                // near one.
                let (whole, rest) = (5 * m / 6, 5 * m % 6);
                let tenths = whole + i32::from(rest > 3 || (rest == 3 && whole % 2 == 1));
                write!(f, "{}.{} years", tenths / 10, tenths % 10)
            }
            m => write!(f, "{:.1} years", m as f32 / 12.0),
        }
    }
}

pub(crate) fn years(months: i32) -> Years {
    Years(months)
}

/// A job as evidence: "Senior .NET Developer at Tech Mahindra (2021-03 to now, 4.2 years)";
/// the duration only when asked for. Written straight into the line that quotes it.
pub(crate) struct JobText<'a, 'p>(&'a JobFact<'p>, bool);

impl fmt::Display for JobText<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (j, with_duration) = (self.0, self.1);
        let e = j.employer;
        f.write_str(e.title.as_deref().unwrap_or("a role"))?;
        if let Some(name) = e.name.as_deref() {
            f.write_str(" at ")?;
            f.write_str(name)?;
        }
        let Some(start) = j.start else {
            return Ok(());
        };
        f.write_str(" (")?;
        Month(start).fmt(f)?;
        f.write_str(" to ")?;
        match (j.current, e.end_date) {
            (true, _) => f.write_str("now")?,
            (false, Some(end)) => Month(end.month_stamp()).fmt(f)?,
            (false, None) => f.write_str("?")?,
        }
        if let (true, Some(m)) = (with_duration, j.months) {
            f.write_str(", ")?;
            Years(m).fmt(f)?;
        }
        f.write_str(")")
    }
}

pub(crate) fn describe_job<'a, 'p>(j: &'a JobFact<'p>, with_duration: bool) -> JobText<'a, 'p> {
    JobText(j, with_duration)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Years` as first written, with `fmt`'s float formatting.
    fn years_as_floats(m: i32) -> String {
        match m {
            m if m < 12 => format!("{m} month{}", if m == 1 { "" } else { "s" }),
            12 => "1 year".to_string(),
            m if m % 12 == 0 => format!("{} years", m / 12),
            m => format!("{:.1} years", m as f32 / 12.0),
        }
    }

    #[test]
    fn durations_read_exactly_as_float_formatting_gives_them() {
        for m in -30..=EXACT_TENTHS_UP_TO + 50 {
            assert_eq!(years(m).to_string(), years_as_floats(m), "{m} months");
        }
        assert_eq!(years(15).to_string(), years_as_floats(15));
        assert_eq!(years(54).to_string(), "4.5 years");
    }

    #[test]
    fn months_read_as_the_core_display_gives_them() {
        for year in [-12, 0, 7, 99, 999, 1999, 2021, 9999, 10_000, 123_456] {
            for month in 1..=12 {
                let m = MonthStamp::new(year, month);
                assert_eq!(Month(m).to_string(), m.to_string(), "{year}-{month}");
            }
        }
    }

    #[test]
    fn lines_equal_format() {
        let job = "Senior .NET Developer";
        assert_eq!(
            line(format_args!(
                "{job} for {}: {:.1} {}",
                3,
                2.25f32,
                Years(40)
            )),
            format!("{job} for {}: {:.1} {}", 3, 2.25f32, Years(40))
        );
        assert_eq!(line(format_args!("")), "");
    }
}
