//! Autocomplete: the most frequent values of a filter key for a typed prefix. A value matches
//! when its folded spelling starts with the folded prefix or has a word starting with it (an
//! empty prefix matches everything);
//! spellings that normalise to one key ("Full-time", "full time") are one suggestion, shown
//! in its most common spelling, with the number of people (records, for employer fields)
//! carrying it.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use serde::Serialize;
use sourcer_core::text::fold;
use tantivy::postings::TermInfo;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{InvertedIndexReader, SegmentReader};

use crate::dict::{DictCache, split_term};
use crate::norm::{MAX_VALUE_CHARS, clean};
use crate::schema::Fields;
use crate::{IndexError, Inner};

/// A filter key autocomplete suggests values for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AutocompleteField {
    Region,
    Country,
    Title,
    Skill,
    Company,
    Institute,
    Industry,
    Certification,
    FieldOfStudy,
    Language,
    Function,
    Seniority,
}

impl AutocompleteField {
    pub const ALL: [AutocompleteField; 12] = [
        AutocompleteField::Region,
        AutocompleteField::Country,
        AutocompleteField::Title,
        AutocompleteField::Skill,
        AutocompleteField::Company,
        AutocompleteField::Institute,
        AutocompleteField::Industry,
        AutocompleteField::Certification,
        AutocompleteField::FieldOfStudy,
        AutocompleteField::Language,
        AutocompleteField::Function,
        AutocompleteField::Seniority,
    ];

    /// Parses a FutureJobs `filter_type`: a short name (`region`, `skill`, `title`,
    /// `company`, ...) or the filter key itself (`current_employers.title`,
    /// `education_background.institute_name`, `country_region`, ...).
    pub fn parse(filter_type: &str) -> Option<AutocompleteField> {
        let text = filter_type.trim().to_ascii_lowercase();
        if text == "certifications.name" {
            return Some(AutocompleteField::Certification);
        }
        let tail = text.rsplit('.').next().unwrap_or(&text);
        Some(match tail {
            "region" | "regions" | "location" => AutocompleteField::Region,
            "country" | "countries" | "country_region" => AutocompleteField::Country,
            "title" | "titles" | "job_title" => AutocompleteField::Title,
            "skill" | "skills" => AutocompleteField::Skill,
            "company" | "companies" | "name" | "company_name" | "employer" => {
                AutocompleteField::Company
            }
            "institute" | "institute_name" | "school" | "university" => {
                AutocompleteField::Institute
            }
            "industry" | "industries" | "company_industries" => AutocompleteField::Industry,
            "certification" | "certifications" => AutocompleteField::Certification,
            "field_of_study" | "fieldofstudy" | "major" => AutocompleteField::FieldOfStudy,
            "language" | "languages" => AutocompleteField::Language,
            "function" | "function_category" => AutocompleteField::Function,
            "seniority" | "seniority_level" => AutocompleteField::Seniority,
            _ => return None,
        })
    }

    /// The short names [`AutocompleteField::parse`] accepts, one per field.
    pub fn names() -> Vec<&'static str> {
        AutocompleteField::ALL.iter().map(|f| f.name()).collect()
    }

    pub fn name(self) -> &'static str {
        match self {
            AutocompleteField::Region => "region",
            AutocompleteField::Country => "country",
            AutocompleteField::Title => "title",
            AutocompleteField::Skill => "skill",
            AutocompleteField::Company => "company",
            AutocompleteField::Institute => "institute",
            AutocompleteField::Industry => "industry",
            AutocompleteField::Certification => "certification",
            AutocompleteField::FieldOfStudy => "field_of_study",
            AutocompleteField::Language => "language",
            AutocompleteField::Function => "function",
            AutocompleteField::Seniority => "seniority",
        }
    }

    fn field(self, f: &Fields) -> Field {
        match self {
            AutocompleteField::Region => f.region,
            AutocompleteField::Country => f.country,
            AutocompleteField::Title => f.title,
            AutocompleteField::Skill => f.skill,
            AutocompleteField::Company => f.company,
            AutocompleteField::Institute => f.inst,
            AutocompleteField::Industry => f.industry,
            AutocompleteField::Certification => f.cert,
            AutocompleteField::FieldOfStudy => f.fos,
            AutocompleteField::Language => f.lang,
            AutocompleteField::Function => f.function,
            AutocompleteField::Seniority => f.seniority,
        }
    }
}

/// One suggested value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The most common spelling.
    pub value: String,
    /// People (or employer records) carrying it.
    pub count: u64,
}

/// Where one key's terms are: segment index and term ordinal range.
type Spots = Vec<(usize, Range<u64>)>;

