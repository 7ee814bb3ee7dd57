//! Assembles one profile from the tables: who and where the person is, their career with
//! companies and titles, skills, schooling and contacts.

use rand::Rng;
use rand::seq::{IndexedRandom, SliceRandom};
use sourcer_core::{Employer, GeoPoint, MonthStamp, PartialDate, Profile};

use crate::career::{self, Job, JobKind, Level};
use crate::education;
use crate::tables::{Country, Family, Skill, Tables};
use crate::text::{self, pick};

const EMAIL_DOMAINS: [&str; 3] = ["example.com", "example.net", "example.org"];

/// Builds the profile whose LinkedIn handle ends in `handle` (unique per index).
pub(crate) fn person(rng: &mut impl Rng, handle: u64) -> Profile {
    let tables = Tables::get();
    let as_of = crate::as_of();
    let country_index = tables.country_index(rng);
    let country = &tables.countries[country_index];
    let culture = country.culture(tables, rng);
    let first = pick(rng, &culture.first).as_str();
    let last = pick(rng, &culture.last).as_str();
    let spot = country.spot(rng);
    let family = tables.family(rng);
    let track = pick(rng, &family.tracks);
    let noun = if rng.random_bool(0.6) {
        track.role.as_str()
    } else {
        pick(rng, &track.variants).as_str()
    };
    let career = career::career(rng, as_of);
    let top_level = career
        .jobs
        .iter()
        .map(|j| j.level)
        .max()
        .unwrap_or(Level::Mid);

    let mut core: Vec<&Skill> = track.skills.iter().collect();
    core.shuffle(rng);
    let listed_count = rng.random_range(4..=core.len().min(8));
    let (listed, unlisted) = core.split_at(listed_count);
    let mut skills: Vec<&Skill> = listed.to_vec();
    let common = rng.random_range(1..=3);
    skills.extend(family.common.choose_multiple(rng, common));
    if top_level >= Level::Lead {
        let leadership = rng.random_range(1..=2);
        skills.extend(family.leadership.choose_multiple(rng, leadership));
    }
    let mut seen = Vec::with_capacity(skills.len());
    skills.retain(|s| {
        let fresh = !seen.contains(&s.name.as_str());
        seen.push(s.name.as_str());
        fresh
    });
    let skill_names: Vec<&str> = skills.iter().map(|s| s.name.as_str()).collect();
    let written: Vec<String> = skills
        .iter()
        .map(|s| match &s.alias {
            Some(alias) if rng.random_bool(0.12) => alias.clone(),
            _ => s.name.clone(),
        })
        .collect();
    // Skills the list leaves out but a job description names.
    let hidden: Vec<&str> = unlisted.iter().take(2).map(|s| s.name.as_str()).collect();

    let tech_family = matches!(
        family.key.as_str(),
        "engineering" | "data" | "design" | "product"
    );
    let mut current = Vec::new();
    let mut past = Vec::new();
    let mut previous: Option<u32> = None;
    let mut latest_domain = String::new();
    for (i, job) in career.jobs.iter().enumerate() {
        let company = match previous {
            Some(p) if job.same_company => p,
            _ => {
                let tech = rng.random_bool(if tech_family { 0.75 } else { 0.35 });
                let mut id = tables
                    .catalog
                    .pick(rng, country_index, tech, job.start.year());
                if Some(id) == previous {
                    id = tables
                        .catalog
                        .pick(rng, country_index, tech, job.start.year());
                }
                id
            }
        };
        previous = Some(company);
        let company = &tables.catalog.companies[company as usize];
        let domain = pick(rng, &tables.words.sectors[company.sector].domains).clone();
        let is_last_regular = career.jobs[i + 1..]
            .iter()
            .all(|j| j.kind != JobKind::Regular);
        let mention = if is_last_regular && !hidden.is_empty() && rng.random_bool(0.7) {
            hidden[0]
        } else {
            *pick(rng, &skill_names)
        };
        let others: Vec<&str> = skill_names
            .iter()
            .chain(hidden.iter())
            .copied()
            .filter(|s| *s != mention)
            .collect();
        let pair: Vec<&&str> = others.choose_multiple(rng, 2).collect();
        let words = [
            mention,
            pair.first().map_or(mention, |s| s),
            pair.get(1).map_or(mention, |s| s),
        ];
        let mut e = company.employer();
        fill_job(rng, &mut e, family, noun, job, words, &domain);
        if job.end.is_none() {
            current.push(e);
        } else {
            past.push(e);
        }
        latest_domain = domain;
    }
    past.reverse();

    let years = f64::from(career::experience_covered(&career.jobs, as_of)) / 12.0;
    let latest = current.first().or(past.first());
    let latest_title = latest
        .and_then(|e| e.title.clone())
        .unwrap_or_else(|| noun.to_string());
    let current_company = current.first().and_then(|e| e.name.as_deref());
    let headline = text::headline(rng, &latest_title, current_company, &skill_names);
    let summary = text::summary(rng, noun, years, &skill_names, &latest_domain);
    let first_job_year = career.start.year();
    let town = spot.label.split(',').next().unwrap_or("City");
    let schools = education::education(
        rng,
        tables,
        family,
        country,
        town,
        first_job_year,
        as_of.year(),
    );
    let certifications = education::certifications(rng, family, first_job_year, as_of.year());
    let honors = education::honors(
        rng,
        family,
        schools.first().and_then(|s| s.institute_name.as_deref()),
        past.first().and_then(|e| e.name.as_deref()),
    );
    Profile {
        id: None,
        name: Some(format!("{first} {last}")),
        headline: Some(headline),
        summary: Some(summary),
        linkedin_url: Some(format!(
            "https://www.linkedin.com/in/{}-{}-{handle:010x}",
            slug(first),
            slug(last)
        )),
        region: Some(spot.label.clone()),
        country: Some(country.name.clone()),
        location: Some(jitter(rng, spot.point)),
        years_of_experience_raw: Some((years * 10.0).round() / 10.0),
        skills: written,
        open_to_cards: open_to_cards(rng, top_level),
        languages: education::languages(rng, country, &spot.admin1),
        current_employers: current,
        past_employers: past,
        education_background: schools,
        certifications,
        honors,
        emails: emails(rng, first, last),
        phones: phones(rng, country),
    }
}

