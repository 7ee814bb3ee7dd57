//! Writes synthetic profiles to stdout and reports throughput on stderr; used to measure the
//! generator (`cargo run --release -p sourcer-gen --example gen_jsonl -- COUNT SEED > out`).

use std::io;
use std::time::Instant;

fn main() -> io::Result<()> {
    let mut args = std::env::args().skip(1);
    let count: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(42);
    let started = Instant::now();
    // The first profile loads the gazetteer and the tables; time it apart.
    let _ = sourcer_gen::profile(seed, 0);
    let warm = started.elapsed();
    let stdout = io::stdout().lock();
    sourcer_gen::write_jsonl(seed, count, stdout)?;
    let total = started.elapsed();
    let writing = (total - warm).as_secs_f64();
    eprintln!(
        "{count} profiles: tables {:.0} ms, writing {writing:.2} s ({:.0} profiles/s)",
        warm.as_secs_f64() * 1000.0,
        count as f64 / writing
    );
    Ok(())
}
