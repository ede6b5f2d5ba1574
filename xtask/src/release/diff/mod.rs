//! `cargo xtask diff`: what a spec change means for users of its crate.
//!
//! [`model`] reads each spec once; [`compare`] lists what changed between two
//! models; [`usage`] finds where each named schema is used; [`rules`] classes
//! every change as breaking or compatible for the generated Rust API;
//! [`report`] prints the result. [`service_diff`] ties them to git and to the
//! crate's version.

pub mod compare;
pub mod model;
pub mod report;
pub mod rules;
pub mod usage;

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::model::source as spec;
use crate::release::version::{self, Version};
use crate::release::{check as release, git};
use compare::{Found, Subject};
use model::Model;
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
pub fn changes(old: Option<&Value>, new: Option<&Value>) -> Vec<Change> {
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
        (Some(o), Some(n)) if o == n => return Vec::new(),
        (Some(o), Some(n)) => (Model::read(o), Model::read(n)),
    };
    let found = compare::compare(&old, &new);
    if found.is_empty() {
        return whole(Kind::Documentation);
    }
    let mut used = usage::usages(&old);
    for (name, list) in usage::usages(&new) {
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
    // Breaking first, then by where the change is.
    out.sort_by(|a, b| {
        b.class.cmp(&a.class).then_with(|| {
            (&a.subject, &a.place, &a.path, a.kind, &a.detail)
                .cmp(&(&b.subject, &b.place, &b.path, b.kind, &b.detail))
        })
    });
    out
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

/// One service compared between a git revision and the working tree.
#[derive(Debug, Serialize)]
pub struct ServiceDiff {
    pub slug: String,
    #[serde(rename = "crate")]
    pub package: String,
    pub spec: String,
    /// `info.version` at the base and now (`None`: no spec).
    pub api_version: (Option<String>, Option<String>),
    /// The worst change, `None` when nothing changed.
    pub class: Option<Class>,
    pub changes: Vec<Change>,
    pub versions: Versions,
}

/// The crate's version at the base, the version the change calls for, and
/// the newest release in the working tree's CHANGELOG.md.
#[derive(Debug, Serialize)]
pub struct Versions {
    pub base: Option<Version>,
    pub next: Option<Version>,
    pub changelog: Option<Version>,
}

/// Reads a spec's YAML text; the working-tree spec must also pass the lint,
/// since its crate is generated from it.
fn parse(display: &str, text: &str, lint: bool) -> Result<Value, String> {
    let raw = spec::parse_yaml(display, text).map_err(|p| p.to_string())?;
    let problems = if lint {
        crate::check::lint::lint(display, &raw)
    } else {
        Vec::new()
    };
    if problems.is_empty() {
        return Ok(raw);
    }
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    Err(format!("{}\nfix the spec first", lines.join("\n")))
}

/// Compares `specs/<slug>.yaml` at git revision `base` with the working tree.
pub fn service_diff(root: &Path, base: &str, slug: &str) -> Result<ServiceDiff, String> {
    service_diff_between(root, base, None, slug)
}

/// Compares a spec at git revision `old` with revision `new` (`None`: the
/// working tree).
pub fn service_diff_between(
    root: &Path,
    old: &str,
    new: Option<&str>,
    slug: &str,
) -> Result<ServiceDiff, String> {
    let spec_path = format!("specs/{slug}.yaml");
    let read = |rev: Option<&str>| -> Result<Option<Value>, String> {
        let text = match rev {
            Some(rev) => git::show(root, rev, &spec_path)?,
            None => match std::fs::read_to_string(root.join(&spec_path)) {
                Ok(text) => Some(text),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => return Err(format!("cannot read {spec_path}: {e}")),
            },
        };
        let display = match rev {
            Some(rev) => format!("{rev}:{spec_path}"),
            None => spec_path.clone(),
        };
        text.map(|t| parse(&display, &t, rev.is_none())).transpose()
    };
    let old_raw = read(Some(old))?;
    let new_raw = read(new)?;
    let changes = changes(old_raw.as_ref(), new_raw.as_ref());
    let api_version = |raw: &Option<Value>| {
        raw.as_ref().map(|r| {
            r.pointer("/info/version")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned()
        })
    };
    let base = release::version_at(root, old, slug)?;
    let class = worst(&changes);
    let next = match (class, new_raw.is_some()) {
        (Some(class), true) => Some(base.map_or(version::INITIAL, |b| b.bump(class))),
        _ => None,
    };
    Ok(ServiceDiff {
        slug: slug.to_owned(),
        package: format!("nttcom-{slug}"),
        spec: spec_path,
        api_version: (api_version(&old_raw), api_version(&new_raw)),
        class,
        changes,
        versions: Versions {
            base,
            next,
            changelog: release::changelog_version(root, slug)?,
        },
    })
}
