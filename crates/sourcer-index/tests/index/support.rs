//! Test support: a small deterministic profile generator whose vocabulary makes filters hit
//! often (spelling variants, accents, aliases, nested employers, odd dates), a geocoder with
//! fixed points, and helpers to build indexes and compare them with the evaluator.

use std::collections::HashMap;
use std::sync::Arc;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::Value;
use sourcer_core::text::fold;
use sourcer_core::{
    Certification, Education, Employer, GeoPoint, Honor, MonthStamp, PartialDate, Profile, Query,
};
use sourcer_index::eval::Evaluator;
use sourcer_index::{Geocoder, IndexOptions, PeopleIndex, SearchRequest};
use sourcer_taxonomy::RedFlag;

/// Points for the places the generator and the tests use.
pub struct TestGeocoder(HashMap<String, GeoPoint>);

impl TestGeocoder {
    pub fn new() -> TestGeocoder {
        let places = [
            ("pune, maharashtra, india", 18.5204, 73.8567),
            ("pune, india", 18.5204, 73.8567),
            ("pune", 18.5204, 73.8567),
            ("mumbai, maharashtra, india", 19.0760, 72.8777),
            ("maharashtra, india", 19.7515, 75.7139),
            ("bengaluru, karnataka, india", 12.9716, 77.5946),
            ("india", 20.5937, 78.9629),
            ("london, england, united kingdom", 51.5072, -0.1276),
            ("united kingdom", 55.3781, -3.4360),
            ("sao paulo, sao paulo, brazil", -23.5505, -46.6333),
            ("brazil", -14.2350, -51.9253),
            ("zurich, zurich, switzerland", 47.3769, 8.5417),
            ("switzerland", 46.8182, 8.2275),
        ];
        TestGeocoder(
            places
                .into_iter()
                .map(|(n, lat, lon)| (n.to_string(), GeoPoint { lat, lon }))
                .collect(),
        )
    }
}

impl Geocoder for TestGeocoder {
    fn locate(&self, place: &str) -> Option<GeoPoint> {
        let key: Vec<String> = fold(place)
            .split(',')
            .map(|c| c.trim().to_string())
            .collect();
        self.0.get(&key.join(", ")).copied()
    }
}

pub fn geocoder() -> Arc<TestGeocoder> {
    Arc::new(TestGeocoder::new())
}

pub fn ram_index() -> PeopleIndex {
    PeopleIndex::open_in_ram(IndexOptions {
        geocoder: geocoder(),
    })
    .expect("in-memory index")
}

pub fn month(text: &str) -> MonthStamp {
    MonthStamp::parse(text).expect("valid month")
}

pub fn query(value: Value) -> Query {
    Query::parse(&value).unwrap_or_else(|p| panic!("test query refused: {p:?}"))
}

pub const TITLES: &[&str] = &[
    "Senior .NET Developer",
    ".NET Developer",
    "ASP.NET Developer",
    "Software Engineer",
    "Senior Software Engineer",
    "Lead Software Engineer II",
    "Software Engineering Manager",
    "Data Analyst",
    "Product Manager",
    "Ingénieur Logiciel",
    "C++ Developer",
    "Sr. Engineer",
    "SOFTWARE ENGINEER",
];
pub const COMPANIES: &[&str] = &[
    "Tech Mahindra",
    "Infosys",
    "Acme Corp",
    "Zoho",
    "São Paulo Labs",
];
pub const REGIONS: &[&str] = &[
    "Pune, Maharashtra, India",
    "Mumbai, Maharashtra, India",
    "Bengaluru, Karnataka, India",
    "Maharashtra, India",
    "India",
    "London, England, United Kingdom",
    "São Paulo, São Paulo, Brazil",
    "Zürich, Zurich, Switzerland",
    "Pune, India",
    "Atlantis, Nowhere",
];
pub const COUNTRIES: &[&str] = &["India", "United Kingdom", "Brazil", "Switzerland", "india"];
pub const SKILLS: &[&str] = &[
    "C#",
    "csharp",
    "C Sharp",
    ".NET Core",
    "ASP.NET MVC",
    "K8s",
    "Kubernetes",
    "Python",
    "SQL Server",
    "React",
    "JS",
    "JavaScript",
    "Postgres",
    "Unknown Skill X",
];
pub const INDUSTRIES: &[&str] = &[
    "Software Development",
    "IT Services and IT Consulting",
    "Design Services",
    "Financial Services",
];
pub const FUNCTIONS: &[&str] = &["Engineering", "engineering", "Product", "Sales"];
pub const SENIORITIES: &[&str] = &[
    "Senior",
    "SENIOR",
    "Sr",
    "Entry-level",
    "Mid",
    "Lead",
    "Intern",
];
pub const EMPLOYMENT: &[&str] = &[
    "Full-time",
    "full time",
    "Part-time",
    "Permanent",
    "Contract",
    "Internship",
];
pub const COMPANY_TYPES: &[&str] = &["Public Company", "Privately Held", "public company"];
pub const HEADCOUNT_RANGES: &[&str] = &["51-200", "51 - 200", "10001+", "10,001+", "2-10"];
pub const FUNDING_STAGES: &[&str] = &["series_a", "Series A", "seed", "public", "ipo"];
pub const DESCRIPTIONS: &[&str] = &[
    "Built a B2B SaaS platform in C# and ASP.NET",
    "B2B payments; SaaS tooling for banks",
    "Ran k8s operators and Postgres replicas",
    "Led the .NET developer guild",
    "Sold enterprise software",
    "",
];
pub const INSTITUTES: &[&str] = &[
    "University of Mumbai",
    "IIT Bombay",
    "Universidade de São Paulo",
    "ETH Zürich",
];
pub const FIELDS_OF_STUDY: &[&str] = &["Computer Science", "Information Technology", "Economics"];
pub const DEGREES: &[&str] = &[
    "BACHELORS",
    "Bachelor's",
    "MASTERS",
    "MBA",
    "PhD",
    "HIGH_SCHOOL",
];
pub const CERTIFICATIONS: &[&str] = &[
    "AWS Certified Cloud Practitioner",
    "PMP",
    "Azure Fundamentals",
];
pub const HONORS: &[&str] = &["Dean's list", "Employee of the Month"];
pub const LANGUAGES: &[&str] = &["English", "Marathi", "Hindi", "Portuguese", "english"];
pub const CARDS: &[&str] = &["CAREER_INTEREST", "HIRING", "career interest"];

