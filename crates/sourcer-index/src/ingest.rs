//! Turning a profile into its documents: one person document and one record document per
//! employer (schema.rs explains the layout). Only what filters, ranking, nuances and
//! autocomplete read is indexed. Values repeat across profiles (titles, companies, skills,
//! places), so the normalised terms of each raw value are computed once per writer.

use std::collections::HashMap;

use sourcer_core::query::CategoricalKind;
use sourcer_core::{Employer, MonthStamp, Profile};
use sourcer_taxonomy::career::{last_end_without_current, latest_current_start, stable_red_flags};
use tantivy::TantivyDocument;
use tantivy::schema::Field;

use crate::geo::{Geocoder, profile_point};
use crate::norm::{
    MAX_DESCRIPTION_CHARS, SEP, Val, cat_key, clean, month, place_key, place_subsequence_keys,
    skill_key, val,
};
use crate::schema::{Fields, GEO_CELLS_PER_DEGREE, KIND_CURRENT, KIND_PAST, KIND_PERSON};

/// The latitude band of a point.
pub(crate) fn geo_cell(lat: f64) -> i64 {
    (lat * GEO_CELLS_PER_DEGREE).floor() as i64
}

/// How a raw value becomes its term(s).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Cat(CategoricalKind),
    Skill,
    Place,
}

impl Kind {
    /// The cache map of this kind.
    fn slot(self) -> usize {
        match self {
            Kind::Text => 0,
            Kind::Skill => 1,
            Kind::Place => 2,
            Kind::Cat(CategoricalKind::Generic) => 3,
            Kind::Cat(CategoricalKind::Seniority) => 4,
            Kind::Cat(CategoricalKind::Degree) => 5,
            Kind::Cat(CategoricalKind::HeadcountRange) => 6,
        }
    }
}

/// The terms of one raw value: the `key \u{1f} original` term, and for places the
/// subsequence keys.
type Terms = Option<(String, Vec<String>)>;

/// Memoised terms of raw values, per kind.
#[derive(Default)]
pub(crate) struct TermCache {
    maps: [HashMap<String, Terms>; 7],
    entries: usize,
}

/// Entries kept before the cache starts over (a few tens of megabytes at most).
const CACHE_LIMIT: usize = 300_000;

impl TermCache {
    fn get(&mut self, kind: Kind, raw: &str) -> &Terms {
        if self.entries >= CACHE_LIMIT {
            self.maps.iter_mut().for_each(HashMap::clear);
            self.entries = 0;
        }
        let map = &mut self.maps[kind.slot()];
        if !map.contains_key(raw) {
            self.entries += 1;
            map.insert(raw.to_string(), terms_of(kind, raw));
        }
        &map[raw]
    }
}

fn terms_of(kind: Kind, raw: &str) -> Terms {
    let v = val(raw)?;
    match kind {
        Kind::Text => Some((term(&v.folded, &v), vec![])),
        Kind::Cat(k) => Some((term(&cat_key(k, &v.folded), &v), vec![])),
        Kind::Skill => {
            let key = skill_key(&v.original);
            (!key.is_empty()).then(|| (term(&key, &v), vec![]))
        }
        Kind::Place => Some((
            term(&place_key(&v.folded), &v),
            place_subsequence_keys(&v.folded),
        )),
    }
}

fn term(key: &str, v: &Val) -> String {
    let mut t = String::with_capacity(key.len() + 1 + v.original.len());
    t.push_str(key);
    t.push(SEP);
    t.push_str(&v.original);
    t
}

/// Builds the documents of profiles.
pub(crate) struct Builder<'a> {
    pub f: &'a Fields,
    pub geocoder: &'a dyn Geocoder,
    pub cache: &'a mut TermCache,
}

/// The documents of one profile, person first.
pub(crate) fn profile_docs(
    f: &Fields,
    pid: u64,
    id: &str,
    p: &Profile,
    geocoder: &dyn Geocoder,
    cache: &mut TermCache,
) -> Vec<TantivyDocument> {
    let mut b = Builder { f, geocoder, cache };
    let mut docs = Vec::with_capacity(1 + p.current_employers.len() + p.past_employers.len());
    docs.push(b.person(pid, id, p));
    for e in &p.current_employers {
        docs.push(b.record(pid, KIND_CURRENT, e));
    }
    for e in &p.past_employers {
        docs.push(b.record(pid, KIND_PAST, e));
    }
    docs
}

