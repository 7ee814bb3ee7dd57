//! What each segment keeps in memory for searches: which docs are people and which are
//! current / past employer records, the dictionary caches of scanned fields, and the id
//! columns. Built once per segment when a reader generation is warmed (so the first search
//! after a commit or merge pays nothing), dropped when the segment leaves every generation.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, RwLock};

use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentId;
use tantivy::schema::Field;
use tantivy::{Searcher, SearcherGeneration, SegmentReader, Term, Warmer};

use crate::PidSet;
use crate::bits::{Bits, Docs};
use crate::dict::{DictCache, DictKind};
use crate::lift::{owners_dense, records_of_dense};
use crate::matches::union_infos;
use crate::schema::{Fields, KIND_CURRENT, KIND_PAST, KIND_PERSON, col};

/// Per segment, independent of deletes.
pub(crate) struct SegmentCache {
    pub max_doc: u32,
    pub persons: Bits,
    pub current: Bits,
    pub past: Bits,
    dicts: HashMap<Field, DictCache>,
    /// `person_ranks[w]`: person docs in words `0..w` of `persons`.
    person_ranks: Vec<u32>,
    /// The pid of each person doc, in doc order.
    pids: Vec<u64>,
    /// Person docs by ascending pid (deleted ones included): `(sorted_pids[i], pid_docs[i])`.
    sorted_pids: Vec<u64>,
    pid_docs: Vec<u32>,
    ids: IdTable,
}

/// Every id of a segment in memory: reading the id column costs a decompression per hit.
struct IdTable {
    ords: Column<u64>,
    bytes: Vec<u8>,
    /// End offset of each id, by term ordinal.
    ends: Vec<u32>,
}

impl IdTable {
    fn build(column: Option<StrColumn>, max_doc: u32) -> std::io::Result<IdTable> {
        let Some(column) = column else {
            return Ok(IdTable {
                ords: Column::build_empty_column(max_doc),
                bytes: vec![],
                ends: vec![],
            });
        };
        let (dictionary, ords) = column.into_parts();
        let mut table = IdTable {
            ords,
            bytes: Vec::new(),
            ends: Vec::with_capacity(dictionary.num_terms()),
        };
        let mut stream = dictionary.stream()?;
        while stream.advance() {
            table.bytes.extend_from_slice(stream.key());
            table.ends.push(table.bytes.len() as u32);
        }
        Ok(table)
    }

    fn id(&self, doc: u32) -> &str {
        let Some(ord) = self.ords.first(doc).map(|o| o as usize) else {
            return "";
        };
        let start = ord.checked_sub(1).map_or(0, |p| self.ends[p] as usize);
        let end = self.ends.get(ord).map_or(start, |e| *e as usize);
        std::str::from_utf8(&self.bytes[start..end]).unwrap_or("")
    }
}

/// Per segment and delete generation.
pub(crate) struct LiveCache {
    pub seg: Arc<SegmentCache>,
    /// Person docs not deleted.
    pub alive_persons: Bits,
    pub num_persons: u64,
}

impl SegmentCache {
    fn build(f: &Fields, seg: &SegmentReader) -> tantivy::Result<SegmentCache> {
        let max_doc = seg.max_doc();
        let kinds = seg.inverted_index(f.kind)?;
        let kind_bits = |kind: &str| -> tantivy::Result<Bits> {
            let infos: Vec<_> = kinds
                .get_term_info(&Term::from_field_text(f.kind, kind))?
                .into_iter()
                .collect();
            Ok(to_bits(union_infos(&kinds, &infos, max_doc)?, max_doc))
        };
        let mut dicts = HashMap::new();
        for (field, kind) in dict_fields(f) {
            let inv = seg.inverted_index(field)?;
            dicts.insert(field, DictCache::build(&inv, kind)?);
        }
        let persons = kind_bits(KIND_PERSON)?;
        let pid_column = seg.fast_fields().u64(col::PID)?;
        let pids: Vec<u64> = persons
            .iter()
            .map(|d| pid_column.first(d).unwrap_or(u64::MAX))
            .collect();
        let mut by_pid: Vec<(u64, u32)> = pids.iter().copied().zip(persons.iter()).collect();
        by_pid.sort_unstable();
        Ok(SegmentCache {
            max_doc,
            person_ranks: persons.cumulative(),
            persons,
            current: kind_bits(KIND_CURRENT)?,
            past: kind_bits(KIND_PAST)?,
            dicts,
            pids,
            sorted_pids: by_pid.iter().map(|(p, _)| *p).collect(),
            pid_docs: by_pid.iter().map(|(_, d)| *d).collect(),
            ids: IdTable::build(seg.fast_fields().str(col::ID)?, max_doc)?,
        })
    }