fn pick<'a>(rng: &mut StdRng, items: &[&'a str]) -> &'a str {
    items[rng.random_range(0..items.len())]
}

fn maybe(rng: &mut StdRng, p: f64, items: &[&str]) -> Option<String> {
    rng.random_bool(p).then(|| pick(rng, items).to_string())
}

fn some_of(rng: &mut StdRng, max: usize, items: &[&str]) -> Vec<String> {
    let n = rng.random_range(0..=max);
    (0..n).map(|_| pick(rng, items).to_string()).collect()
}

fn date(rng: &mut StdRng, from: i32, to: i32) -> PartialDate {
    let year = rng.random_range(from..=to);
    let text = match rng.random_range(0..6) {
        0 => format!("{year}"),
        1 => format!("{year}-{:02}-15", rng.random_range(1..=12)),
        _ => format!("{year}-{:02}", rng.random_range(1..=12)),
    };
    PartialDate::parse(&text).expect("generated date")
}

fn employer(rng: &mut StdRng, current: bool) -> Employer {
    let start = rng.random_bool(0.92).then(|| date(rng, 2008, 2026));
    let end = if current {
        // A few "current" jobs carry an end date anyway.
        rng.random_bool(0.05).then(|| date(rng, 2020, 2027))
    } else {
        rng.random_bool(0.9).then(|| {
            let from = start.map_or(2008, |s| s.year);
            date(rng, from, 2026)
        })
    };
    let end = match (start, end) {
        (Some(s), Some(e)) if e.month_stamp() < s.month_stamp() => Some(s),
        (_, e) => e,
    };
    let money = |rng: &mut StdRng| {
        rng.random_bool(0.8).then(|| {
            [
                0.0,
                500_000.0,
                1_000_000.0,
                9_999_999.0,
                10_000_000.0,
                6.5e9,
            ][rng.random_range(0..6)]
        })
    };
    Employer {
        name: maybe(rng, 0.9, COMPANIES),
        title: maybe(rng, 0.93, TITLES),
        description: maybe(rng, 0.6, DESCRIPTIONS),
        start_date: start,
        end_date: end,
        seniority_level: maybe(rng, 0.7, SENIORITIES),
        function_category: maybe(rng, 0.7, FUNCTIONS),
        employment_type: maybe(rng, 0.7, EMPLOYMENT),
        company_url: None,
        company_type: maybe(rng, 0.7, COMPANY_TYPES),
        company_hq_location: maybe(rng, 0.7, REGIONS),
        company_industries: some_of(rng, 2, INDUSTRIES),
        company_headcount_latest: rng.random_bool(0.7).then(|| rng.random_range(1..200_000)),
        company_headcount_range: maybe(rng, 0.7, HEADCOUNT_RANGES),
        headcount_growth: rng
            .random_bool(0.7)
            .then(|| [-5.0, 0.0, 4.2, 10.0, 15.5, 20.0, 35.0][rng.random_range(0..7)]),
        funding_stage: maybe(rng, 0.7, FUNDING_STAGES),
        total_funding: money(rng),
        annual_revenue: money(rng),
        year_founded: rng.random_bool(0.7).then(|| rng.random_range(1980..2024)),
        last_funding_date: rng.random_bool(0.6).then(|| date(rng, 2020, 2027)),
    }
}

