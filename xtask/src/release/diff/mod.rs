//! What changed between two models of a spec, for users of its crate:
//! [`compare`] lists the changes; [`usage`] finds where each named schema is
//! used; [`rules`] classes every change as breaking or compatible for the
//! generated Rust API; [`report`] words them. Pure: two models in, classified
//! changes out (git and versions are `super::service`'s business).

pub mod compare;
pub mod report;
pub mod rules;
pub mod usage;

use std::collections::BTreeSet;

use serde::Serialize;

use crate::model::Read;
use compare::{Found, Subject};
use rules::{Class, Kind, Side};
use usage::{Usage, join};

/// One classified change.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    pub class: Class,
    pub kind: Kind,
    pub subject: Subject,
    pub place: String,
    pub path: String,
    pub detail: String,
    pub reason: &'static str,
    /// For a change inside a named schema: the operations that use it, with
    /// the path of the changed value from each one's root.
    pub used_by: Vec<Usage>,
}

/// The classified changes between two versions of a spec (`None`: absent).
pub fn changes(old: Option<&Read>, new: Option<&Read>) -> Vec<Change> {
    let whole = |kind| {
        let rule = rules::classify(kind, &[]);
        vec![Change {
            class: rule.class,
            kind,
            subject: Subject::Service,
            place: String::new(),
            path: String::new(),
            detail: String::new(),
            reason: rule.reason,
            used_by: Vec::new(),
        }]
    };
    let (old, new) = match (old, new) {
        (None, None) => return Vec::new(),
        (None, Some(_)) => return whole(Kind::ServiceAdded),
        (Some(_), None) => return whole(Kind::ServiceRemoved),
        (Some(o), Some(n)) if o.document == n.document => return Vec::new(),
        (Some(o), Some(n)) => (&o.spec, &n.spec),
    };
    let found = compare::compare(old, new);
    if found.is_empty() {
        return whole(Kind::Documentation);
    }
    let mut used = usage::usages(old);
    for (name, list) in usage::usages(new) {
        used.entry(name).or_default().extend(list);
    }
    let mut out: Vec<Change> = found
        .into_iter()
        .map(|f| {
            let usages = match &f.subject {
                Subject::Schema(name) => used.get(name).cloned().unwrap_or_default(),
                _ => Vec::new(),
            };
            classify(f, &usages)
        })
        .collect();
    sort(&mut out);
    out
}

/// Breaking first, then by where the change is.
pub fn sort(changes: &mut [Change]) {
    changes.sort_by(|a, b| {
        b.class.cmp(&a.class).then_with(|| {
            (&a.subject, &a.place, &a.path, a.kind, &a.detail)
                .cmp(&(&b.subject, &b.place, &b.path, b.kind, &b.detail))
        })
    });
}

fn classify(found: Found, usages: &[Usage]) -> Change {
    let mut used_by: Vec<Usage> = usages
        .iter()
        .map(|u| Usage {
            path: join(&u.path, &found.path),
            ..u.clone()
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    used_by.dedup();
    let mut sides: Vec<Side> = if matches!(found.subject, Subject::Schema(_)) {
        used_by.iter().map(|u| u.side).collect()
    } else {
        found.sides.clone()
    };
    if found.flips {
        for side in &mut sides {
            if *side == Side::Response {
                *side = Side::DocumentResponse;
            }
        }
    }
    sides.sort();
    sides.dedup();
    let rule = rules::classify(found.kind, &sides);
    Change {
        class: rule.class,
        kind: found.kind,
        subject: found.subject,
        place: found.place,
        path: found.path,
        detail: found.detail,
        reason: rule.reason,
        used_by,
    }
}

/// The worst class among `changes`, or `None` when nothing changed.
pub fn worst(changes: &[Change]) -> Option<Class> {
    changes.iter().map(|c| c.class).max()
}
