//! What Sourcer knows about the world of work, shared by the index and the scorer:
//! - `skills`: the skills taxonomy (data/skills.toml), alias resolution to canonical keys,
//!   related skills, and finding skill mentions in free text (`mentions`);
//! - `titles`: title families (data/titles.toml) and seniority parsing (`seniority`), and
//!   `relevance`, how well one title fits another;
//! - `career`: facts derived from a career history (tenure, gaps, progression) and the red
//!   flags that session `nuances` exclude.
//!
//! The data files are embedded at compile time. Depends only on sourcer-core; must not
//! depend on the index or the store. The data format and its rules follow.
//!
#![doc = include_str!("../README.md")]

pub mod career;
mod error;
mod keys;
mod mentions;
mod relevance;
pub mod seniority;
pub mod skills;
pub mod titles;
mod tokens;

pub use career::{RedFlag, RedFlagHit};
pub use error::TaxonomyError;
pub use relevance::TitleRelevance;
pub use skills::{CATEGORIES, Skill, SkillMention, Taxonomy};
pub use titles::{ParsedTitle, Seniority, TitleFamily};
