//! Reading a spec.

pub mod extensions;
pub mod problem;
pub mod resolved;
pub mod schemas;
pub mod source;
pub mod spec;
