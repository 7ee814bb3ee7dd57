//! What the scorer rewards and penalises, each case against a controlled variant.

use serde_json::json;
use sourcer_core::Profile;
use sourcer_match::{FitAnalysis, Job, SignalKind, score, weights};

use crate::support::{AS_OF, dotnet_job, profile, strong_dotnet};

fn analyse(job: &Job, p: &Profile) -> FitAnalysis {
    score(job, p, AS_OF)
}

fn with(mut base: serde_json::Value, edit: impl FnOnce(&mut serde_json::Value)) -> Profile {
    edit(&mut base);
    profile(base)
}

fn signal(a: &FitAnalysis, kind: SignalKind) -> f32 {
    a.signals
        .iter()
        .find(|s| s.kind == kind)
        .map_or(f32::NAN, |s| s.score)
}

#[test]
fn a_keyword_stuffed_skills_list_does_not_outrank_real_experience() {
    let job = dotnet_job(&[]);
    let strong = analyse(&job, &profile(strong_dotnet()));
    let stuffer = profile(json!({
        "id": "stuffer", "name": "X", "headline": "Digital Marketing Executive",
        "region": "Pune, Maharashtra, India", "country": "India", "years_of_experience_raw": 7.0,
        "skills": ["SEO", "C#", ".NET Core", "ASP.NET MVC", "SQL Server", "Entity Framework",
                   "Docker", "Java", "Python", "Go", "Rust", "PHP", "Ruby", "Kotlin", "Swift",
                   "React", "Angular", "Vue.js", "Node.js", "AWS", "Azure", "GCP", "Kubernetes",
                   "Terraform", "Kafka", "Spark", "Hadoop", "TensorFlow", "PyTorch", "Excel"],
        "current_employers": [{"name": "Brandwagon", "title": "Digital Marketing Executive",
            "start_date": "2019-01", "description": "Paid campaigns and SEO audits."}]
    }));
    let stuffed = analyse(&job, &stuffer);
    assert!(
        strong.exact_score > stuffed.exact_score + 30.0,
        "{} vs {}",
        strong.exact_score,
        stuffed.exact_score
    );
    // The same career with the evidence moved out of the jobs and into a long list.
    let listed_only = with(strong_dotnet(), |p| {
        for list in ["current_employers", "past_employers"] {
            p[list][0]["description"] = json!("Worked on internal business applications.");
        }
        let mut skills: Vec<String> = [
            "C#",
            ".NET Core",
            "ASP.NET MVC",
            "SQL Server",
            "Entity Framework",
            "Docker",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        skills.extend((0..40).map(|i| format!("Tool {i}")));
        p["skills"] = json!(skills);
    });
    let listed = analyse(&job, &listed_only);
    assert!(
        strong.exact_score > listed.exact_score,
        "{} vs {}",
        strong.exact_score,
        listed.exact_score
    );
    assert!(signal(&strong, SignalKind::CoreSkills) > signal(&listed, SignalKind::CoreSkills));
}

#[test]
fn listing_more_skills_beyond_the_cap_earns_nothing_more() {
    let job = dotnet_job(&[]);
    let listing = |n: usize| {
        let mut skills = vec![
            "C#".to_string(),
            ".NET Core".to_string(),
            "SQL Server".to_string(),
        ];
        skills.extend((0..n).map(|i| format!("Tool {i}")));
        let p = with(strong_dotnet(), |p| {
            for list in ["current_employers", "past_employers"] {
                p[list][0]["description"] = json!("Internal applications.");
                p[list][0]["title"] = json!("Software Engineer");
            }
            p["skills"] = json!(skills);
        });
        analyse(&job, &p).exact_score
    };
    let short = listing(weights::LISTED_SKILLS_CAP - 3);
    let long = listing(100);
    assert!(long < short, "{long} should be below {short}");
}

#[test]
fn a_skill_shown_only_in_a_job_description_counts() {
    let job = dotnet_job(&[]);
    let p = with(strong_dotnet(), |p| {
        p["skills"] = json!([]);
    });
    let a = analyse(&job, &p);
    assert!(
        signal(&a, SignalKind::MandatorySkills) > 0.8,
        "{:?}",
        a.signals
    );
    let csharp = a
        .fit_points
        .iter()
        .find(|f| f.starts_with("C# (mandatory)"))
        .expect("a C# fit point");
    assert!(
        csharp.contains("Tech Mahindra") && csharp.contains("years"),
        "{csharp}"
    );
}

#[test]
fn recent_use_of_a_skill_outranks_use_long_ago() {
    let job = dotnet_job(&[]);
    let recent = analyse(&job, &profile(strong_dotnet()));
    let stale = with(strong_dotnet(), |p| {
        p["current_employers"] = json!([{"name": "Capgemini", "title": "Project Manager",
            "start_date": "2015-01", "seniority_level": "Senior",
            "description": "Delivery management of ERP projects."}]);
        p["past_employers"][0]["start_date"] = json!("2009-01");
        p["past_employers"][0]["end_date"] = json!("2014-12");
        p["past_employers"][0]["description"] =
            json!("C# on .NET Core, ASP.NET MVC, SQL Server with Entity Framework, Docker.");
    });
    let stale = analyse(&job, &stale);
    assert!(recent.exact_score > stale.exact_score + 10.0);
    assert!(
        stale.red_flags.iter().any(|f| f.contains("ago")),
        "{:?}",
        stale.red_flags
    );
}

#[test]
fn missing_a_mandatory_skill_caps_the_score() {
    let job = dotnet_job(&[]);
    let p = profile(json!({
        "id": "nocore", "headline": "Senior C# Developer", "region": "Pune, Maharashtra, India",
        "years_of_experience_raw": 7.0, "skills": ["C#", "SQL Server", "Entity Framework", "ASP.NET MVC"],
        "current_employers": [{"name": "Siemens", "title": "Senior C# Developer", "start_date": "2018-01",
            "seniority_level": "Senior", "description": "C# services with SQL Server and Entity Framework; ASP.NET MVC."}]
    }));
    let a = analyse(&job, &p);
    assert!(
        f32::from(a.fit_score) <= weights::CAP_MANDATORY_MISSING,
        "{}",
        a.fit_score
    );
    assert!(
        a.red_flags
            .iter()
            .any(|f| f.starts_with(".NET Core (mandatory)")),
        "{:?}",
        a.red_flags
    );
    assert!(
        a.recommendation.contains("missing mandatory .NET Core"),
        "{}",
        a.recommendation
    );
}

#[test]
fn red_flags_named_in_nuances_are_surfaced_with_evidence_and_cost_points() {
    let hopper = with(strong_dotnet(), |p| {
        p["past_employers"] = json!([
            {"name": "A", "title": ".NET Developer", "start_date": "2020-01", "end_date": "2020-09"},
            {"name": "B", "title": ".NET Developer", "start_date": "2019-02", "end_date": "2019-12"},
            {"name": "C", "title": ".NET Developer", "start_date": "2018-04", "end_date": "2019-01"},
            {"name": "D", "title": ".NET Developer", "start_date": "2016-01", "end_date": "2018-03"}
        ]);
        p["current_employers"][0]["start_date"] = json!("2020-10");
    });
    let plain = analyse(&dotnet_job(&[]), &hopper);
    let strict = analyse(&dotnet_job(&["Frequent Job Switch"]), &hopper);
    let flag = |a: &FitAnalysis| {
        a.red_flags
            .iter()
            .find(|f| f.starts_with("Frequent Job Switch"))
            .cloned()
    };
    let plain_flag = flag(&plain).expect("the flag is raised without nuances too");
    assert!(plain_flag.contains("3 of 4 completed jobs"), "{plain_flag}");
    assert!(
        flag(&strict)
            .expect("raised")
            .contains("excluded by this session")
    );
    assert!(
        plain.exact_score - strict.exact_score
            >= weights::NUANCE_PENALTY - weights::FLAG_PENALTY - 0.01
    );
}

#[test]
fn the_analysis_serialises_with_the_vendor_field_names() {
    let a = analyse(&dotnet_job(&[]), &profile(strong_dotnet()));
    let v = serde_json::to_value(&a).unwrap();
    for key in [
        "fitScore",
        "finalScore",
        "starLabel",
        "recommendation",
        "highlights",
        "fitPoints",
        "redFlags",
        "signals",
        "provider",
    ] {
        assert!(v.get(key).is_some(), "{key} in {v}");
    }
    let h = &v["highlights"][0];
    assert!(h.get("Category").is_some() && h.get("Highlight").is_some() && h.get("Icon").is_some());
    assert_eq!(v["provider"], "sourcer");
    let fj = a.fj_profile_analysis();
    assert_eq!(fj["starRating"], v["finalScore"]);
    assert_eq!(a.instaview_fields()["aiFitPoints"], v["fitPoints"]);
    assert!(
        a.final_score >= 4,
        "a strong candidate: {}",
        a.recommendation
    );
}

#[test]
fn years_location_and_seniority_outside_the_wish_lower_the_score() {
    let job = dotnet_job(&[]);
    let base = analyse(&job, &profile(strong_dotnet()));
    let junior_years = analyse(
        &job,
        &with(strong_dotnet(), |p| {
            p["years_of_experience_raw"] = json!(2.0)
        }),
    );
    let far = analyse(
        &job,
        &with(strong_dotnet(), |p| {
            p["region"] = json!("Berlin, Germany");
            p["country"] = json!("Germany");
        }),
    );
    let junior_level = analyse(
        &job,
        &with(strong_dotnet(), |p| {
            p["current_employers"][0]["seniority_level"] = json!("Junior")
        }),
    );
    for (variant, what) in [
        (&junior_years, "years"),
        (&far, "location"),
        (&junior_level, "seniority"),
    ] {
        assert!(
            variant.exact_score < base.exact_score,
            "{what}: {} vs {}",
            variant.exact_score,
            base.exact_score
        );
    }
    assert!(
        junior_years
            .red_flags
            .iter()
            .any(|f| f.contains("below the wanted 5-10")),
        "{:?}",
        junior_years.red_flags
    );
    assert!(
        far.red_flags.iter().any(|f| f.contains("Berlin")),
        "{:?}",
        far.red_flags
    );
    assert!(
        f32::from(far.fit_score) <= weights::CAP_OTHER_COUNTRY,
        "{}",
        far.fit_score
    );
    let near = analyse(
        &job,
        &with(strong_dotnet(), |p| {
            p["region"] = json!("Greater Pune Area")
        }),
    );
    assert_eq!(signal(&near, SignalKind::Location), 1.0);
}

#[test]
fn a_job_prepared_from_text_alone_scores_candidates() {
    let job = Job::from_text(
        "Senior .NET Developer",
        "Must have C# and .NET Core. 5+ years of experience. SQL Server is a plus.",
    )
    .expect("the JD names skills");
    assert!(job.skills().any(|(_, s)| s == "C#"));
    let strong = analyse(&job, &profile(strong_dotnet()));
    let nobody = analyse(
        &job,
        &profile(json!({"name": "N", "headline": "Chef",
        "current_employers": [{"name": "Ritz", "title": "Head Chef", "start_date": "2015-01"}]})),
    );
    assert!(strong.exact_score > nobody.exact_score);
}

#[test]
fn headline_items_and_parenthetical_list_entries_name_skills() {
    let job = dotnet_job(&[]);
    let p = with(strong_dotnet(), |p| {
        for list in ["current_employers", "past_employers"] {
            p[list][0]["description"] = json!("C# and .NET Core services.");
        }
        p["headline"] = json!("Senior .NET Developer | Docker | Azure");
        p["skills"] = json!([
            "C#",
            "Entity Framework (EF Core)",
            "Kubernetes administration"
        ]);
    });
    let a = analyse(&job, &p);
    let evidence = |prefix: &str| {
        a.signals
            .iter()
            .flat_map(|s| &s.evidence)
            .find(|e| e.starts_with(prefix))
            .cloned()
            .unwrap_or_default()
    };
    assert!(
        evidence("Docker (secondary)").contains("headline"),
        "{:?}",
        a.signals
    );
    assert!(evidence("Entity Framework (core)").contains("only listed"));
    assert!(evidence("SQL Server (core)").contains("not in skills"));
}

#[test]
fn skills_from_the_jd_text_are_only_taken_from_the_kinds_the_query_asks_for() {
    let query = sourcer_core::Query::parse(&json!({
        "skills": {"type": "IN", "value": {"mandatory": ["C#"], "core": [], "secondary": []}}
    }))
    .unwrap();
    let jd = "You will love our team building days. We use Docker and Kubernetes daily.";
    let job = Job::new("Backend Developer", jd, &query, &[]).unwrap();
    let from_jd: Vec<&str> = job
        .skills()
        .filter(|(tier, _)| *tier == sourcer_match::Tier::Description)
        .map(|(_, s)| s)
        .collect();
    assert_eq!(from_jd, vec!["Docker", "Kubernetes"]);
}

#[test]
fn an_ambiguous_skill_opening_a_headline_still_counts() {
    let query = sourcer_core::Query::parse(&json!({
        "skills": {"type": "IN", "value": {"mandatory": ["Go"], "core": [], "secondary": []}}
    }))
    .unwrap();
    let job = Job::new("Backend Engineer", "", &query, &[]).unwrap();
    let p = profile(json!({"id": "h", "name": "H", "headline": "Go | Kubernetes | gRPC"}));
    let a = analyse(&job, &p);
    let line = &a.signals[0].evidence[0];
    assert!(
        line.starts_with("Go (mandatory): named in the headline"),
        "{line}"
    );
}
