//! One profile to its rows of the comparison schema (bench/postgres/schema.sql), written as
//! `COPY ... FROM STDIN` text: the `people` row and one `employers` row per job, with every
//! column in the normalised form the SQL compiler compares against.

use std::fmt::Display;

use sourcer_core::query::CategoricalKind;
use sourcer_core::text::word_key;
use sourcer_core::{Employer, MonthStamp, Profile};
use sourcer_index::MAX_DESCRIPTION_CHARS;
use sourcer_taxonomy::Taxonomy;
use sourcer_taxonomy::career::red_flags;

use super::norm::{Val, cat_key, clean, opt_val, place_key, place_subsequences, val};

/// COPY text for the two tables.
#[derive(Debug, Default)]
pub struct Rows {
    pub people: String,
    pub employers: String,
}

impl Rows {
    /// Appends the rows of one profile. `as_of` is the month the red flags are raised at.
    pub fn push(&mut self, pid: u64, id: &str, p: &Profile, as_of: MonthStamp) {
        person_row(&mut self.people, pid, id, p, as_of);
        for (current, list) in [(true, &p.current_employers), (false, &p.past_employers)] {
            for (slot, e) in list.iter().enumerate() {
                employer_row(&mut self.employers, pid, current, slot, e);
            }
        }
    }

    pub fn append(&mut self, other: Rows) {
        self.people.push_str(&other.people);
        self.employers.push_str(&other.employers);
    }
}

fn person_row(out: &mut String, pid: u64, id: &str, p: &Profile, as_of: MonthStamp) {
    let mut row = Row::new(out);
    row.num(pid);
    row.text(id);
    for place in [&p.region, &p.country] {
        row.place(opt_val(place).as_ref());
    }
    match point(p) {
        Some(point) => {
            row.num(point.lat);
            row.num(point.lon);
        }
        None => {
            row.null();
            row.null();
        }
    }
    row.opt_num(p.years_of_experience_raw);
    let taxonomy = Taxonomy::global();
    let mut skills: Vec<String> = Vec::new();
    for key in p.skills.iter().filter_map(|s| val(s)) {
        let key = taxonomy.skill_key(&key.original);
        if !key.is_empty() && !skills.contains(&key) {
            skills.push(key);
        }
    }
    row.array(&skills);
    let generic = CategoricalKind::Generic;
    row.categories(generic, &values(p.open_to_cards.iter().map(Some)));
    row.categories(generic, &values(p.languages.iter().map(Some)));
    let education = &p.education_background;
    row.text_list(&values(education.iter().map(|e| e.institute_name.as_ref())));
    row.text_list(&values(education.iter().map(|e| e.field_of_study.as_ref())));
    let degrees = values(education.iter().map(|e| e.degree_name.as_ref()));
    row.categories(CategoricalKind::Degree, &degrees);
    row.text_list(&values(p.certifications.iter().map(|c| c.name.as_ref())));
    row.text_list(&values(p.honors.iter().map(|h| h.title.as_ref())));
    let mut flags: Vec<String> = red_flags(p, as_of)
        .into_iter()
        .map(|hit| hit.flag.label().to_string())
        .collect();
    flags.sort();
    flags.dedup();
    row.array(&flags);
    row.end();
}

fn employer_row(out: &mut String, pid: u64, current: bool, slot: usize, e: &Employer) {
    let mut row = Row::new(out);
    row.num(pid);
    row.text(if current { "t" } else { "f" });
    row.num(slot);
    row.single_text(opt_val(&e.title));
    row.single_text(opt_val(&e.name));
    match &e.description {
        Some(d) => row.text(&word_key(&clean(d, MAX_DESCRIPTION_CHARS))),
        None => row.null(),
    }
    let generic = CategoricalKind::Generic;
    row.category(generic, opt_val(&e.function_category));
    row.category(CategoricalKind::Seniority, opt_val(&e.seniority_level));
    row.category(generic, opt_val(&e.employment_type));
    row.category(generic, opt_val(&e.company_type));
    row.place(opt_val(&e.company_hq_location).as_ref());
    row.text_list(&values(e.company_industries.iter().map(Some)));
    row.category(
        CategoricalKind::HeadcountRange,
        opt_val(&e.company_headcount_range),
    );
    row.category(generic, opt_val(&e.funding_stage));
    row.opt_num(e.company_headcount_latest.map(|x| x as f64));
    row.opt_num(e.headcount_growth);
    row.opt_num(e.annual_revenue);
    row.opt_num(e.total_funding);
    row.opt_num(e.year_founded.map(|x| x as f64));
    for date in [e.start_date, e.end_date, e.last_funding_date] {
        row.opt_num(date.map(|d| d.month_stamp().0));
    }
    row.end();
}

