//! Writing a crate's files, or comparing them with what is on disk.
//!
//! Everything is generated in memory first; only then does anything touch the
//! disk, one file at a time through a rename, so a failing spec never leaves a
//! half-written crate behind.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::files::write_atomically;

/// Files the xtask owns in a crate directory: exactly these paths, plus all of `src/`.
/// Owned files that are no longer generated are deleted. `CHANGELOG.md` is a
/// copy of `changelogs/<slug>.md`, the crate's release history, which lives
/// outside the crate so that deleting the crate loses nothing.
pub fn is_owned(relative: &str) -> bool {
    relative.starts_with("src/")
        || matches!(
            relative,
            "Cargo.toml"
                | "README.md"
                | "CHANGELOG.md"
                | "LICENSE-APACHE"
                | "LICENSE-MIT"
                | "tests/examples.rs"
                | "tests/leniency.rs"
        )
}

/// How a file on disk differs from its generated content.
#[derive(Debug, PartialEq, Eq)]
pub enum Drift {
    Missing(PathBuf),
    Changed(PathBuf),
    /// Owned by the xtask but no longer generated.
    Stale(PathBuf),
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Drift::Missing(p) => write!(f, "missing: {}", p.display()),
            Drift::Changed(p) => write!(f, "differs: {}", p.display()),
            Drift::Stale(p) => write!(f, "stale:   {}", p.display()),
        }
    }
}

/// Lists every difference between `files` and the crate at `dir`.
pub fn check(dir: &Path, files: &BTreeMap<String, String>) -> io::Result<Vec<Drift>> {
    let mut drift = Vec::new();
    for (relative, content) in files {
        let path = dir.join(relative);
        match fs::read(&path) {
            Ok(on_disk) if on_disk == content.as_bytes() => {}
            Ok(_) => drift.push(Drift::Changed(path)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => drift.push(Drift::Missing(path)),
            Err(e) => return Err(e),
        }
    }
    for relative in owned_files(dir)? {
        if !files.contains_key(&relative) {
            drift.push(Drift::Stale(dir.join(relative)));
        }
    }
    Ok(drift)
}

/// Brings the crate at `dir` to exactly `files`; returns how many files changed.
/// Unchanged files are not rewritten, so cargo does not rebuild them.
pub fn write(dir: &Path, files: &BTreeMap<String, String>) -> io::Result<usize> {
    let mut changed = 0;
    for drift in check(dir, files)? {
        match drift {
            Drift::Missing(path) | Drift::Changed(path) => {
                let relative = path.strip_prefix(dir).unwrap_or(&path);
                let content = &files[&relative.to_string_lossy().replace('\\', "/")];
                write_atomically(&path, content.as_bytes())?;
            }
            Drift::Stale(path) => fs::remove_file(&path)?,
        }
        changed += 1;
    }
    Ok(changed)
}

/// Owned files present in `dir`, relative and `/`-separated, sorted.
fn owned_files(dir: &Path) -> io::Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let entries = match fs::read_dir(&current) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(relative) = path.strip_prefix(dir) {
                let relative = relative.to_string_lossy().replace('\\', "/");
                if is_owned(&relative) {
                    out.push(relative);
                }
            }
        }
    }
    out.sort();
    Ok(out)
}
