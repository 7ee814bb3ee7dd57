//! The generator's tables: the embedded files of `data/` (role families, names, countries,
//! company words) parsed once, joined with the gazetteer's cities, and turned into ready-made
//! weighted choices so that generating a profile only samples.
//!
//! The files are part of the build, not input: a malformed one is a bug the crate's tests
//! catch, so loading panics with the reason.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use rand::Rng;
use rand::distr::Distribution;
use rand::distr::weighted::WeightedIndex;
use serde::Deserialize;
use sourcer_core::GeoPoint;
use sourcer_geo::Gazetteer;

use crate::companies::Catalog;

const ROLES: &str = include_str!("../data/roles.toml");
const NAMES: &str = include_str!("../data/names.toml");
const PLACES: &str = include_str!("../data/places.toml");
const COMPANIES: &str = include_str!("../data/companies.toml");

/// A role family (engineering, data, ...): management titles, shared skills, education.
#[derive(Deserialize)]
pub(crate) struct Family {
    pub key: String,
    pub function: String,
    pub weight: f64,
    pub manager: Vec<String>,
    pub director: Vec<String>,
    pub vp: Vec<String>,
    pub chief: Vec<String>,
    pub common: Vec<Skill>,
    pub leadership: Vec<Skill>,
    pub fields: Vec<String>,
    pub masters: Vec<String>,
    #[serde(default)]
    pub mba: bool,
    pub certifications: Vec<[String; 2]>,
    pub phrases: Vec<String>,
    #[serde(rename = "track")]
    pub tracks: Vec<Track>,
}

/// An individual-contributor role of a family, with its core skills.
#[derive(Deserialize)]
pub(crate) struct Track {
    pub role: String,
    pub variants: Vec<String>,
    pub skills: Vec<Skill>,
}

/// A skill's canonical name and the alias sometimes written instead ("Kubernetes|K8s").
#[derive(Deserialize, Clone, PartialEq)]
#[serde(from = "String")]
pub(crate) struct Skill {
    pub name: String,
    pub alias: Option<String>,
}

impl From<String> for Skill {
    fn from(text: String) -> Self {
        match text.split_once('|') {
            Some((name, alias)) => Skill {
                name: name.to_string(),
                alias: Some(alias.to_string()),
            },
            None => Skill {
                name: text,
                alias: None,
            },
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct Culture {
    pub first: Vec<String>,
    pub last: Vec<String>,
}

#[derive(Deserialize)]
struct PlacesFile {
    country: Vec<CountryRow>,
}

#[derive(Deserialize)]
struct CountryRow {
    code: String,
    weight: f64,
    cultures: Vec<(String, f64)>,
    languages: Vec<String>,
    english: f64,
    phone: String,
    tld: String,
    suffixes: Vec<String>,
    institutes: Vec<String>,
}

/// A place people live in: a gazetteer city with its "City, Admin1, Country" label.
pub(crate) struct Spot {
    pub label: String,
    pub admin1: String,
    pub point: GeoPoint,
}

/// A country people are generated in.
pub(crate) struct Country {
    pub code: String,
    pub name: String,
    pub languages: Vec<String>,
    pub english: f64,
    pub phone: String,
    pub tld: String,
    pub suffixes: Vec<String>,
    pub institutes: Vec<String>,
    /// Share of the people generated here.
    pub weight: f64,
    cultures: Vec<usize>,
    culture_pick: WeightedIndex<f64>,
    pub spots: Vec<Spot>,
    spot_pick: WeightedIndex<f64>,
}

impl Country {
    pub fn culture<'t>(&self, tables: &'t Tables, rng: &mut impl Rng) -> &'t Culture {
        &tables.cultures[self.cultures[self.culture_pick.sample(rng)]]
    }

    pub fn spot(&self, rng: &mut impl Rng) -> &Spot {
        &self.spots[self.spot_pick.sample(rng)]
    }
}

/// Words company names and sectors are made of.
#[derive(Deserialize)]
pub(crate) struct CompanyWords {
    pub prefixes: Vec<String>,
    #[serde(rename = "sector")]
    pub sectors: Vec<Sector>,
}

#[derive(Deserialize)]
pub(crate) struct Sector {
    pub weight: f64,
    pub tech: bool,
    pub public: f64,
    pub revenue_per_employee: [f64; 2],
    pub industries: Vec<String>,
    pub words: Vec<String>,
    pub domains: Vec<String>,
}

/// Everything generation reads, built once.
pub(crate) struct Tables {
    pub families: Vec<Family>,
    family_pick: WeightedIndex<f64>,
    pub cultures: Vec<Culture>,
    pub countries: Vec<Country>,
    country_pick: WeightedIndex<f64>,
    pub words: CompanyWords,
    pub catalog: Catalog,
}

impl Tables {
    pub fn get() -> &'static Tables {
        static TABLES: OnceLock<Tables> = OnceLock::new();
        TABLES.get_or_init(load)
    }

