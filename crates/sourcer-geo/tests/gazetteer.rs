//! The gazetteer against the examples the product needs: the seed's places, accents, aliases,
//! regions and countries, ambiguity, unknown places and distances.

use sourcer_geo::{Gazetteer, GeoError, PlaceKind, distance_km};

fn g() -> &'static Gazetteer {
    Gazetteer::global()
}

fn km_between(a: &str, b: &str) -> f64 {
    let a = g().locate(a).unwrap_or_else(|| panic!("{a} not found"));
    let b = g().locate(b).unwrap_or_else(|| panic!("{b} not found"));
    distance_km(a.point, b.point)
}

#[test]
fn the_seed_place_resolves_to_pune_with_its_display_name() {
    let pune = g().locate("Pune, Maharashtra, India").unwrap();
    assert_eq!(pune.name, "Pune, Maharashtra, India");
    assert_eq!(pune.kind, PlaceKind::City);
    assert_eq!(pune.country_code, "IN");
    assert!((pune.point.lat - 18.52).abs() < 0.05 && (pune.point.lon - 73.86).abs() < 0.05);
    for spelling in ["Pune", "pune, india", "PUNE, Maharashtra", " Pune ,  IN "] {
        assert_eq!(g().locate(spelling).as_ref(), Some(&pune), "{spelling}");
    }
}

#[test]
fn accents_case_and_umlaut_spellings_are_ignored() {
    let sp = g().locate("São Paulo").unwrap();
    assert_eq!(sp.name, "Sao Paulo, Sao Paulo, Brazil");
    assert_eq!(g().locate("SÃO PAULO, Brasil").unwrap(), sp);
    let zurich = g().locate("Zürich").unwrap();
    assert_eq!(zurich.country_code, "CH");
    assert_eq!(zurich.kind, PlaceKind::City);
    assert_eq!(g().locate("Zuerich, Switzerland").unwrap(), zurich);
    let munich = g().locate("München, Bayern, Deutschland").unwrap();
    assert_eq!(munich.name, "Munich, Bavaria, Germany");
    let gothenburg = g().locate("Göteborg, Sweden").unwrap();
    assert_eq!(gothenburg.name, "Goeteborg, Vaestra Goetaland, Sweden");
}

#[test]
fn country_aliases_and_codes_resolve() {
    let gb = g().locate("United Kingdom").unwrap();
    assert_eq!(gb.kind, PlaceKind::Country);
    for alias in ["UK", "Great Britain", "England", "gb", "U.K."] {
        assert_eq!(g().locate(alias).as_ref(), Some(&gb), "{alias}");
    }
    for (alias, code) in [
        ("USA", "US"),
        ("United States of America", "US"),
        ("UAE", "AE"),
        ("Holland", "NL"),
        ("Deutschland", "DE"),
        ("Türkiye", "TR"),
    ] {
        assert_eq!(g().country_code(alias), Some(code), "{alias}");
    }
    assert_eq!(g().country_code("india"), Some("IN"));
    assert_eq!(g().country_name("in"), Some("India"));
    assert_eq!(g().country_name("XX"), None);
    assert_eq!(g().country_name("India"), None, "a name is not a code");
}

#[test]
fn every_country_of_the_data_has_a_name_and_a_point() {
    let codes = g().country_codes();
    assert!(codes.len() >= 240, "{}", codes.len());
    for code in codes {
        let name = g().country_name(code).unwrap();
        let place = g().locate(name).unwrap_or_else(|| panic!("{code} {name}"));
        assert_eq!(place.country_code, code, "{name}");
        assert!(!g().cities_in(code).is_empty(), "{code}");
    }
}

#[test]
fn a_country_stands_at_its_capital() {
    assert!(km_between("India", "New Delhi, NCT, India") < 1.0);
    assert!(km_between("United States", "Washington, DC") < 1.0);
    assert!(km_between("Germany", "Berlin, Germany") < 1.0);
    assert!(km_between("Australia", "Canberra") < 1.0);
}

#[test]
fn a_region_stands_at_its_main_city() {
    let maharashtra = g().locate("Maharashtra, India").unwrap();
    assert_eq!(maharashtra.kind, PlaceKind::Region);
    assert_eq!(maharashtra.name, "Maharashtra, India");
    assert!(km_between("Maharashtra", "Mumbai") < 1.0);
    let california = g().locate("California").unwrap();
    assert_eq!(
        california.kind,
        PlaceKind::Region,
        "a state beats a town of that name"
    );
    assert!(km_between("California", "San Francisco") < 1.0);
    assert_eq!(g().locate("Bayern").unwrap().name, "Bavaria, Germany");
    assert_eq!(
        g().locate("Masovian, Poland").unwrap().name,
        "Masovian Voivodeship, Poland"
    );
}

#[test]
fn city_aliases_resolve_to_the_gazetteer_name() {
    for (alias, name) in [
        ("Bengaluru, Karnataka, India", "Bangalore, Karnataka, India"),
        ("Gurugram", "Gurgaon, Haryana, India"),
        ("Bombay", "Mumbai, Maharashtra, India"),
        ("NYC", "New York City, New York, United States"),
        ("Kyiv, Ukraine", "Kiev, Kyiv City, Ukraine"),
        (
            "Washington DC",
            "Washington, District of Columbia, United States",
        ),
    ] {
        assert_eq!(g().locate(alias).unwrap().name, name, "{alias}");
    }
}

