//! The company catalog: a fixed list of plausible companies with consistent firmographics.
//!
//! Company `i` depends only on `i` (its own random stream) and on the companies before it
//! (names are unique), never on the profile seed, so every file names the same companies the
//! same way. Firmographics hang together: a company's type follows its funding stage, its
//! headcount range contains its headcount, funding grows with the stage, revenue is headcount
//! times a sector's revenue per employee, and the last funding date is not before founding.
//! Dates are relative to the reference month (see the crate docs).

use std::collections::HashSet;

use rand::distr::Distribution;
use rand::distr::weighted::WeightedIndex;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sourcer_core::{Employer, MonthStamp, PartialDate};

use crate::tables::{CompanyWords, Country};

/// How many companies the catalog holds.
pub(crate) const CATALOG_SIZE: usize = 4000;

/// A funding stage of private companies: its share of them, and its ranges of headcount,
/// cumulative funding (USD), founding year and months since the last round.
struct Stage {
    name: &'static str,
    share: f64,
    headcount: [f64; 2],
    funding: [f64; 2],
    founded: [i32; 2],
    months_since_round: [i32; 2],
}

const fn stage(
    name: &'static str,
    share: f64,
    headcount: [f64; 2],
    funding: [f64; 2],
    founded: [i32; 2],
    months_since_round: [i32; 2],
) -> Stage {
    Stage {
        name,
        share,
        headcount,
        funding,
        founded,
        months_since_round,
    }
}

#[rustfmt::skip]
const STAGES: [Stage; 7] = [
    stage("seed", 18.0, [3.0, 40.0], [0.5e6, 4e6], [2018, 2025], [1, 24]),
    stage("series_a", 24.0, [15.0, 120.0], [5e6, 25e6], [2014, 2024], [1, 30]),
    stage("series_b", 20.0, [60.0, 400.0], [25e6, 80e6], [2011, 2022], [2, 36]),
    stage("series_c", 14.0, [150.0, 1200.0], [60e6, 200e6], [2008, 2020], [2, 36]),
    stage("series_d", 10.0, [300.0, 3000.0], [150e6, 500e6], [2005, 2018], [3, 48]),
    stage("series_e", 7.0, [600.0, 6000.0], [300e6, 1e9], [2000, 2016], [3, 48]),
    stage("series_f_plus", 7.0, [1000.0, 15000.0], [600e6, 4e9], [2000, 2016], [3, 48]),
];

const RANGES: [(i64, &str); 8] = [
    (10, "1-10"),
    (50, "11-50"),
    (200, "51-200"),
    (500, "201-500"),
    (1000, "501-1000"),
    (5000, "1001-5000"),
    (10000, "5001-10000"),
    (i64::MAX, "10001+"),
];

/// One company of the catalog.
pub(crate) struct Company {
    pub name: String,
    pub url: String,
    pub company_type: &'static str,
    pub hq: String,
    pub country: usize,
    pub sector: usize,
    pub industries: Vec<String>,
    pub headcount: i64,
    pub growth: f64,
    pub stage: &'static str,
    pub total_funding: f64,
    pub revenue: f64,
    pub founded: i32,
    pub last_funding: PartialDate,
}

/// The catalog, with the lists people's employers are drawn from.
pub(crate) struct Catalog {
    pub companies: Vec<Company>,
    /// Per country: [non-tech, tech] company ids.
    by_country: Vec<[Vec<u32>; 2]>,
    /// Companies of 1000+ people anywhere: [non-tech, tech].
    large: [Vec<u32>; 2],
    /// The oldest companies, for jobs that started before most companies existed.
    oldest: Vec<u32>,
}

/// The headcount range label containing `headcount`.
pub(crate) fn headcount_range(headcount: i64) -> &'static str {
    RANGES
        .iter()
        .find(|(max, _)| headcount <= *max)
        .map_or("10001+", |(_, label)| label)
}

fn log_uniform(rng: &mut impl Rng, [lo, hi]: [f64; 2]) -> f64 {
    (rng.random_range(lo.ln()..=hi.ln())).exp()
}

/// Rounds to three significant digits, as company facts are usually reported.
fn round3(x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    let scale = 10f64.powi(x.log10().floor() as i32 - 2);
    (x / scale).round() * scale
}

