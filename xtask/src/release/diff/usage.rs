//! Which operations use each named schema, in which direction, and where:
//! `list_orders response 200` at `orders[].status`. A change inside a schema
//! is classified by the directions it travels and shown with these places.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::Serialize;

use super::compare::{self, Ty, View, view};
use super::rules::Side;
use crate::model::Spec;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Usage {
    pub operation: String,
    /// `parameter `id``, `request body`, `response 200` or `error response`.
    pub place: String,
    #[serde(skip)]
    pub side: Side,
    /// Path from the place's root to the schema, e.g. `orders[]`.
    pub path: String,
}

/// Usages of every schema reachable from an operation, keyed by schema name.
/// Each (operation, place) lists a schema once, at its shortest path.
pub fn usages(spec: &Spec) -> BTreeMap<String, Vec<Usage>> {
    let mut out: BTreeMap<String, Vec<Usage>> = BTreeMap::new();
    for (id, op) in compare::operations(spec) {
        let mut roots: Vec<(String, Side, View<'_>)> = compare::parameters(op)
            .into_iter()
            .map(|(name, p)| {
                let schema = View::of(p.schema.as_ref());
                (format!("parameter `{name}`"), Side::Request, schema)
            })
            .collect();
        roots.extend(
            compare::body(op).map(|(_, schema)| ("request body".to_owned(), Side::Request, schema)),
        );
        roots.extend(
            compare::response(op, true)
                .map(|(status, s)| (format!("response {status}"), Side::Response, s)),
        );
        roots.extend(
            compare::response(op, false)
                .map(|(_, s)| ("error response".to_owned(), Side::Response, s)),
        );
        for (place, side, root) in roots {
            for (name, path) in reachable(spec, root) {
                out.entry(name).or_default().push(Usage {
                    operation: id.clone(),
                    place: place.clone(),
                    side,
                    path,
                });
            }
        }
    }
    out
}

/// Named schemas reachable from `root`, breadth first, with their first path.
fn reachable(spec: &Spec, root: View<'_>) -> Vec<(String, String)> {
    let mut seen = BTreeSet::new();
    let mut found = Vec::new();
    let mut queue = VecDeque::from([(root, String::new())]);
    while let Some((schema, path)) = queue.pop_front() {
        match schema.ty {
            Ty::Ref(name) => {
                if seen.insert(name.to_owned()) {
                    found.push((name.to_owned(), path.clone()));
                    if let Some(target) = spec.schemas.get(name) {
                        queue.push_back((view(target), path));
                    }
                }
            }
            Ty::Object(object) => {
                for (property, s) in &object.properties {
                    queue.push_back((view(s), join(&path, property)));
                }
            }
            Ty::Array(items) => queue.push_back((View::of(items), format!("{path}[]"))),
            Ty::Composite { variants, .. } => {
                queue.extend(variants.iter().map(|v| (view(v), path.clone())));
            }
            Ty::Scalar { .. } | Ty::Any => {}
        }
    }
    found
}

/// `a.b` from a path and a field name (or a relative path).
pub fn join(path: &str, field: &str) -> String {
    match (path.is_empty(), field.is_empty()) {
        (true, _) => field.to_owned(),
        (_, true) => path.to_owned(),
        _ if field.starts_with('[') => format!("{path}{field}"),
        _ => format!("{path}.{field}"),
    }
}
