//! Pattern-based fields of a JD: titles, seniority, function, years, degree, field of
//! study, industries and languages.

use std::sync::OnceLock;

use regex::Regex;
use sourcer_taxonomy::Taxonomy;

use crate::job::YearsRange;
use crate::text::word_key_into;
use crate::titles::without_level;

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("annotation patterns are valid"))
}

/// A title found in a JD: as written, and without its leading seniority words.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FoundTitle {
    pub written: String,
    pub role: String,
}

/// Words that end a title inside a sentence ("a Backend Engineer *with* 5 years").
const TITLE_STOPS: [&str; 12] = [
    " with ", " to ", " who ", " in ", " at ", " for ", " based ", " that ", " and ", " on ",
    " from ", " - ",
];

fn clean_title(candidate: &str) -> Option<FoundTitle> {
    let mut text = candidate.trim();
    for stop in TITLE_STOPS {
        if let Some(i) = text.to_ascii_lowercase().find(stop) {
            text = &text[..i];
        }
    }
    let text = text.split(['(', '|', '/']).next().unwrap_or("").trim();
    let text = text.trim_end_matches(['.', ':', '!', '–', '-']).trim();
    if text.is_empty() || text.split_whitespace().count() > 6 {
        return None;
    }
    Taxonomy::global().parse_title(text).family?;
    Some(FoundTitle {
        written: text.to_string(),
        role: without_level(text),
    })
}

/// Titles named by a label ("Job Title: ..."), a hiring phrase ("we are looking for a
/// ..."), or a short first line; only candidates naming a taxonomy title family are kept.
pub(crate) fn extract_titles(text: &str) -> Vec<FoundTitle> {
    static LABEL: OnceLock<Regex> = OnceLock::new();
    static HIRING: OnceLock<Regex> = OnceLock::new();
    let label = re(
        &LABEL,
        r"(?im)(?:^|[,;|]\s*)(?:job\s+title|position|role|title)\s*[:\-–]\s*([^,;|\n]+)",
    );
    let hiring = re(
        &HIRING,
        r"(?i)\b(?:looking\s+for|hiring|seeking|searching\s+for|join\s+(?:us|our\s+team)\s+as)\s+(?:an?\s+|the\s+|our\s+(?:next|new)\s+)?(?:(?:experienced|talented|passionate|skilled|motivated|great)\s+)*([^,;:\n()]+)",
    );
    let mut found: Vec<FoundTitle> = Vec::new();
    let mut add = |candidate: &str| {
        if let Some(t) = clean_title(candidate)
            && !found.iter().any(|f| f.role.eq_ignore_ascii_case(&t.role))
        {
            found.push(t);
        }
    };
    for c in label.captures_iter(text) {
        add(&c[1]);
    }
    for c in hiring.captures_iter(text) {
        let candidate = c[1].split(". ").next().unwrap_or("");
        add(candidate);
    }
    if let Some(first) = text.lines().map(str::trim).find(|l| !l.is_empty())
        && first.split_whitespace().count() <= 8
        && !first.contains(':')
    {
        add(first);
    }
    found
}

/// Seniority levels stated by the titles, or by phrases such as "senior-level".
pub(crate) fn extract_seniority(text: &str, titles: &[FoundTitle]) -> Vec<String> {
    static LEVEL: OnceLock<Regex> = OnceLock::new();
    let level = re(&LEVEL, r"(?i)\b(entry|junior|mid|senior)[\s-]+level\b");
    let taxonomy = Taxonomy::global();
    let mut out: Vec<String> = titles
        .iter()
        .filter_map(|t| taxonomy.parse_title(&t.written).seniority)
        .map(|s| s.label().to_string())
        .collect();
    for c in level.captures_iter(text) {
        let label = match c[1].to_ascii_lowercase().as_str() {
            "entry" => "Entry",
            "junior" => "Junior",
            "mid" => "Mid",
            _ => "Senior",
        };
        out.push(label.to_string());
    }
    dedup_keep_order(out)
}

