//! Generating a service crate from the model. Owns the transforms that
//! bridge the document to what progenitor reads ([`transform`]), progenitor
//! and the passes over its output ([`codegen`]), the templates for every
//! other file ([`templates`]), writing or checking the files ([`output`]),
//! the sections of hand-written workspace files that list the services
//! ([`workspace`], between [`markers`]), and the command-line tool's
//! command modules ([`cli`]). Reads the model (`crate::model`) and
//! the version facts of `crate::release` (a crate's version, the change
//! rules the README lists); hands the document to progenitor only as
//! `openapiv3::OpenAPI`, after the transforms' edits.

pub mod cli;
pub mod codegen;
pub mod markers;
pub mod output;
pub mod templates;
pub mod transform;
pub mod workspace;

use std::collections::BTreeMap;

use crate::model::{Problem, Read};
use crate::release::version::Version;
use templates::validate_rs;

/// The files of one crate, in memory.
pub struct Files {
    /// File contents keyed by path relative to `crates/<slug>/`.
    pub files: BTreeMap<String, String>,
    /// Number of types progenitor generated.
    pub types: usize,
    /// The service's files in the command-line tool, keyed by path relative
    /// to `crates/nttcom-cli/` (see [`cli::files`]).
    pub cli: BTreeMap<String, String>,
}

/// The typed document progenitor reads: the spec's, with the transforms'
/// edits. A value of the wrong shape is reported at its JSON pointer.
pub fn openapi(read: &Read) -> Result<openapiv3::OpenAPI, Problem> {
    read.document
        .to_openapi(&transform::for_progenitor(&read.spec))
}

/// Generates a crate at `version` from a checked spec; `changelog` is its
/// release history, copied in.
///
/// The work that needs nothing of the client is done beside it, on other
/// threads: the files the model alone decides, the mocks, and (once the
/// client's types are known) `validate.rs` while the client is formatted.
pub fn crate_files(
    read: &Read,
    version: Version,
    changelog: Option<&str>,
) -> Result<Files, Vec<Problem>> {
    let spec = &read.spec;
    let fail = |message: String| vec![Problem::at(&spec.path, "", message)];
    let failed = |what: &str| format!("{what} failed");
    std::thread::scope(|scope| {
        let from_model = scope.spawn(|| templates::from_model(spec, version, changelog));
        let api = openapi(read).map_err(|p| vec![p])?;
        let (code, mock, validate, types, cli) = std::thread::scope(|inner| {
            let mock = inner.spawn(|| codegen::mock(&api));
            let client = codegen::client(&api, spec)?;
            let shapes = validate_rs::shapes(&client.file)?;
            let validate = inner.spawn(move || validate_rs::render(spec, &shapes));
            let builders = cli::shapes::read(&client.file, spec)?;
            let cli = inner.spawn(move || cli::files(spec, &builders));
            let code = codegen::format(&client.file);
            let mock = mock.join().unwrap_or_else(|_| Err(failed("the mocks")))?;
            let validate = validate
                .join()
                .unwrap_or_else(|_| Err(failed("validate.rs")))?;
            let cli = cli
                .join()
                .unwrap_or_else(|_| Err(failed("the command module")))?;
            Ok((code, mock, validate, client.type_count, cli))
        })
        .map_err(fail)?;
        let mut files = templates::from_code(spec, version, &code, &mock, validate);
        let from_model = from_model
            .join()
            .unwrap_or_else(|_| Err(failed("a template")))
            .map_err(fail)?;
        files.extend(from_model);
        Ok(Files { files, types, cli })
    })
}
