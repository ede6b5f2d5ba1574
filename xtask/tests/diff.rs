//! The diff on fixture spec pairs, `tests/fixtures/diff/<case>/{before,after}.yaml`
//! (a missing file is a spec that does not exist): one reviewed snapshot per
//! case, each change with its class and reason. Together the cases exercise
//! every rule of the table.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;
use xtask::model::Read;
use xtask::release::diff::{self, Change, rules};

const CASES: [&str; 14] = [
    "operations",
    "extensions",
    "parameters",
    "request-body",
    "response-fields",
    "document-required",
    "shared-schema",
    "schemas",
    "servers-auth",
    "token-exchange-added",
    "token-exchange-removed",
    "documentation",
    "service-added",
    "service-removed",
];

fn spec(case: &str, side: &str) -> Option<Read> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diff")
        .join(case)
        .join(format!("{side}.yaml"));
    let text = std::fs::read_to_string(&path).ok()?;
    Some(xtask::model::parse(&path.display().to_string(), case, &text).expect("fixture is YAML"))
}

fn changes(case: &str) -> Vec<Change> {
    let (before, after) = (spec(case, "before"), spec(case, "after"));
    assert!(before.is_some() || after.is_some(), "{case}: no fixture");
    diff::changes(before.as_ref(), after.as_ref())
}

fn snapshot(case: &str) {
    let changes = changes(case);
    assert!(!changes.is_empty(), "{case}: no change found");
    insta::assert_snapshot!(case.to_owned(), diff::report::changes_text(&changes));
}

#[test]
fn operations() {
    snapshot("operations");
}

#[test]
fn extensions() {
    snapshot("extensions");
}

#[test]
fn parameters() {
    snapshot("parameters");
}

#[test]
fn request_body() {
    snapshot("request-body");
}

#[test]
fn response_fields() {
    snapshot("response-fields");
}

#[test]
fn document_required() {
    snapshot("document-required");
}

#[test]
fn shared_schema() {
    snapshot("shared-schema");
}

#[test]
fn schemas() {
    snapshot("schemas");
}

#[test]
fn servers_and_auth() {
    snapshot("servers-auth");
    snapshot("token-exchange-added");
    snapshot("token-exchange-removed");
}

#[test]
fn documentation_only() {
    snapshot("documentation");
}

#[test]
fn whole_services() {
    snapshot("service-added");
    snapshot("service-removed");
}

#[test]
fn a_spec_compared_with_itself_has_no_change() {
    for case in CASES {
        for side in ["before", "after"] {
            if let Some(s) = spec(case, side) {
                assert_eq!(diff::changes(Some(&s), Some(&s)), Vec::new(), "{case}");
            }
        }
    }
}

/// Both spellings of a nullable reference are `Option<T>` in Rust.
#[test]
fn respelling_a_nullable_reference_changes_no_type() {
    let spec = |field: Value| {
        serde_json::json!({
            "openapi": "3.0.3",
            "components": {"schemas": {
                "User": {"type": "object", "properties": {"id": {"type": "string"}}},
                "Item": {"type": "object", "properties": {"owner": field}}
            }}
        })
    };
    let reference = serde_json::json!({"$ref": "#/components/schemas/User"});
    let old = spec(serde_json::json!({"nullable": true, "allOf": [reference]}));
    let new = spec(serde_json::json!({
        "anyOf": [reference, {"type": "object", "nullable": true, "enum": [null]}]
    }));
    let read = |spec: Value| xtask::model::from_value("item.yaml", "item", spec);
    let kinds: Vec<_> = diff::changes(Some(&read(old)), Some(&read(new)))
        .iter()
        .map(|c| c.kind)
        .collect();
    assert_eq!(kinds, [rules::Kind::Documentation]);
}

#[test]
fn the_json_report_is_stable() {
    let changes = changes("shared-schema");
    let json = serde_json::to_string_pretty(&changes).expect("serializes");
    insta::assert_snapshot!("shared-schema.json", json);
}

/// A rule no fixture reaches is a rule nobody has seen work. (The
/// generator's own changes are reached by the revisions that list them.)
#[test]
fn every_rule_is_exercised_by_a_case() {
    // Some of the generator's changes apply only to a crate with unions, or
    // with streams and waiters: one fixture has each.
    let generator = ["schemas", "extensions"].into_iter().flat_map(|case| {
        let read = spec(case, "after").expect("fixture");
        xtask::release::shape::changes(0, xtask::release::shape::CURRENT, &read.spec)
    });
    let seen: BTreeSet<(String, &str)> = CASES
        .iter()
        .flat_map(|case| changes(case))
        .chain(generator)
        .map(|c| (format!("{:?}", c.kind), c.reason))
        .collect();
    let missing: Vec<String> = rules::RULES
        .iter()
        .filter(|r| !seen.contains(&(format!("{:?}", r.kind), r.reason)))
        .map(|r| format!("{:?} ({:?}): {}", r.kind, r.applies, r.reason))
        .collect();
    assert!(
        missing.is_empty(),
        "rules no fixture exercises:\n{}",
        missing.join("\n")
    );
}
