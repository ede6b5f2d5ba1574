//! Checking a spec.

pub mod examples;
pub mod lint;
