//! Route groups, one module per resource.

pub mod candidate;
pub mod contact;
pub mod filters;
pub mod preview;
pub mod session;
pub mod webhook;