/// The functions of the titles' families, capitalised as the API writes them
/// ("Engineering", "HR").
pub(crate) fn functions_of(titles: &[FoundTitle]) -> Vec<String> {
    let taxonomy = Taxonomy::global();
    let out = titles
        .iter()
        .filter_map(|t| taxonomy.parse_title(&t.written).family)
        .map(|f| match f.function.as_str() {
            "hr" => "HR".to_string(),
            other => title_case(other),
        })
        .filter(|f| !f.is_empty())
        .collect();
    dedup_keep_order(out)
}

/// The first years-of-experience range the text states: "3-5 years", "5+ years",
/// "at least 4 years", "up to 3 years", "2 years of experience".
pub(crate) fn extract_years(text: &str) -> Option<YearsRange> {
    static YEARS: OnceLock<Regex> = OnceLock::new();
    let years = re(
        &YEARS,
        r"(?ix)
        (?P<a>\d{1,2})\s*(?:-|–|—|to)\s*(?P<b>\d{1,2})\s*\+?\s*(?:years?|yrs?)\b
        | (?P<plus>\d{1,2})\s*\+\s*(?:years?|yrs?)\b
        | (?:at\s+least|minimum(?:\s+of)?|min\.?|over|more\s+than)\s+(?P<least>\d{1,2})\s*(?:years?|yrs?)\b
        | (?:up\s+to|maximum(?:\s+of)?|no\s+more\s+than)\s+(?P<most>\d{1,2})\s*(?:years?|yrs?)\b
        | (?P<bare>\d{1,2})\s*(?:years?|yrs?)\s+(?:of\s+)?(?:[a-z.\#+/-]+\s+){0,3}?experience\b
        ",
    );
    let n = |m: Option<regex::Match>| m.and_then(|m| m.as_str().parse::<f64>().ok());
    for c in years.captures_iter(text) {
        let range = if let (Some(a), Some(b)) = (n(c.name("a")), n(c.name("b"))) {
            (Some(a), Some(b))
        } else if let Some(a) = n(c.name("plus"))
            .or(n(c.name("least")))
            .or(n(c.name("bare")))
        {
            (Some(a), None)
        } else {
            (None, n(c.name("most")))
        };
        let plausible = |y: Option<f64>| y.is_none_or(|y| y <= 40.0);
        let ordered = match range {
            (Some(a), Some(b)) => a <= b,
            _ => true,
        };
        if plausible(range.0) && plausible(range.1) && ordered && range != (None, None) {
            return Some(YearsRange {
                min: range.0,
                max: range.1,
            });
        }
    }
    None
}

/// Degree levels named: `BACHELORS`, `MASTERS`, `DOCTORATE`; a plain "degree" reads as a
/// bachelor's.
pub(crate) fn extract_degrees(text: &str) -> Vec<String> {
    static PATTERNS: OnceLock<[(Regex, &'static str); 3]> = OnceLock::new();
    let patterns = PATTERNS.get_or_init(|| {
        let r = |p: &str| Regex::new(p).expect("degree patterns are valid");
        [
            (
                r(r"(?i:\bbachelor'?s?\b|\bundergraduate\s+degree\b)|\b(?:B\.?Sc?\.?|B\.?Tech|B\.E\.|B\.A\.)(?:\s|$|,)"),
                "BACHELORS",
            ),
            (
                r(r"(?i:\bmaster'?s?\s+(?:degree|in|of)\b|\bmasters\b)|\b(?:M\.?Sc?\.?|M\.?Tech|MBA|M\.A\.)(?:\s|$|,)"),
                "MASTERS",
            ),
            (r(r"(?i)\b(?:ph\.?\s?d|doctorate|doctoral)\b"), "DOCTORATE"),
        ]
    });
    let mut out: Vec<String> = patterns
        .iter()
        .filter(|(r, _)| r.is_match(text))
        .map(|(_, token)| token.to_string())
        .collect();
    static DEGREE: OnceLock<Regex> = OnceLock::new();
    if out.is_empty() && re(&DEGREE, r"(?i)\bdegree\b").is_match(text) {
        out.push("BACHELORS".into());
    }
    out
}

/// Fields named after "degree in" / "Bachelor's in" ("Computer Science or related field").
pub(crate) fn extract_fields_of_study(text: &str) -> Vec<String> {
    static FIELD: OnceLock<Regex> = OnceLock::new();
    let field = re(
        &FIELD,
        r"(?i)(?:degree|bachelor'?s?|master'?s?|B\.?Sc?|M\.?Sc?)\s+in\s+([a-z][a-z &/]*?)(?:\s+or\s+(?:a\s+)?(?:related|equivalent|similar)|[,.;()\n]|$)",
    );
    let mut out = Vec::new();
    for c in field.captures_iter(text) {
        for part in c[1].split([',', '/']).flat_map(|p| p.split(" or ")) {
            let part = part.trim();
            let n = part.split_whitespace().count();
            if (1..=4).contains(&n) && !part.eq_ignore_ascii_case("a related field") {
                out.push(title_case(part));
            }
        }
    }
    dedup_keep_order(out)
}

fn title_case(text: &str) -> String {
    text.split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) if !matches!(w, "and" | "of" | "or") => f.to_uppercase().chain(c).collect(),
                Some(_) | None => w.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Industry cue phrases (as word keys) and the LinkedIn industry name they stand for.
const INDUSTRIES: [(&str, &str); 22] = [
    (" fintech ", "Financial Services"),
    (" financial services ", "Financial Services"),
    (" payments ", "Financial Services"),
    (" banking ", "Banking"),
    (" insurance ", "Insurance"),
    (" insurtech ", "Insurance"),
    (" healthcare ", "Hospitals and Health Care"),
    (" health care ", "Hospitals and Health Care"),
    (" healthtech ", "Hospitals and Health Care"),
    (" saas ", "Software Development"),
    (" software company ", "Software Development"),
    (" it services ", "IT Services and IT Consulting"),
    (" e commerce ", "Retail"),
    (" ecommerce ", "Retail"),
    (" retail ", "Retail"),
    (" telecom ", "Telecommunications"),
    (" telecommunications ", "Telecommunications"),
    (" gaming ", "Computer Games"),
    (" edtech ", "E-Learning Providers"),
    (" pharmaceutical ", "Pharmaceutical Manufacturing"),
    (" biotech ", "Biotechnology Research"),
    (
        " logistics ",
        "Transportation, Logistics, Supply Chain and Storage",
    ),
];

pub(crate) fn extract_industries(text: &str) -> Vec<String> {
    let mut key = String::new();
    word_key_into(text, &mut key);
    let out = INDUSTRIES
        .iter()
        .filter(|(cue, _)| key.contains(cue))
        .map(|(_, name)| name.to_string())
        .collect();
    dedup_keep_order(out)
}

const LANGUAGES: [&str; 40] = [
    "English",
    "German",
    "French",
    "Spanish",
    "Italian",
    "Portuguese",
    "Dutch",
    "Polish",
    "Russian",
    "Ukrainian",
    "Czech",
    "Slovak",
    "Hungarian",
    "Romanian",
    "Swedish",
    "Norwegian",
    "Danish",
    "Finnish",
    "Greek",
    "Turkish",
    "Arabic",
    "Hebrew",
    "Hindi",
    "Marathi",
    "Tamil",
    "Telugu",
    "Kannada",
    "Bengali",
    "Urdu",
    "Gujarati",
    "Malayalam",
    "Mandarin",
    "Chinese",
    "Cantonese",
    "Japanese",
    "Korean",
    "Vietnamese",
    "Thai",
    "Indonesian",
    "Tagalog",
];

const LANGUAGE_CUES: [&str; 10] = [
    " fluent ",
    " fluency ",
    " fluently ",
    " speak ",
    " speaking ",
    " spoken ",
    " written ",
    " native ",
    " language ",
    " languages ",
];

/// Languages named in a sentence that speaks of language skills ("fluent German").
pub(crate) fn extract_languages(text: &str) -> Vec<String> {
    let mut key = String::new();
    let mut out = Vec::new();
    for sentence in text.split(['.', '\n']) {
        word_key_into(sentence, &mut key);
        let cued = LANGUAGE_CUES.iter().any(|c| key.contains(c))
            || key.contains(" proficien")
            || key.contains(" bilingual ");
        if !cued || key.contains(" programming language") {
            continue;
        }
        for lang in LANGUAGES {
            if key.contains(&format!(" {} ", lang.to_ascii_lowercase())) {
                out.push(lang.to_string());
            }
        }
    }
    dedup_keep_order(out)
}

fn dedup_keep_order(items: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}
