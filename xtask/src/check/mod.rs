//! Checking a spec before anything is generated from it: the lint rules
//! ([`lint`]: shapes progenitor cannot take, the project's conventions) and
//! the example check ([`examples`]: every example satisfies its schema).
//! Owns the rules and their messages (JSON pointer and what to change);
//! reads only the model (`crate::model`), never the document.

pub mod examples;
pub mod lint;

use crate::model::{Problem, Read};

/// Every problem of a spec, sorted: what the model could not interpret,
/// what the rules refuse, and (once all that is clean, since examples are
/// checked against schemas that must first resolve) examples that break
/// their schema. Empty: progenitor can take the spec.
pub fn problems(read: &Read) -> Vec<Problem> {
    let spec = &read.spec;
    let mut problems = lint::document(spec);
    if !problems.is_empty() {
        // Everything else assumes 3.0 shapes; stop at the first decisive fault.
        return problems;
    }
    problems.extend(read.problems.iter().cloned());
    problems.extend(lint::rules(spec));
    if problems.is_empty() {
        problems.extend(examples::check(spec));
    }
    problems.sort();
    problems.dedup();
    problems
}
