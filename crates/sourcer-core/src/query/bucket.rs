//! The labelled buckets of the filter language and what each one means.
//!
//! - `years_at_company`: whole years in the job (months / 12, rounded down; to the as-of month
//!   for current jobs): "Less than 1 year" = 0, "1 to 2 years" = 1-2, "3 to 5 years" = 3-5,
//!   "6 to 10 years" = 6-10, "More than 10 years" = 11 or more.
//! - `annual_revenue`, `total_funding`: US dollars in millions, lower bound inclusive and upper
//!   bound exclusive: "under_1" = [0, 1M), "1_10" = [1M, 10M), "10_50", "50_500",
//!   "over_500" = [500M, inf). Any "A_B", "under_X", "over_X" in millions is accepted.
//! - `recently_funded`: "3m", "6m", "12m", "24m" (any "Nm"): the last funding date lies within
//!   N months before the as-of month, inclusive.
//! - `geo_distance`: "50_km", "30_mi" (also "miles", "kms"), at most 1000 km.

use serde::Serialize;

use crate::categorical::categorical_key;

/// A `years_at_company` label as a range of whole years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TenureBucket {
    pub label: &'static str,
    pub min_years: i32,
    pub max_years: Option<i32>,
}

pub const TENURE_BUCKETS: [TenureBucket; 5] = [
    TenureBucket {
        label: "Less than 1 year",
        min_years: 0,
        max_years: Some(0),
    },
    TenureBucket {
        label: "1 to 2 years",
        min_years: 1,
        max_years: Some(2),
    },
    TenureBucket {
        label: "3 to 5 years",
        min_years: 3,
        max_years: Some(5),
    },
    TenureBucket {
        label: "6 to 10 years",
        min_years: 6,
        max_years: Some(10),
    },
    TenureBucket {
        label: "More than 10 years",
        min_years: 11,
        max_years: None,
    },
];

impl TenureBucket {
    pub fn parse(label: &str) -> Option<TenureBucket> {
        let key = categorical_key(label);
        TENURE_BUCKETS
            .into_iter()
            .find(|b| categorical_key(b.label) == key)
    }

    /// The bucket a tenure in months falls in.
    pub fn for_months(months: i32) -> TenureBucket {
        let years = months.max(0) / 12;
        TENURE_BUCKETS
            .into_iter()
            .find(|b| years >= b.min_years && b.max_years.is_none_or(|max| years <= max))
            .unwrap_or(TENURE_BUCKETS[4])
    }

    pub fn contains_months(&self, months: i32) -> bool {
        Self::for_months(months).label == self.label
    }
}

/// A USD amount bucket, bounds in dollars: `[min, max)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MoneyBucket {
    pub label: String,
    pub min_usd: f64,
    pub max_usd: Option<f64>,
}

impl MoneyBucket {
    pub fn parse(label: &str) -> Option<MoneyBucket> {
        const MILLION: f64 = 1_000_000.0;
        let text = label.trim().to_ascii_lowercase();
        let number = |s: &str| s.parse::<f64>().ok().filter(|n| n.is_finite() && *n >= 0.0);
        let (min, max) = if let Some(x) = text.strip_prefix("under_") {
            (0.0, Some(number(x)?))
        } else if let Some(x) = text.strip_prefix("over_") {
            (number(x)?, None)
        } else {
            let (a, b) = text.split_once('_')?;
            (number(a)?, Some(number(b)?))
        };
        if max.is_some_and(|max| max <= min) {
            return None;
        }
        Some(MoneyBucket {
            label: label.trim().to_string(),
            min_usd: min * MILLION,
            max_usd: max.map(|m| m * MILLION),
        })
    }

    pub fn contains(&self, usd: f64) -> bool {
        usd >= self.min_usd && self.max_usd.is_none_or(|max| usd < max)
    }
}

/// A `recently_funded` window in months.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecencyBucket {
    pub label: String,
    pub months: i32,
}

impl RecencyBucket {
    pub fn parse(label: &str) -> Option<RecencyBucket> {
        let text = label.trim().to_ascii_lowercase();
        let months: i32 = text.strip_suffix('m')?.parse().ok()?;
        (1..=240).contains(&months).then(|| RecencyBucket {
            label: label.trim().into(),
            months,
        })
    }
}

/// A radius for `geo_distance`, in kilometres.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Distance {
    pub label: String,
    pub km: f64,
}

impl Distance {
    pub const MAX_KM: f64 = 1000.0;

    pub fn parse(label: &str) -> Option<Distance> {
        let text = label.trim().to_ascii_lowercase().replace(' ', "_");
        let split = text.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
        let (number, unit) = text.split_at(split);
        let number: f64 = number.parse().ok()?;
        let factor = match unit.trim_start_matches('_') {
            "km" | "kms" | "kilometers" | "kilometres" => 1.0,
            "mi" | "mile" | "miles" => 1.609_344,
            _ => return None,
        };
        let km = number * factor;
        (km > 0.0 && km <= Self::MAX_KM).then(|| Distance {
            label: label.trim().into(),
            km,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenure_buckets_cover_every_month_count() {
        assert_eq!(TenureBucket::for_months(11).label, "Less than 1 year");
        assert_eq!(TenureBucket::for_months(12).label, "1 to 2 years");
        assert_eq!(TenureBucket::for_months(35).label, "1 to 2 years");
        assert_eq!(TenureBucket::for_months(36).label, "3 to 5 years");
        assert_eq!(TenureBucket::for_months(131).label, "6 to 10 years");
        assert_eq!(TenureBucket::for_months(132).label, "More than 10 years");
        assert!(TenureBucket::parse("1 TO 2 YEARS").is_some());
        assert!(TenureBucket::parse("2 to 3 years").is_none());
    }

    #[test]
    fn money_buckets_are_millions_half_open() {
        let b = MoneyBucket::parse("1_10").unwrap();
        assert!(b.contains(1_000_000.0) && b.contains(9_999_999.0) && !b.contains(10_000_000.0));
        assert!(MoneyBucket::parse("over_500").unwrap().contains(6.5e9));
        assert!(MoneyBucket::parse("under_1").unwrap().contains(0.0));
        assert!(MoneyBucket::parse("10_1").is_none());
        assert!(MoneyBucket::parse("lots").is_none());
    }

    #[test]
    fn distances_accept_km_and_miles() {
        assert_eq!(Distance::parse("50_km").unwrap().km, 50.0);
        assert!((Distance::parse("10_miles").unwrap().km - 16.09344).abs() < 1e-9);
        assert!(Distance::parse("5000_km").is_none());
        assert!(Distance::parse("50_parsecs").is_none());
        assert_eq!(RecencyBucket::parse("6m").unwrap().months, 6);
        assert!(RecencyBucket::parse("6y").is_none());
    }
}
