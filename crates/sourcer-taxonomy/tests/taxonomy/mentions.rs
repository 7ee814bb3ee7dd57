use sourcer_taxonomy::Taxonomy;

/// Names of the skills mentioned in `text`, in order.
fn found(text: &str) -> Vec<String> {
    let t = Taxonomy::global();
    t.skills_in_text(text)
        .into_iter()
        .map(|m| {
            t.skill_by_key(&m.key)
                .expect("mentions are canonical")
                .name
                .clone()
        })
        .collect()
}

#[test]
fn mentions_are_found_at_word_boundaries() {
    assert_eq!(
        found("Built K8s operators in C# and Postgres; not javascripting"),
        vec!["Kubernetes", "C#", "PostgreSQL"]
    );
    assert_eq!(
        found("ASP.NET Core and .NET 8 services"),
        vec!["ASP.NET", ".NET"]
    );
    assert!(found("Reacting to incidents, expressing ideas").is_empty());
}

#[test]
fn the_longest_spelling_wins() {
    assert_eq!(found("React Native apps"), vec!["React Native"]);
    assert_eq!(
        found("led our go-to-market plan"),
        vec!["Go-to-Market Strategy"]
    );
    assert_eq!(
        found("Spring Boot microservices"),
        vec!["Spring Boot", "Microservices"]
    );
    assert_eq!(
        found("ran A/B tests and a/b testing"),
        vec!["A/B Testing", "A/B Testing"]
    );
}

#[test]
fn ambiguous_words_count_only_in_their_exact_case_away_from_sentence_starts() {
    assert_eq!(
        found("Wrote services in Go, Rust and R; analysed data in Excel."),
        vec!["Go", "Rust", "R", "Microsoft Excel"]
    );
    assert!(found("we go to great lengths to excel, rust never sleeps").is_empty());
    // Capitals at the start of a sentence or line say nothing.
    assert!(found("Excel at teamwork. Go fast.\nSwift delivery").is_empty());
    // ... but an abbreviation's period does not start a sentence.
    assert_eq!(found("languages (e.g. Go, Swift)"), vec!["Go", "Swift"]);
    assert_eq!(
        found("JavaScript, React and Node"),
        vec!["JavaScript", "React", "Node.js"]
    );
    assert!(found("we had to react quickly to each node").is_empty());
    // Unambiguous spellings of the same skills still count in any case.
    assert_eq!(
        found("golang, RUST-LANG, ms excel, reactjs"),
        vec!["Go", "Rust", "Microsoft Excel", "React"]
    );
}

#[test]
fn stop_phrases_hide_the_word_inside_them() {
    assert!(found("Raised a Series C round and briefed the C-level").is_empty());
    assert!(found("Worked as Head Chef, then Sous Chef").is_empty());
    assert!(found("Planned the SAP go-live with the C suite").len() == 1);
    assert_eq!(
        found("Automated servers with Chef and Puppet"),
        vec!["Chef", "Puppet"]
    );
}

#[test]
fn list_only_spellings_never_count_in_text_but_resolve_in_lists() {
    let t = Taxonomy::global();
    assert!(found("wrote a PR for the rest of the team in Word").is_empty());
    assert_eq!(
        t.skill("PR").map(|s| s.name.as_str()),
        Some("Public Relations")
    );
    assert_eq!(
        t.skill("Word").map(|s| s.name.as_str()),
        Some("Microsoft Word")
    );
    assert_eq!(
        found("media relations and REST APIs"),
        vec!["Public Relations", "REST APIs"]
    );
}

#[test]
fn every_ambiguous_spelling_is_refused_in_lower_case_and_accepted_as_written() {
    let t = Taxonomy::global();
    let mut checked = 0;
    for s in t.skills() {
        for spelling in &s.ambiguous {
            let as_written = t.skills_in_text(&format!("we used {spelling} daily"));
            assert_eq!(
                as_written.iter().map(|m| &m.key).collect::<Vec<_>>(),
                vec![&s.key],
                "{spelling:?} as written"
            );
            let lower = spelling.to_lowercase();
            if lower != *spelling {
                let refused = t.skills_in_text(&format!("we used {lower} daily"));
                assert!(
                    refused.is_empty(),
                    "{lower:?} should not count: {refused:?}"
                );
            }
            let opening = t.skills_in_text(&format!("{spelling} daily."));
            assert!(opening.is_empty(), "{spelling:?} opening a sentence");
            checked += 1;
        }
    }
    assert!(checked >= 40, "only {checked} ambiguous spellings");
}