fn month(stamp: MonthStamp) -> PartialDate {
    PartialDate {
        year: stamp.year(),
        month: Some(stamp.month()),
        day: None,
    }
}

fn slug(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

impl Catalog {
    pub fn build(countries: &[Country], words: &CompanyWords) -> Catalog {
        let country_pick = WeightedIndex::new(countries.iter().map(|c| {
            if c.code == "US" {
                c.weight * 1.5
            } else {
                c.weight
            }
        }))
        .unwrap_or_else(|e| panic!("data/places.toml: bad weights: {e}"));
        let sector_pick = WeightedIndex::new(words.sectors.iter().map(|s| s.weight))
            .unwrap_or_else(|e| panic!("data/companies.toml: bad weights: {e}"));
        let mut taken = HashSet::new();
        let mut companies = Vec::with_capacity(CATALOG_SIZE);
        for i in 0..CATALOG_SIZE {
            let mut rng = company_rng(i);
            let country = country_pick.sample(&mut rng);
            let sector = sector_pick.sample(&mut rng);
            companies.push(company(
                &mut rng,
                &countries[country],
                country,
                words,
                sector,
                &mut taken,
            ));
        }
        let mut by_country = vec![[Vec::new(), Vec::new()]; countries.len()];
        let mut large = [Vec::new(), Vec::new()];
        for (id, c) in companies.iter().enumerate() {
            let tech = usize::from(words.sectors[c.sector].tech);
            by_country[c.country][tech].push(id as u32);
            if c.headcount >= 1000 {
                large[tech].push(id as u32);
            }
        }
        let mut oldest: Vec<u32> = (0..companies.len() as u32).collect();
        oldest.sort_by_key(|&id| (companies[id as usize].founded, id));
        oldest.truncate(100);
        Catalog {
            companies,
            by_country,
            large,
            oldest,
        }
    }

    /// An employer for someone living in `country` whose job starts in `start_year`: usually a
    /// local company, else a large one from anywhere; tech companies when `tech`; never one
    /// founded after the job started.
    pub fn pick(&self, rng: &mut impl Rng, country: usize, tech: bool, start_year: i32) -> u32 {
        for _ in 0..12 {
            let local = &self.by_country[country];
            let list = if rng.random_bool(0.75) {
                if local[usize::from(tech)].is_empty() {
                    &local[usize::from(!tech)]
                } else {
                    &local[usize::from(tech)]
                }
            } else {
                &self.large[usize::from(tech)]
            };
            if list.is_empty() {
                continue;
            }
            let id = list[rng.random_range(0..list.len())];
            if self.companies[id as usize].founded <= start_year {
                return id;
            }
        }
        self.oldest[rng.random_range(0..self.oldest.len())]
    }
}

fn company_rng(index: usize) -> ChaCha8Rng {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&(index as u64).to_le_bytes());
    key[8..].copy_from_slice(b"sourcer-gen/company-cat/");
    ChaCha8Rng::from_seed(key)
}

