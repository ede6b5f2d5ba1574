//! Generating a crate.

pub mod codegen;
pub mod markers;
pub mod output;
pub mod templates;
pub mod transform;
pub mod workspace;
