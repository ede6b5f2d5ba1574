//! The project's own specs: each passes the lint, parses as OpenAPI 3.0, and
//! holds exactly the operations of the reference table (tests/data/operations.tsv:
//! slug, operationId, method, path, provenance, the reference's own title).

use std::collections::BTreeSet;

use xtask::model::Spec;

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

fn specs() -> Vec<(String, Spec)> {
    let root = xtask::workspace_root();
    let files = xtask::spec_files(&root).expect("specs/ is readable");
    assert!(!files.is_empty(), "no spec in specs/");
    files
        .iter()
        .map(|file| match xtask::load(file) {
            Ok(read) => (file.slug.clone(), read.spec),
            Err(problems) => {
                let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
                panic!("{} is broken:\n{}", file.display_path, lines.join("\n"));
            }
        })
        .collect()
}

#[test]
fn every_spec_passes_the_lint_and_parses() {
    for (slug, spec) in specs() {
        assert_eq!(spec.openapi.as_deref(), Some("3.0.3"), "{slug}");
        assert!(!spec.title.is_empty(), "{slug}: info.title");
        assert!(!spec.api_version.is_empty(), "{slug}: info.version");
        assert!(!spec.servers.is_empty(), "{slug}: servers");
    }
}

#[test]
fn operations_match_the_reference_table() {
    let table = reference_table();
    let mut found = BTreeSet::new();
    for (slug, spec) in specs() {
        for op in &spec.operations {
            found.insert((
                slug.clone(),
                (
                    op.id.clone(),
                    op.method.as_str().to_owned(),
                    op.path.clone(),
                    op.provenance.map_or("", |p| p.as_str()).to_owned(),
                    op.summary.clone(),
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
    for (slug, spec) in specs() {
        for op in &spec.operations {
            for response in op.responses() {
                if response.status.starts_with('4') || response.status.starts_with('5') {
                    assert!(
                        response.json_schema().is_some(),
                        "{slug}: #{} has no error body schema",
                        response.at
                    );
                }
            }
        }
    }
}
