//! Resolution of a place name to a [`Place`], following the rules in the crate docs: split on
//! commas, read the last component as a country when it is one, and resolve the rest within
//! the narrowest scope given.

use std::cmp::Reverse;

use crate::key::key;
use crate::load::{metro_core, strip_user_admin_affix};
use crate::{Gazetteer, Place, PlaceKind};

/// Where a city name is looked for.
#[derive(Clone, Copy)]
enum Scope<'a> {
    World,
    Country(u32),
    Admins(&'a [u32]),
}

pub(crate) fn locate(g: &Gazetteer, place: &str) -> Option<Place> {
    let mut parts = Vec::with_capacity(3);
    for part in place.split(',').filter(|p| !p.trim().is_empty()) {
        let k = key(part);
        if k.is_empty() {
            return None;
        }
        parts.push(k);
    }
    match parts.as_slice() {
        [name] => match g.country_keys.get(name) {
            Some(&country) => g.country_place(country),
            None => g.name_in(name, None),
        },
        [name, scope] => g.pair(name, scope),
        [city, admin, country] => {
            let country = *g.country_keys.get(country)?;
            let admins = g.admins_named(admin, Some(country));
            if admins.is_empty() {
                // An admin1 spelling we do not know ("Kyiv Oblast"): city and country must
                // still agree. One that names another admin1 of the country is refused below.
                return g.city_place(g.city_named(city, Scope::Country(country))?);
            }
            g.city_place(g.city_named(city, Scope::Admins(&admins))?)
        }
        _ => None,
    }
}

impl Gazetteer {
    /// The tie-break order of places (smaller is better): curated rank, prominence, data order.
    pub(crate) fn order(&self, id: u32) -> (u32, Reverse<u32>, u32) {
        let i = id as usize;
        (self.city_rank[i], Reverse(self.city_prominence[i]), id)
    }

    /// The best-ordered city among `ids` that `keep` accepts.
    pub(crate) fn best_city(
        &self,
        ids: impl Iterator<Item = u32>,
        keep: impl Fn(u32) -> bool,
    ) -> Option<u32> {
        ids.filter(|&i| keep(i)).min_by_key(|&i| self.order(i))
    }

    fn in_scope(&self, id: u32, scope: Scope<'_>) -> bool {
        let admin = self.city_admin[id as usize];
        match scope {
            Scope::World => true,
            Scope::Country(country) => self.admins[admin as usize].country == country,
            Scope::Admins(admins) => admins.contains(&admin),
        }
    }

    fn city_named(&self, name: &str, scope: Scope<'_>) -> Option<u32> {
        let found = self
            .city_keys
            .get(name)
            .and_then(|ids| self.best_city(ids.iter().copied(), |i| self.in_scope(i, scope)));
        if found.is_some() {
            return found;
        }
        // "Greater Chicago Area" names a metropolis: accept it for curated cities only, so
        // that "Bay Area" does not become a village called Bay.
        let ids = self.city_keys.get(metro_core(name)?)?;
        let curated = |i: u32| self.city_rank[i as usize] != u32::MAX && self.in_scope(i, scope);
        self.best_city(ids.iter().copied(), curated)
    }

    /// Admin1s answering to `name` (also without a kind word such as "Province").
    fn admins_named(&self, name: &str, country: Option<u32>) -> Vec<u32> {
        let lookup = |name: &str| -> Vec<u32> {
            let ids = self
                .admin_keys
                .get(name)
                .map(Vec::as_slice)
                .unwrap_or_default();
            ids.iter()
                .copied()
                .filter(|&a| country.is_none_or(|c| self.admins[a as usize].country == c))
                .collect()
        };
        let found = lookup(name);
        match strip_user_admin_affix(name) {
            Some(stripped) if found.is_empty() => lookup(stripped),
            _ => found,
        }
    }

    /// Of several admin1s with one name, the one holding the most places.
    fn best_admin(&self, admins: &[u32]) -> Option<u32> {
        admins
            .iter()
            .copied()
            .max_by_key(|&a| (self.admins[a as usize].places, Reverse(a)))
    }

    /// A name within the world or a country: a curated city, else an admin1, else any place.
    fn name_in(&self, name: &str, country: Option<u32>) -> Option<Place> {
        let city = self.city_named(name, country.map_or(Scope::World, Scope::Country));
        if let Some(id) = city.filter(|&id| self.city_rank[id as usize] != u32::MAX) {
            return self.city_place(id);
        }
        if let Some(admin) = self.best_admin(&self.admins_named(name, country)) {
            return self.admin_place(admin);
        }
        self.city_place(city?)
    }

    /// "City, Country", "Admin1, Country" or "City, Admin1".
    fn pair(&self, name: &str, scope: &str) -> Option<Place> {
        if let Some(&country) = self.country_keys.get(scope)
            && let Some(place) = self.name_in(name, Some(country))
        {
            return Some(place);
        }
        // Not a country, or nothing of that name in it ("Austin, TX", "Atlanta, Georgia").
        let admins = self.admins_named(scope, None);
        self.city_place(self.city_named(name, Scope::Admins(&admins))?)
    }

    fn city_place(&self, id: u32) -> Option<Place> {
        let city = self.cities.get(id as usize)?;
        Some(Place {
            name: self.city_label(city),
            kind: PlaceKind::City,
            point: city.point,
            country_code: city.country_code.clone(),
        })
    }

    fn admin_place(&self, admin: u32) -> Option<Place> {
        let a = self.admins.get(admin as usize)?;
        let country = self.countries.get(a.country as usize)?;
        Some(Place {
            name: format!("{}, {}", a.name, country.name),
            kind: PlaceKind::Region,
            point: self.cities.get(a.representative as usize)?.point,
            country_code: country.code.clone(),
        })
    }

    fn country_place(&self, country: u32) -> Option<Place> {
        let c = self.countries.get(country as usize)?;
        Some(Place {
            name: c.name.clone(),
            kind: PlaceKind::Country,
            point: self.cities.get(c.representative? as usize)?.point,
            country_code: c.code.clone(),
        })
    }
}
