//! Builds the [`Gazetteer`] from the files of `data/`, embedded at compile time: decompresses
//! the GeoNames extract once, then precomputes every map `locate` needs (name keys, admin1s,
//! curated ranks, representative points), so that a lookup is a few hash probes.
//!
//! The embedded files are part of the build, not input: a malformed row is a bug caught by the
//! crate's tests, so it panics with the offending row.

use std::cmp::Reverse;
use std::collections::HashMap;
use std::io::Read;

use sourcer_core::GeoPoint;

use crate::key::key;
use crate::{Admin1, City, Country, Gazetteer};

const CITIES_GZ: &[u8] = include_bytes!("../data/cities.tsv.gz");
const COUNTRIES: &str = include_str!("../data/countries.tsv");
const MAJOR_CITIES: &str = include_str!("../data/major_cities.tsv");
const ADMIN1_ALIASES: &str = include_str!("../data/admin1_aliases.tsv");

/// Words that name the kind of a division rather than the division ("Masovian Voivodeship",
/// "Muhafazat al Qahirah", "Nairobi Area"): the data's admin1s are also found without them.
const ADMIN_SUFFIXES: [&str; 13] = [
    " voivodeship",
    " sheng",
    " shi",
    " province",
    " prefecture",
    " region",
    " area",
    " district",
    " county",
    " apskritis",
    " governorate",
    " oblast",
    " state",
];
const ADMIN_PREFIXES: [&str; 4] = ["muhafazat ", "mintaqat ", "provincia de ", "changwat "];

/// The kind words a user may add to a division's name ("Kyiv Oblast", "Lagos State"); fewer
/// than the data's, because "Bay Area" is not the division "Bay".
const USER_ADMIN_SUFFIXES: [&str; 7] = [
    " province",
    " prefecture",
    " governorate",
    " oblast",
    " voivodeship",
    " county",
    " state",
];

/// The data's admin1 key without a kind word, when it has one.
pub(crate) fn strip_admin_affix(admin_key: &str) -> Option<&str> {
    let stripped = ADMIN_SUFFIXES
        .iter()
        .find_map(|s| admin_key.strip_suffix(s))
        .or_else(|| {
            ADMIN_PREFIXES
                .iter()
                .find_map(|p| admin_key.strip_prefix(p))
        })?;
    (!stripped.is_empty()).then_some(stripped)
}

/// A user's admin1 key without a kind word, when it has one.
pub(crate) fn strip_user_admin_affix(admin_key: &str) -> Option<&str> {
    let stripped = USER_ADMIN_SUFFIXES
        .iter()
        .find_map(|s| admin_key.strip_suffix(s))?;
    (!stripped.is_empty()).then_some(stripped)
}

/// The city inside a metropolitan-area name ("Greater Bengaluru Area" -> "bengaluru").
pub(crate) fn metro_core(key: &str) -> Option<&str> {
    let core = key.strip_prefix("greater ").unwrap_or(key);
    let core = [
        " metropolitan area",
        " metropolitan region",
        " metro area",
        " area",
        " metro",
    ]
    .iter()
    .find_map(|s| core.strip_suffix(s))
    .unwrap_or(core);
    (core.len() < key.len() && !core.is_empty()).then_some(core)
}

/// Rows of a tab-separated data file, comments and blank lines skipped.
fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

fn aliases<'a>(field: Option<&&'a str>) -> impl Iterator<Item = &'a str> {
    field
        .copied()
        .into_iter()
        .flat_map(|f| f.split(';'))
        .map(str::trim)
        .filter(|a| !a.is_empty())
}

fn push_unique(map: &mut HashMap<String, Vec<u32>>, key: String, id: u32) {
    let ids = map.entry(key).or_default();
    if !ids.contains(&id) {
        ids.push(id);
    }
}

