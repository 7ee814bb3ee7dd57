//! Generated profiles against the import contract and the generator's promises: determinism,
//! validity, consistent dates and levels, coverage, filled firmographics, unique ids.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use sourcer_core::{Employer, Profile};
use sourcer_gen::{as_of, generate, profile, write_jsonl};
use sourcer_geo::{Gazetteer, distance_km};

const SAMPLE: u64 = 5000;

/// Profiles 0..5000 of seed 1, generated once for all tests.
fn sample() -> &'static [Profile] {
    static SAMPLE_PROFILES: OnceLock<Vec<Profile>> = OnceLock::new();
    SAMPLE_PROFILES.get_or_init(|| generate(1, SAMPLE).collect())
}

fn employers(p: &Profile) -> impl Iterator<Item = &Employer> {
    p.current_employers.iter().chain(&p.past_employers)
}

fn share(count: usize) -> f64 {
    count as f64 / SAMPLE as f64
}

#[test]
fn a_profile_depends_only_on_seed_and_index() {
    assert_eq!(profile(9, 123), profile(9, 123));
    assert_ne!(profile(9, 123), profile(9, 124));
    assert_ne!(profile(9, 123), profile(10, 123));
    let listed: Vec<Profile> = generate(9, 5).collect();
    assert_eq!(listed[4], profile(9, 4));
}

#[test]
fn a_shorter_file_is_a_prefix_of_a_longer_one() {
    let mut short = Vec::new();
    let mut long = Vec::new();
    write_jsonl(3, 10, &mut short).unwrap();
    write_jsonl(3, 25, &mut long).unwrap();
    assert!(long.starts_with(&short));
    let text = String::from_utf8(long).unwrap();
    assert_eq!(text.lines().count(), 25);
    let line: Profile = serde_json::from_str(text.lines().nth(17).unwrap()).unwrap();
    assert_eq!(line, profile(3, 17));
}

#[test]
fn every_profile_is_valid_and_round_trips_through_json() {
    for p in sample() {
        assert_eq!(p.problems(), vec![], "{}", p.canonical_json());
        let json = serde_json::to_string(p).unwrap();
        let back: Profile = serde_json::from_str(&json).unwrap();
        assert_eq!(&back, p);
        assert!(p.id.is_none(), "ids default to the md5 of the LinkedIn URL");
    }
}

#[test]
fn linkedin_urls_and_default_ids_never_repeat() {
    let urls: HashSet<&str> = sample()
        .iter()
        .map(|p| p.linkedin_url.as_deref().unwrap())
        .collect();
    assert_eq!(urls.len(), SAMPLE as usize);
    let ids: HashSet<String> = sample().iter().map(Profile::resolved_id).collect();
    assert_eq!(ids.len(), SAMPLE as usize);
}

#[test]
fn dates_are_consistent_with_each_other_and_the_reference_month() {
    let as_of = as_of();
    for p in sample() {
        let ctx = || p.canonical_json();
        let mut earliest = as_of;
        let mut longest = 0;
        for e in employers(p) {
            let (Some(start), end) = (e.start_date, e.end_date) else {
                assert!(e.end_date.is_none(), "{}", ctx());
                continue;
            };
            let start = start.month_stamp();
            let end = end.map_or(as_of, |d| d.month_stamp());
            assert!(start <= end && end <= as_of, "{}", ctx());
            earliest = earliest.min(start);
            let year_founded = e.year_founded.unwrap();
            assert!(year_founded <= i64::from(start.year()), "{}", ctx());
            if e.employment_type.as_deref() != Some("Internship") {
                longest = longest.max(end.months_since(start));
            }
        }
        for e in &p.past_employers {
            assert!(e.end_date.is_some() || e.start_date.is_none(), "{}", ctx());
        }
        let years = p.years_of_experience_raw.unwrap();
        let span = f64::from(as_of.months_since(earliest)) / 12.0;
        assert!(years <= span + 0.05, "{years} > {span}: {}", ctx());
        assert!(years + 0.05 >= f64::from(longest) / 12.0, "{}", ctx());
        for school in &p.education_background {
            assert!(
                school.start_year.unwrap() < school.end_year.unwrap(),
                "{}",
                ctx()
            );
            assert!(
                school.end_year.unwrap() <= i64::from(as_of.year()),
                "{}",
                ctx()
            );
        }
        for cert in &p.certifications {
            assert!(cert.year.unwrap() <= i64::from(as_of.year()), "{}", ctx());
        }
    }
}

