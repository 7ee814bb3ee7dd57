//! Geocoding as the index uses it: the places a `geo_distance` query measures from, and the
//! point a profile is located at. The gazetteer is behind a trait so tests can supply points.

use sourcer_core::{GeoPoint, Profile};

use crate::norm::opt_val;

/// Turns a place name into a point.
pub trait Geocoder: Send + Sync {
    /// The point of a place name; `None` when the place is unknown.
    fn locate(&self, place: &str) -> Option<GeoPoint>;
}

/// The vendored GeoNames gazetteer of `sourcer-geo`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Gazetteer;

impl Geocoder for Gazetteer {
    fn locate(&self, place: &str) -> Option<GeoPoint> {
        sourcer_geo::Gazetteer::global()
            .locate(place)
            .map(|p| p.point)
    }
}

/// Where a profile is for `geo_distance`: its `location`, else the gazetteer point of its
/// `region`, else of its `country`.
pub(crate) fn profile_point(profile: &Profile, geocoder: &dyn Geocoder) -> Option<GeoPoint> {
    if let Some(point) = profile.location {
        return Some(point);
    }
    [&profile.region, &profile.country]
        .into_iter()
        .filter_map(opt_val)
        .find_map(|v| geocoder.locate(&v.original))
}

/// True when `point` lies within `km` of any center.
pub(crate) fn within(point: GeoPoint, centers: &[GeoPoint], km: f64) -> bool {
    centers
        .iter()
        .any(|c| sourcer_geo::distance_km(point, *c) <= km)
}
