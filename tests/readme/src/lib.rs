//! The repository README, whose Rust examples `cargo test` compiles (and,
//! where they are not `no_run`, runs), so they cannot drift from the API.
#![doc = include_str!("../../../README.md")]
