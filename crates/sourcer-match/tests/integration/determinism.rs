//! The same job, profile and as-of month always give the same analysis, however the job was
//! used before: what a job remembers between candidates changes no result.

use sourcer_match::{bench, score};

use crate::support::{AS_OF, dotnet_job, profile, strong_dotnet};

#[test]
fn the_same_input_always_gives_the_same_analysis() {
    let job = dotnet_job(&["Frequent Job Switch"]);
    let p = profile(strong_dotnet());
    let first = score(&job, &p, AS_OF);
    for _ in 0..3 {
        assert_eq!(score(&job, &p, AS_OF), first);
    }
    let again = dotnet_job(&["Frequent Job Switch"]);
    assert_eq!(score(&again, &p, AS_OF), first);
    assert_eq!(job.fingerprint(), again.fingerprint());
}

#[test]
fn a_job_remembering_titles_scores_each_candidate_as_a_fresh_job_does() {
    // The benchmark pool repeats titles across candidates, so the shared job reads most of
    // them from what it remembered of earlier candidates.
    let profiles = bench::profiles(40);
    let shared = bench::job();
    for p in &profiles {
        let fresh = bench::job();
        assert_eq!(
            score(&shared, p, AS_OF),
            score(&fresh, p, AS_OF),
            "{:?}",
            p.id
        );
    }
}