impl Inner {
    pub(crate) fn autocomplete(
        &self,
        field: AutocompleteField,
        prefix: &str,
        limit: usize,
    ) -> Result<Vec<Suggestion>, IndexError> {
        let wanted = fold(&clean(prefix, MAX_VALUE_CHARS));
        if limit == 0 {
            return Ok(vec![]);
        }
        let field = field.field(&self.fields);
        let searcher = self.reader.searcher();
        let segments = searcher.segment_readers();
        let mut opened = Vec::with_capacity(segments.len());
        // A key matches when any of its spellings in any segment does.
        let mut matched: HashSet<String> = HashSet::new();
        for seg in segments {
            let live = self.caches.get(seg)?;
            if let Some(dict) = live.seg.dict(field) {
                for line in matching_keys(dict, &wanted) {
                    matched.insert(dict.keys.line(line).to_string());
                }
            }
            opened.push((seg.inverted_index(field)?, live));
        }
        let mut keys: HashMap<String, (u64, Spots)> = HashMap::new();
        for (i, (inv, live)) in opened.iter().enumerate() {
            let Some(dict) = live.seg.dict(field) else {
                continue;
            };
            for key in &matched {
                if let Some(line) = dict.find_key(key) {
                    let range = dict.key_range(line);
                    let count = count_alive(&segments[i], inv, dict, range.clone())?;
                    let entry = keys.entry(key.clone()).or_default();
                    entry.0 += count;
                    entry.1.push((i, range));
                }
            }
        }
        let mut ranked: Vec<(String, (u64, Spots))> =
            keys.into_iter().filter(|(_, (n, _))| *n > 0).collect();
        ranked.sort_by(|a, b| b.1.0.cmp(&a.1.0).then_with(|| a.0.cmp(&b.0)));
        // Ties at the cut are re-ordered by display value below, so keep all of them.
        let cut = ranked.get(limit.saturating_sub(1)).map_or(0, |r| r.1.0);
        ranked.retain(|r| r.1.0 >= cut);
        let mut out = Vec::with_capacity(ranked.len());
        for (_, (count, spots)) in ranked {
            let mut spellings: HashMap<String, u64> = HashMap::new();
            let mut bytes = Vec::new();
            for (i, range) in spots {
                let (inv, live) = &opened[i];
                let Some(dict) = live.seg.dict(field) else {
                    continue;
                };
                for ord in range {
                    bytes.clear();
                    inv.terms().ord_to_term(ord, &mut bytes)?;
                    let original = String::from_utf8_lossy(split_term(&bytes).1).into_owned();
                    let n = count_alive(&segments[i], inv, dict, ord..ord + 1)?;
                    *spellings.entry(original).or_default() += n;
                }
            }
            let display = spellings
                .into_iter()
                .filter(|(s, _)| !s.is_empty())
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                .map(|(s, _)| s);
            if let Some(value) = display {
                out.push(Suggestion { value, count });
            }
        }
        out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        out.truncate(limit);
        Ok(out)
    }
}

/// Key lines with a spelling that starts with `prefix` or has a word starting with it (all of
/// them for an empty prefix).
fn matching_keys(dict: &DictCache, prefix: &str) -> Vec<usize> {
    if prefix.is_empty() {
        return (0..dict.keys.len()).collect();
    }
    let lines = if !dict.spellings.is_empty() {
        &dict.spellings
    } else {
        &dict.keys
    };
    let mut found: Vec<usize> = lines.find_word_prefix(prefix);
    if lines.len() != dict.keys.len() {
        // Spelling lines are per term ordinal: map them to their key lines.
        found = found
            .into_iter()
            .map(|ord| dict.key_of_ord(ord as u64))
            .collect();
    }
    found.dedup();
    found
}

/// Alive docs in the postings of these term ordinals.
fn count_alive(
    seg: &SegmentReader,
    inv: &InvertedIndexReader,
    dict: &DictCache,
    ords: Range<u64>,
) -> Result<u64, IndexError> {
    let infos: Vec<TermInfo> = ords.map(|o| dict.info(o)).collect();
    if !seg.has_deletes() {
        return Ok(infos.iter().map(|t| u64::from(t.doc_freq)).sum());
    }
    let mut n = 0;
    for info in &infos {
        let mut block = inv.read_block_postings_from_terminfo(info, IndexRecordOption::Basic)?;
        loop {
            let docs = block.docs();
            if docs.is_empty() {
                break;
            }
            n += docs.iter().filter(|d| !seg.is_deleted(**d)).count() as u64;
            block.advance();
        }
    }
    Ok(n)
}
