//! Scores the benchmark batch (`sourcer_match::bench`) in a loop, for profilers:
//! `cargo run --release -p sourcer-match --example score_batch -- 300`, or the same binary
//! under `valgrind --tool=callgrind` or `perf record`. Prints wall time per batch and, on
//! Linux, the time the thread spent on a CPU and waiting for one, so that a busy machine's
//! queueing can be told apart from the work itself.

use std::time::Instant;

use sourcer_match::bench;

/// (on-CPU ns, waiting ns) of this thread, from /proc/thread-self/schedstat.
fn schedstat() -> Option<(u64, u64)> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let mut fields = text.split_whitespace().map(|f| f.parse::<u64>().ok());
    Some((fields.next()??, fields.next()??))
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let profiles = bench::profiles(100);
    std::hint::black_box(bench::score_batch(&bench::job(), &profiles));
    let before = schedstat();
    let start = Instant::now();
    for _ in 0..rounds {
        std::hint::black_box(bench::score_batch(&bench::job(), &profiles));
    }
    let wall = start.elapsed().as_secs_f64() * 1e3 / rounds as f64;
    println!("prepare a job and score 100 candidates: {wall:.2} ms per batch (wall)");
    if let (Some((cpu0, wait0)), Some((cpu1, wait1))) = (before, schedstat()) {
        let per = |a: u64, b: u64| (b - a) as f64 / 1e6 / rounds as f64;
        println!(
            "  on a CPU {:.2} ms, waiting for a CPU {:.2} ms",
            per(cpu0, cpu1),
            per(wait0, wait1)
        );
    }
}