fn fill_job(
    rng: &mut impl Rng,
    e: &mut Employer,
    family: &Family,
    noun: &str,
    job: &Job,
    skills: [&str; 3],
    domain: &str,
) {
    let template = pick(rng, &family.phrases).as_str();
    let (title, employment, description) = match job.kind {
        JobKind::Internship => (
            text::title(rng, family, noun, Level::Intern),
            "Internship",
            format!(
                "Intern on the {domain} team; worked with {} and {}.",
                skills[0], skills[1]
            ),
        ),
        JobKind::SideGig { full_time: false } if rng.random_bool(0.5) => (
            format!("Freelance {noun}"),
            "Freelance",
            format!(
                "Freelance work for {domain} clients, mostly {} and {}.",
                skills[0], skills[1]
            ),
        ),
        JobKind::SideGig { full_time } => (
            text::title(rng, family, noun, job.level),
            if full_time { "Full-time" } else { "Part-time" },
            text::fill(rng, template, skills, domain),
        ),
        JobKind::Regular => (
            text::title(rng, family, noun, job.level),
            match rng.random_range(0..20) {
                0 => "Contract",
                1..=7 => "Permanent",
                _ => "Full-time",
            },
            text::fill(rng, template, skills, domain),
        ),
    };
    e.title = Some(title);
    e.description = Some(description);
    e.seniority_level = Some(job.level.label().to_string());
    e.function_category = Some(family.function.clone());
    e.employment_type = Some(employment.to_string());
    if !job.dates_hidden {
        e.start_date = Some(month(job.start));
        e.end_date = job.end.map(month);
    }
}

fn month(stamp: MonthStamp) -> PartialDate {
    PartialDate {
        year: stamp.year(),
        month: Some(stamp.month()),
        day: None,
    }
}

/// Lower-case ASCII letters and digits of a name, words joined by `-`.
fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Within about 2 km of the city centre, rounded to 4 decimals (11 m).
fn jitter(rng: &mut impl Rng, p: GeoPoint) -> GeoPoint {
    let round = |x: f64| (x * 10_000.0).round() / 10_000.0;
    GeoPoint {
        lat: round((p.lat + rng.random_range(-0.02..0.02)).clamp(-90.0, 90.0)),
        lon: round((p.lon + rng.random_range(-0.02..0.02)).clamp(-180.0, 180.0)),
    }
}

fn open_to_cards(rng: &mut impl Rng, top: Level) -> Vec<String> {
    if !rng.random_bool(0.15) {
        return Vec::new();
    }
    let card = match rng.random_range(0..10) {
        0..=1 if top >= Level::Manager => "HIRING",
        0 => "PROVIDING_SERVICES",
        _ => "CAREER_INTEREST",
    };
    vec![card.to_string()]
}

fn emails(rng: &mut impl Rng, first: &str, last: &str) -> Vec<String> {
    let (f, l) = (slug(first).replace('-', ""), slug(last).replace('-', ""));
    let mut out = Vec::with_capacity(2);
    let count = match rng.random_range(0..20) {
        0 => 0,
        1..=5 => 2,
        _ => 1,
    };
    for _ in 0..count {
        let n = rng.random_range(1..100);
        let local = match rng.random_range(0..3) {
            0 => format!("{f}.{l}{n}"),
            1 => format!("{f}{l}{n}"),
            _ => format!("{}{l}{n}", &f[..1.min(f.len())]),
        };
        let email = format!("{local}@{}", pick(rng, &EMAIL_DOMAINS));
        if !out.contains(&email) {
            out.push(email);
        }
    }
    out
}

fn phones(rng: &mut impl Rng, country: &Country) -> Vec<String> {
    if !rng.random_bool(0.8) {
        return Vec::new();
    }
    let number = country
        .phone
        .chars()
        .map(|c| match c {
            '#' => char::from(b'0' + rng.random_range(0..10u8)),
            c => c,
        })
        .collect();
    vec![number]
}
