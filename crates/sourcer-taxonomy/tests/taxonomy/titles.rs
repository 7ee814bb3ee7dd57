use std::collections::HashSet;

use sourcer_taxonomy::Seniority::{self, *};
use sourcer_taxonomy::{CATEGORIES, Taxonomy};

#[test]
fn there_are_at_least_60_families_and_every_function_has_some() {
    let t = Taxonomy::global();
    assert!(
        t.title_families().len() >= 60,
        "{}",
        t.title_families().len()
    );
    for function in CATEGORIES {
        let n = t
            .title_families()
            .iter()
            .filter(|f| f.function == function)
            .count();
        assert!(n >= 4, "{function} has {n} families");
    }
}

#[test]
fn every_related_family_resolves_and_relations_are_symmetric() {
    let t = Taxonomy::global();
    let names: HashSet<&str> = t.title_families().iter().map(|f| f.name.as_str()).collect();
    for f in t.title_families() {
        assert!(f.titles.len() >= 3, "{} has few titles", f.name);
        for r in &f.related {
            assert!(names.contains(r.as_str()), "{} -> {r}", f.name);
            let other = t.title_family(r).expect("resolves");
            assert!(
                other.related.contains(&f.name),
                "{} -> {r} is one-way",
                f.name
            );
        }
        assert_eq!(t.title_family(&f.name).map(|x| &x.name), Some(&f.name));
        // A family's own name parses back to it.
        assert_eq!(
            t.parse_title(&f.name).family.map(|x| &x.name),
            Some(&f.name)
        );
    }
}

