use std::collections::{HashMap, HashSet};

use sourcer_taxonomy::skills::alias_key;
use sourcer_taxonomy::{CATEGORIES, Taxonomy};

#[test]
fn every_category_has_at_least_35_skills_and_there_are_over_500() {
    let t = Taxonomy::global();
    let mut per_category: HashMap<&str, usize> = HashMap::new();
    for s in t.skills() {
        *per_category.entry(s.category.as_str()).or_default() += 1;
    }
    for c in CATEGORIES {
        let n = per_category.get(c).copied().unwrap_or(0);
        assert!(n >= 35, "{c} has only {n} skills");
    }
    assert_eq!(per_category.len(), CATEGORIES.len());
    assert!(t.skills().len() >= 500, "{} skills", t.skills().len());
}

#[test]
fn no_spelling_belongs_to_two_skills() {
    let t = Taxonomy::global();
    let mut owner: HashMap<String, &str> = HashMap::new();
    for s in t.skills() {
        for spelling in std::iter::once(&s.name).chain(&s.aliases) {
            let key = alias_key(spelling);
            assert!(!key.is_empty(), "{} has an empty spelling", s.name);
            if let Some(other) = owner.insert(key.clone(), &s.name) {
                assert_eq!(other, s.name, "{key:?} is claimed twice");
            }
            assert_eq!(t.skill(spelling).map(|x| &x.name), Some(&s.name));
        }
    }
}

#[test]
fn every_related_skill_resolves_and_relations_are_symmetric() {
    let t = Taxonomy::global();
    for s in t.skills() {
        let related = t.related_keys(&s.key);
        assert_eq!(related.len(), s.related.len());
        for key in &related {
            let other = t
                .skill_by_key(key)
                .unwrap_or_else(|| panic!("{} relates to unknown {key}", s.name));
            assert_ne!(other.key, s.key, "{} relates to itself", s.name);
            assert!(
                t.related_keys(key).contains(&s.key),
                "{} -> {} is one-way",
                s.name,
                other.name
            );
        }
        let unique: HashSet<&String> = related.iter().collect();
        assert_eq!(unique.len(), related.len(), "{} repeats a relation", s.name);
    }
    assert!(t.related_keys("no such skill").is_empty());
}

#[test]
fn the_spellings_recruiters_use_resolve_to_one_canonical_key() {
    let t = Taxonomy::global();
    let same = [
        ("C#", "csharp"),
        ("C#", "c sharp"),
        ("C#", "C-Sharp"),
        ("K8s", "Kubernetes"),
        ("JS", "JavaScript"),
        ("TS", "TypeScript"),
        ("Postgres", "PostgreSQL"),
        ("ML", "Machine Learning"),
        ("AWS", "Amazon Web Services"),
        ("GCP", "Google Cloud Platform"),
        ("SFDC", "Salesforce"),
        ("MS Excel", "Microsoft Excel"),
        ("Excel", "Microsoft Excel"),
        ("PPC", "Pay-Per-Click"),
        ("SEO", "Search Engine Optimization"),
        ("FP&A", "Financial Planning and Analysis"),
        ("GAAP", "US GAAP"),
        ("HRIS", "Human Resources Information Systems"),
        ("ATS", "Applicant Tracking System"),
        ("OKRs", "Objectives and Key Results"),
        ("OKR", "OKRs"),
        ("A/B testing", "AB testing"),
        ("A/B testing", "split testing"),
        ("UX/UI", "UI/UX Design"),
        ("golang", "Go"),
        ("go lang", "Go"),
        ("Node", "Node.js"),
        ("ReactJS", "React"),
        ("Vue", "vue.js"),
        (".NET Core", "dotnet"),
        ("Machine-Learning", "machine learning"),
        ("CI/CD", "continuous integration"),
        ("Amazon Web Services (AWS)", "AWS"),
        ("Go (Programming Language)", "Golang"),
        ("R (Programming Language)", "R"),
    ];
    for (a, b) in same {
        assert_eq!(t.skill_key(a), t.skill_key(b), "{a:?} vs {b:?}");
    }
    let different = [
        ("C", "C++"),
        ("C", "C#"),
        ("Java", "JavaScript"),
        ("React", "React Native"),
        ("UX Design", "UI Design"),
        ("Git", "GitHub"),
        ("Zendesk", "Freshdesk"),
        ("Spark", "PySpark"),
    ];
    for (a, b) in different {
        assert_ne!(t.skill_key(a), t.skill_key(b), "{a:?} vs {b:?}");
    }
}

#[test]
fn unknown_skills_key_to_their_own_folded_words() {
    let t = Taxonomy::global();
    assert_eq!(t.skill_key("Some Unknown Thing"), "some unknown thing");
    assert_eq!(t.skill_key("  Crème   BRÛLÉE "), "creme brulee");
    assert_eq!(t.skill_key("Foo (Bar)"), "foo bar");
    assert!(t.skill("").is_none());
    assert!(t.skill("()").is_none());
}

#[test]
fn skill_by_key_only_answers_canonical_keys() {
    let t = Taxonomy::global();
    let k8s = t.skill("k8s").expect("known");
    assert_eq!(t.skill_by_key(&k8s.key).map(|s| &s.name), Some(&k8s.name));
    assert!(t.skill_by_key("k8s").is_none(), "an alias is not a key");
    assert!(t.related_keys("k8s").is_empty());
}
