//! Checks of the generator's internals: its tables, the company catalog and the handles that
//! make LinkedIn URLs unique.

use std::collections::HashSet;

use sourcer_geo::Gazetteer;

use crate::companies::{CATALOG_SIZE, headcount_range};
use crate::handle;
use crate::tables::Tables;

#[test]
fn tables_are_complete_for_every_family_and_country() {
    let t = Tables::get();
    let families: Vec<&str> = t.families.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(
        families,
        [
            "engineering",
            "data",
            "design",
            "product",
            "sales",
            "finance",
            "marketing",
            "operations",
            "hr"
        ]
    );
    for f in &t.families {
        assert!(f.tracks.len() >= 4, "{}", f.key);
        assert!(f.tracks.iter().all(|tr| tr.skills.len() >= 6), "{}", f.key);
        assert!(!f.manager.is_empty() && !f.chief.is_empty() && !f.certifications.is_empty());
        assert!(f.phrases.iter().all(|p| p.contains("{a}")), "{}", f.key);
    }
    assert!(t.countries.len() >= 30);
    let g = Gazetteer::global();
    for c in &t.countries {
        let wanted = g.cities_in(&c.code).len().min(10);
        assert!(
            c.spots.len() >= wanted,
            "{} has {} places",
            c.code,
            c.spots.len()
        );
        assert!(c.institutes.len() >= 4, "{}", c.code);
    }
    assert!(
        t.cultures
            .iter()
            .all(|c| c.first.len() >= 10 && c.last.len() >= 10)
    );
}

#[test]
fn the_catalog_has_unique_names_and_urls_and_real_headquarters() {
    let t = Tables::get();
    let companies = &t.catalog.companies;
    assert_eq!(companies.len(), CATALOG_SIZE);
    let names: HashSet<&str> = companies.iter().map(|c| c.name.as_str()).collect();
    let urls: HashSet<&str> = companies.iter().map(|c| c.url.as_str()).collect();
    assert_eq!(names.len(), CATALOG_SIZE);
    assert_eq!(urls.len(), CATALOG_SIZE);
    let g = Gazetteer::global();
    for c in companies.iter().step_by(13) {
        let hq = g.locate(&c.hq).unwrap_or_else(|| panic!("{}", c.hq));
        assert_eq!(hq.country_code, t.countries[c.country].code);
    }
}

#[test]
fn headcount_ranges_use_linkedin_bounds() {
    assert_eq!(headcount_range(1), "1-10");
    assert_eq!(headcount_range(10), "1-10");
    assert_eq!(headcount_range(11), "11-50");
    assert_eq!(headcount_range(5000), "1001-5000");
    assert_eq!(headcount_range(10001), "10001+");
}

#[test]
fn handles_never_repeat_within_a_seed() {
    for seed in [0, 1, u64::MAX] {
        let handles: HashSet<u64> = (0..200_000).map(|i| handle(seed, i)).collect();
        assert_eq!(handles.len(), 200_000);
        assert!(handles.iter().all(|h| *h < 1 << 40));
    }
}