/// Profile `i` of generator `seed`.
pub fn profile(seed: u64, i: u64) -> Profile {
    let mut rng = StdRng::seed_from_u64(seed.wrapping_mul(1_000_003).wrapping_add(i));
    let location = rng.random_bool(0.3).then(|| GeoPoint {
        lat: rng.random_range(10.0..25.0),
        lon: rng.random_range(70.0..80.0),
    });
    let current = (0..rng.random_range(0..=2))
        .map(|_| employer(&mut rng, true))
        .collect();
    let past = (0..rng.random_range(0..=4))
        .map(|_| employer(&mut rng, false))
        .collect();
    Profile {
        id: Some(format!("p{seed}-{i}")),
        name: Some(format!("Person {i}")),
        region: maybe(&mut rng, 0.85, REGIONS),
        country: maybe(&mut rng, 0.6, COUNTRIES),
        location,
        years_of_experience_raw: rng
            .random_bool(0.85)
            .then(|| [0.0, 1.0, 2.5, 5.0, 6.5, 10.0, 14.0][rng.random_range(0..7)]),
        skills: some_of(&mut rng, 5, SKILLS),
        open_to_cards: some_of(&mut rng, 1, CARDS),
        languages: some_of(&mut rng, 2, LANGUAGES),
        current_employers: current,
        past_employers: past,
        education_background: (0..rng.random_range(0..=2))
            .map(|_| Education {
                institute_name: maybe(&mut rng, 0.9, INSTITUTES),
                degree_name: maybe(&mut rng, 0.8, DEGREES),
                field_of_study: maybe(&mut rng, 0.8, FIELDS_OF_STUDY),
                start_year: None,
                end_year: None,
            })
            .collect(),
        certifications: (0..rng.random_range(0..=1))
            .map(|_| Certification {
                name: maybe(&mut rng, 1.0, CERTIFICATIONS),
                ..Default::default()
            })
            .collect(),
        honors: (0..rng.random_range(0..=1))
            .map(|_| Honor {
                title: maybe(&mut rng, 1.0, HONORS),
                issuer: None,
            })
            .collect(),
        ..Default::default()
    }
}

/// Pids the evaluator accepts, ascending.
pub fn expected(
    profiles: &[(u64, Profile)],
    q: &Query,
    nuances: &[RedFlag],
    as_of: MonthStamp,
) -> Vec<u64> {
    let geo = TestGeocoder::new();
    let evaluator = Evaluator::new(q, nuances, as_of, &geo).expect("valid query");
    let mut pids: Vec<u64> = profiles
        .iter()
        .filter(|(_, p)| evaluator.matches(p))
        .map(|(pid, _)| *pid)
        .collect();
    pids.sort_unstable();
    pids
}

/// The evaluator's ranking of these pids: score descending, pid ascending.
pub fn ranked(
    profiles: &[(u64, Profile)],
    pids: &[u64],
    q: &Query,
    as_of: MonthStamp,
) -> Vec<(u64, f32)> {
    let geo = TestGeocoder::new();
    let evaluator = Evaluator::new(q, &[], as_of, &geo).expect("valid query");
    let mut out: Vec<(u32, u64)> = profiles
        .iter()
        .filter(|(pid, _)| pids.contains(pid))
        .map(|(pid, p)| (evaluator.score(p), *pid))
        .collect();
    out.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    out.into_iter().map(|(s, p)| (p, s as f32)).collect()
}

/// Every pid a search returns, in order, paging with `limit`.
pub fn all_pages(index: &PeopleIndex, mut req: SearchRequest) -> Vec<(u64, f32)> {
    let mut out = Vec::new();
    loop {
        let page = index.search(&req).expect("search");
        out.extend(page.hits.iter().map(|h| (h.pid, h.score)));
        match page.next_cursor {
            Some(c) => req.cursor = Some(c),
            None => return out,
        }
    }
}

/// A small writer: tests index a few hundred profiles.
pub fn small_writer(index: &PeopleIndex) -> sourcer_index::IndexWriter {
    let options = sourcer_index::WriterOptions {
        threads: 1,
        memory_budget: 20 << 20,
    };
    index.writer_with(options).expect("writer")
}

/// Indexes profiles under their pids, committing once.
pub fn index_profiles(index: &PeopleIndex, profiles: &[(u64, Profile)]) {
    let mut writer = small_writer(index);
    for (pid, p) in profiles {
        writer.upsert(*pid, &p.resolved_id(), p).expect("upsert");
    }
    writer.commit(profiles.len() as u64).expect("commit");
}
