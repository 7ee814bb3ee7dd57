use sourcer_taxonomy::{Taxonomy, TitleRelevance};

#[derive(Debug, PartialEq)]
enum Kind {
    Exact,
    Family,
    Related,
    Shared,
    None,
}

fn kind(r: &TitleRelevance<'_>) -> Kind {
    match r {
        TitleRelevance::ExactPhrase { .. } => Kind::Exact,
        TitleRelevance::SameFamily { .. } => Kind::Family,
        TitleRelevance::RelatedFamily { .. } => Kind::Related,
        TitleRelevance::SharedWords { .. } => Kind::Shared,
        TitleRelevance::Unrelated => Kind::None,
    }
}

#[test]
fn title_relevance_ranks_exact_phrase_family_related_shared_and_none() {
    let t = Taxonomy::global();
    let cases = [
        ("Backend Engineer", "Sr. Backend Engineer II", Kind::Exact),
        (
            "Senior Software Engineer",
            "Staff Software Engineer, Payments",
            Kind::Exact,
        ),
        ("Account Manager", "Senior Key Account Manager", Kind::Exact),
        (
            "Engineering Manager",
            "Senior Engineering Manager",
            Kind::Exact,
        ),
        ("CTO", "Co-founder & CTO", Kind::Exact),
        ("Software Engineer", "Developer", Kind::Family),
        ("Software Engineer", "Java Developer", Kind::Family),
        ("Head of Engineering", "VP of Engineering", Kind::Family),
        ("Recruiter", "Talent Acquisition Partner", Kind::Family),
        ("Data Engineer", "Analytics Engineer", Kind::Related),
        ("Product Manager", "Product Owner", Kind::Related),
        ("Account Executive", "SDR", Kind::Related),
        ("Marketing Manager", "Marketing Analyst", Kind::Shared),
        (
            "Payments Engineer",
            "Payments Operations Specialist",
            Kind::Shared,
        ),
        ("Software Engineer", "Accountant", Kind::None),
        ("Civil Engineer", "Software Engineer", Kind::None),
        ("Sales Manager", "Marketing Manager", Kind::None),
    ];
    let mut wrong = Vec::new();
    for (wanted, actual, want) in cases {
        let r = t.title_relevance(wanted, actual);
        if kind(&r) != want {
            wrong.push(format!(
                "{wanted:?} vs {actual:?}: got {r:?}, want {want:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn scores_follow_the_order_of_reasons() {
    let t = Taxonomy::global();
    let scores: Vec<f32> = [
        ("Backend Engineer", "Senior Backend Engineer"),
        ("Software Engineer", "Developer"),
        ("Data Engineer", "Analytics Engineer"),
        ("Marketing Manager", "Marketing Analyst"),
        ("Software Engineer", "Accountant"),
    ]
    .iter()
    .map(|(w, a)| t.title_relevance(w, a).score())
    .collect();
    assert!(scores.windows(2).all(|w| w[0] > w[1]), "{scores:?}");
    assert_eq!(scores[0], 1.0);
    assert_eq!(scores[4], 0.0);
    assert!(scores[3] > 0.0 && scores[3] <= 0.4);
}

#[test]
fn reasons_name_what_matched() {
    let t = Taxonomy::global();
    let r = t.title_relevance("Senior Backend Engineer", "Backend Engineer II");
    assert_eq!(
        r,
        TitleRelevance::ExactPhrase {
            phrase: "backend engineer".into()
        }
    );
    assert_eq!(r.reason(), "title contains \"backend engineer\"");
    let r = t.title_relevance("Software Engineer", "Programmer");
    assert_eq!(r.reason(), "same role: Software Engineer");
    let r = t.title_relevance("Data Engineer", "Analytics Engineer");
    assert_eq!(r.reason(), "Analytics Engineer is related to Data Engineer");
    let r = t.title_relevance("Marketing Manager", "Marketing Analyst");
    assert_eq!(r.reason(), "title shares \"marketing\"");
}