/// Where the index places a profile for `geo_distance`.
fn point(p: &Profile) -> Option<sourcer_core::GeoPoint> {
    if let Some(point) = p.location {
        return Some(point);
    }
    [&p.region, &p.country]
        .into_iter()
        .filter_map(opt_val)
        .find_map(|v| sourcer_geo::Gazetteer::global().locate(&v.original))
        .map(|place| place.point)
}

fn values<'a>(raw: impl Iterator<Item = Option<&'a String>>) -> Vec<Val> {
    raw.flatten().filter_map(|s| val(s)).collect()
}

/// The word-key column of a list of values: `| a b | c |` (see schema.sql).
pub fn word_keys(values: &[Val]) -> Option<String> {
    if values.is_empty() {
        return None;
    }
    let mut out = String::from("|");
    for v in values {
        out.push_str(&word_key(&v.folded));
        out.push('|');
    }
    Some(out)
}

/// One row of COPY text being written, column by column.
struct Row<'a> {
    out: &'a mut String,
    started: bool,
}

impl<'a> Row<'a> {
    fn new(out: &'a mut String) -> Self {
        Row {
            out,
            started: false,
        }
    }

    fn sep(&mut self) {
        if self.started {
            self.out.push('\t');
        }
        self.started = true;
    }

    fn null(&mut self) {
        self.sep();
        self.out.push_str("\\N");
    }

    fn text(&mut self, value: &str) {
        self.sep();
        escape_into(self.out, value);
    }

    fn opt_text(&mut self, value: Option<&str>) {
        match value {
            Some(v) => self.text(v),
            None => self.null(),
        }
    }

    fn num(&mut self, value: impl Display) {
        self.sep();
        self.out.push_str(&value.to_string());
    }

    fn opt_num(&mut self, value: Option<impl Display>) {
        match value {
            Some(v) => self.num(v),
            None => self.null(),
        }
    }

    fn array(&mut self, items: &[String]) {
        self.sep();
        escape_into(self.out, &array_literal(items));
    }

    /// A single text value: `_f` then `_w`.
    fn single_text(&mut self, value: Option<Val>) {
        self.opt_text(value.as_ref().map(|v| v.folded.as_str()));
        let values: Vec<Val> = value.into_iter().collect();
        self.opt_text(word_keys(&values).as_deref());
    }

    /// A list of text values: `_w` then `_f[]`.
    fn text_list(&mut self, values: &[Val]) {
        self.opt_text(word_keys(values).as_deref());
        let folded: Vec<String> = values.iter().map(|v| v.folded.clone()).collect();
        self.array(&folded);
    }

    fn category(&mut self, kind: CategoricalKind, value: Option<Val>) {
        let key = value.as_ref().map(|v| cat_key(kind, &v.folded));
        self.opt_text(key.as_deref());
        self.opt_text(value.as_ref().map(|v| v.folded.as_str()));
    }

    fn categories(&mut self, kind: CategoricalKind, values: &[Val]) {
        let mut keys: Vec<String> = values.iter().map(|v| cat_key(kind, &v.folded)).collect();
        keys.sort();
        keys.dedup();
        self.array(&keys);
        let folded: Vec<String> = values.iter().map(|v| v.folded.clone()).collect();
        self.array(&folded);
    }

    /// `_f`, `_key`, `_sub`.
    fn place(&mut self, value: Option<&Val>) {
        match value {
            Some(v) => {
                self.text(&v.folded);
                self.text(&place_key(&v.folded));
                self.array(&place_subsequences(&v.folded));
            }
            None => (0..3).for_each(|_| self.null()),
        }
    }

    fn end(self) {
        self.out.push('\n');
    }
}

/// A PostgreSQL array literal of text elements, every element quoted.
fn array_literal(items: &[String]) -> String {
    let mut out = String::from("{");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('"');
        for c in item.chars() {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('"');
    }
    out.push('}');
    out
}

/// Escapes a value for COPY's text format.
fn escape_into(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            // PostgreSQL text cannot hold NUL; only ids can still carry one here.
            '\0' => {}
            c => out.push(c),
        }
    }
}
