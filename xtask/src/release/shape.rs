//! Changes of the generated Rust API that come from the generator, not from
//! a spec: a new way every crate reads responses, say. The diff of two
//! specs cannot see them, so each is listed here, in the order made; a
//! crate records the revision it was generated at (`api-shape` in its
//! `Cargo.toml`, the number of entries of [`REVISIONS`] then), and `cargo
//! xtask diff` (hence `check-version` and `--changelog`) adds the entries
//! between the base's revision and this generator's to the spec's changes.

use std::path::Path;

use super::diff::Change;
use super::diff::compare::Subject;
use super::diff::rules::{self, Kind};
use super::git;
use crate::model::Spec;

/// The generator's changes to the generated API, one list per revision.
pub const REVISIONS: &[&[Kind]] = &[
    // 1 (issue 19): nothing the server sends is lost.
    &[
        Kind::ObjectsKeepUnknown,
        Kind::UnionsKeepOther,
        Kind::ResponsesLoseNothing,
    ],
    // 2 (issue 15): the request path goes through the runtime directly.
    &[
        Kind::ConstructorsRemoved,
        Kind::PerCallSettings,
        Kind::OwnedStreamsAndWaiters,
    ],
];

/// The revision this generator writes.
pub const CURRENT: usize = REVISIONS.len();

/// The revision crate `slug` was generated at, at git revision `rev` (0:
/// before revisions were recorded, or no crate).
pub fn revision_at(root: &Path, rev: &str, slug: &str) -> Result<usize, String> {
    let manifest = git::show(root, rev, &format!("crates/{slug}/Cargo.toml"))?;
    Ok(manifest.as_deref().and_then(revision_in).unwrap_or(0))
}

/// `api-shape = N` of a generated `Cargo.toml`.
fn revision_in(manifest: &str) -> Option<usize> {
    manifest
        .lines()
        .find_map(|line| line.trim().strip_prefix("api-shape"))
        .and_then(|rest| rest.trim().strip_prefix('='))
        .and_then(|n| n.trim().parse().ok())
}

/// The classified changes between revisions `old` and `new` of the
/// generated API (none when `new` is not later) to the crate of `spec`.
pub fn changes(old: usize, new: usize, spec: &Spec) -> Vec<Change> {
    REVISIONS
        .iter()
        .take(new)
        .skip(old)
        .flat_map(|kinds| kinds.iter())
        .filter(|kind| applies(**kind, spec))
        .map(|kind| {
            let rule = rules::classify(*kind, &[]);
            Change {
                class: rule.class,
                kind: *kind,
                subject: Subject::Generator,
                place: String::new(),
                path: String::new(),
                detail: String::new(),
                reason: rule.reason,
                used_by: Vec::new(),
            }
        })
        .collect()
}

/// Whether the crate of `spec` has what a change is about: only a spec with
/// a `oneOf`/`anyOf` (a nullable reference aside) has unions, only one with
/// `x-pagination` or `x-waiters` has streams or waiters.
fn applies(kind: Kind, spec: &Spec) -> bool {
    match kind {
        Kind::UnionsKeepOther => spec.all_schemas().iter().any(|s| {
            !s.one_of.is_empty() || (!s.any_of.is_empty() && s.nullable_reference().is_none())
        }),
        Kind::OwnedStreamsAndWaiters => spec
            .operations
            .iter()
            .any(|op| op.pagination.is_some() || !op.waiters.is_empty()),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::release::diff::rules::Class;

    #[test]
    fn a_revision_is_read_from_the_manifest() {
        let manifest = "[package.metadata.nttcom]\napi-version = \"1.0\"\napi-shape = 1\n";
        assert_eq!(revision_in(manifest), Some(1));
        assert_eq!(revision_in("[package]\nname = \"x\"\n"), None);
    }

    fn spec(schemas: serde_json::Value) -> Spec {
        let raw = serde_json::json!({"components": {"schemas": schemas}});
        crate::model::from_value("s.yaml", "s", raw).spec
    }

    #[test]
    fn the_changes_between_revisions_are_those_made_since() {
        let with_union = spec(serde_json::json!({
            "Code": {"oneOf": [{"type": "integer"}, {"type": "string"}]}
        }));
        assert!(changes(CURRENT, CURRENT, &with_union).is_empty());
        let since_none = changes(0, 1, &with_union);
        let kinds: Vec<Kind> = since_none.iter().map(|c| c.kind).collect();
        assert_eq!(kinds, REVISIONS[0]);
        let without = spec(serde_json::json!({"Item": {"type": "object"}}));
        let kinds: Vec<Kind> = changes(0, 1, &without).iter().map(|c| c.kind).collect();
        assert!(
            !kinds.contains(&Kind::UnionsKeepOther),
            "no union to change"
        );
        assert!(
            since_none.iter().any(|c| c.class == Class::Breaking),
            "new fields and variants break struct literals and exhaustive matches"
        );
    }
}