#[test]
fn levels_agree_with_the_words_of_titles() {
    for p in sample() {
        for e in employers(p) {
            let title = e.title.as_deref().unwrap();
            let level = e.seniority_level.as_deref().unwrap();
            if title.starts_with("Freelance ") {
                // Freelance work carries the person's level but no seniority word.
                continue;
            }
            let words: Vec<&str> = title.split([' ', ',']).collect();
            let has = |w: &str| words.contains(&w);
            let ok = match level {
                "Intern" => has("Intern"),
                "Entry" => !has("Senior") && !has("Junior") && !has("Lead"),
                "Junior" => has("Junior") || has("Jr."),
                "Mid" => !has("Senior") && !has("Junior") && !has("Lead") && !has("Jr."),
                "Senior" => has("Senior") || has("Sr."),
                "Lead" => has("Lead"),
                "Manager" => has("Manager") && !has("Senior"),
                "Director" => has("Director"),
                "VP" => has("VP") || has("Vice"),
                "CXO" => has("Chief") || matches!(title, "CTO" | "CFO" | "CMO" | "COO"),
                other => panic!("unexpected level {other}"),
            };
            assert!(ok, "{level}: {title}");
        }
    }
}

#[test]
fn every_firmographic_field_is_filled_and_consistent() {
    let ranges = [
        ("1-10", 1, 10),
        ("11-50", 11, 50),
        ("51-200", 51, 200),
        ("201-500", 201, 500),
        ("501-1000", 501, 1000),
        ("1001-5000", 1001, 5000),
        ("5001-10000", 5001, 10000),
        ("10001+", 10001, i64::MAX),
    ];
    let mut stages = HashSet::new();
    for e in sample().iter().flat_map(employers) {
        for field in [
            &e.name,
            &e.title,
            &e.description,
            &e.seniority_level,
            &e.function_category,
            &e.employment_type,
            &e.company_type,
            &e.company_hq_location,
            &e.funding_stage,
        ] {
            assert!(field.as_deref().is_some_and(|f| !f.is_empty()), "{e:?}");
        }
        assert!(
            e.company_url
                .as_deref()
                .unwrap()
                .starts_with("https://www.")
        );
        assert!(!e.company_industries.is_empty());
        let headcount = e.company_headcount_latest.unwrap();
        let range = e.company_headcount_range.as_deref().unwrap();
        assert!(
            ranges
                .iter()
                .any(|(l, lo, hi)| *l == range && (*lo..=*hi).contains(&headcount)),
            "{headcount} in {range}"
        );
        let stage = e.funding_stage.as_deref().unwrap();
        let public = matches!(stage, "public" | "ipo");
        assert_eq!(public, e.company_type.as_deref() == Some("Public Company"));
        assert!(e.headcount_growth.unwrap().is_finite());
        assert!(e.total_funding.unwrap() >= 0.0 && e.annual_revenue.unwrap() > 0.0);
        let founded = e.year_founded.unwrap();
        let funded = e.last_funding_date.unwrap();
        assert!(i64::from(funded.year) >= founded && funded.month_stamp() <= as_of());
        stages.insert(stage.to_string());
    }
    assert_eq!(stages.len(), 9, "{stages:?}");
}

#[test]
fn every_role_family_and_thirty_countries_occur() {
    let functions: HashSet<&str> = sample()
        .iter()
        .flat_map(employers)
        .map(|e| e.function_category.as_deref().unwrap())
        .collect();
    assert_eq!(functions.len(), 9, "{functions:?}");
    let countries: HashSet<&str> = sample()
        .iter()
        .map(|p| p.country.as_deref().unwrap())
        .collect();
    assert!(countries.len() >= 30, "{}", countries.len());
    let mut per_country: HashMap<&str, HashSet<&str>> = HashMap::new();
    for p in sample() {
        let country = p.country.as_deref().unwrap();
        per_country
            .entry(country)
            .or_default()
            .insert(p.region.as_deref().unwrap());
    }
    assert!(
        per_country["India"].len() >= 40,
        "{}",
        per_country["India"].len()
    );
    assert!(per_country["United States"].len() >= 60);
}

#[test]
fn regions_are_real_places_near_the_profile_location() {
    let g = Gazetteer::global();
    for p in sample().iter().step_by(7) {
        let region = p.region.as_deref().unwrap();
        let place = g.locate(region).unwrap_or_else(|| panic!("{region}"));
        assert_eq!(g.country_name(&place.country_code), p.country.as_deref());
        let km = distance_km(place.point, p.location.unwrap());
        assert!(km < 5.0, "{region}: {km} km");
    }
}