    /// The pid of a person doc.
    #[inline]
    pub fn pid(&self, person: u32) -> u64 {
        self.pids[self.persons.rank(&self.person_ranks, person) as usize]
    }

    /// Person docs in the segment, deleted ones included.
    pub fn num_persons_indexed(&self) -> usize {
        self.sorted_pids.len()
    }

    /// The person docs holding any of these pids. Both lists are sorted, so each pid is
    /// searched from where the previous one was found (galloping).
    pub fn docs_of_pids(&self, set: &PidSet) -> Docs {
        let pids = &self.sorted_pids;
        let mut docs: Vec<u32> = Vec::new();
        let mut at = 0;
        for pid in set.iter() {
            let mut step = 1;
            while at + step < pids.len() && pids[at + step] < pid {
                at += step;
                step *= 2;
            }
            at += pids[at..(at + step + 1).min(pids.len())].partition_point(|p| *p < pid);
            while at < pids.len() && pids[at] == pid {
                docs.push(self.pid_docs[at]);
                at += 1;
            }
            if at >= pids.len() {
                break;
            }
        }
        docs.sort_unstable();
        Docs::from_sorted(docs, self.max_doc)
    }

    /// Person docs in ascending pid order, from the first pid above `after`.
    pub fn by_pid_after(&self, after: Option<u64>) -> impl Iterator<Item = (u64, u32)> + '_ {
        let start = after.map_or(0, |a| self.sorted_pids.partition_point(|p| *p <= a));
        self.sorted_pids[start..]
            .iter()
            .copied()
            .zip(self.pid_docs[start..].iter().copied())
    }

    /// The profile id of a person doc.
    pub fn id(&self, person: u32) -> &str {
        self.ids.id(person)
    }

    /// The dictionary cache of a scanned field.
    pub fn dict(&self, field: Field) -> Option<&DictCache> {
        self.dicts.get(&field)
    }

    /// The person a record doc belongs to: the nearest person doc before it.
    #[inline]
    pub fn owner(&self, record: u32) -> Option<u32> {
        self.persons.prev_set(record)
    }

    /// The person docs owning any of these record docs.
    pub fn owners(&self, records: &Docs) -> Docs {
        match records {
            Docs::Dense(bits) => Docs::Dense(owners_dense(&self.persons, bits)),
            Docs::Sparse(list) => {
                let mut out: Vec<u32> = Vec::new();
                for &r in list {
                    if let Some(p) = self.owner(r)
                        && out.last() != Some(&p)
                    {
                        out.push(p);
                    }
                }
                Docs::from_sorted(out, self.max_doc)
            }
        }
    }

    /// The record docs of these people (of either kind), a word at a time when dense.
    pub fn records_of_people(&self, people: &Docs) -> Docs {
        match people {
            Docs::Dense(chosen) => Docs::Dense(records_of_dense(&self.persons, chosen)),
            Docs::Sparse(list) => {
                let mut out = Vec::new();
                for &person in list {
                    out.extend(self.records_of(person));
                }
                Docs::from_sorted(out, self.max_doc)
            }
        }
    }

    /// The record docs of a person doc, in order (current ones first).
    pub fn records_of(&self, person: u32) -> std::ops::Range<u32> {
        let end = self.persons.next_set(person + 1).unwrap_or(self.max_doc);
        person + 1..end
    }
}

