//! What the scorer reads from a job title, remembered per job: a pool repeats most titles,
//! and reading one (its relevance to every target title, the skills it names, its level)
//! costs more than all the other per-job work together. Every part is a pure function of
//! the title and the job, so remembering changes no result.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sourcer_taxonomy::{Seniority, Taxonomy};

use crate::job::Job;
use crate::text::word_key_into;

/// Most distinct titles a job remembers.
const TITLE_MEMO_MAX: usize = 8192;

/// One title as the scorer reads it for one job.
#[derive(Debug)]
pub(crate) struct TitleFacts {
    /// The best `Taxonomy::title_relevance` score over the job's target titles (0 for a
    /// blank title), with that target and the reason in words.
    pub relevance: f32,
    pub target: Option<usize>,
    pub reason: Option<String>,
    /// Slots of the job's skills the title names, in finding order, possibly repeated.
    pub slots: Vec<usize>,
    /// The level the title's words name (`Taxonomy::parse_title`).
    pub seniority: Option<Seniority>,
}

/// The titles a job has read, by title as written.
#[derive(Default)]
pub(crate) struct TitleMemo(Mutex<HashMap<String, Arc<TitleFacts>>>);

impl TitleMemo {
    /// The facts of `title`, read now unless remembered; `key` is a scratch buffer.
    pub fn get(&self, job: &Job, title: &str, key: &mut String) -> Arc<TitleFacts> {
        if let Some(known) = self.0.lock().ok().and_then(|m| m.get(title).cloned()) {
            return known;
        }
        let facts = Arc::new(read(job, title, key));
        if let Ok(mut memo) = self.0.lock()
            && memo.len() < TITLE_MEMO_MAX
        {
            memo.insert(title.to_string(), Arc::clone(&facts));
        }
        facts
    }
}

fn read(job: &Job, title: &str, key: &mut String) -> TitleFacts {
    let taxonomy = Taxonomy::global();
    let mut slots = Vec::new();
    crate::skills::each_in_title(title, |skill| slots.extend(job.slot_of_skill(skill)));
    if !job.extra.is_empty() {
        word_key_into(title, key);
        job.extra.mentions(key, |slot| slots.push(slot));
    }
    let mut best = (0.0, None);
    if !title.trim().is_empty() {
        for (i, t) in job.targets.iter().enumerate() {
            let relevance = taxonomy.title_relevance(&t.display, title);
            if relevance.score() > best.0 {
                best = (relevance.score(), Some((i, relevance)));
            }
        }
    }
    let (relevance, best) = best;
    TitleFacts {
        relevance,
        target: best.as_ref().map(|(i, _)| *i),
        reason: best.map(|(_, r)| r.reason()),
        slots,
        seniority: taxonomy.parse_title(title).seniority,
    }
}