    pub fn family(&self, rng: &mut impl Rng) -> &Family {
        &self.families[self.family_pick.sample(rng)]
    }

    pub fn country_index(&self, rng: &mut impl Rng) -> usize {
        self.country_pick.sample(rng)
    }
}

fn parse<T: for<'de> Deserialize<'de>>(name: &str, text: &str) -> T {
    toml::from_str(text).unwrap_or_else(|e| panic!("data/{name} is invalid: {e}"))
}

fn weighted(name: &str, weights: impl IntoIterator<Item = f64>) -> WeightedIndex<f64> {
    WeightedIndex::new(weights).unwrap_or_else(|e| panic!("data/{name}: bad weights: {e}"))
}

fn load() -> Tables {
    #[derive(Deserialize)]
    struct RolesFile {
        family: Vec<Family>,
    }
    let families = parse::<RolesFile>("roles.toml", ROLES).family;
    let names: BTreeMap<String, Culture> = parse("names.toml", NAMES);
    let culture_index: HashMap<String, usize> = names
        .keys()
        .enumerate()
        .map(|(i, n)| (n.clone(), i))
        .collect();
    let cultures: Vec<Culture> = names.into_values().collect();
    let rows = parse::<PlacesFile>("places.toml", PLACES).country;
    let gazetteer = Gazetteer::global();
    let countries: Vec<Country> = rows
        .into_iter()
        .map(|row| country(row, &culture_index, gazetteer))
        .collect();
    let words: CompanyWords = parse("companies.toml", COMPANIES);
    let catalog = Catalog::build(&countries, &words);
    Tables {
        family_pick: weighted("roles.toml", families.iter().map(|f| f.weight)),
        families,
        cultures,
        country_pick: weighted("places.toml", countries.iter().map(|c| c.weight)),
        countries,
        words,
        catalog,
    }
}

fn country(row: CountryRow, cultures: &HashMap<String, usize>, g: &Gazetteer) -> Country {
    let name = g
        .country_name(&row.code)
        .unwrap_or_else(|| panic!("data/places.toml: unknown country {}", row.code))
        .to_string();
    let (spots, weights) = spots(&row.code, g);
    Country {
        cultures: row
            .cultures
            .iter()
            .map(|(c, _)| {
                *cultures
                    .get(c)
                    .unwrap_or_else(|| panic!("data/places.toml: no culture {c} in names.toml"))
            })
            .collect(),
        culture_pick: weighted("places.toml", row.cultures.iter().map(|(_, w)| *w)),
        spot_pick: weighted("places.toml", weights),
        spots,
        code: row.code,
        name,
        languages: row.languages,
        english: row.english,
        phone: row.phone,
        tld: row.tld,
        suffixes: row.suffixes,
        institutes: row.institutes,
        weight: row.weight,
    }
}

/// The gazetteer's curated cities of a country (weighted by tier), plus a tail of ordinary
/// places with plain names so that many cities occur.
fn spots(code: &str, g: &Gazetteer) -> (Vec<Spot>, Vec<f64>) {
    const TAIL: usize = 40;
    let spot = |city: &sourcer_geo::City| Spot {
        label: g.city_label(city),
        admin1: city.admin1.clone(),
        point: city.point,
    };
    let mut spots = Vec::new();
    let mut weights = Vec::new();
    for major in g.major_cities(code) {
        spots.push(spot(major.city));
        weights.push(match major.tier {
            1 => 30.0,
            2 => 10.0,
            _ => 4.0,
        });
    }
    let plain: Vec<_> = g
        .cities_in(code)
        .into_iter()
        .filter(|c| {
            c.name.chars().all(|ch| ch.is_alphabetic() || ch == ' ') && !c.admin1.is_empty()
        })
        .collect();
    let tail_weight = weights.iter().sum::<f64>() * 0.12 / TAIL as f64;
    // Only places whose label resolves back to them: a region must geocode to its location.
    let resolves = |city: &sourcer_geo::City| {
        g.locate(&g.city_label(city)).map(|p| p.point) == Some(city.point)
    };
    let tail = plain
        .iter()
        .step_by((plain.len() / TAIL).max(1))
        .filter(|c| resolves(c))
        .take(TAIL);
    for city in tail {
        spots.push(spot(city));
        weights.push(tail_weight.max(0.1));
    }
    (spots, weights)
}
