//! JSON views of store records in the vendors' field names.

pub mod profile;
pub mod session;
