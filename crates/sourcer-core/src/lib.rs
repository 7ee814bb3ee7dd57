//! Sourcer's domain vocabulary, shared by every other crate: the profile import record
//! (`profile`), the filter language of the sourcing API (`query`), dates as the import
//! format writes them (`date`), text normalisation used by both the index and the scorer
//! (`text`, `categorical`), and identifiers (`linkedin`, `object_id`).
//!
//! This crate performs no IO and depends on no other Sourcer crate.

pub mod categorical;
pub mod date;
pub mod linkedin;
pub mod object_id;
pub mod profile;
pub mod query;
pub mod text;

pub use date::{MonthStamp, PartialDate};
pub use object_id::ObjectId;
pub use profile::{Certification, Education, Employer, GeoPoint, Honor, Profile, ProfileProblem};
pub use query::{
    Condition, EmployerField, FilterKey, Op, ProfileField, Query, QueryProblem, Scope,
};
