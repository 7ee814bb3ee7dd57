//! Scoring 100 candidates for one job, as a session batch does (target: <= 2 ms), and the
//! taxonomy calls inside it that dominate the time.

use criterion::{Criterion, criterion_group, criterion_main};
use sourcer_match::bench;
use sourcer_taxonomy::{Taxonomy, career};

fn score_100(c: &mut Criterion) {
    let profiles = bench::profiles(100);
    // A fresh job per batch: nothing is remembered from the previous iteration.
    c.bench_function("prepare a job and score 100 candidates", |b| {
        b.iter(|| bench::score_batch(&bench::job(), &profiles))
    });
    let job = bench::job();
    c.bench_function("score 100 candidates, job already used", |b| {
        b.iter(|| bench::score_batch(&job, &profiles))
    });
    c.bench_function("prepare a job", |b| b.iter(bench::job));
}

fn taxonomy_parts(c: &mut Criterion) {
    let profiles = bench::profiles(100);
    let taxonomy = Taxonomy::global();
    c.bench_function("career::red_flags for 100 candidates", |b| {
        b.iter(|| {
            for p in &profiles {
                std::hint::black_box(career::red_flags(p, bench::AS_OF));
            }
        })
    });
    c.bench_function("skills_in_text over 100 candidates' descriptions", |b| {
        b.iter(|| {
            for p in &profiles {
                for (_, _, e) in p.employers() {
                    let text = e.description.as_deref().unwrap_or_default();
                    std::hint::black_box(taxonomy.skills_in_text(text));
                }
            }
        })
    });
}

criterion_group!(benches, score_100, taxonomy_parts);
criterion_main!(benches);
