//! Coverage of the wire tests: every operation of every spec in `specs/` has
//! its wire tests, so a new operation (or a new spec) without them fails the
//! build.
//!
//! The convention it checks: the operations of `specs/<slug>.yaml` are tested
//! in `tests/<slug with '-' replaced by '_'>.rs`, one `mod <operationId> { .. }`
//! per operation, holding at least a `request_and_success` test and the shared
//! `response_checks!` (documented errors, undocumented status, malformed and
//! extended bodies).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every `operationId` of every spec, per slug.
fn spec_operations() -> BTreeMap<String, Vec<String>> {
    let specs = repository().join("specs");
    let mut all = BTreeMap::new();
    for entry in std::fs::read_dir(&specs).expect("specs/ exists") {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
            continue;
        }
        let slug = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let spec: serde_yaml::Value = serde_yaml::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not YAML: {e}", path.display()));
        let mut operations = Vec::new();
        for (_, item) in spec["paths"].as_mapping().expect("paths") {
            for (_, operation) in item.as_mapping().expect("path item") {
                if let Some(id) = operation["operationId"].as_str() {
                    operations.push(id.to_owned());
                }
            }
        }
        all.insert(slug, operations);
    }
    all
}

/// The body of `mod <name> { .. }` in `source` (up to the next top-level
/// `mod`), if there is one.
fn module<'a>(source: &'a str, name: &str) -> Option<&'a str> {
    let start = source.find(&format!("\nmod {name} {{"))? + 1;
    let rest = &source[start..];
    let end = rest[1..].find("\nmod ").map_or(rest.len(), |i| i + 1);
    Some(&rest[..end])
}

#[test]
fn every_spec_operation_has_wire_tests() {
    let operations = spec_operations();
    assert!(!operations.is_empty(), "no spec found");
    let mut missing = Vec::new();
    let mut count = 0;
    for (slug, ids) in &operations {
        let file = format!("tests/{}.rs", slug.replace('-', "_"));
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(&file);
        let Ok(source) = std::fs::read_to_string(&path) else {
            missing.push(format!("{file}: no wire test file for specs/{slug}.yaml"));
            continue;
        };
        for id in ids {
            count += 1;
            match module(&source, id) {
                None => missing.push(format!("{file}: no `mod {id}` for {slug} operation {id}")),
                Some(body) => {
                    for needed in ["async fn request_and_success", "response_checks!"] {
                        if !body.contains(needed) {
                            missing.push(format!("{file}: `mod {id}` lacks `{needed}`"));
                        }
                    }
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "operations without wire tests (see tests/coverage.rs for the convention):\n  {}",
        missing.join("\n  ")
    );
    assert!(count > 0, "no operation found in the specs");
}

#[test]
fn module_lookup_finds_whole_modules() {
    let source = "//! x\n\nmod a {\n    fn f() {}\n}\n\nmod ab {\n    fn g() {}\n}\n";
    assert_eq!(module(source, "a"), Some("mod a {\n    fn f() {}\n}\n"));
    assert_eq!(module(source, "ab"), Some("mod ab {\n    fn g() {}\n}\n"));
    assert_eq!(module(source, "b"), None);
}
