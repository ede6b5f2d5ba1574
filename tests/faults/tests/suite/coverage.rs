//! The call table has every operation of every spec, and nothing else: a new
//! operation (or spec) fails here until it is added to `calls`.

use std::collections::BTreeSet;

use crate::calls::table;
use crate::specs;

#[test]
fn the_call_table_has_every_operation_of_every_spec() {
    let declared: BTreeSet<(String, String)> = specs::all()
        .iter()
        .flat_map(|s| s.operations.iter().map(|o| (s.slug.clone(), o.id.clone())))
        .collect();
    let called: BTreeSet<(String, String)> = table()
        .iter()
        .map(|e| (e.slug.to_owned(), e.id.to_owned()))
        .collect();
    let missing: Vec<_> = declared.difference(&called).collect();
    let unknown: Vec<_> = called.difference(&declared).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "tests/faults/tests/suite/calls.rs: missing {missing:?}, not in the specs {unknown:?}"
    );
}
