//! The gazetteer: forward geocoding of place names ("Pune, Maharashtra, India", "Pune",
//! "Maharashtra, India", "India") to coordinates, from GeoNames data vendored in `data/`
//! (see data/ATTRIBUTION.md), plus great-circle distances. Depends only on sourcer-core.
//!
//! # How names resolve
//! A place is one to three comma-separated components, compared by a key that ignores case,
//! accents, punctuation and umlaut transliterations ("Zürich" = "Zuerich" = "zurich"):
//! - `Country` (a name, an ISO code or an alias such as "USA", "UK", "Holland");
//! - `City, Admin1, Country`, `City, Country`, `City, Admin1`, `Admin1, Country`;
//! - a bare `City` or bare `Admin1`.
//!
//! Within a scope (the world, a country, or an admin1) a name resolves to, in order: a
//! curated major city of that name (data/major_cities.tsv), else a first-level division
//! (admin1) of that name, else any place of that name. A country name wins over both when
//! the name is used bare. A middle component that names no admin1 of the country is
//! tolerated ("Kyiv, Kyiv Oblast, Ukraine"); one that names a different admin1 is not.
//! LinkedIn-style metropolitan areas ("Greater Bengaluru Area", "New York City Metropolitan
//! Area") resolve to their city when it is a curated one; kind words users add to divisions
//! ("Lagos State", "Kyiv Oblast") are dropped when the full name is unknown.
//!
//! # Tie-breaks
//! GeoNames' extract has no population, so places of one name are ordered by: curated tier
//! and position in data/major_cities.tsv, then *prominence* (how many other places of the
//! data lie within 15 km: the core of a large urban area has many listed neighbours), then
//! data order. Two admin1s of one name are ordered by how many places they hold (so a bare
//! "Punjab" is Pakistan's). Bare "Washington" is the US capital, a curated city.
//!
//! # Representative points
//! - a city: its own coordinates;
//! - an admin1: its best-ranked curated city, else a place named like the admin1, else its
//!   most prominent place ("Maharashtra" -> Mumbai, "Zurich" canton -> Zurich);
//! - a country: its capital (data/countries.tsv), else its best-ranked place.

mod key;
mod load;
mod resolve;

use std::collections::HashMap;
use std::sync::OnceLock;

use sourcer_core::GeoPoint;

/// What kind of place a name resolved to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    /// A populated place of the data (a city, town or district).
    City,
    /// A first-level administrative division (state, province).
    Region,
    /// A country, standing at its capital.
    Country,
}

/// A resolved place.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Display form: "Pune, Maharashtra, India".
    pub name: String,
    /// What the name resolved to.
    pub kind: PlaceKind,
    /// The place's coordinates, or its representative point (see the crate docs).
    pub point: GeoPoint,
    /// ISO 3166-1 alpha-2 code, upper case.
    pub country_code: String,
}

/// A city record of the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct City {
    /// Name as GeoNames writes it in ASCII ("Sao Paulo", "Zuerich (Kreis 7) / Witikon").
    pub name: String,
    /// First-level division; empty for places without one (Singapore, Hong Kong).
    pub admin1: String,
    /// ISO 3166-1 alpha-2 code, upper case.
    pub country_code: String,
    /// Coordinates from GeoNames.
    pub point: GeoPoint,
}

/// A curated major city and its tier: 1 = global hub, 2 = major national city, 3 = regional.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MajorCity<'g> {
    /// The city's record.
    pub city: &'g City,
    /// 1, 2 or 3.
    pub tier: u8,
}

/// Why a place could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GeoError {
    /// The place (as given, trimmed) resolves to nothing.
    #[error("unknown place {0:?}: the gazetteer has no city, region or country of that name")]
    UnknownPlace(String),
}

/// The loaded gazetteer. Obtain it with [`Gazetteer::global`].
pub struct Gazetteer {
    cities: Vec<City>,
    /// Per city: the index of its admin1 in `admins`.
    city_admin: Vec<u32>,
    /// Per city: curated rank (lower is better), `u32::MAX` when not curated.
    city_rank: Vec<u32>,
    /// Per city: places of the data within 15 km.
    city_prominence: Vec<u32>,
    city_keys: HashMap<String, Vec<u32>>,
    country_cities: HashMap<String, Vec<u32>>,
    /// Curated cities per country code, best rank first, with their tier.
    majors: HashMap<String, Vec<(u32, u8)>>,
    countries: Vec<Country>,
    country_keys: HashMap<String, u32>,
    admins: Vec<Admin1>,
    admin_keys: HashMap<String, Vec<u32>>,
}

