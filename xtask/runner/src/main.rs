//! The `cargo xtask` binary.
//!
//! It lives in its own one-package workspace so that it builds even when a
//! service crate under `crates/` is missing (e.g. deleted to be regenerated),
//! which would stop the main workspace from loading.

fn main() -> std::process::ExitCode {
    xtask::cli::main()
}