fn to_bits(docs: Docs, max_doc: u32) -> Bits {
    match docs {
        Docs::Dense(b) => b,
        Docs::Sparse(v) => {
            let mut b = Bits::new(max_doc);
            v.into_iter().for_each(|d| b.insert(d));
            b
        }
    }
}

/// The fields whose dictionaries are scanned, and how.
pub(crate) fn dict_fields(f: &Fields) -> Vec<(Field, DictKind)> {
    let text = [
        f.title, f.company, f.industry, f.inst, f.fos, f.cert, f.honor,
    ];
    let spelled = [
        f.region,
        f.country,
        f.hq,
        f.function,
        f.seniority,
        f.emp_type,
        f.co_type,
        f.hc_range,
        f.funding_stage,
        f.card,
        f.lang,
        f.degree,
    ];
    let mut out: Vec<(Field, DictKind)> = text.iter().map(|x| (*x, DictKind::Text)).collect();
    out.extend(spelled.iter().map(|x| (*x, DictKind::Spelled)));
    out.push((f.skill, DictKind::Spelled));
    out
}

type LiveKey = (SegmentId, Option<u64>);

/// The caches of every live segment; also the reader's [`Warmer`].
pub(crate) struct Caches {
    fields: Fields,
    segments: RwLock<HashMap<SegmentId, Arc<SegmentCache>>>,
    live: RwLock<HashMap<LiveKey, Arc<LiveCache>>>,
}

impl Caches {
    pub fn new(fields: Fields) -> Caches {
        Caches {
            fields,
            segments: RwLock::default(),
            live: RwLock::default(),
        }
    }

    /// The cache of one segment as this reader sees it, built if missing.
    pub fn get(&self, seg: &SegmentReader) -> tantivy::Result<Arc<LiveCache>> {
        let key = (seg.segment_id(), seg.delete_opstamp());
        if let Some(live) = read(&self.live).get(&key) {
            return Ok(live.clone());
        }
        let cached = read(&self.segments).get(&key.0).cloned();
        let cache = match cached {
            Some(c) => c,
            None => {
                let built = Arc::new(SegmentCache::build(&self.fields, seg)?);
                write(&self.segments).insert(key.0, built.clone());
                built
            }
        };
        let alive_persons = match seg.alive_bitset() {
            None => cache.persons.clone(),
            Some(alive) => {
                let mut bits = Bits::new(cache.max_doc);
                cache
                    .persons
                    .iter()
                    .filter(|d| alive.is_alive(*d))
                    .for_each(|d| bits.insert(d));
                bits
            }
        };
        let live = Arc::new(LiveCache {
            num_persons: alive_persons.count(),
            alive_persons,
            seg: cache,
        });
        write(&self.live).insert(key, live.clone());
        Ok(live)
    }
}

impl Warmer for Caches {
    fn warm(&self, searcher: &Searcher) -> tantivy::Result<()> {
        for seg in searcher.segment_readers() {
            self.get(seg)?;
        }
        Ok(())
    }

    fn garbage_collect(&self, live_generations: &[&SearcherGeneration]) {
        let live: HashSet<LiveKey> = live_generations
            .iter()
            .flat_map(|g| g.segments().iter().map(|(id, op)| (*id, *op)))
            .collect();
        let ids: HashSet<SegmentId> = live.iter().map(|(id, _)| *id).collect();
        write(&self.live).retain(|k, _| live.contains(k));
        write(&self.segments).retain(|k, _| ids.contains(k));
    }
}

fn read<T>(lock: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(|e| e.into_inner())
}

fn write<T>(lock: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(|e| e.into_inner())
}
