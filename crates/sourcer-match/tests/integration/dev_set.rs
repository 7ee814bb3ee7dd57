//! The labelled dev set (tests/data/dev, described in its README): every job is scored
//! against the whole pool, as a session would rank it without the index, and the metrics
//! are printed (`cargo test -p sourcer-match --test integration dev_set -- --nocapture`).
//!
//! Only named pairwise cases are asserted, chosen when the set was written: a strong fit
//! must outrank a keyword stuffer, a recruiter, a stale career. The metrics are reported,
//! not asserted, so that nobody tunes the scorer to a number on its own tuning set.

use sourcer_core::Profile;
use sourcer_match::eval::{EvalJob, EvalReport, Labels, read_jsonl};
use sourcer_match::{FitAnalysis, score};

use crate::support::AS_OF;

#[derive(serde::Deserialize)]
struct Pair {
    job_id: String,
    better: String,
    worse: String,
}

fn load() -> (Vec<EvalJob>, Vec<Profile>, Labels, Vec<Pair>) {
    let jobs = read_jsonl(include_str!("../data/dev/jobs.jsonl"), "jobs.jsonl").unwrap();
    let profiles =
        read_jsonl(include_str!("../data/dev/profiles.jsonl"), "profiles.jsonl").unwrap();
    let labels =
        Labels::from_jsonl(include_str!("../data/dev/labels.jsonl"), "labels.jsonl").unwrap();
    let pairs = read_jsonl(include_str!("../data/dev/pairs.jsonl"), "pairs.jsonl").unwrap();
    (jobs, profiles, labels, pairs)
}

/// Every profile scored for the job, best first (ties by id).
fn ranked<'p>(job: &EvalJob, profiles: &'p [Profile]) -> Vec<(&'p Profile, FitAnalysis)> {
    let prepared = job.job().unwrap_or_else(|e| panic!("{}: {e}", job.job_id));
    let mut scored: Vec<(&Profile, FitAnalysis)> = profiles
        .iter()
        .map(|p| (p, score(&prepared, p, AS_OF)))
        .collect();
    scored.sort_by(|a, b| a.1.rank_cmp(&b.1).then_with(|| a.0.id.cmp(&b.0.id)));
    scored
}

#[test]
fn strong_fits_outrank_stuffers_recruiters_and_stale_careers_in_the_dev_set() {
    let (jobs, profiles, labels, pairs) = load();
    let mut rankings = Vec::new();
    let mut broken = Vec::new();
    for job in &jobs {
        let ranking = ranked(job, &profiles);
        let exact = |id: &str| {
            ranking
                .iter()
                .find(|(p, _)| p.id.as_deref() == Some(id))
                .map(|(_, a)| a.exact_score)
                .unwrap_or_else(|| panic!("{id} is not in the pool"))
        };
        for pair in pairs.iter().filter(|p| p.job_id == job.job_id) {
            let (b, w) = (exact(&pair.better), exact(&pair.worse));
            if b <= w {
                broken.push(format!(
                    "{}: {} ({b:.1}) <= {} ({w:.1})",
                    job.job_id, pair.better, pair.worse
                ));
            }
        }
        println!("{} top 10:", job.job_id);
        for (p, a) in ranking.iter().take(10) {
            let id = p.id.as_deref().unwrap_or("?");
            println!(
                "  {id:6} label {} score {:5.1}  {}",
                labels.label(&job.job_id, id),
                a.exact_score,
                a.recommendation
            );
        }
        let ids = ranking
            .iter()
            .map(|(p, _)| p.id.clone().unwrap_or_default())
            .collect();
        rankings.push((job.job_id.clone(), ids));
    }
    println!(
        "{}",
        EvalReport::from_rankings(&labels, &rankings).to_text()
    );
    assert!(pairs.len() >= 30, "the set names its pairwise cases");
    assert!(
        broken.is_empty(),
        "pairwise cases broken:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_dev_set_is_well_formed() {
    let (jobs, profiles, labels, _) = load();
    assert!(jobs.len() >= 5 && profiles.len() >= 150);
    for p in &profiles {
        assert!(p.problems().is_empty(), "{:?}: {:?}", p.id, p.problems());
    }
    for job in &jobs {
        let judged = labels.judged(&job.job_id);
        assert!(
            judged.contains(&3) && judged.contains(&0),
            "{} has the whole label range",
            job.job_id
        );
        job.query()
            .unwrap_or_else(|e| panic!("{}: {e}", job.job_id));
    }
}
