//! The people index: the tantivy schema, indexing profiles, compiling `queries` filters into
//! per-segment set algebra, ranking with corpus-independent integer scores, cursors,
//! exclusion sets, the relaxation ladder, autocomplete, and [`eval`], the brute-force
//! evaluator that defines the semantics (docs/queries.md). Depends on sourcer-core,
//! -taxonomy and -geo; must not depend on the store or the engine.
//!
//! Layout: `schema` (documents and fields), `ingest` (profile to documents), `writer`;
//! `plan` (query to normalised conditions, shared with `eval`), `conds` and `exec` (conditions
//! to doc sets in one segment), `segment` and `dict` (per-segment caches), `search` (paging,
//! fallback), `autocomplete`, [`bench`].

mod autocomplete;
pub mod bench;
mod bits;
mod collect;
mod conds;
mod cursor;
mod dict;
mod error;
pub mod eval;
mod exec;
mod geo;
mod ingest;
mod lift;
mod matches;
mod norm;
mod pidset;
mod plan;
mod postings;
pub mod rank;
mod rank_sets;
mod schema;
mod search;
mod segment;
mod tokenizer;
mod writer;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexReader, ReloadPolicy, Warmer};

pub use autocomplete::{AutocompleteField, Suggestion};
pub use error::{IndexError, SearchError};
pub use geo::{Gazetteer, Geocoder};
pub use norm::{MAX_DESCRIPTION_CHARS, MAX_PLACE_COMPONENTS, MAX_VALUE_CHARS};
pub use pidset::PidSet;
pub use schema::SCHEMA_VERSION;
pub use search::{Hit, SearchRequest, SearchResults};
pub use writer::{IndexWriter, WriterOptions};

use schema::{Fields, build_schema};
use segment::Caches;
use writer::Payload;

/// How to open an index.
#[derive(Clone)]
pub struct IndexOptions {
    /// Geocodes `geo_distance` places and profiles without `location`.
    pub geocoder: Arc<dyn Geocoder>,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            geocoder: Arc::new(Gazetteer),
        }
    }
}

/// The people index. Cheap to clone; any number of threads may search at once.
#[derive(Clone)]
pub struct PeopleIndex {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    caches: Arc<Caches>,
    geocoder: Arc<dyn Geocoder>,
    applied_seq: AtomicU64,
}

impl PeopleIndex {
    /// Opens the index in `dir`, creating the directory and an empty index if missing.
    pub fn open(dir: &Path) -> Result<PeopleIndex, IndexError> {
        PeopleIndex::open_with(dir, IndexOptions::default())
    }

    /// [`PeopleIndex::open`] with options.
    pub fn open_with(dir: &Path, options: IndexOptions) -> Result<PeopleIndex, IndexError> {
        std::fs::create_dir_all(dir)?;
        let directory = MmapDirectory::open(dir)?;
        let index = if Index::exists(&directory).map_err(tantivy::TantivyError::from)? {
            Index::open(directory)?
        } else {
            Index::create(directory, build_schema(), Default::default())?
        };
        PeopleIndex::from_index(index, &dir.display().to_string(), options)
    }

    /// An index held in memory (tests, previews over small data).
    pub fn open_in_ram(options: IndexOptions) -> Result<PeopleIndex, IndexError> {
        PeopleIndex::from_index(Index::create_in_ram(build_schema()), "memory", options)
    }

    fn from_index(
        index: Index,
        path: &str,
        options: IndexOptions,
    ) -> Result<PeopleIndex, IndexError> {
        let metas = index.load_metas()?;
        let payload: Option<Payload> = metas
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok());
        let same_schema =
            serde_json::to_value(index.schema()).ok() == serde_json::to_value(build_schema()).ok();
        let found = match &payload {
            Some(p) => p.schema_version,
            None if same_schema => SCHEMA_VERSION,
            None => 0,
        };
        let fields = Fields::from_schema(&index.schema());
        let (Some(fields), true, true) = (fields, found == SCHEMA_VERSION, same_schema) else {
            return Err(IndexError::ReindexNeeded {
                path: path.to_string(),
                found,
                expected: SCHEMA_VERSION,
            });
        };
        index
            .tokenizers()
            .register(tokenizer::WORDS, tokenizer::WordsTokenizer);
        let caches = Arc::new(Caches::new(fields));
        let warmer: Arc<dyn Warmer> = caches.clone();
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .warmers(vec![Arc::downgrade(&warmer)])
            .try_into()?;
        Ok(PeopleIndex {
            inner: Arc::new(Inner {
                index,
                reader,
                fields,
                caches,
                geocoder: options.geocoder,
                applied_seq: AtomicU64::new(payload.map_or(0, |p| p.applied_seq)),
            }),
        })
    }

    /// The writer with default settings. Only one writer may exist per directory.
    pub fn writer(&self) -> Result<IndexWriter, IndexError> {
        self.writer_with(WriterOptions::default())
    }

    /// The writer with chosen settings.
    pub fn writer_with(&self, options: WriterOptions) -> Result<IndexWriter, IndexError> {
        IndexWriter::new(self.inner.clone(), options)
    }

    /// The highest store `seq` contained in the last commit (0 for a new index).
    pub fn applied_seq(&self) -> u64 {
        self.inner.applied_seq.load(Ordering::SeqCst)
    }

    /// Profiles in the last commit.
    pub fn num_profiles(&self) -> u64 {
        let searcher = self.inner.reader.searcher();
        searcher
            .segment_readers()
            .iter()
            .filter_map(|s| self.inner.caches.get(s).ok())
            .map(|live| live.num_persons)
            .sum()
    }

    /// Runs a search (see [`SearchRequest`] and docs/queries.md).
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults, SearchError> {
        self.inner.search(req)
    }

    /// The most frequent values of a field for a prefix, most frequent first.
    pub fn autocomplete(
        &self,
        field: AutocompleteField,
        prefix: &str,
        limit: usize,
    ) -> Result<Vec<Suggestion>, IndexError> {
        self.inner.autocomplete(field, prefix, limit)
    }

    /// Picks up the latest commit and finished merges now (this also happens on its own,
    /// shortly after each change).
    pub fn reload(&self) -> Result<(), IndexError> {
        Ok(self.inner.reader.reload()?)
    }

    /// Builds and drops the documents of profiles, as a writer would (for
    /// [`bench::build_documents`]); returns how many there were.
    pub(crate) fn documents_of(&self, profiles: &[sourcer_core::Profile]) -> usize {
        let mut cache = ingest::TermCache::default();
        let geocoder = self.inner.geocoder.as_ref();
        profiles
            .iter()
            .enumerate()
            .map(|(i, p)| {
                ingest::profile_docs(&self.inner.fields, i as u64, "", p, geocoder, &mut cache)
                    .len()
            })
            .sum()
    }

    /// Segments searched, and documents in them (people plus employer records).
    pub fn segment_stats(&self) -> (usize, u64) {
        let searcher = self.inner.reader.searcher();
        let docs = searcher
            .segment_readers()
            .iter()
            .map(|s| u64::from(s.max_doc()))
            .sum();
        (searcher.segment_readers().len(), docs)
    }
}
