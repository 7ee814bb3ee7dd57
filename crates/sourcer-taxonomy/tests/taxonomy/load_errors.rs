use sourcer_taxonomy::{Taxonomy, TaxonomyError};

const SKILLS: &str = r#"
stop_phrases = ["series c"]

[[category]]
name = "engineering"
skills = [
  { name = "C", ambiguous = ["C"] },
  { name = "Rust", aliases = ["rust lang"], related = ["C"] },
]
"#;

const TITLES: &str = r#"
[[family]]
name = "Software Engineer"
function = "engineering"
titles = ["developer"]
related = ["Engineering Manager"]

[[family]]
name = "Engineering Manager"
function = "engineering"
titles = ["head of engineering"]
"#;

fn load(skills: &str, titles: &str) -> Result<Taxonomy, TaxonomyError> {
    Taxonomy::from_toml(skills, titles)
}

#[test]
fn the_embedded_data_files_load() {
    let loaded = load(
        include_str!("../../data/skills.toml"),
        include_str!("../../data/titles.toml"),
    );
    if let Err(e) = loaded {
        panic!("data/*.toml: {e}");
    }
}

#[test]
fn a_minimal_valid_pair_loads() {
    let t = load(SKILLS, TITLES).expect("valid");
    assert_eq!(t.skills().len(), 2);
    assert_eq!(
        t.related_keys("c"),
        vec!["rust".to_string()],
        "relations are symmetric"
    );
    assert_eq!(t.title_families().len(), 2);
    assert_eq!(
        t.title_family("software engineer")
            .map(|f| f.related.clone()),
        Some(vec!["Engineering Manager".to_string()])
    );
}

#[test]
fn malformed_files_are_syntax_errors_naming_the_file() {
    let cases = [
        (load("not toml [", TITLES), "skills.toml"),
        (load(SKILLS, "[[family]]\nname = 3"), "titles.toml"),
        (
            load(&SKILLS.replace("aliases", "alias"), TITLES),
            "skills.toml",
        ),
        (
            load(SKILLS, &TITLES.replace("titles = [\"developer\"]", "")),
            "titles.toml",
        ),
    ];
    for (result, file) in cases {
        match result {
            Err(TaxonomyError::Syntax { file: f, .. }) => assert_eq!(f, file),
            other => panic!("expected a syntax error in {file}, got {:?}", other.err()),
        }
    }
}

#[test]
fn every_rule_of_the_format_is_enforced() {
    let bad_skills = [
        SKILLS.replace("\"engineering\"", "\"astrology\""),
        SKILLS.replace("\"rust lang\"", "\"!!\""),
        SKILLS.replace("\"rust lang\"", "\"c\""),
        SKILLS.replace("related = [\"C\"]", "related = [\"Zig\"]"),
        SKILLS.replace("ambiguous = [\"C\"]", "ambiguous = [\"c lang\"]"),
        SKILLS.replace("\"series c\"", "\"Rust Lang\""),
        SKILLS.replace("\"series c\"", "\"  \""),
    ];
    let results: Vec<_> = bad_skills.iter().map(|s| load(s, TITLES).err()).collect();
    assert!(matches!(
        results[0],
        Some(TaxonomyError::UnknownCategory { .. })
    ));
    assert!(matches!(
        results[1],
        Some(TaxonomyError::EmptySpelling { .. })
    ));
    assert!(matches!(
        results[2],
        Some(TaxonomyError::DuplicateSpelling { .. })
    ));
    assert!(matches!(
        results[3],
        Some(TaxonomyError::UnknownRelated { .. })
    ));
    assert!(matches!(
        results[4],
        Some(TaxonomyError::NotASpelling { .. })
    ));
    assert!(matches!(
        results[5],
        Some(TaxonomyError::StopPhraseIsSkill { .. })
    ));
    assert!(matches!(
        results[6],
        Some(TaxonomyError::EmptySpelling { .. })
    ));

    let bad_titles = [
        TITLES.replace(
            "function = \"engineering\"\ntitles = [\"developer\"]",
            "function = \"art\"\ntitles = [\"developer\"]",
        ),
        TITLES.replace("[\"head of engineering\"]", "[\"developer\"]"),
        TITLES.replace(
            "related = [\"Engineering Manager\"]",
            "related = [\"Pilot\"]",
        ),
        TITLES.replace(
            "related = [\"Engineering Manager\"]",
            "related = [\"head of engineering\"]",
        ),
        TITLES.replace("[\"developer\"]", "[\"...\"]"),
    ];
    let results: Vec<_> = bad_titles.iter().map(|s| load(SKILLS, s).err()).collect();
    assert!(matches!(
        results[0],
        Some(TaxonomyError::UnknownCategory { .. })
    ));
    assert!(matches!(
        results[1],
        Some(TaxonomyError::DuplicateTitle { .. })
    ));
    assert!(matches!(
        results[2],
        Some(TaxonomyError::UnknownRelated { .. })
    ));
    assert!(
        matches!(results[3], Some(TaxonomyError::UnknownRelated { .. })),
        "a title is not a family name"
    );
    assert!(matches!(
        results[4],
        Some(TaxonomyError::EmptySpelling { .. })
    ));
}

#[test]
fn errors_read_as_sentences_that_point_at_the_entry() {
    let err = load(&SKILLS.replace("\"rust lang\"", "\"c\""), TITLES).expect_err("duplicate");
    assert_eq!(
        err.to_string(),
        "spelling \"c\" belongs to both \"C\" and \"Rust\""
    );
}
