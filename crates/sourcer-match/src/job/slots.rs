//! Skill slots: one per distinct skill a job looks for (its requirements and their related
//! skills), with every spelling that names it in a skills list.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use sourcer_taxonomy::Taxonomy;

use super::{Requirement, Tier};

/// FNV-1a for [`SpellingMap`]: every skills-list entry of every candidate is looked up
/// there, and SipHash costs more than the rest of the lookup. Its keys are the job's own
/// spellings, so an entry chosen to collide can only probe those few.
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// The slot of every spelling of the job's skills, by alias key.
pub(crate) type SpellingMap = HashMap<String, usize, BuildHasherDefault<Fnv>>;

/// Assigns a slot to each distinct skill the job looks for.
#[derive(Default)]
pub(super) struct SlotBuilder {
    pub slots: Vec<String>,
    pub slot_of_key: HashMap<String, usize>,
    pub extra: Vec<(String, usize)>,
}

impl SlotBuilder {
    fn slot_for_key(&mut self, key: &str, display: &str) -> usize {
        if let Some(&slot) = self.slot_of_key.get(key) {
            return slot;
        }
        self.slots.push(display.to_string());
        self.slot_of_key
            .insert(key.to_string(), self.slots.len() - 1);
        self.slots.len() - 1
    }

    fn slot_for(&mut self, text: &str) -> Option<usize> {
        let taxonomy = Taxonomy::global();
        let text = text.trim();
        if let Some(skill) = taxonomy.skill(text) {
            let key = skill.key.clone();
            return Some(self.slot_for_key(&key, text));
        }
        let key = taxonomy.skill_key(text);
        if key.is_empty() {
            return None;
        }
        if let Some(&slot) = self.slot_of_key.get(&key) {
            return Some(slot);
        }
        // Unknown to the taxonomy: found in text by its own spelling.
        let slot = self.slot_for_key(&key, text);
        self.extra.push((text.to_string(), slot));
        Some(slot)
    }

    /// The slot of each known skill, by position in `Taxonomy::skills`: how mentions found
    /// in text, which the taxonomy reports by position, are mapped to slots.
    pub fn slot_of_skill(&self) -> Vec<Option<usize>> {
        let taxonomy = Taxonomy::global();
        let mut out = vec![None; taxonomy.skills().len()];
        for (key, &slot) in &self.slot_of_key {
            if let Some(i) = taxonomy.skill_index(key) {
                out[i] = Some(slot);
            }
        }
        out
    }

    /// Every spelling of every slot's skill, as alias keys.
    pub fn spellings(&self) -> SpellingMap {
        let taxonomy = Taxonomy::global();
        let mut map = SpellingMap::default();
        for (key, &slot) in &self.slot_of_key {
            map.insert(key.clone(), slot);
            if let Some(skill) = taxonomy.skill_by_key(key) {
                let all = std::iter::once(&skill.name)
                    .chain(&skill.aliases)
                    .chain(&skill.ambiguous)
                    .chain(&skill.list_only);
                for spelling in all {
                    map.insert(sourcer_taxonomy::skills::alias_key(spelling), slot);
                }
            }
        }
        map
    }

    /// Adds a requirement unless the skill is already required; true when added.
    pub fn require(&mut self, requirements: &mut Vec<Requirement>, text: &str, tier: Tier) -> bool {
        let Some(slot) = self.slot_for(text) else {
            return false;
        };
        if requirements.iter().any(|r| r.slot == slot) {
            return false;
        }
        requirements.push(Requirement {
            display: text.trim().to_string(),
            tier,
            slot,
            related: vec![],
        });
        true
    }

    /// Slots of the skills the taxonomy relates to `text`'s skill, created as needed.
    pub fn related_slots(&mut self, text: &str, slot: usize) -> Vec<usize> {
        let taxonomy = Taxonomy::global();
        let Some(skill) = taxonomy.skill(text) else {
            return vec![];
        };
        let mut related = Vec::new();
        for key in taxonomy.related_keys(&skill.key) {
            let Some(other) = taxonomy.skill_by_key(&key) else {
                continue;
            };
            let s = self.slot_for_key(&key, &other.name);
            if s != slot && !related.contains(&s) {
                related.push(s);
            }
        }
        related
    }
}