struct Country {
    code: String,
    name: String,
    /// The city standing for the country, `None` when the data has no place in it.
    representative: Option<u32>,
}

struct Admin1 {
    name: String,
    country: u32,
    representative: u32,
    places: u32,
}

impl Gazetteer {
    /// The gazetteer built from the vendored data, loaded once.
    pub fn global() -> &'static Gazetteer {
        static GLOBAL: OnceLock<Gazetteer> = OnceLock::new();
        GLOBAL.get_or_init(load::build)
    }

    /// Resolves a place name; `None` when the gazetteer does not know it.
    pub fn locate(&self, place: &str) -> Option<Place> {
        resolve::locate(self, place)
    }

    /// Like [`Gazetteer::locate`], with an error that names the unknown place.
    pub fn resolve(&self, place: &str) -> Result<Place, GeoError> {
        self.locate(place)
            .ok_or_else(|| GeoError::UnknownPlace(place.trim().to_string()))
    }

    /// The English short name of a country code ("IN" -> "India").
    pub fn country_name(&self, code: &str) -> Option<&str> {
        let index = self.country_index_by_code(code)?;
        Some(&self.countries[index as usize].name)
    }

    /// The code of a country name or code, case-insensitively ("india" -> "IN").
    pub fn country_code(&self, name: &str) -> Option<&str> {
        let index = self.country_keys.get(&key::key(name))?;
        Some(&self.countries[*index as usize].code)
    }

    /// Every city of a country, in data order.
    pub fn cities_in(&self, country_code: &str) -> Vec<&City> {
        self.country_cities
            .get(&country_code.trim().to_ascii_uppercase())
            .map(|ids| ids.iter().map(|&i| &self.cities[i as usize]).collect())
            .unwrap_or_default()
    }

    /// The curated major cities of a country, best-ranked first (empty for most small
    /// countries).
    pub fn major_cities(&self, country_code: &str) -> Vec<MajorCity<'_>> {
        self.majors
            .get(&country_code.trim().to_ascii_uppercase())
            .map(|ids| {
                ids.iter()
                    .map(|&(i, tier)| MajorCity {
                        city: &self.cities[i as usize],
                        tier,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every country code of the data, sorted.
    pub fn country_codes(&self) -> Vec<&str> {
        let mut codes: Vec<&str> = self.countries.iter().map(|c| c.code.as_str()).collect();
        codes.sort_unstable();
        codes
    }

    /// The display form of a city: "City, Admin1, Country" ("City, Country" when the data
    /// has no admin1 for it). [`Gazetteer::locate`] resolves it back to the same city.
    pub fn city_label(&self, city: &City) -> String {
        let country = self
            .country_name(&city.country_code)
            .unwrap_or(&city.country_code);
        if city.admin1.is_empty() {
            format!("{}, {country}", city.name)
        } else {
            format!("{}, {}, {country}", city.name, city.admin1)
        }
    }

    fn country_index_by_code(&self, code: &str) -> Option<u32> {
        let code = code.trim();
        let index = *self.country_keys.get(&key::key(code))?;
        (self.countries[index as usize]
            .code
            .eq_ignore_ascii_case(code))
        .then_some(index)
    }
}

/// Great-circle distance in kilometres (haversine, mean Earth radius 6371.0088 km).
pub fn distance_km(a: GeoPoint, b: GeoPoint) -> f64 {
    const R: f64 = 6371.0088;
    let (la1, la2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = la2 - la1;
    let dlon = (b.lon - a.lon).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * R * h.sqrt().min(1.0).asin()
}

/// A latitude/longitude box that contains every point within `km` of `center`:
/// `(min_lat, max_lat, min_lon, max_lon)`; longitudes may need wrapping near the antimeridian,
/// in which case the box spans all longitudes.
pub fn bounding_box(center: GeoPoint, km: f64) -> (f64, f64, f64, f64) {
    const KM_PER_DEG_LAT: f64 = 111.194_93;
    let dlat = km / KM_PER_DEG_LAT;
    let min_lat = (center.lat - dlat).max(-90.0);
    let max_lat = (center.lat + dlat).min(90.0);
    let widest = center.lat.abs() + dlat;
    if widest >= 89.0 {
        return (min_lat, max_lat, -180.0, 180.0);
    }
    let dlon = km / (KM_PER_DEG_LAT * widest.to_radians().cos());
    let (min_lon, max_lon) = (center.lon - dlon, center.lon + dlon);
    if min_lon < -180.0 || max_lon > 180.0 {
        return (min_lat, max_lat, -180.0, 180.0);
    }
    (min_lat, max_lat, min_lon, max_lon)
}
