//! The repository README, whose Rust examples `cargo test` compiles (and,
//! where they are not `no_run`, runs), so they cannot drift from the API.
#![doc = include_str!("../../../README.md")]

/// The facade's package README (`crates/nttcom/README.md`, the page crates.io
/// shows), whose examples are compiled the same way.
#[doc = include_str!("../../../crates/nttcom/README.md")]
pub mod facade {}