#[test]
fn seniority_and_family_are_read_off_titles() {
    let t = Taxonomy::global();
    let cases: &[(&str, Option<Seniority>, Option<&str>)] = &[
        // Individual-contributor ladder
        (
            "Software Engineering Intern",
            Some(Intern),
            Some("Software Engineer"),
        ),
        (
            "Summer Intern, Marketing",
            Some(Intern),
            Some("Marketing Coordinator"),
        ),
        ("Trainee Accountant", Some(Intern), Some("Accountant")),
        ("Junior Developer", Some(Junior), Some("Software Engineer")),
        ("Jr. Data Analyst", Some(Junior), Some("Data Analyst")),
        ("Entry-Level Recruiter", Some(Junior), Some("Recruiter")),
        (
            "Graduate Software Engineer",
            Some(Junior),
            Some("Software Engineer"),
        ),
        (
            "Associate Product Manager",
            Some(Junior),
            Some("Product Manager"),
        ),
        (
            "Associate Consultant",
            Some(Junior),
            Some("Management Consultant"),
        ),
        (
            "Software Engineer I",
            Some(Junior),
            Some("Software Engineer"),
        ),
        ("Software Engineer II", Some(Mid), Some("Software Engineer")),
        ("Software Engineer 2", Some(Mid), Some("Software Engineer")),
        ("SDE-II", Some(Mid), Some("Software Engineer")),
        (
            "Mid-Level Frontend Developer",
            Some(Mid),
            Some("Frontend Engineer"),
        ),
        (
            "Software Engineer III",
            Some(Senior),
            Some("Software Engineer"),
        ),
        (
            "Sr. .NET Developer",
            Some(Senior),
            Some("Software Engineer"),
        ),
        (
            "Senior Backend Engineer",
            Some(Senior),
            Some("Backend Engineer"),
        ),
        (
            "Snr Financial Analyst",
            Some(Senior),
            Some("Financial Analyst"),
        ),
        ("Lead Data Engineer", Some(Lead), Some("Data Engineer")),
        ("Tech Lead", Some(Lead), Some("Software Engineer")),
        (
            "Team Lead, Customer Support",
            Some(Lead),
            Some("Customer Support Representative"),
        ),
        (
            "Warehouse Supervisor",
            Some(Lead),
            Some("Warehouse Operations"),
        ),
        (
            "Staff Software Engineer",
            Some(Staff),
            Some("Software Engineer"),
        ),
        (
            "Senior Staff Engineer",
            Some(Staff),
            Some("Software Engineer"),
        ),
        (
            "Principal Engineer",
            Some(Principal),
            Some("Software Engineer"),
        ),
        (
            "Principal Product Manager",
            Some(Principal),
            Some("Product Manager"),
        ),
        (
            "Distinguished Engineer",
            Some(Principal),
            Some("Software Engineer"),
        ),
        // Management
        (
            "Engineering Manager",
            Some(Manager),
            Some("Engineering Manager"),
        ),
        (
            "Senior Engineering Manager",
            Some(Manager),
            Some("Engineering Manager"),
        ),
        (
            "Marketing Manager",
            Some(Manager),
            Some("Marketing Manager"),
        ),
        (
            "Head of Engineering",
            Some(Head),
            Some("Engineering Manager"),
        ),
        (
            "Head of Talent Acquisition",
            Some(Head),
            Some("Talent Acquisition Manager"),
        ),
        (
            "Director of Engineering",
            Some(Director),
            Some("Engineering Manager"),
        ),
        (
            "Senior Director, Product Management",
            Some(Director),
            Some("Head of Product"),
        ),
        ("Group Product Manager", None, Some("Product Manager")),
        (
            "Associate Director of Finance",
            Some(Director),
            Some("Finance Manager"),
        ),
        ("Creative Director", Some(Director), Some("Design Manager")),
        ("VP of Engineering", Some(Vp), Some("Engineering Manager")),
        ("Vice President, Sales", Some(Vp), Some("Sales Manager")),
        ("SVP Marketing", Some(Vp), Some("Marketing Coordinator")),
        ("EVP & General Counsel", Some(Vp), None),
        // C-level
        ("CTO", Some(CLevel), Some("Engineering Manager")),
        (
            "Chief Technology Officer",
            Some(CLevel),
            Some("Engineering Manager"),
        ),
        (
            "Co-Founder & CEO",
            Some(CLevel),
            Some("Chief Executive Officer"),
        ),
        ("Founder", Some(CLevel), Some("Chief Executive Officer")),
        ("CFO", Some(CLevel), Some("Finance Manager")),
        ("CHRO", Some(CLevel), Some("HR Manager")),
        ("Chief People Officer", Some(CLevel), Some("HR Manager")),
        ("Chief Revenue Officer", Some(CLevel), Some("Sales Manager")),
        (
            "Managing Director",
            Some(CLevel),
            Some("Chief Executive Officer"),
        ),
        (
            "Managing Partner",
            Some(CLevel),
            Some("Chief Executive Officer"),
        ),
        ("President", Some(CLevel), Some("Chief Executive Officer")),
        // A family's own words are not levels
        ("Account Manager", None, Some("Account Manager")),
        (
            "Senior Account Manager",
            Some(Senior),
            Some("Account Manager"),
        ),
        ("Key Account Manager", None, Some("Account Manager")),
        ("Product Manager", None, Some("Product Manager")),
        (
            "Senior Product Manager",
            Some(Senior),
            Some("Product Manager"),
        ),
        ("Project Manager", None, Some("Project Manager")),
        (
            "Customer Success Manager",
            None,
            Some("Customer Success Manager"),
        ),
        (
            "Product Marketing Manager",
            None,
            Some("Product Marketing Manager"),
        ),
        ("Product Owner", None, Some("Product Owner")),
        ("Staff Accountant", None, Some("Accountant")),
        ("HR Business Partner", None, Some("HR Business Partner")),
        ("Senior HRBP", Some(Senior), Some("HR Business Partner")),
        ("Talent Acquisition Partner", None, Some("Recruiter")),
        (
            "Lead Generation Specialist",
            None,
            Some("Sales Development Representative"),
        ),
        ("Art Director", None, Some("Art Director")),
        ("Chief of Staff", None, Some("Chief of Staff")),
        ("Sales Associate", None, Some("Retail Sales Associate")),
        ("Partner Manager", None, Some("Partnerships Manager")),
        // Words that only look like levels
        ("Data Entry Clerk", None, Some("Executive Assistant")),
        ("Level 2 Support Engineer", None, Some("IT Support")),
        (
            "Chief Architect",
            Some(Principal),
            Some("Software Architect"),
        ),
        ("Chief Audit Executive", Some(CLevel), Some("Auditor")),
        (
            "Executive Assistant to the CEO",
            None,
            Some("Executive Assistant"),
        ),
        ("Advisor to CTO", None, Some("Management Consultant")),
        ("Associate Vice President", Some(Vp), None),
        ("Office Manager", None, Some("Office Manager")),
        // No family
        ("Astronaut", None, None),
        ("Senior Astronaut", Some(Senior), None),
        ("", None, None),
    ];
    let mut wrong = Vec::new();
    for &(title, seniority, family) in cases {
        let p = t.parse_title(title);
        let got = (p.seniority, p.family.map(|f| f.name.as_str()));
        if got != (seniority, family) {
            wrong.push(format!(
                "{title:?}: got {got:?}, want {:?}",
                (seniority, family)
            ));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn seniority_labels_order_from_intern_to_c_level() {
    let ranks: Vec<u8> = Seniority::ALL.iter().map(|s| s.rank()).collect();
    assert!(ranks.windows(2).all(|w| w[0] < w[1]));
    assert!(Seniority::Principal.is_modifier());
    assert!(!Seniority::Manager.is_modifier());
}
