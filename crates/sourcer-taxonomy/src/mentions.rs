//! Finding skill mentions in free text: a trie over the words of every searchable spelling
//! and stop phrase, walked over the words of the text, plus the ambiguity rule.
//!
//! A mention is always a whole sequence of words, so the trie is keyed by word ids rather
//! than bytes: a text word outside the vocabulary ends a walk after one hash lookup. At each
//! word the longest acceptable spelling wins (leftmost-longest), so "Go-to-market" is the GTM
//! skill, not Go, and a stop phrase like "series c" hides the C inside it. When the longest
//! spelling is refused (an ambiguous word in the wrong case) the next shorter one is tried.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use crate::tokens::Tokens;

/// One spelling of a skill, as loaded.
pub(crate) struct Spelling {
    pub skill: usize,
    pub key: String,
    /// As written in the data file: the exact form an ambiguous spelling must take in text.
    pub text: String,
    pub ambiguous: bool,
    pub list_only: bool,
}

enum Pattern {
    Skill {
        skill: usize,
        /// For ambiguous spellings: the words as they must be written, case included.
        exact: Option<Box<[Box<str>]>>,
    },
    Stop,
}

/// FNV-1a: the keys are short words and small integers from our own data, where SipHash's
/// flood resistance buys nothing and costs most of the lookup time.
struct Fnv(u64);

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

    /// Edge keys are one `u64`: a single folded multiply mixes all its bits, where FNV
    /// would take eight rounds.
    fn write_u64(&mut self, x: u64) {
        let product = u128::from(self.0 ^ x) * 0x9e37_79b9_7f4a_7c15;
        self.0 = (product as u64) ^ ((product >> 64) as u64);
    }
}

type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// Longest spelling, in words, that the walk remembers candidates for.
const MAX_WORDS: usize = 16;

/// No such node (node 0, the root, is never a child).
const NO_NODE: u32 = 0;

/// The mention trie.
pub(crate) struct Mentions {
    vocabulary: FnvMap<Box<str>, u32>,
    /// The words of up to eight bytes, most of them, keyed by [`packed`]: one multiply to
    /// hash and one comparison to confirm, where a string key costs a byte loop and a
    /// `memcmp`. Every text word is looked up.
    short: FnvMap<u64, u32>,
    /// `(node << 32) | word` to child node, below the root; node 0 is the root.
    edges: FnvMap<u64, u32>,
    /// The root's child for each word id ([`NO_NODE`] when none): most text words start no
    /// spelling, and this answers that without hashing.
    root: Vec<u32>,
    /// What ends at each node, if anything.
    accept: Vec<Option<Pattern>>,
}

impl Mentions {
    pub fn build(spellings: &[Spelling], stops: &[String]) -> Mentions {
        let mut m = Mentions {
            vocabulary: FnvMap::default(),
            short: FnvMap::default(),
            edges: FnvMap::default(),
            root: Vec::new(),
            accept: vec![None],
        };
        for s in spellings.iter().filter(|s| !s.list_only) {
            let node = m.insert(&s.key);
            let exact = s.ambiguous.then(|| {
                let t = Tokens::of(&s.text);
                t.words
                    .iter()
                    .map(|w| Box::from(&s.text[w.src.clone()]))
                    .collect()
            });
            match &mut m.accept[node] {
                slot @ None => {
                    *slot = Some(Pattern::Skill {
                        skill: s.skill,
                        exact,
                    })
                }
                // Two spellings of one skill can share a key ("Excel" and "excel"): the most
                // cautious reading wins, here the exact-case one.
                Some(Pattern::Skill { exact: e, .. }) if exact.is_some() => *e = exact,
                Some(_) => {}
            }
        }
        // ... and a list-only spelling silences the key whatever else shares it.
        for s in spellings.iter().filter(|s| s.list_only) {
            let node = m.insert(&s.key);
            m.accept[node] = None;
        }
        for stop in stops {
            let node = m.insert(stop);
            m.accept[node] = Some(Pattern::Stop);
        }
        m.short = m
            .vocabulary
            .iter()
            .filter_map(|(word, &id)| Some((packed(word)?, id)))
            .collect();
        m.root = vec![NO_NODE; m.vocabulary.len()];
        for (&edge, &child) in &m.edges {
            if edge >> 32 == 0 {
                m.root[(edge & u64::from(u32::MAX)) as usize] = child;
            }
        }
        m
    }

