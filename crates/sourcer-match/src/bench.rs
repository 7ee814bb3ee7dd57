//! A fixed scoring workload for benchmarks (`cargo bench -p sourcer-match`, and
//! `sourcer bench`): one job and any number of deterministic, realistically sized profiles
//! (3-5 jobs with descriptions, a summary, 8-80 listed skills, 72 distinct job titles).

use std::time::{Duration, Instant};

use sourcer_core::{Employer, MonthStamp, PartialDate, Profile, Query};

use crate::{FitAnalysis, Job, score};

/// The month the benchmark scores as of.
pub const AS_OF: MonthStamp = MonthStamp(2025 * 12 + 5);

/// The benchmark job: a senior .NET developer in Pune with three skill tiers.
pub fn job() -> Job {
    let queries = serde_json::json!({
        "current_employers.title": {"type": "IN", "value": [".NET Developer", "Backend Developer"]},
        "years_of_experience_raw": {"type": "RANGE", "value": [4, 9]},
        "region": {"type": "IN", "value": ["Pune, Maharashtra, India"]},
        "current_employers.seniority_level": {"type": "IN", "value": ["Senior"]},
        "skills": {"type": "IN", "value": {
            "mandatory": ["C#", ".NET Core"],
            "core": ["ASP.NET MVC", "SQL Server", "Entity Framework", "Docker", "Azure"],
            "secondary": ["Kubernetes", "React"]
        }}
    });
    let query = Query::parse(&queries).expect("the benchmark query is valid");
    Job::new(
        "Senior .NET Developer",
        "We are looking for a Senior .NET Developer. Must have C# and .NET Core; \
         experience with SQL Server and Docker required. Kubernetes is a plus.",
        &query,
        &["Frequent Job Switch".to_string()],
    )
    .expect("the benchmark job prepares")
}

const LEVELS: [&str; 6] = ["", "Senior ", "Sr. ", "Lead ", "Junior ", "Principal "];
const ROLES: [&str; 12] = [
    ".NET Developer",
    "Software Engineer",
    "Backend Developer",
    "Java Developer",
    "QA Engineer",
    "Technical Lead",
    "C# Developer",
    "Full Stack Developer",
    "Software Developer",
    "Data Engineer",
    "DevOps Engineer",
    "Application Developer",
];
const COMPANIES: [&str; 5] = ["Tech Mahindra", "Infosys", "Persistent", "Globant", "Acme"];
const SKILLS: [&str; 16] = [
    "C#",
    ".NET Core",
    "ASP.NET MVC",
    "SQL Server",
    "Entity Framework",
    "Docker",
    "Azure",
    "Kubernetes",
    "React",
    "Java",
    "Spring",
    "Python",
    "JavaScript",
    "TypeScript",
    "PostgreSQL",
    "Git",
];
const DESCRIPTIONS: [&str; 4] = [
    "Built and maintained REST APIs in C# on .NET Core with SQL Server and Entity Framework; \
     containerised services with Docker and deployed them to Azure. Mentored two developers.",
    "Developed microservices in Java and Spring Boot, wrote PostgreSQL queries, reviewed code \
     and improved CI pipelines with Git and Jenkins for a payments platform.",
    "Owned the React and TypeScript front end of a B2B dashboard, working closely with product \
     and design; introduced component tests and accessibility checks.",
    "Tested web applications manually and with Selenium, wrote test plans, tracked defects in \
     Jira and worked with developers across three time zones.",
];

/// `n` deterministic profiles of varied fit.
pub fn profiles(n: usize) -> Vec<Profile> {
    (0..n).map(profile).collect()
}

fn profile(i: usize) -> Profile {
    let pick = |k: usize, len: usize| (i * 7 + k * 13 + i / 3) % len;
    let jobs = 3 + i % 3;
    let employers: Vec<Employer> = (0..jobs)
        .map(|k| {
            let start = 2024 - 3 * k as i32 - (i % 2) as i32;
            Employer {
                name: Some(COMPANIES[pick(k, COMPANIES.len())].into()),
                title: Some(format!(
                    "{}{}",
                    LEVELS[pick(k + 3, LEVELS.len())],
                    ROLES[pick(k, ROLES.len())]
                )),
                description: Some(DESCRIPTIONS[pick(k + 1, DESCRIPTIONS.len())].into()),
                start_date: PartialDate::parse(&format!("{start}-03")).ok(),
                end_date: (k > 0)
                    .then(|| PartialDate::parse(&format!("{}-02", start + 3)).ok())
                    .flatten(),
                seniority_level: Some(["Junior", "Mid", "Senior"][(i + k) % 3].into()),
                employment_type: Some("Full-time".into()),
                ..Default::default()
            }
        })
        .collect();
    let listed = if i % 10 == 9 { 80 } else { 8 + i % 12 };
    Profile {
        id: Some(format!("bench-{i}")),
        name: Some(format!("Candidate {i}")),
        headline: Some(format!("{} | C# | Azure", ROLES[pick(0, ROLES.len())])),
        summary: Some(
            "Engineer with a decade of building business software for banks and retailers. \
             Comfortable across the stack, happiest designing APIs and data models, and \
             keen on clean code, testing and mentoring."
                .into(),
        ),
        region: Some(
            [
                "Pune, Maharashtra, India",
                "Mumbai, Maharashtra, India",
                "Berlin, Germany",
            ][i % 3]
                .into(),
        ),
        country: Some(["India", "India", "Germany"][i % 3].into()),
        years_of_experience_raw: Some(2.0 + (i % 12) as f64),
        skills: (0..listed)
            .map(|k| SKILLS[(i + k) % SKILLS.len()].to_string())
            .collect(),
        current_employers: employers[..1].to_vec(),
        past_employers: employers[1..].to_vec(),
        ..Default::default()
    }
}

/// Scores a batch as a session does.
pub fn score_batch(job: &Job, profiles: &[Profile]) -> Vec<FitAnalysis> {
    profiles.iter().map(|p| score(job, p, AS_OF)).collect()
}

/// The median wall time of one session batch over `rounds` (after one warm-up): preparing
/// the job (so that nothing is remembered from an earlier round) and scoring `batch`
/// profiles.
pub fn median_batch_time(batch: usize, rounds: usize) -> Duration {
    let profiles = profiles(batch);
    std::hint::black_box(score_batch(&job(), &profiles));
    let mut times: Vec<Duration> = (0..rounds.max(1))
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(score_batch(&job(), &profiles));
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}
