//! The code generator behind `cargo xtask`: specs in, service crates out.
//!
//! A spec flows one way, read once:
//!
//! ```text
//! specs/<slug>.yaml ── model ──▶ Spec ── check ──▶ problems, or a clean Spec
//!                                         clean Spec ── generate ──▶ crates/<slug>/,
//!                                                                    crates/nttcom-cli/src/services/
//!                                  two revisions' Specs ── release ──▶ changes, versions
//! ```
//!
//! - [`model`] reads the YAML into the typed model (the only reader of the
//!   raw tree); every later stage reads the model.
//! - [`check`] lints it: shapes progenitor cannot take, conventions, examples.
//! - [`generate`](mod@generate) writes a crate: transforms, progenitor and its passes,
//!   templates, file output, the workspace sections listing the services, and
//!   the service's command module in the `nttcom` command-line tool.
//! - [`release`] compares two models (`cargo xtask diff`), keeps each crate's
//!   release history (`changelogs/<slug>.md`) and checks its version.
//! - [`cli`] is the commands and their flags; [`files`] writes atomically.

pub mod check;
pub mod cli;
pub mod files;
pub mod generate;
pub mod model;
pub mod release;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use generate::workspace::Listed;
use model::{Problem, Read, Spec, SpecFile};
use release::changelog::{self, Changelog};
use release::version::{INITIAL, Version};

/// One generated crate, in memory.
pub struct GeneratedCrate {
    pub spec: Spec,
    pub version: Version,
    /// File contents keyed by path relative to `crates/<slug>/`.
    pub files: BTreeMap<String, String>,
    /// Number of types progenitor generated.
    pub types: usize,
    /// Its files in the command-line tool, relative to `crates/nttcom-cli/`:
    /// the command module and the test data.
    pub cli: BTreeMap<String, String>,
    pub elapsed: Duration,
}

impl GeneratedCrate {
    pub fn lines(&self) -> usize {
        self.files.values().map(|f| f.lines().count()).sum()
    }
}

/// The workspace root (the parent of `xtask/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// The spec files under `root/specs`, sorted by slug.
pub fn spec_files(root: &Path) -> std::io::Result<Vec<SpecFile>> {
    let mut files: Vec<SpecFile> = std::fs::read_dir(root.join("specs"))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| SpecFile::new(root, p))
        .collect();
    files.sort_by(|a, b| a.slug.cmp(&b.slug));
    Ok(files)
}

/// Reads a spec and checks it: the model, or every problem found.
pub fn load(file: &SpecFile) -> Result<Read, Vec<Problem>> {
    let read = model::read(file).map_err(|p| vec![p])?;
    let problems = check::problems(&read);
    if problems.is_empty() {
        Ok(read)
    } else {
        Err(problems)
    }
}

/// The release history of a spec's crate, `None` before its first release.
pub fn changelog(file: &SpecFile) -> Result<Option<Changelog>, Problem> {
    changelog::read(&file.root, &file.slug).map_err(|message| Problem {
        file: changelog::path(&file.slug),
        location: "-".into(),
        message,
    })
}

/// The service a spec describes, with its crate's version (0.1.0 before
/// the first release), as the workspace files list it.
pub fn describe(file: &SpecFile) -> Result<Listed, Vec<Problem>> {
    let read = load(file)?;
    let version = changelog(file)
        .map_err(|p| vec![p])?
        .map_or(INITIAL, |c| c.version);
    Ok(Listed {
        spec: read.spec,
        version,
    })
}

/// Generates the crate for one spec, entirely in memory, with its release
/// history as the workspace has it.
pub fn generate(file: &SpecFile) -> Result<GeneratedCrate, Vec<Problem>> {
    let start = Instant::now();
    let read = load(file)?;
    let changelog = changelog(file).map_err(|p| vec![p])?;
    generate_from(read, changelog.as_ref(), start)
}

/// Generates the crate of a checked spec with release history `changelog`
/// (none: version 0.1.0, and no `CHANGELOG.md`); `start` is when the work
/// on it began, for the time it took.
pub fn generate_from(
    read: Read,
    changelog: Option<&Changelog>,
    start: Instant,
) -> Result<GeneratedCrate, Vec<Problem>> {
    let version = changelog.map_or(INITIAL, |c| c.version);
    let generated = generate::crate_files(&read, version, changelog.map(|c| c.text.as_str()))?;
    Ok(GeneratedCrate {
        spec: read.spec,
        version,
        files: generated.files,
        types: generated.types,
        cli: generated.cli,
        elapsed: start.elapsed(),
    })
}