#[test]
fn every_list_only_spelling_is_silent_in_text() {
    let t = Taxonomy::global();
    for s in t.skills() {
        for spelling in &s.list_only {
            let hits = t.skills_in_text(&format!("we used {spelling} daily"));
            assert!(hits.is_empty(), "{spelling:?} matched {hits:?}");
            assert_eq!(t.skill(spelling).map(|x| &x.key), Some(&s.key));
        }
    }
}

#[test]
fn a_refused_ambiguous_match_lets_later_skills_through() {
    // "excel" is refused; the scan must carry on to the next words.
    assert_eq!(found("excel kubernetes"), vec!["Kubernetes"]);
    assert_eq!(found("spark streaming jobs"), vec!["Apache Spark"]);
    assert_eq!(found("spark, Spark"), vec!["Apache Spark"]);
}

#[test]
fn mention_spans_quote_the_original_text_and_offsets_index_the_word_form() {
    let t = Taxonomy::global();
    let text = "Café owner → built Amazon  Web Services stacks (K8S).";
    let hits = t.skills_in_text(text);
    let quoted: Vec<&str> = hits.iter().map(|m| &text[m.span.clone()]).collect();
    assert_eq!(quoted, vec!["Amazon  Web Services", "K8S"]);
    let words = sourcer_taxonomy::skills::alias_key(text);
    for m in &hits {
        let alias = &words[m.offset..];
        let skill = t.skill_by_key(&m.key).expect("known");
        let spellings: Vec<String> = std::iter::once(&skill.name)
            .chain(&skill.aliases)
            .map(|s| sourcer_taxonomy::skills::alias_key(s))
            .collect();
        assert!(
            spellings.iter().any(|s| alias.starts_with(s.as_str())),
            "offset {} of {words:?}",
            m.offset
        );
    }
}

#[test]
fn empty_and_punctuation_only_text_mentions_nothing() {
    assert!(found("").is_empty());
    assert!(found(" ,;. -- ").is_empty());
}

proptest::proptest! {
    #[test]
    fn every_mention_quotes_a_spelling_of_its_skill(
        parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "Go", "go", "C#", "k8s", "Series", "C", ".", "\n", "Excel", "excel", "é", "ﬁ",
                "A/B", "testing", " ", ",", "React", "Native", "e.g.", "Rust", "head", "Chef",
                "SQL", "Server", "Node.js", "-", "Spring", "Boot", "R", "&", "D", "ML", "AI",
            ]),
            0..30,
        )
    ) {
        let t = Taxonomy::global();
        let text = parts.join(" ");
        for m in t.skills_in_text(&text) {
            let quoted = &text[m.span.clone()];
            let skill = t.skill_by_key(&m.key).expect("canonical");
            let folded = sourcer_taxonomy::skills::alias_key(quoted);
            let spellings: Vec<String> = std::iter::once(&skill.name)
                .chain(&skill.aliases)
                .map(|s| sourcer_taxonomy::skills::alias_key(s))
                .collect();
            proptest::prop_assert!(spellings.contains(&folded), "{quoted:?} in {text:?}");
            let ambiguous_only = skill.ambiguous.iter().any(|a| sourcer_taxonomy::skills::alias_key(a) == folded);
            if ambiguous_only {
                proptest::prop_assert!(skill.ambiguous.iter().any(|a| a == quoted), "{quoted:?} in {text:?}");
            }
        }
        let _ = t.parse_title(&text);
        let _ = t.title_relevance(&text, "Software Engineer").score();
    }
}

#[test]
fn the_allocation_free_reading_finds_the_same_skills_in_the_same_order() {
    let t = Taxonomy::global();
    let texts = [
        "Built K8s operators in C# and Postgres; not javascripting",
        "ASP.NET Core and .NET 8 services. Go fast. Then Go and React, Excel",
        "Raised a Series C; Go-to-market lead for Node.js and Spark",
        "São Paulo — Ingénieur Logiciel, Python & SQL",
        "",
    ];
    for text in texts {
        let keys: Vec<String> = t.skills_in_text(text).into_iter().map(|m| m.key).collect();
        let mut by_position = Vec::new();
        t.for_each_skill_in_text(text, |i| by_position.push(t.skills()[i].key.clone()));
        assert_eq!(by_position, keys, "{text:?}");
        for key in &keys {
            let i = t.skill_index(key).expect("mentions are canonical keys");
            assert_eq!(&t.skills()[i].key, key);
        }
    }
    assert_eq!(
        t.skill_index("k8s"),
        None,
        "an alias is not a canonical key"
    );
}
