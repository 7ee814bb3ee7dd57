//! Name, gender words, photos, contact details and age proxies (education years) never
//! change an analysis.

use serde_json::{Value, json};
use sourcer_match::score;

use crate::support::{AS_OF, dotnet_job, profile, strong_dotnet};

fn base() -> Value {
    let mut p = strong_dotnet();
    p["headline"] = json!("Senior .NET Developer (he/him)");
    p["summary"] = json!("He is a backend engineer and a father of two who loves clean code.");
    p
}

fn variants() -> Vec<(&'static str, Value)> {
    let edit = |f: fn(&mut Value)| {
        let mut p = base();
        f(&mut p);
        p
    };
    vec![
        ("name", edit(|p| p["name"] = json!("Rahul Deshmukh"))),
        (
            "no name",
            edit(|p| {
                p.as_object_mut().unwrap().remove("name");
            }),
        ),
        (
            "gender words",
            edit(|p| {
                p["headline"] = json!("Senior .NET Developer (she/her)");
                p["summary"] =
                    json!("She is a backend engineer and a mother of two who loves clean code.");
            }),
        ),
        (
            "photo",
            edit(|p| {
                p["profile_picture_permalink"] = json!("https://media.example.com/photo-123.jpg");
                p["photo_url"] = json!("https://media.example.com/photo-456.jpg");
            }),
        ),
        (
            "graduation years",
            edit(|p| {
                p["education_background"][0]["start_year"] = json!(1994);
                p["education_background"][0]["end_year"] = json!(1998);
            }),
        ),
        (
            "no education years",
            edit(|p| {
                let ed = p["education_background"][0].as_object_mut().unwrap();
                ed.remove("start_year");
                ed.remove("end_year");
            }),
        ),
        (
            "contact details",
            edit(|p| {
                p["emails"] = json!(["someone@example.com"]);
                p["phones"] = json!(["+91 98000 00000"]);
                p["linkedin_url"] = json!("https://www.linkedin.com/in/someone-else");
            }),
        ),
    ]
}

#[test]
fn name_gender_photo_and_age_proxies_never_change_the_analysis() {
    for nuances in [
        &[][..],
        &["Frequent Job Switch", "Large Employment Gaps"][..],
    ] {
        let job = dotnet_job(nuances);
        let reference = score(&job, &profile(base()), AS_OF);
        for (what, variant) in variants() {
            let analysis = score(&job, &profile(variant), AS_OF);
            assert_eq!(
                analysis, reference,
                "changing the {what} changed the analysis"
            );
        }
    }
}
