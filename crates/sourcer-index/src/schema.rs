//! The tantivy schema. A profile is stored as one *person* document followed, in the same
//! segment and contiguously, by one *record* document per employer (current ones first).
//! Conditions on `current_employers.*` are evaluated over record documents, so "title X at
//! company Y" is a plain intersection on the same document; a record maps to its person as
//! the nearest person document before it.
//!
//! String terms are `key \u{1f} original`: the normalised key first (so a key is a contiguous
//! term range), then the spelling as written (for autocomplete and `(.)` on categorical
//! values). Nothing is stored; ids are a fast field.

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions,
};

use crate::tokenizer::WORDS;

/// Bumped whenever documents are indexed differently; an index built by another version
/// must be rebuilt (`open` reports [`crate::IndexError::ReindexNeeded`]).
pub const SCHEMA_VERSION: u32 = 4;

/// `kind` terms.
pub(crate) const KIND_PERSON: &str = "p";
pub(crate) const KIND_CURRENT: &str = "c";
pub(crate) const KIND_PAST: &str = "x";

/// Fast-field column names.
pub(crate) mod col {
    pub const PID: &str = "pid";
    pub const ID: &str = "id";
    pub const YEARS: &str = "yoe";
    pub const LAT: &str = "lat";
    pub const LON: &str = "lon";
    pub const LATEST_CURRENT_START: &str = "lcs";
    pub const LAST_END_NO_CURRENT: &str = "lewc";
    pub const HEADCOUNT: &str = "hc";
    pub const GROWTH: &str = "growth";
    pub const FOUNDED: &str = "founded";
    pub const REVENUE: &str = "revenue";
    pub const FUNDING: &str = "funding";
    pub const OPEN_START: &str = "open_start";
    pub const TENURE: &str = "tenure";
    pub const END: &str = "end";
    pub const LAST_FUNDING: &str = "lfd";
    pub const GEO_CELL: &str = "geo_cell";
}

/// Every field, by role.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub pid: Field,
    pub kind: Field,
    pub id: Field,
    pub region: Field,
    pub region_sub: Field,
    pub country: Field,
    pub country_sub: Field,
    pub skill: Field,
    pub card: Field,
    pub lang: Field,
    pub inst: Field,
    pub fos: Field,
    pub degree: Field,
    pub cert: Field,
    pub honor: Field,
    pub flag: Field,
    pub title: Field,
    pub company: Field,
    pub industry: Field,
    pub hq: Field,
    pub hq_sub: Field,
    pub function: Field,
    pub seniority: Field,
    pub emp_type: Field,
    pub co_type: Field,
    pub hc_range: Field,
    pub funding_stage: Field,
    pub desc: Field,
    pub years: Field,
    pub lat: Field,
    pub lon: Field,
    pub lcs: Field,
    pub lewc: Field,
    pub headcount: Field,
    pub growth: Field,
    pub founded: Field,
    pub revenue: Field,
    pub funding: Field,
    pub open_start: Field,
    pub tenure: Field,
    pub end: Field,
    pub lfd: Field,
    /// `floor(lat * GEO_CELLS_PER_DEGREE)`: the latitude band prefilter of radius searches.
    pub geo_cell: Field,
}

/// Latitude bands per degree in `geo_cell`.
pub(crate) const GEO_CELLS_PER_DEGREE: f64 = 10.0;

const TERM_FIELDS: [&str; 26] = [
    "kind",
    "region",
    "region_sub",
    "country",
    "country_sub",
    "skill",
    "card",
    "lang",
    "inst",
    "fos",
    "degree",
    "cert",
    "honor",
    "flag",
    "title",
    "company",
    "industry",
    "hq",
    "hq_sub",
    "function",
    "seniority",
    "emp_type",
    "co_type",
    "hc_range",
    "funding_stage",
    "desc",
];

/// Numbers compared with ranges: indexed terms (a range is a walk over the sorted terms), not
/// fast fields (scanning a sparse column costs more than the postings of the values).
const F64_TERMS: [&str; 6] = [
    col::YEARS,
    col::HEADCOUNT,
    col::GROWTH,
    col::FOUNDED,
    col::REVENUE,
    col::FUNDING,
];

const I64_TERMS: [&str; 7] = [
    col::LATEST_CURRENT_START,
    col::LAST_END_NO_CURRENT,
    col::OPEN_START,
    col::TENURE,
    col::END,
    col::LAST_FUNDING,
    col::GEO_CELL,
];

/// Numbers read per document: the exact distance check of radius searches.
const F64_COLUMNS: [&str; 2] = [col::LAT, col::LON];

/// The schema this build writes.
pub(crate) fn build_schema() -> Schema {
    let mut b = Schema::builder();
    b.add_u64_field(col::PID, NumericOptions::default().set_indexed().set_fast());
    b.add_text_field(col::ID, TextOptions::default().set_fast("raw"));
    for name in TERM_FIELDS {
        let (tokenizer, option) = if name == "desc" {
            (WORDS, IndexRecordOption::WithFreqsAndPositions)
        } else {
            ("raw", IndexRecordOption::Basic)
        };
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(option)
            .set_fieldnorms(false);
        b.add_text_field(name, TextOptions::default().set_indexing_options(indexing));
    }
    for name in F64_TERMS {
        b.add_f64_field(name, NumericOptions::default().set_indexed());
    }
    for name in I64_TERMS {
        b.add_i64_field(name, NumericOptions::default().set_indexed());
    }
    for name in F64_COLUMNS {
        b.add_f64_field(name, NumericOptions::default().set_fast());
    }
    b.build()
}

impl Fields {
    /// Looks every field up; `None` when the schema is not this build's.
    pub fn from_schema(schema: &Schema) -> Option<Fields> {
        let f = |name: &str| schema.get_field(name).ok();
        Some(Fields {
            pid: f(col::PID)?,
            kind: f("kind")?,
            id: f(col::ID)?,
            region: f("region")?,
            region_sub: f("region_sub")?,
            country: f("country")?,
            country_sub: f("country_sub")?,
            skill: f("skill")?,
            card: f("card")?,
            lang: f("lang")?,
            inst: f("inst")?,
            fos: f("fos")?,
            degree: f("degree")?,
            cert: f("cert")?,
            honor: f("honor")?,
            flag: f("flag")?,
            title: f("title")?,
            company: f("company")?,
            industry: f("industry")?,
            hq: f("hq")?,
            hq_sub: f("hq_sub")?,
            function: f("function")?,
            seniority: f("seniority")?,
            emp_type: f("emp_type")?,
            co_type: f("co_type")?,
            hc_range: f("hc_range")?,
            funding_stage: f("funding_stage")?,
            desc: f("desc")?,
            years: f(col::YEARS)?,
            lat: f(col::LAT)?,
            lon: f(col::LON)?,
            lcs: f(col::LATEST_CURRENT_START)?,
            lewc: f(col::LAST_END_NO_CURRENT)?,
            headcount: f(col::HEADCOUNT)?,
            growth: f(col::GROWTH)?,
            founded: f(col::FOUNDED)?,
            revenue: f(col::REVENUE)?,
            funding: f(col::FUNDING)?,
            open_start: f(col::OPEN_START)?,
            tenure: f(col::TENURE)?,
            end: f(col::END)?,
            lfd: f(col::LAST_FUNDING)?,
            geo_cell: f(col::GEO_CELL)?,
        })
    }
}
