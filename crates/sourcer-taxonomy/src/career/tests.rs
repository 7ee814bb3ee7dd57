use sourcer_core::{Employer, PartialDate, Profile};

use super::*;

fn job(start: &str, end: Option<&str>, level: &str) -> Employer {
    Employer {
        name: Some(format!("Co {start}")),
        title: Some("Engineer".into()),
        start_date: PartialDate::parse(start).ok(),
        end_date: end.and_then(|e| PartialDate::parse(e).ok()),
        seniority_level: Some(level.into()),
        ..Default::default()
    }
}

fn profile(current: Vec<Employer>, past: Vec<Employer>) -> Profile {
    Profile {
        name: Some("A".into()),
        region: Some("Pune, Maharashtra, India".into()),
        current_employers: current,
        past_employers: past,
        ..Default::default()
    }
}

fn flags(p: &Profile, as_of: &str) -> Vec<RedFlag> {
    red_flags(p, MonthStamp::parse(as_of).unwrap())
        .into_iter()
        .map(|h| h.flag)
        .collect()
}

#[test]
fn a_steady_career_raises_nothing() {
    let p = profile(
        vec![job("2019-01", None, "Senior")],
        vec![
            job("2015-01", Some("2018-12"), "Mid"),
            job("2012-01", Some("2014-12"), "Junior"),
        ],
    );
    assert!(flags(&p, "2024-01").is_empty());
}

#[test]
fn recently_changed_job_depends_on_as_of() {
    let p = profile(
        vec![job("2023-10", None, "Senior")],
        vec![job("2015-01", Some("2023-09"), "Mid")],
    );
    assert!(flags(&p, "2024-01").contains(&RedFlag::RecentlyChangedJob));
    assert!(!flags(&p, "2024-06").contains(&RedFlag::RecentlyChangedJob));
}

#[test]
fn gaps_switches_overlaps_and_missing_dates_are_detected() {
    let switcher = profile(
        vec![],
        vec![
            job("2020-01", Some("2020-08"), "Mid"),
            job("2020-09", Some("2021-03"), "Mid"),
            job("2021-04", Some("2021-10"), "Mid"),
        ],
    );
    let f = flags(&switcher, "2024-01");
    assert!(f.contains(&RedFlag::FrequentJobSwitch));
    assert!(
        f.contains(&RedFlag::LargeEmploymentGaps),
        "unemployed since 2021-10"
    );

    let gap = profile(
        vec![job("2020-01", None, "Senior")],
        vec![job("2015-01", Some("2019-01"), "Mid")],
    );
    assert!(stable_red_flags(&gap).contains(&RedFlag::LargeEmploymentGaps));

    let overlap = profile(
        vec![
            job("2020-01", None, "Senior"),
            job("2021-01", None, "Senior"),
        ],
        vec![],
    );
    assert!(stable_red_flags(&overlap).contains(&RedFlag::OverlappingFullTimeJobs));

    let mut undated = profile(vec![job("2020-01", None, "Senior")], vec![]);
    undated.current_employers[0].start_date = None;
    assert!(stable_red_flags(&undated).contains(&RedFlag::UnspecifiedDatesOrLocations));
}

#[test]
fn flat_careers_show_no_progression() {
    let p = profile(
        vec![job("2021-01", None, "Mid")],
        vec![
            job("2017-01", Some("2020-12"), "Mid"),
            job("2014-01", Some("2016-12"), "Mid"),
        ],
    );
    assert!(stable_red_flags(&p).contains(&RedFlag::NoCareerProgression));
    assert_eq!(
        RedFlag::parse("no career progression"),
        Some(RedFlag::NoCareerProgression)
    );
}

fn role(company: &str, title: &str, start: &str, end: Option<&str>) -> Employer {
    Employer {
        name: Some(company.into()),
        title: Some(title.into()),
        start_date: PartialDate::parse(start).ok(),
        end_date: end.and_then(|e| PartialDate::parse(e).ok()),
        ..Default::default()
    }
}

fn evidence(p: &Profile, as_of: &str, flag: RedFlag) -> Option<String> {
    red_flags(p, MonthStamp::parse(as_of).unwrap())
        .into_iter()
        .find(|h| h.flag == flag)
        .map(|h| h.evidence)
}

