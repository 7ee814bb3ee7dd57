//! Measures the gazetteer: load time of `Gazetteer::global()` and the cost of `locate`
//! (`cargo run --release -p sourcer-geo --example gazetteer_timing`).

use std::hint::black_box;
use std::time::Instant;

use sourcer_geo::Gazetteer;

fn main() {
    let started = Instant::now();
    let g = Gazetteer::global();
    println!("load: {:.1} ms", started.elapsed().as_secs_f64() * 1000.0);
    if std::env::args().any(|a| a == "--load-only") {
        return;
    }
    let places = [
        "Pune, Maharashtra, India",
        "Pune",
        "Maharashtra, India",
        "India",
        "São Paulo",
        "Zürich, Switzerland",
        "Austin, TX",
        "London",
        "Springfield",
        "Gondor",
    ];
    const ROUNDS: usize = 20_000;
    let started = Instant::now();
    let mut found = 0;
    for _ in 0..ROUNDS {
        for place in places {
            found += usize::from(black_box(g.locate(black_box(place))).is_some());
        }
    }
    let per_call = started.elapsed().as_secs_f64() / (ROUNDS * places.len()) as f64;
    println!(
        "locate: {:.2} us per call over {} calls ({found} found)",
        per_call * 1e6,
        ROUNDS * places.len()
    );
}
