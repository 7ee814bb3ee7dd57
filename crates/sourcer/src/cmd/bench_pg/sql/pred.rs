//! One condition to one SQL predicate over the columns of bench/postgres/schema.sql: the
//! query values are normalised exactly as the index normalises them (`plan.rs` in
//! sourcer-index), then compared with LIKE on word keys, `~*` on folded text, array overlap,
//! `IN` lists, ranges and month arithmetic. Negation and same-record grouping are the
//! caller's (sql.rs).

use sourcer_core::query::{
    EmployerField, MoneyBucket, ProfileField, RecencyBucket, TenureBucket, ValueKind, Values,
    compile_pattern,
};
use sourcer_core::text::{fold, strip_accents, word_key, words};
use sourcer_core::{Condition, MonthStamp, Op};

use crate::cmd::bench_pg::norm::{cat_key, clean, place_components, place_key};

/// How a condition compares values, with its values in the columns' forms.
#[derive(Debug, Clone, PartialEq)]
pub enum Matcher {
    /// Word keys (` w1 w2 `) that must occur in the `_w` column.
    Phrase(Vec<String>),
    /// Word keys the value must equal.
    WordEq(Vec<String>),
    /// PostgreSQL regular expressions (ARE) for `~*` on the `_f` column.
    Regex(Vec<String>),
    /// Categorical keys.
    Cat(Vec<String>),
    /// Place subsequence keys (`IN`).
    PlaceIn(Vec<String>),
    /// Place keys (`=`).
    PlaceEq(Vec<String>),
    Range {
        min: Option<f64>,
        max: Option<f64>,
    },
    Tenure(Vec<TenureBucket>),
    Money(Vec<MoneyBucket>),
    Recency(Vec<RecencyBucket>),
}