    /// The id of a word, if it is in the vocabulary.
    fn id(&self, word: &str) -> Option<u32> {
        match packed(word) {
            Some(key) => self.short.get(&key).copied(),
            None => self.vocabulary.get(word).copied(),
        }
    }

    /// The child of `node` along word `id`.
    fn child(&self, node: u32, id: u32) -> Option<u32> {
        if node == 0 {
            let child = *self.root.get(id as usize)?;
            return (child != NO_NODE).then_some(child);
        }
        self.edges
            .get(&((u64::from(node) << 32) | u64::from(id)))
            .copied()
    }

    /// The node for a space-separated key, creating the path.
    fn insert(&mut self, key: &str) -> usize {
        let mut node = 0u32;
        for word in key.split(' ') {
            let next_id = u32::try_from(self.vocabulary.len()).unwrap_or(u32::MAX);
            let id = *self.vocabulary.entry(word.into()).or_insert(next_id);
            let next_node = u32::try_from(self.accept.len()).unwrap_or(u32::MAX);
            node = *self
                .edges
                .entry((u64::from(node) << 32) | u64::from(id))
                .or_insert_with(|| next_node);
            if node as usize == self.accept.len() {
                self.accept.push(None);
            }
        }
        node as usize
    }

    /// Calls `emit(skill, offset, span)` for every accepted mention, in text order. `offset`
    /// is the byte offset in `alias_key(text)`, `span` the byte range in `text`.
    pub fn find(
        &self,
        tokens: &mut Tokens,
        text: &str,
        mut emit: impl FnMut(usize, usize, Range<usize>),
    ) {
        let mut ids = std::mem::take(&mut tokens.ids);
        ids.clear();
        ids.extend((0..tokens.words.len()).map(|i| self.id(tokens.word(i)).unwrap_or(u32::MAX)));
        let mut i = 0;
        while i < ids.len() {
            if self.child(0, ids[i]).is_none() {
                i += 1;
                continue;
            }
            // Accepting (end, node) pairs along the walk from word i, shortest first.
            let mut found = [(0usize, 0usize); MAX_WORDS];
            let mut count = 0;
            let mut node = 0u32;
            for (j, &id) in ids.iter().enumerate().skip(i).take(MAX_WORDS) {
                let Some(next) = self.child(node, id) else {
                    break;
                };
                node = next;
                if self.accept[node as usize].is_some() {
                    found[count] = (j + 1, node as usize);
                    count += 1;
                }
            }
            let mut advance = 1;
            for &(end, node) in found[..count].iter().rev() {
                match &self.accept[node] {
                    Some(Pattern::Stop) => {}
                    Some(Pattern::Skill { skill, exact }) => {
                        if !acceptable(exact.as_deref(), tokens, text, i..end) {
                            continue;
                        }
                        let span = tokens.words[i].src.start..tokens.words[end - 1].src.end;
                        emit(*skill, tokens.words[i].key.start - 1, span);
                    }
                    None => continue,
                }
                advance = end - i;
                break;
            }
            i += advance;
        }
        tokens.ids = ids;
    }
}

/// A word of at most eight bytes as one number, its bytes in order from the lowest. Distinct
/// words give distinct numbers: words never contain a zero byte, so the padding cannot be
/// mistaken for one.
fn packed(word: &str) -> Option<u64> {
    if word.len() > 8 {
        return None;
    }
    let mut key = 0;
    for (k, &b) in word.as_bytes().iter().enumerate() {
        key |= u64::from(b) << (8 * k);
    }
    Some(key)
}

/// The ambiguity rule: an ambiguous spelling counts only written exactly as in the data file
/// and not as the first word of a sentence or line.
fn acceptable(
    exact: Option<&[Box<str>]>,
    tokens: &Tokens,
    text: &str,
    words: Range<usize>,
) -> bool {
    let Some(exact) = exact else {
        return true;
    };
    let ws = &tokens.words[words];
    ws.first().is_some_and(|w| !w.sentence_start)
        && ws.len() == exact.len()
        && ws
            .iter()
            .zip(exact)
            .all(|(w, e)| text[w.src.clone()] == **e)
}