#[test]
fn skills_are_canonical_with_some_aliases_and_some_only_in_descriptions() {
    let mut written = HashMap::<&str, usize>::new();
    let mut only_described = 0;
    for p in sample() {
        for s in &p.skills {
            *written.entry(s.as_str()).or_default() += 1;
        }
        let listed: HashSet<&str> = p.skills.iter().map(String::as_str).collect();
        let described = p
            .current_employers
            .iter()
            .chain(&p.past_employers)
            .any(|e| {
                let text = e.description.as_deref().unwrap_or("");
                [
                    "Redis",
                    "Kafka",
                    "Docker",
                    "Tableau",
                    "Figma",
                    "Salesforce",
                    "SQL",
                    "Spark",
                    "Terraform",
                    "Jenkins",
                    "React",
                    "Java",
                    "Python",
                    "Power BI",
                    "HubSpot",
                    "Workday",
                ]
                .iter()
                .any(|s| text.contains(s) && !listed.contains(s))
            });
        only_described += usize::from(described);
    }
    for canonical in [
        "Python",
        "Kubernetes",
        "PostgreSQL",
        "Salesforce",
        "Figma",
        "SEO",
        "Workday",
    ] {
        assert!(
            written.get(canonical).is_some_and(|n| *n > 10),
            "{canonical}"
        );
    }
    for alias in ["K8s", "JS", "Postgres", "C Sharp", "MS Excel"] {
        assert!(written.contains_key(alias), "{alias}");
    }
    assert!(
        written["Kubernetes"] > 4 * written["K8s"],
        "aliases stay occasional"
    );
    assert!(only_described > 50, "{only_described}");
}

#[test]
fn career_shapes_occur_at_plausible_rates() {
    let ps = sample();
    let none_current = ps.iter().filter(|p| p.current_employers.is_empty()).count();
    let two_current = ps.iter().filter(|p| p.current_employers.len() == 2).count();
    let short_stints = ps
        .iter()
        .filter(|p| {
            let short = p.past_employers.iter().filter(|e| {
                let (Some(s), Some(end)) = (e.start_date, e.end_date) else {
                    return false;
                };
                end.month_stamp().months_since(s.month_stamp()) < 12
            });
            short.count() >= 3
        })
        .count();
    let promoted_in_place = ps
        .iter()
        .filter(|p| {
            let names: Vec<_> = employers(p).map(|e| &e.name).collect();
            names.windows(2).any(|w| w[0] == w[1])
        })
        .count();
    let most_jobs = ps.iter().map(|p| employers(p).count()).max().unwrap();
    assert!(
        (0.03..0.12).contains(&share(none_current)),
        "{none_current}"
    );
    assert!((0.02..0.08).contains(&share(two_current)), "{two_current}");
    assert!(
        (0.01..0.10).contains(&share(short_stints)),
        "{short_stints}"
    );
    assert!(share(promoted_in_place) > 0.1, "{promoted_in_place}");
    assert!(most_jobs <= 7 && ps.iter().all(|p| employers(p).count() >= 1));
}

#[test]
fn contacts_languages_and_cards_look_like_real_profiles_but_are_fictional() {
    let ps = sample();
    for p in ps {
        for email in &p.emails {
            let domain = email.split('@').nth(1).unwrap();
            assert!(domain.starts_with("example."), "{email}");
        }
        for phone in &p.phones {
            assert!(
                phone.starts_with('+') && phone.chars().filter(char::is_ascii_digit).count() >= 9
            );
        }
        assert!(!p.languages.is_empty());
        assert!(p.headline.as_deref().unwrap().len() > 5);
    }
    let summaries_with_skills = ps
        .iter()
        .filter(|p| {
            let summary = p.summary.as_deref().unwrap();
            p.skills.iter().any(|s| summary.contains(s.as_str()))
        })
        .count();
    assert!(
        share(summaries_with_skills) > 0.95,
        "{summaries_with_skills}"
    );
    let open = ps.iter().filter(|p| !p.open_to_cards.is_empty()).count();
    assert!((0.12..0.18).contains(&share(open)), "{open}");
    let with_email = ps.iter().filter(|p| !p.emails.is_empty()).count();
    assert!(share(with_email) > 0.9);
}