#[test]
fn six_idle_months_between_jobs_are_not_a_large_gap_but_seven_are() {
    let six = profile(
        vec![role("B", "Engineer", "2019-08", None)],
        vec![role("A", "Engineer", "2015-01", Some("2019-01"))],
    );
    assert!(!stable_red_flags(&six).contains(&RedFlag::LargeEmploymentGaps));
    let seven = profile(
        vec![role("B", "Engineer", "2019-09", None)],
        vec![role("A", "Engineer", "2015-01", Some("2019-01"))],
    );
    assert_eq!(
        evidence(&seven, "2024-01", RedFlag::LargeEmploymentGaps).as_deref(),
        Some("7 months without a job between 2019-01 and 2019-09 (B)")
    );
}

#[test]
fn internships_named_only_by_their_title_are_not_job_switches() {
    let p = profile(
        vec![role("D", "Software Engineer", "2021-07", None)],
        vec![
            role(
                "A",
                "Software Engineering Intern",
                "2018-06",
                Some("2018-08"),
            ),
            role("B", "Data Science Intern", "2019-06", Some("2019-08")),
            role("C", "Summer Intern", "2020-06", Some("2020-08")),
            role("E", "Engineer", "2020-09", Some("2021-06")),
        ],
    );
    assert!(!stable_red_flags(&p).contains(&RedFlag::FrequentJobSwitch));
}

#[test]
fn promotions_at_one_company_are_one_job() {
    let promoted = profile(
        vec![role("Globex", "Staff Engineer", "2020-05", None)],
        vec![
            role("Acme Inc", "Engineer", "2018-01", Some("2018-09")),
            role("ACME INC.", "Senior Engineer", "2018-10", Some("2019-06")),
            role("Acme Inc", "Lead Engineer", "2019-07", Some("2020-03")),
        ],
    );
    assert!(!stable_red_flags(&promoted).contains(&RedFlag::FrequentJobSwitch));

    let recently_promoted = profile(
        vec![role("Acme", "Senior Engineer", "2023-11", None)],
        vec![role("Acme", "Engineer", "2019-01", Some("2023-10"))],
    );
    assert_eq!(
        latest_current_start(&recently_promoted),
        MonthStamp::parse("2019-01")
    );
    assert!(!flags(&recently_promoted, "2024-01").contains(&RedFlag::RecentlyChangedJob));

    let moved = profile(
        vec![role("Globex", "Senior Engineer", "2023-11", None)],
        vec![role("Acme", "Engineer", "2019-01", Some("2023-10"))],
    );
    assert!(flags(&moved, "2024-01").contains(&RedFlag::RecentlyChangedJob));
}

#[test]
fn side_roles_neither_overlap_nor_count_as_a_recent_change() {
    let p = profile(
        vec![
            role("Acme", "Software Engineer", "2019-01", None),
            role("Startup", "Technical Advisor", "2023-12", None),
            role("Charity", "Board Member", "2022-01", None),
        ],
        vec![],
    );
    let f = flags(&p, "2024-01");
    assert!(!f.contains(&RedFlag::OverlappingFullTimeJobs), "{f:?}");
    assert!(!f.contains(&RedFlag::RecentlyChangedJob), "{f:?}");

    let only_side_roles = profile(vec![role("Startup", "Advisor", "2023-12", None)], vec![]);
    assert!(flags(&only_side_roles, "2024-01").contains(&RedFlag::RecentlyChangedJob));
}

#[test]
fn overlapping_roles_at_one_company_are_not_overlapping_jobs() {
    let p = profile(
        vec![role("Acme", "Senior Engineer", "2020-01", None)],
        vec![role("Acme", "Engineer", "2018-01", Some("2020-06"))],
    );
    assert!(!stable_red_flags(&p).contains(&RedFlag::OverlappingFullTimeJobs));
    let two_companies = profile(
        vec![role("Globex", "Senior Engineer", "2020-01", None)],
        vec![role("Acme", "Engineer", "2018-01", Some("2020-06"))],
    );
    assert!(stable_red_flags(&two_companies).contains(&RedFlag::OverlappingFullTimeJobs));
}

#[test]
fn progression_ignores_internships_reads_titles_and_spares_c_level() {
    let flat_after_internship = profile(
        vec![job("2020-01", None, "Mid")],
        vec![
            job("2016-01", Some("2019-12"), "Mid"),
            job("2013-01", Some("2015-12"), "Mid"),
            job("2012-06", Some("2012-08"), "Intern"),
        ],
    );
    assert!(stable_red_flags(&flat_after_internship).contains(&RedFlag::NoCareerProgression));

    let by_title = |titles: [&str; 3]| {
        profile(
            vec![role("C", titles[2], "2022-01", None)],
            vec![
                role("B", titles[1], "2019-01", Some("2021-12")),
                role("A", titles[0], "2016-01", Some("2018-12")),
            ],
        )
    };
    let stuck = by_title([
        "Senior Engineer",
        "Sr. Developer",
        "Senior Software Engineer",
    ]);
    assert!(stable_red_flags(&stuck).contains(&RedFlag::NoCareerProgression));
    let climbing = by_title(["Engineer II", "Senior Engineer", "Staff Engineer"]);
    assert!(!stable_red_flags(&climbing).contains(&RedFlag::NoCareerProgression));
    let founder = by_title(["Founder & CEO", "Co-Founder", "CEO"]);
    assert!(!stable_red_flags(&founder).contains(&RedFlag::NoCareerProgression));
}