impl Builder<'_> {
    fn add(&mut self, doc: &mut TantivyDocument, field: Field, kind: Kind, raw: &str) {
        if let Some((term, _)) = self.cache.get(kind, raw) {
            doc.add_text(field, term);
        }
    }

    fn add_opt(
        &mut self,
        doc: &mut TantivyDocument,
        field: Field,
        kind: Kind,
        raw: &Option<String>,
    ) {
        if let Some(raw) = raw {
            self.add(doc, field, kind, raw);
        }
    }

    fn place(&mut self, doc: &mut TantivyDocument, field: Field, sub: Field, raw: &Option<String>) {
        let Some(raw) = raw else { return };
        if let Some((term, subsequences)) = self.cache.get(Kind::Place, raw) {
            doc.add_text(field, term);
            for key in subsequences {
                doc.add_text(sub, key);
            }
        }
    }

    fn person(&mut self, pid: u64, id: &str, p: &Profile) -> TantivyDocument {
        let f = self.f;
        let mut doc = TantivyDocument::new();
        doc.add_u64(f.pid, pid);
        doc.add_text(f.kind, KIND_PERSON);
        doc.add_text(f.id, id);
        self.place(&mut doc, f.region, f.region_sub, &p.region);
        self.place(&mut doc, f.country, f.country_sub, &p.country);
        for s in &p.skills {
            self.add(&mut doc, f.skill, Kind::Skill, s);
        }
        for s in &p.open_to_cards {
            self.add(&mut doc, f.card, Kind::Cat(CategoricalKind::Generic), s);
        }
        for s in &p.languages {
            self.add(&mut doc, f.lang, Kind::Cat(CategoricalKind::Generic), s);
        }
        for ed in &p.education_background {
            self.add_opt(&mut doc, f.inst, Kind::Text, &ed.institute_name);
            self.add_opt(&mut doc, f.fos, Kind::Text, &ed.field_of_study);
            self.add_opt(
                &mut doc,
                f.degree,
                Kind::Cat(CategoricalKind::Degree),
                &ed.degree_name,
            );
        }
        for c in &p.certifications {
            self.add_opt(&mut doc, f.cert, Kind::Text, &c.name);
        }
        for h in &p.honors {
            self.add_opt(&mut doc, f.honor, Kind::Text, &h.title);
        }
        for flag in stable_red_flags(p) {
            doc.add_text(f.flag, flag.code());
        }
        number(&mut doc, f.years, p.years_of_experience_raw);
        let point =
            profile_point(p, self.geocoder).filter(|p| p.lat.is_finite() && p.lon.is_finite());
        if let Some(point) = point {
            number(&mut doc, f.lat, Some(point.lat));
            number(&mut doc, f.lon, Some(point.lon));
            doc.add_i64(f.geo_cell, geo_cell(point.lat));
        }
        month_of(&mut doc, f.lcs, latest_current_start(p));
        month_of(&mut doc, f.lewc, last_end_without_current(p));
        doc
    }

    fn record(&mut self, pid: u64, kind: &str, e: &Employer) -> TantivyDocument {
        let f = self.f;
        let mut doc = TantivyDocument::new();
        doc.add_u64(f.pid, pid);
        doc.add_text(f.kind, kind);
        self.add_opt(&mut doc, f.title, Kind::Text, &e.title);
        self.add_opt(&mut doc, f.company, Kind::Text, &e.name);
        for s in &e.company_industries {
            self.add(&mut doc, f.industry, Kind::Text, s);
        }
        self.place(&mut doc, f.hq, f.hq_sub, &e.company_hq_location);
        let generic = Kind::Cat(CategoricalKind::Generic);
        self.add_opt(&mut doc, f.function, generic, &e.function_category);
        self.add_opt(
            &mut doc,
            f.seniority,
            Kind::Cat(CategoricalKind::Seniority),
            &e.seniority_level,
        );
        self.add_opt(&mut doc, f.emp_type, generic, &e.employment_type);
        self.add_opt(&mut doc, f.co_type, generic, &e.company_type);
        let headcount = Kind::Cat(CategoricalKind::HeadcountRange);
        self.add_opt(&mut doc, f.hc_range, headcount, &e.company_headcount_range);
        self.add_opt(&mut doc, f.funding_stage, generic, &e.funding_stage);
        if let Some(text) = e.description.as_deref() {
            // Tokenized by `WordsTokenizer` in the indexing threads.
            doc.add_text(f.desc, clean(text, MAX_DESCRIPTION_CHARS));
        }
        number(
            &mut doc,
            f.headcount,
            e.company_headcount_latest.map(|x| x as f64),
        );
        number(&mut doc, f.growth, e.headcount_growth);
        number(&mut doc, f.founded, e.year_founded.map(|x| x as f64));
        number(&mut doc, f.revenue, e.annual_revenue);
        number(&mut doc, f.funding, e.total_funding);
        let start = e.start_date.map(|s| s.month_stamp());
        let end = e.end_date.map(|s| s.month_stamp());
        match (start, end) {
            (Some(s), None) => month_of(&mut doc, f.open_start, Some(s)),
            (Some(s), Some(end)) => doc.add_i64(f.tenure, i64::from(end.months_since(s).max(0))),
            (None, _) => {}
        }
        month_of(&mut doc, f.end, end);
        month_of(
            &mut doc,
            f.lfd,
            e.last_funding_date.map(|x| x.month_stamp()),
        );
        doc
    }
}

fn number(doc: &mut TantivyDocument, field: Field, x: Option<f64>) {
    // `+ 0.0` turns -0.0 into 0.0: terms order them apart, comparisons do not.
    if let Some(x) = x.filter(|x| x.is_finite()) {
        doc.add_f64(field, x + 0.0);
    }
}

fn month_of(doc: &mut TantivyDocument, field: Field, m: Option<MonthStamp>) {
    if let Some(m) = m {
        doc.add_i64(field, month(m));
    }
}
