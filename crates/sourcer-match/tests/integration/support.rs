//! Builders for jobs and profiles used across the tests.

use serde_json::{Value, json};
use sourcer_core::{MonthStamp, Profile, Query};
use sourcer_match::Job;

pub const AS_OF: MonthStamp = MonthStamp(2025 * 12 + 5);

/// A profile from JSON in the import format.
pub fn profile(value: Value) -> Profile {
    serde_json::from_value(value).expect("test profiles are valid")
}

/// The job most tests use: a senior .NET developer in Pune.
pub fn dotnet_job(nuances: &[&str]) -> Job {
    let queries = json!({
        "current_employers.title": {"type": "IN", "value": [".NET Developer"]},
        "years_of_experience_raw": {"type": "RANGE", "value": [5, 10]},
        "region": {"type": "IN", "value": ["Pune, Maharashtra, India"]},
        "current_employers.seniority_level": {"type": "IN", "value": ["Senior"]},
        "skills": {"type": "IN", "value": {
            "mandatory": ["C#", ".NET Core"],
            "core": ["ASP.NET MVC", "SQL Server", "Entity Framework"],
            "secondary": ["Docker"]
        }}
    });
    let query = Query::parse(&queries).expect("valid test query");
    let nuances: Vec<String> = nuances.iter().map(|s| s.to_string()).collect();
    Job::new("Senior .NET Developer", "", &query, &nuances).expect("job prepares")
}

/// A strong .NET candidate whose skills are shown in their jobs.
pub fn strong_dotnet() -> Value {
    json!({
        "id": "strong",
        "name": "Asha Kulkarni",
        "headline": "Senior .NET Developer",
        "region": "Pune, Maharashtra, India",
        "country": "India",
        "years_of_experience_raw": 7.5,
        "skills": ["C#", ".NET Core", "SQL Server"],
        "current_employers": [{
            "name": "Tech Mahindra", "title": "Senior .NET Developer", "start_date": "2021-03",
            "seniority_level": "Senior", "employment_type": "Full-time",
            "description": "REST APIs in C# on .NET Core, SQL Server with Entity Framework, ASP.NET MVC admin screens, Docker."
        }],
        "past_employers": [{
            "name": "Infosys", "title": ".NET Developer", "start_date": "2017-11", "end_date": "2021-02",
            "seniority_level": "Mid", "employment_type": "Full-time",
            "description": "C# and ASP.NET MVC for a banking client."
        }],
        "education_background": [{"institute_name": "University of Pune", "degree_name": "BACHELORS",
            "field_of_study": "Computer Science", "start_year": 2013, "end_year": 2017}]
    })
}