/// Where a field's values live.
#[derive(Debug, Clone, Copy)]
enum Col {
    /// `_f` (text, or text[] when `list`) and `_w`.
    Text(&'static str, bool),
    /// `_k` and `_f` (both arrays when `list`).
    Cat(&'static str, bool),
    /// `_f`, `_key`, `_sub`.
    Place(&'static str),
    /// Only a word-key column (descriptions).
    Words(&'static str),
    Num(&'static str),
    Tenure,
    Recency,
}

/// The matcher of a condition's positive form (see the index's `Plan::compile`).
pub fn matcher(c: &Condition) -> anyhow::Result<Matcher> {
    let shape = || anyhow::anyhow!("{}: values of the wrong shape for {}", c.key, c.op.as_str());
    let texts = || match &c.values {
        Values::Texts(t) => Ok(t.iter().map(|s| clean(s, usize::MAX)).collect::<Vec<_>>()),
        _ => Err(shape()),
    };
    let nonblank = |v: Vec<String>| -> Vec<String> {
        v.into_iter().filter(|s| !s.trim().is_empty()).collect()
    };
    let kind = c.key.kind();
    Ok(match (kind, c.op) {
        (_, Op::Contains | Op::NotContains) => {
            let Values::Texts(patterns) = &c.values else {
                return Err(shape());
            };
            Matcher::Regex(
                patterns
                    .iter()
                    .map(|p| pg_pattern(p))
                    .collect::<Result<_, _>>()?,
            )
        }
        (ValueKind::Text, Op::Eq) => Matcher::WordEq(nonblank(keys(texts()?, word_key))),
        (ValueKind::Text, _) => Matcher::Phrase(nonblank(keys(texts()?, word_key))),
        (ValueKind::LongText, _) => {
            let phrases = texts()?.into_iter().map(|t| words(&t));
            let phrases = phrases.filter(|w| !w.is_empty());
            Matcher::Phrase(phrases.map(|w| format!(" {} ", w.join(" "))).collect())
        }
        (ValueKind::Place, Op::Eq) => {
            Matcher::PlaceEq(nonblank(keys(texts()?, |t| place_key(&fold(t)))))
        }
        (ValueKind::Place, _) => Matcher::PlaceIn(nonblank(keys(texts()?, |t| {
            place_components(&fold(t)).join(", ")
        }))),
        (ValueKind::Categorical(k), _) => {
            Matcher::Cat(nonblank(keys(texts()?, |t| cat_key(k, &fold(t)))))
        }
        (ValueKind::Number, _) => match c.values {
            Values::Range { min, max } => Matcher::Range { min, max },
            _ => return Err(shape()),
        },
        (ValueKind::Tenure, _) => match &c.values {
            Values::Tenure(b) => Matcher::Tenure(b.clone()),
            _ => return Err(shape()),
        },
        (ValueKind::Money, _) => match &c.values {
            Values::Money(b) => Matcher::Money(b.clone()),
            _ => return Err(shape()),
        },
        (ValueKind::Recency, _) => match &c.values {
            Values::Recency(b) => Matcher::Recency(b.clone()),
            _ => return Err(shape()),
        },
    })
}

fn keys(texts: Vec<String>, f: impl Fn(&str) -> String) -> Vec<String> {
    texts.iter().map(|t| f(t)).collect()
}

/// A person-level field's predicate over `p`; NULL (absent values) means no match.
pub fn person(field: ProfileField, m: &Matcher) -> String {
    use ProfileField as P;
    let col = match field {
        P::CountryRegion => {
            return or(vec![
                column(Col::Place("region"), m, "p", 0),
                column(Col::Place("country"), m, "p", 0),
            ]);
        }
        P::Region => Col::Place("region"),
        P::OpenToCards => Col::Cat("cards", true),
        P::Languages => Col::Cat("langs", true),
        P::YearsOfExperience => Col::Num("years"),
        P::InstituteName => Col::Text("inst", true),
        P::FieldOfStudy => Col::Text("fos", true),
        P::DegreeName => Col::Cat("degree", true),
        P::CertificationName => Col::Text("cert", true),
        P::HonorTitle => Col::Text("honor", true),
    };
    // Person fields hold no dates, so the search month plays no part.
    column(col, m, "p", 0)
}

/// An employer field's predicate over one record `e`.
pub fn employer(field: EmployerField, m: &Matcher, as_of: MonthStamp) -> String {
    use EmployerField as E;
    let col = match field {
        E::Title => Col::Text("title", false),
        E::Name => Col::Text("name", false),
        E::Description => Col::Words("desc_w"),
        E::FunctionCategory => Col::Cat("function", false),
        E::SeniorityLevel => Col::Cat("seniority", false),
        E::EmploymentType => Col::Cat("emp_type", false),
        E::CompanyType => Col::Cat("co_type", false),
        E::CompanyHqLocation => Col::Place("hq"),
        E::CompanyIndustries => Col::Text("industries", true),
        E::CompanyHeadcountRange => Col::Cat("hc_range", false),
        E::CompanyHeadcountLatest => Col::Num("headcount"),
        E::YearsAtCompany => Col::Tenure,
        E::FundingStage => Col::Cat("funding_stage", false),
        E::HeadcountGrowth => Col::Num("growth"),
        E::AnnualRevenue => Col::Num("revenue"),
        E::TotalFunding => Col::Num("funding"),
        E::YearFounded => Col::Num("founded"),
        E::RecentlyFunded => Col::Recency,
    };
    column(col, m, "e", as_of.0)
}

/// The predicate of a matcher on a column; a matcher that does not apply to the column
/// matches nothing, as in the index's evaluator.
fn column(col: Col, m: &Matcher, t: &str, as_of: i32) -> String {
    let regex = |f: String, list: bool, patterns: &[String]| {
        if list {
            let any = or(patterns
                .iter()
                .map(|p| format!("x ~* {}", lit(p)))
                .collect());
            format!("EXISTS (SELECT 1 FROM unnest({f}) AS v(x) WHERE {any})")
        } else {
            or(patterns
                .iter()
                .map(|p| format!("{f} ~* {}", lit(p)))
                .collect())
        }
    };
    let like = |w: String, needles: Vec<String>| {
        or(needles
            .iter()
            .map(|n| format!("{w} LIKE {}", lit(&format!("%{}%", escape_like(n)))))
            .collect())
    };
    match (col, m) {
        (Col::Text(name, _), Matcher::Phrase(needles)) => {
            like(format!("{t}.{name}_w"), needles.clone())
        }
        (Col::Text(name, _), Matcher::WordEq(keys)) => like(
            format!("{t}.{name}_w"),
            keys.iter().map(|k| format!("|{k}|")).collect(),
        ),
        (Col::Words(name), Matcher::Phrase(needles)) => {
            like(format!("{t}.{name}"), needles.clone())
        }
        (Col::Text(name, list) | Col::Cat(name, list), Matcher::Regex(p)) => {
            regex(format!("{t}.{name}_f"), list, p)
        }
        (Col::Place(name), Matcher::Regex(p)) => regex(format!("{t}.{name}_f"), false, p),
        (Col::Cat(name, true), Matcher::Cat(keys)) => {
            format!("{t}.{name}_k && {}", text_array(keys))
        }
        (Col::Cat(name, false), Matcher::Cat(keys)) => in_list(&format!("{t}.{name}_k"), keys),
        (Col::Place(name), Matcher::PlaceIn(keys)) => {
            format!("{t}.{name}_sub && {}", text_array(keys))
        }
        (Col::Place(name), Matcher::PlaceEq(keys)) => in_list(&format!("{t}.{name}_key"), keys),
        (Col::Num(name), Matcher::Range { min, max }) => range(&format!("{t}.{name}"), *min, *max),
        (Col::Num(name), Matcher::Money(buckets)) => or(buckets
            .iter()
            .map(|b| {
                let below = b
                    .max_usd
                    .map(|max| format!(" AND {t}.{name} < {}", float(max)));
                format!(
                    "({t}.{name} >= {}{})",
                    float(b.min_usd),
                    below.unwrap_or_default()
                )
            })
            .collect()),
        (Col::Tenure, Matcher::Tenure(buckets)) => {
            // Whole months in the job, to the end date or the search month, never negative;
            // NULL (no start date) matches no bucket.
            let months = format!("GREATEST(COALESCE({t}.end_month, {as_of}) - {t}.start_month, 0)");
            or(buckets
                .iter()
                .map(|b| {
                    let lo = 12 * b.min_years;
                    match b.max_years {
                        Some(max) => format!("{months} BETWEEN {lo} AND {}", 12 * max + 11),
                        None => format!("{months} >= {lo}"),
                    }
                })
                .collect())
        }
        (Col::Recency, Matcher::Recency(buckets)) => match buckets.iter().map(|b| b.months).max() {
            Some(widest) => format!(
                "{t}.last_funding_month BETWEEN {} AND {as_of}",
                as_of - widest
            ),
            None => "FALSE".into(),
        },
        _ => "FALSE".into(),
    }
}

fn range(col: &str, min: Option<f64>, max: Option<f64>) -> String {
    if let (Some(lo), Some(hi)) = (min, max)
        && lo > hi
    {
        return "FALSE".into();
    }
    let mut parts = Vec::new();
    if let Some(lo) = min {
        parts.push(format!("{col} >= {}", float(lo)));
    }
    if let Some(hi) = max {
        parts.push(format!("{col} <= {}", float(hi)));
    }
    if parts.is_empty() {
        return format!("{col} IS NOT NULL");
    }
    format!("({})", parts.join(" AND "))
}

/// `(a OR b)`; `FALSE` for no alternatives.
pub fn or(parts: Vec<String>) -> String {
    match parts.len() {
        0 => "FALSE".into(),
        1 => parts.into_iter().next().unwrap_or_default(),
        _ => format!("({})", parts.join(" OR ")),
    }
}

fn in_list(col: &str, keys: &[String]) -> String {
    if keys.is_empty() {
        return "FALSE".into();
    }
    let items: Vec<String> = keys.iter().map(|k| lit(k)).collect();
    format!("{col} IN ({})", items.join(", "))
}

/// A string literal (standard_conforming_strings: only quotes are doubled).
pub fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// `ARRAY['a', 'b']::text[]`.
pub fn text_array(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|i| lit(i)).collect();
    format!("ARRAY[{}]::text[]", items.join(", "))
}

/// A float literal typed like the columns, so b-tree indexes apply.
pub fn float(x: f64) -> String {
    format!("{x}::float8")
}

fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A `(.)` value as a PostgreSQL ARE with the index's meaning: accents removed; a value that is
/// not a valid (Rust) expression is matched literally. Rust's `\b`, `\B`, `\A` and `\z` are
/// rewritten to their ARE forms; other syntax is passed through (the two dialects agree on
/// everything the query mix uses; exotic constructs may differ).
pub fn pg_pattern(raw: &str) -> anyhow::Result<String> {
    let compiled = compile_pattern(raw).map_err(|e| anyhow::anyhow!("pattern {raw:?}: {e}"))?;
    let stripped = strip_accents(raw.trim());
    if stripped.contains('\0') {
        anyhow::bail!("pattern {raw:?}: PostgreSQL patterns cannot hold NUL");
    }
    let mut out = String::with_capacity(stripped.len() + 8);
    if compiled.as_str() != stripped {
        for c in stripped.chars() {
            if c.is_ascii_punctuation() {
                out.push('\\');
            }
            out.push(c);
        }
        return Ok(out);
    }
    let mut chars = stripped.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => out.push_str("\\y"),
            Some('B') => out.push_str("\\Y"),
            Some('A') => out.push('^'),
            Some('z') => out.push('$'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    Ok(out)
}