pub(crate) fn build() -> Gazetteer {
    let mut text = String::with_capacity(7 << 20);
    flate2::read::GzDecoder::new(CITIES_GZ)
        .read_to_string(&mut text)
        .expect("data/cities.tsv.gz is valid gzip of UTF-8");
    let mut g = Gazetteer {
        cities: Vec::with_capacity(150_000),
        city_admin: Vec::with_capacity(150_000),
        city_rank: Vec::with_capacity(150_000),
        city_prominence: Vec::with_capacity(150_000),
        city_keys: HashMap::with_capacity(150_000),
        country_cities: HashMap::new(),
        majors: HashMap::new(),
        countries: Vec::new(),
        country_keys: HashMap::new(),
        admins: Vec::new(),
        admin_keys: HashMap::new(),
    };
    let capitals = load_countries(&mut g);
    let admin_ids = load_cities(&mut g, &text);
    load_admin_aliases(&mut g, &admin_ids);
    load_major_cities(&mut g);
    choose_admin_representatives(&mut g);
    choose_country_representatives(&mut g, &capitals);
    g
}

/// Returns each country's capital name, by country index.
fn load_countries(g: &mut Gazetteer) -> Vec<String> {
    let mut capitals = Vec::new();
    for row in rows(COUNTRIES) {
        let [code, name, capital, ..] = row[..] else {
            panic!("data/countries.tsv: bad row {row:?}");
        };
        let index = g.countries.len() as u32;
        g.countries.push(Country {
            code: code.to_string(),
            name: name.to_string(),
            representative: None,
        });
        capitals.push(capital.to_string());
        for alias in [code, name].into_iter().chain(aliases(row.get(3))) {
            if let Some(other) = g.country_keys.insert(key(alias), index)
                && other != index
            {
                panic!("data/countries.tsv: {alias:?} names two countries");
            }
        }
    }
    capitals
}

