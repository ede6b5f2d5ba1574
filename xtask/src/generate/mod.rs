//! Generating a service crate from the model. Owns the transforms that
//! bridge the document to what progenitor reads ([`transform`]), progenitor
//! and the passes over its output ([`codegen`]), the templates for every
//! other file ([`templates`]), writing or checking the files ([`output`]),
//! and the sections of hand-written workspace files that list the services
//! ([`workspace`], between [`markers`]). Reads the model (`crate::model`) and
//! the version facts of `crate::release` (a crate's version, the change
//! rules the README lists); hands the document to progenitor only as
//! `openapiv3::OpenAPI`, after the transforms' edits.

pub mod codegen;
pub mod markers;
pub mod output;
pub mod templates;
pub mod transform;
pub mod workspace;

use std::collections::BTreeMap;

use crate::model::{Problem, Read};
use crate::release::version::Version;

/// The files of one crate, in memory.
pub struct Files {
    /// File contents keyed by path relative to `crates/<slug>/`.
    pub files: BTreeMap<String, String>,
    /// Number of types progenitor generated.
    pub types: usize,
}

/// The typed document progenitor reads: the spec's, with the transforms'
/// edits. A value of the wrong shape is reported at its JSON pointer.
pub fn openapi(read: &Read) -> Result<openapiv3::OpenAPI, Problem> {
    read.document
        .to_openapi(&transform::for_progenitor(&read.spec))
}

/// Generates a crate at `version` from a checked spec; `changelog` is its
/// release history, copied in.
pub fn crate_files(
    read: &Read,
    version: Version,
    changelog: Option<&str>,
) -> Result<Files, Vec<Problem>> {
    let spec = &read.spec;
    let fail = |message: String| vec![Problem::at(&spec.path, "", message)];
    let api = openapi(read).map_err(|p| vec![p])?;
    let generated = codegen::generate(&api, spec).map_err(fail)?;
    let files = templates::crate_files(spec, version, changelog, &generated).map_err(fail)?;
    Ok(Files {
        files,
        types: generated.type_count,
    })
}
