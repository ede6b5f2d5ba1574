//! The code generator behind `cargo xtask`: specs in, service crates out.
//!
//! `specs/<slug>.yaml` → [`spec`] (YAML to a JSON tree) → [`lint`] (shapes
//! progenitor cannot take, examples that break their schema) → [`transform`]
//! (3.0.3 spellings progenitor misreads) → [`codegen`] (progenitor,
//! formatted) → [`render`] (crate files around it) → [`output`] (written or
//! checked). [`schemas`] knows where schemas and examples sit in a document.
//! [`workspace`] writes the sections of hand-written files that list the
//! services (between [`markers`]).
//!
//! Versions: [`diff`] says what a spec change means for users and which
//! [`version`] bump it needs; [`changelog`] holds each crate's version and
//! history; [`release`] checks the bumps against the [`git`] history.

pub mod check;
pub mod cli;
pub mod generate;
pub mod model;
pub mod release;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use check::lint;
use generate::{codegen, templates as render, transform};
use model::problem::Problem;
use model::source::{self as spec, SpecFile};
use model::spec as service;
use release::changelog;

/// One generated crate, in memory.
pub struct GeneratedCrate {
    pub slug: String,
    pub service: service::Service,
    /// File contents keyed by path relative to `crates/<slug>/`.
    pub files: BTreeMap<String, String>,
    pub operations: usize,
    pub types: usize,
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

/// Reads and lints a spec; every problem found, or the parsed document.
pub fn load(spec: &SpecFile) -> Result<(serde_json::Value, openapiv3::OpenAPI), Vec<Problem>> {
    let raw = spec.read().map_err(|p| vec![p])?;
    let problems = lint::lint(&spec.display_path, &raw);
    if !problems.is_empty() {
        return Err(problems);
    }
    let api = spec::to_openapi(&spec.display_path, &transform::for_progenitor(&raw))
        .map_err(|p| vec![p])?;
    Ok((raw, api))
}

/// The service a linted spec describes, with its crate's version: the newest
/// release of `crates/<slug>/CHANGELOG.md`, or 0.1.0 for a crate without one.
pub fn describe(spec: &SpecFile, raw: &serde_json::Value) -> Result<service::Service, Problem> {
    let mut service = service::Service::from_spec(&spec.slug, &spec.display_path, raw);
    let version =
        changelog::version_in(&spec.crate_dir, &spec.slug).map_err(|message| Problem {
            file: changelog::path(&spec.slug),
            location: "-".into(),
            message,
        })?;
    if let Some(version) = version {
        service.version = version;
    }
    Ok(service)
}

/// Generates the crate for one spec, entirely in memory.
pub fn generate(spec: &SpecFile) -> Result<GeneratedCrate, Vec<Problem>> {
    let start = Instant::now();
    let (raw, api) = load(spec)?;
    let fail = |message: String| {
        vec![Problem {
            file: spec.display_path.clone(),
            location: "#".into(),
            message,
        }]
    };
    let service = describe(spec, &raw).map_err(|p| vec![p])?;
    let generated = codegen::generate(&api, &service).map_err(fail)?;
    let files = render::crate_files(&service, &generated, &raw).map_err(fail)?;
    Ok(GeneratedCrate {
        slug: spec.slug.clone(),
        files,
        operations: service.operations.len(),
        types: generated.type_count,
        elapsed: start.elapsed(),
        service,
    })
}