#[test]
fn query_time_tests_agree_with_red_flags_for_every_month() {
    let profiles = [
        profile(
            vec![job("2023-10", None, "Senior")],
            vec![job("2015-01", Some("2023-09"), "Mid")],
        ),
        profile(vec![], vec![job("2015-01", Some("2023-05"), "Mid")]),
    ];
    for p in &profiles {
        for month in 0..24 {
            let as_of = MonthStamp::parse("2023-01").unwrap().minus_months(-month);
            let f = flags(p, &as_of.to_string());
            let recent = latest_current_start(p).is_some_and(|s| changed_job_recently(s, as_of));
            assert_eq!(f.contains(&RedFlag::RecentlyChangedJob), recent, "{as_of}");
            let jobless = last_end_without_current(p).is_some_and(|e| jobless_too_long(e, as_of));
            assert_eq!(
                f.contains(&RedFlag::LargeEmploymentGaps),
                jobless,
                "{as_of}"
            );
        }
    }
}

const TITLE_WORDS: [&str; 24] = [
    "Senior",
    "Software",
    "Engineering",
    "Intern",
    "Interns",
    "Internship",
    "Trainee",
    "Apprentice",
    "Assistant",
    "to",
    "the",
    "Board",
    "Member",
    "Advisor",
    "Lead",
    "Manager",
    "Account",
    "Vice",
    "President",
    "Sr.",
    "II",
    "Head",
    "of",
    "&",
];

proptest::proptest! {
    #[test]
    fn titles_read_with_only_the_level_that_can_matter_agree_with_parse_title(
        picks in proptest::collection::vec(0..TITLE_WORDS.len(), 0..6)
    ) {
        let title: Vec<&str> = picks.iter().map(|&i| TITLE_WORDS[i]).collect();
        let title = title.join(" ");
        let parsed = crate::Taxonomy::global().parse_title(&title).seniority;
        let side = sourcer_core::text::words(&title)
            .iter()
            .any(|w| ["board", "advisor"].contains(&w.as_str()));
        proptest::prop_assert_eq!(jobs::read_title(&title, true), (parsed, side));
        let (level, side_role) = jobs::read_title(&title, false);
        proptest::prop_assert_eq!(side_role, side);
        proptest::prop_assert_eq!(level == Some(Seniority::Intern), parsed == Some(Seniority::Intern));
        proptest::prop_assert!(level.is_none() || level == parsed);
    }

    #[test]
    fn employment_type_words_are_found_as_substrings(
        kind in "[a-z ]{0,14}", needle in 0..NEEDLES.len()
    ) {
        let needle = NEEDLES[needle];
        proptest::prop_assert_eq!(jobs::contains(&kind, needle), kind.contains(needle));
    }
}

const NEEDLES: [&str; 9] = [
    "part",
    "contract",
    "freelance",
    "intern",
    "volunteer",
    "self",
    "temporary",
    "seasonal",
    "a",
];

#[test]
fn an_internship_named_only_by_its_title_is_read_despite_a_stated_level() {
    let internship = |company: &str, start: &str, end: &str| {
        let mut e = role(company, "Software Engineering Intern", start, Some(end));
        e.seniority_level = Some("Entry".into());
        e
    };
    let mut p = Profile {
        region: Some("Pune".into()),
        past_employers: vec![
            internship("Acme", "2019-01", "2019-06"),
            internship("Beta", "2019-07", "2019-12"),
            internship("Gamma", "2020-01", "2020-06"),
        ],
        current_employers: vec![role("Delta", "Engineer", "2020-07", None)],
        ..Default::default()
    };
    assert!(!flags(&p, "2025-06").contains(&RedFlag::FrequentJobSwitch));
    for e in &mut p.past_employers {
        e.title = Some("Software Engineer".into());
    }
    assert!(flags(&p, "2025-06").contains(&RedFlag::FrequentJobSwitch));
}
