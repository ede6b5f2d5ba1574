//! Versions and releases.

pub mod changelog;
pub mod check;
pub mod diff;
pub mod git;
pub mod version;