#[test]
fn metropolitan_area_names_resolve_to_their_city_only() {
    for (area, city) in [
        ("Greater Bengaluru Area", "Bangalore, Karnataka, India"),
        ("Greater Chicago Area", "Chicago, Illinois, United States"),
        (
            "New York City Metropolitan Area",
            "New York City, New York, United States",
        ),
        ("Bay Area", "San Francisco, California, United States"),
        (
            "Greater Paris Metropolitan Region",
            "Paris, Ile-de-France, France",
        ),
    ] {
        assert_eq!(
            g().locate(area).map(|p| p.name),
            Some(city.to_string()),
            "{area}"
        );
    }
    assert_eq!(
        g().locate("Greater Springfield Area"),
        None,
        "only curated cities"
    );
    assert_eq!(
        g().locate("Lagos State, Nigeria").unwrap().kind,
        PlaceKind::Region
    );
}

#[test]
fn ambiguous_names_prefer_curated_cities_then_the_given_scope() {
    assert_eq!(g().locate("London").unwrap().country_code, "GB");
    assert_eq!(g().locate("London, Ontario").unwrap().country_code, "CA");
    assert_eq!(g().locate("London, Canada").unwrap().country_code, "CA");
    assert_eq!(g().locate("Paris").unwrap().country_code, "FR");
    assert_eq!(
        g().locate("Paris, TX").unwrap().name,
        "Paris, Texas, United States"
    );
    assert_eq!(g().locate("Hyderabad").unwrap().country_code, "IN");
    assert_eq!(
        g().locate("Hyderabad, Pakistan").unwrap().country_code,
        "PK"
    );
    assert_eq!(
        g().locate("Portland").unwrap().name,
        "Portland, Oregon, United States"
    );
    assert_eq!(
        g().locate("Portland, ME").unwrap().name,
        "Portland, Maine, United States"
    );
    assert_eq!(
        g().locate("Atlanta, Georgia").unwrap().name,
        "Atlanta, Georgia, United States",
        "Georgia the country has no Atlanta, so the US state is meant"
    );
    assert_eq!(g().locate("Georgia").unwrap().kind, PlaceKind::Country);
    assert_eq!(g().locate("Austin, TX").unwrap().country_code, "US");
}

#[test]
fn unknown_or_contradictory_places_are_not_found() {
    for place in [
        "Gondor",
        "Pune, France",
        "Pune, Gujarat, India",
        "Pune, Maharashtra, Indya",
        "",
        "  ,  ",
        "!!!, India",
        "a, b, c, d",
    ] {
        assert_eq!(g().locate(place), None, "{place:?}");
    }
    assert_eq!(
        g().resolve(" Gondor "),
        Err(GeoError::UnknownPlace("Gondor".into()))
    );
    assert!(
        g().resolve("Gondor")
            .unwrap_err()
            .to_string()
            .contains("\"Gondor\"")
    );
}

#[test]
fn an_unknown_admin1_spelling_is_tolerated_when_city_and_country_agree() {
    let kyiv = g().locate("Kyiv, Kyiv Oblast, Ukraine").unwrap();
    assert_eq!(kyiv.name, "Kiev, Kyiv City, Ukraine");
}

#[test]
fn distances_between_known_cities_are_right() {
    let pune_mumbai = km_between("Pune", "Mumbai");
    assert!((110.0..130.0).contains(&pune_mumbai), "{pune_mumbai}");
    let london_paris = km_between("London", "Paris");
    assert!((330.0..360.0).contains(&london_paris), "{london_paris}");
    let ny_sf = km_between("New York", "San Francisco");
    assert!((4100.0..4200.0).contains(&ny_sf), "{ny_sf}");
}

#[test]
fn every_city_label_resolves_back_to_its_city() {
    for code in ["IN", "US", "GB", "DE", "BR", "CH", "SG", "JP"] {
        for major in g().major_cities(code) {
            let label = g().city_label(major.city);
            let place = g().locate(&label).unwrap_or_else(|| panic!("{label}"));
            assert_eq!(place.point, major.city.point, "{label}");
            assert_eq!(place.name, label);
        }
        // Some plain places too, where names repeat within an admin1 less often.
        for city in g().cities_in(code).into_iter().step_by(97) {
            let label = g().city_label(city);
            let place = g().locate(&label).unwrap_or_else(|| panic!("{label}"));
            assert_eq!(place.name, label);
        }
    }
}

#[test]
fn curated_cities_cover_the_main_countries_in_rank_order() {
    let india = g().major_cities("in");
    assert!(india.len() >= 30, "{}", india.len());
    assert_eq!(india[0].city.name, "Mumbai");
    assert!(india.windows(2).all(|w| w[0].tier <= w[1].tier));
    for code in [
        "US", "GB", "DE", "CA", "BR", "FR", "NL", "AU", "SG", "AE", "NG", "KE",
    ] {
        assert!(!g().major_cities(code).is_empty(), "{code}");
    }
    assert!(g().major_cities("AQ").is_empty());
}
