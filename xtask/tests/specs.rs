//! The project's own specs: each passes the lint, parses as OpenAPI 3.0, and
//! holds exactly the operations of the reference table (tests/data/operations.tsv:
//! slug, operationId, method, path, provenance, the reference's own title).

use std::collections::BTreeSet;

use serde_json::Value;
use xtask::model::source::operations;

type Row = (String, String, String, String, String);

fn reference_table() -> BTreeSet<(String, Row)> {
    include_str!("data/operations.tsv")
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            assert_eq!(f.len(), 6, "operations.tsv row: {line}");
            (
                f[0].to_owned(),
                (
                    f[1].to_owned(),
                    f[2].to_owned(),
                    f[3].to_owned(),
                    f[4].to_owned(),
                    f[5].to_owned(),
                ),
            )
        })
        .collect()
}

fn specs() -> Vec<(String, Value)> {
    let root = xtask::workspace_root();
    let files = xtask::spec_files(&root).expect("specs/ is readable");
    assert!(!files.is_empty(), "no spec in specs/");
    files
        .iter()
        .map(|file| match xtask::load(file) {
            Ok((raw, _)) => (file.slug.clone(), raw),
            Err(problems) => {
                let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
                panic!("{} is broken:\n{}", file.display_path, lines.join("\n"));
            }
        })
        .collect()
}

#[test]
fn every_spec_passes_the_lint_and_parses() {
    for (slug, raw) in specs() {
        assert_eq!(raw["openapi"], "3.0.3", "{slug}");
        assert!(raw["info"]["title"].is_string(), "{slug}: info.title");
        assert!(raw["info"]["version"].is_string(), "{slug}: info.version");
        assert!(
            raw["servers"].as_array().is_some_and(|s| !s.is_empty()),
            "{slug}: servers"
        );
    }
}

#[test]
fn operations_match_the_reference_table() {
    let table = reference_table();
    let mut found = BTreeSet::new();
    for (slug, raw) in specs() {
        for op in operations(&raw) {
            let text = |key: &str| op.op[key].as_str().unwrap_or_default().to_owned();
            found.insert((
                slug.clone(),
                (
                    text("operationId"),
                    op.method.to_uppercase(),
                    op.path.to_owned(),
                    text("x-provenance"),
                    text("summary"),
                ),
            ));
        }
    }
    let missing: Vec<_> = table.difference(&found).collect();
    let unexpected: Vec<_> = found.difference(&table).collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "missing from the specs: {missing:#?}\nnot in the table: {unexpected:#?}"
    );
    assert_eq!(found.len(), 38);
}

#[test]
fn every_error_response_has_a_body_schema() {
    for (slug, raw) in specs() {
        for op in operations(&raw) {
            for (status, response) in op.op["responses"].as_object().into_iter().flatten() {
                if status.starts_with('4') || status.starts_with('5') {
                    assert!(
                        response
                            .pointer("/content/application~1json/schema")
                            .is_some(),
                        "{slug}: #{}/responses/{status} has no error body schema",
                        op.pointer
                    );
                }
            }
        }
    }
}