fn company(
    rng: &mut ChaCha8Rng,
    home: &Country,
    country: usize,
    words: &CompanyWords,
    sector_index: usize,
    taken: &mut HashSet<String>,
) -> Company {
    let sector = &words.sectors[sector_index];
    let as_of = crate::as_of();
    let (mut base, mut word) = (String::new(), 0);
    for _ in 0..200 {
        let prefix = &words.prefixes[rng.random_range(0..words.prefixes.len())];
        word = rng.random_range(0..sector.words.len());
        base = format!("{prefix} {}", sector.words[word]);
        if taken.insert(slug(&base)) {
            break;
        }
    }
    let public = rng.random_bool(sector.public);
    let ipo = public && rng.random_bool(0.15);
    let (stage, headcount, funding, founded, funded_months_ago) = if public {
        let founded = if ipo {
            rng.random_range(1998..=2018)
        } else {
            // Skewed towards recent decades: most listed companies are not a century old, and
            // no listed software company is older than the industry.
            let oldest = if sector.tech { 1975 } else { 1900 };
            oldest + (rng.random::<f64>().sqrt() * f64::from(2008 - oldest)) as i32
        };
        let headcount = log_uniform(
            rng,
            if ipo {
                [800.0, 25000.0]
            } else {
                [1500.0, 350000.0]
            },
        );
        let funding = if ipo {
            log_uniform(rng, [150e6, 3e9])
        } else if founded >= 1990 {
            log_uniform(rng, [20e6, 1.5e9])
        } else {
            0.0
        };
        let ipo_months_ago = if ipo {
            rng.random_range(4..=40)
        } else {
            let ipo_year = rng.random_range((founded + 8).min(2018)..=2018);
            as_of.months_since(MonthStamp::new(ipo_year, rng.random_range(1..=12)))
        };
        (
            if ipo { "ipo" } else { "public" },
            headcount,
            funding,
            founded,
            ipo_months_ago,
        )
    } else {
        let pick = WeightedIndex::new(STAGES.iter().map(|s| s.share))
            .unwrap_or_else(|_| unreachable!("stage weights are positive"));
        let stage = &STAGES[pick.sample(rng)];
        let [first, last] = stage.founded;
        let [soonest, latest] = stage.months_since_round;
        (
            stage.name,
            log_uniform(rng, stage.headcount),
            log_uniform(rng, stage.funding),
            rng.random_range(first..=last),
            rng.random_range(soonest..=latest),
        )
    };
    let founded_month = MonthStamp::new(founded, 1);
    let last_funding = as_of.minus_months(funded_months_ago).max(founded_month);
    let headcount = (headcount.round() as i64).max(2);
    let growth = match stage {
        "seed" | "series_a" => rng.random_range(-10.0..80.0),
        "series_b" | "series_c" => rng.random_range(-12.0..50.0),
        "ipo" => rng.random_range(-8.0..25.0),
        "public" => rng.random_range(-6.0..12.0),
        _ => rng.random_range(-10.0..35.0),
    };
    let maturity = match stage {
        "seed" => 0.2,
        "series_a" => 0.4,
        "series_b" => 0.6,
        "series_c" => 0.8,
        _ => 1.0,
    };
    let revenue = headcount as f64 * log_uniform(rng, sector.revenue_per_employee) * maturity;
    let name = if rng.random_bool(0.35) && !home.suffixes.is_empty() {
        let suffix = &home.suffixes[rng.random_range(0..home.suffixes.len())];
        format!("{base} {suffix}")
    } else {
        base.clone()
    };
    let tld = if sector.tech && !public && rng.random_bool(0.4) {
        if sector.words[word] == "AI" || rng.random_bool(0.3) {
            "ai"
        } else {
            "io"
        }
    } else if home.code == "US" {
        "com"
    } else {
        home.tld.as_str()
    };
    let industries = if rng.random_bool(0.6) { 1 } else { 2 };
    let first_industry = rng.random_range(0..sector.industries.len());
    Company {
        name,
        url: format!("https://www.{}.{tld}", slug(&base)),
        company_type: if public {
            "Public Company"
        } else {
            "Privately Held"
        },
        hq: home.spot(rng).label.clone(),
        country,
        sector: sector_index,
        industries: (0..industries.min(sector.industries.len()))
            .map(|k| sector.industries[(first_industry + k) % sector.industries.len()].clone())
            .collect(),
        headcount,
        growth: (growth * 10.0_f64).round() / 10.0,
        stage,
        total_funding: round3(funding),
        revenue: round3(revenue),
        founded,
        last_funding: month(last_funding),
    }
}

impl Company {
    /// An employer record carrying every firmographic field of this company.
    pub fn employer(&self) -> Employer {
        Employer {
            name: Some(self.name.clone()),
            company_url: Some(self.url.clone()),
            company_type: Some(self.company_type.to_string()),
            company_hq_location: Some(self.hq.clone()),
            company_industries: self.industries.clone(),
            company_headcount_latest: Some(self.headcount),
            company_headcount_range: Some(headcount_range(self.headcount).to_string()),
            headcount_growth: Some(self.growth),
            funding_stage: Some(self.stage.to_string()),
            total_funding: Some(self.total_funding),
            annual_revenue: Some(self.revenue),
            year_founded: Some(i64::from(self.founded)),
            last_funding_date: Some(self.last_funding),
            ..Employer::default()
        }
    }
}
