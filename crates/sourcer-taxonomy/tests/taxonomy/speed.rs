//! Measurements, not assertions: run with
//! `cargo test -p sourcer-taxonomy --release --test taxonomy -- --ignored --nocapture`.

use std::hint::black_box;
use std::time::Instant;

use sourcer_taxonomy::Taxonomy;

const DESCRIPTION: &str = "Led a team of five engineers building the payments platform in Go and \
    Rust on Kubernetes (EKS) with PostgreSQL, Redis and Kafka. Introduced CI/CD with GitHub \
    Actions and Terraform, cut p99 latency by 40% and moved batch jobs to Apache Spark on \
    Databricks. Worked with product managers on A/B testing, wrote design docs, mentored \
    juniors, ran code reviews and on-call rotations. Earlier: React and TypeScript front end, \
    Node.js services, REST and GraphQL APIs, Datadog dashboards, and a migration from MySQL. \
    Reported to the VP of Engineering; partnered with data science on ML feature pipelines.";

fn per_call_micros(iterations: u32, mut f: impl FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..iterations {
        f();
    }
    start.elapsed().as_secs_f64() * 1e6 / f64::from(iterations)
}

#[test]
#[ignore = "a measurement; run in release with --ignored --nocapture"]
fn measure_mentions_and_title_parsing() {
    let t = Taxonomy::global();
    let kb = DESCRIPTION.len() as f64 / 1024.0;
    let mentions = t.skills_in_text(DESCRIPTION).len();
    assert!(
        mentions > 15,
        "the sample should mention many skills ({mentions})"
    );
    let text_us = per_call_micros(20_000, || {
        black_box(t.skills_in_text(black_box(DESCRIPTION)));
    });
    println!(
        "skills_in_text: {text_us:.2} µs per call on {} bytes = {:.2} µs per KB ({mentions} mentions)",
        DESCRIPTION.len(),
        text_us / kb
    );
    let titles = [
        "Senior Software Engineer II",
        "VP of Engineering",
        "Key Account Manager",
        "Co-Founder & CEO",
        "Lead Data Engineer, Payments Platform",
        "Talent Acquisition Partner (Contract)",
        "Astronaut",
    ];
    let title_us = per_call_micros(100_000, || {
        for title in titles {
            black_box(t.parse_title(black_box(title)));
        }
    }) / titles.len() as f64;
    println!(
        "parse_title: {title_us:.2} µs per call (mean over {} titles)",
        titles.len()
    );
    let load_ms = per_call_micros(5, || {
        black_box(Taxonomy::from_toml(
            include_str!("../../data/skills.toml"),
            include_str!("../../data/titles.toml"),
        ))
        .map(drop)
        .unwrap_or_else(|e| panic!("{e}"));
    }) / 1000.0;
    println!("from_toml (embedded data): {load_ms:.1} ms");
    let relevance_us = per_call_micros(50_000, || {
        black_box(t.title_relevance(black_box("Senior Backend Engineer"), black_box(titles[4])));
    });
    println!("title_relevance: {relevance_us:.2} µs per call");
}