/// Loads the places; returns the admin1 index by (country, admin1 name).
fn load_cities<'t>(g: &mut Gazetteer, text: &'t str) -> HashMap<(u32, &'t str), u32> {
    let country_by_code: HashMap<String, u32> = g
        .countries
        .iter()
        .enumerate()
        .map(|(i, c)| (c.code.clone(), i as u32))
        .collect();
    let mut admin_ids: HashMap<(u32, &'t str), u32> = HashMap::new();
    let mut last: Option<(&str, &str, u32)> = None;
    for line in text.lines() {
        let mut fields = line.split('\t');
        let mut field = || {
            fields
                .next()
                .unwrap_or_else(|| panic!("data/cities.tsv.gz: short row {line:?}"))
        };
        let (name, admin1, cc, lat, lon, prominence) =
            (field(), field(), field(), field(), field(), field());
        let parse = |n: &str| -> f64 {
            n.parse()
                .unwrap_or_else(|_| panic!("data/cities.tsv.gz: bad number in {line:?}"))
        };
        // Consecutive rows usually share country and admin1: skip the hash lookups then.
        let admin = match last {
            Some((code, name, admin)) if code == cc && name == admin1 => admin,
            _ => {
                let country = *country_by_code
                    .get(cc)
                    .unwrap_or_else(|| panic!("data/countries.tsv lacks the code of {line:?}"));
                let admin = admin_id_for(g, &mut admin_ids, country, admin1);
                last = Some((cc, admin1, admin));
                admin
            }
        };
        g.admins[admin as usize].places += 1;
        let id = g.cities.len() as u32;
        g.cities.push(City {
            name: name.to_string(),
            admin1: admin1.to_string(),
            country_code: cc.to_string(),
            point: GeoPoint {
                lat: parse(lat),
                lon: parse(lon),
            },
        });
        g.city_admin.push(admin);
        g.city_rank.push(u32::MAX);
        g.city_prominence.push(parse(prominence) as u32);
        // Each place adds its own id once: no need to check the bucket for it.
        g.city_keys.entry(key(name)).or_default().push(id);
        match g.country_cities.get_mut(cc) {
            Some(ids) => ids.push(id),
            None => {
                g.country_cities.insert(cc.to_string(), vec![id]);
            }
        }
    }
    for (i, admin) in g.admins.iter().enumerate() {
        if admin.name.is_empty() {
            continue;
        }
        let k = key(&admin.name);
        if let Some(stripped) = strip_admin_affix(&k) {
            push_unique(&mut g.admin_keys, stripped.to_string(), i as u32);
        }
        push_unique(&mut g.admin_keys, k, i as u32);
    }
    admin_ids
}

/// The index of the admin1 `name` of `country`, created on first sight.
fn admin_id_for<'t>(
    g: &mut Gazetteer,
    ids: &mut HashMap<(u32, &'t str), u32>,
    country: u32,
    name: &'t str,
) -> u32 {
    *ids.entry((country, name)).or_insert_with(|| {
        g.admins.push(Admin1 {
            name: name.to_string(),
            country,
            representative: u32::MAX,
            places: 0,
        });
        (g.admins.len() - 1) as u32
    })
}

fn load_admin_aliases(g: &mut Gazetteer, admin_ids: &HashMap<(u32, &str), u32>) {
    for row in rows(ADMIN1_ALIASES) {
        let [cc, name, ..] = row[..] else {
            panic!("data/admin1_aliases.tsv: bad row {row:?}");
        };
        let id = g
            .country_index_by_code(cc)
            .and_then(|country| admin_ids.get(&(country, name)))
            .copied()
            .unwrap_or_else(|| panic!("data/admin1_aliases.tsv: no admin1 {name:?} in {cc}"));
        for alias in aliases(row.get(2)) {
            push_unique(&mut g.admin_keys, key(alias), id);
        }
    }
}

fn load_major_cities(g: &mut Gazetteer) {
    for (line, row) in rows(MAJOR_CITIES).enumerate() {
        let [tier, cc, admin1, name, ..] = row[..] else {
            panic!("data/major_cities.tsv: bad row {row:?}");
        };
        let tier: u8 = tier
            .parse()
            .unwrap_or_else(|_| panic!("data/major_cities.tsv: bad tier in {row:?}"));
        let id = g
            .city_keys
            .get(&key(name))
            .into_iter()
            .flatten()
            .copied()
            .filter(|&i| {
                let c = &g.cities[i as usize];
                c.country_code == cc && c.admin1 == admin1 && c.name == name
            })
            .max_by_key(|&i| (g.city_prominence[i as usize], Reverse(i)))
            .unwrap_or_else(|| panic!("data/major_cities.tsv: no place {row:?}"));
        if g.city_rank[id as usize] == u32::MAX {
            g.city_rank[id as usize] = u32::from(tier) * 100_000 + line as u32;
            g.majors.entry(cc.to_string()).or_default().push((id, tier));
        }
        for alias in aliases(row.get(4)) {
            push_unique(&mut g.city_keys, key(alias), id);
        }
    }
    let ranks = &g.city_rank;
    for list in g.majors.values_mut() {
        list.sort_by_key(|&(id, _)| ranks[id as usize]);
    }
}

fn choose_admin_representatives(g: &mut Gazetteer) {
    // Best curated city, else most prominent place, per admin1, in one pass.
    let mut best: Vec<Option<u32>> = vec![None; g.admins.len()];
    for id in 0..g.cities.len() as u32 {
        let slot = &mut best[g.city_admin[id as usize] as usize];
        if slot.is_none_or(|b| g.order(id) < g.order(b)) {
            *slot = Some(id);
        }
    }
    for (admin, best) in best.into_iter().enumerate() {
        let Some(mut id) = best else { continue };
        if g.city_rank[id as usize] == u32::MAX {
            // No curated city: a place named like the division is usually its seat.
            let named = g.city_keys.get(&key(&g.admins[admin].name));
            let in_admin = |i: u32| g.city_admin[i as usize] == admin as u32;
            if let Some(seat) = named.and_then(|ids| g.best_city(ids.iter().copied(), in_admin)) {
                id = seat;
            }
        }
        g.admins[admin].representative = id;
    }
}

fn choose_country_representatives(g: &mut Gazetteer, capitals: &[String]) {
    for (index, capital) in capitals.iter().enumerate() {
        let in_country =
            |i: u32| g.admins[g.city_admin[i as usize] as usize].country == index as u32;
        let capital_city = g
            .city_keys
            .get(&key(capital))
            .filter(|_| capital != "-")
            .and_then(|ids| g.best_city(ids.iter().copied(), in_country));
        let representative = capital_city.or_else(|| {
            let ids = g.country_cities.get(&g.countries[index].code)?;
            g.best_city(ids.iter().copied(), |_| true)
        });
        g.countries[index].representative = representative;
    }
}
