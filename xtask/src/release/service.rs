//! One service compared between two revisions of its spec (a git commit,
//! or the working tree): the classified changes (with the generator's own
//! changes to the crate's API between them, see [`shape`]), and the
//! versions they call for, printed as text for people or JSON for tools. Both are
//! deterministic: services by slug, changes breaking first, then by subject
//! and place.

use std::path::Path;

use serde::Serialize;

use super::changelog;
use super::diff::rules::Class;
use super::diff::{self, Change, report, worst};
use super::git;
use super::history;
use super::shape;
use super::version::{self, Version};
use crate::model::{self, Read};

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
fn parse(display: &str, slug: &str, text: &str, lint: bool) -> Result<Read, String> {
    let read = model::parse(display, slug, text).map_err(|p| p.to_string())?;
    let problems = if lint {
        crate::check::problems(&read)
    } else {
        Vec::new()
    };
    if problems.is_empty() {
        return Ok(read);
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
    let read = |rev: Option<&str>| -> Result<Option<Read>, String> {
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
        text.map(|t| parse(&display, slug, &t, rev.is_none()))
            .transpose()
    };
    let old_read = read(Some(old))?;
    let new_read = read(new)?;
    let mut changes = diff::changes(old_read.as_ref(), new_read.as_ref());
    // The generator's own changes to the crate's API, made since the base.
    if let (Some(_), Some(now)) = (&old_read, &new_read) {
        let old_shape = shape::revision_at(root, old, slug)?;
        let new_shape = match new {
            Some(rev) => shape::revision_at(root, rev, slug)?,
            None => shape::CURRENT,
        };
        changes.extend(shape::changes(old_shape, new_shape, &now.spec));
        diff::sort(&mut changes);
    }
    let api_version = |read: &Option<Read>| read.as_ref().map(|r| r.spec.api_version.clone());
    let base = history::version_at(root, old, slug)?;
    let class = worst(&changes);
    let next = match (class, new_read.is_some()) {
        (Some(class), true) => Some(base.map_or(version::INITIAL, |b| b.bump(class))),
        _ => None,
    };
    Ok(ServiceDiff {
        slug: slug.to_owned(),
        package: format!("nttcom-{slug}"),
        spec: spec_path,
        api_version: (api_version(&old_read), api_version(&new_read)),
        class,
        changes,
        versions: Versions {
            base,
            next,
            changelog: history::changelog_version(root, slug)?,
        },
    })
}

/// Writes the release section a diff calls for; new and removed services
/// have none (`generate` starts a new crate's changelog).
pub fn write_release(root: &Path, d: &mut ServiceDiff, date: &str) -> Result<(), String> {
    let (Some(next), Some(_)) = (d.versions.next, d.versions.base) else {
        return Ok(());
    };
    let relative = changelog::path(&d.slug);
    let path = root.join(&relative);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "cannot read {relative} ({e}): run `cargo xtask generate {}` first",
            d.slug
        )
    })?;
    let body = changelog::release_body(&d.spec, &d.api_version, &d.changes);
    let updated = changelog::with_release(&text, d.versions.base, next, date, &body);
    if updated != text {
        crate::files::write_atomically(&path, updated.as_bytes())
            .map_err(|e| format!("cannot write {relative}: {e}"))?;
        eprintln!(
            "{relative}: release {next} written; run `cargo xtask generate {}` to carry it into \
             the crate (its Cargo.toml and CHANGELOG.md)",
            d.slug
        );
    }
    d.versions.changelog = changelog::newest(&relative, &updated)
        .ok()
        .map(|r| r.version);
    Ok(())
}

/// `nttcom-ipoe  0.1.0 → 0.2.0  breaking` and what to do about it.
fn version_line(diff: &ServiceDiff, width: usize) -> String {
    let v = &diff.versions;
    let show = |v: Option<crate::release::version::Version>| {
        v.map_or("none".to_owned(), |v| v.to_string())
    };
    let (versions, what) = match (diff.class, v.next) {
        (None, _) => (show(v.base), "no change".to_owned()),
        (Some(_), None) => (
            show(v.base),
            "removed: the crate is no longer generated".to_owned(),
        ),
        (Some(class), Some(next)) => {
            let todo = if v.changelog.is_some_and(|c| c >= next) {
                format!("{} has {}", changelog::path(&diff.slug), show(v.changelog))
            } else {
                format!(
                    "{} has {}: run `cargo xtask diff --changelog {}`",
                    changelog::path(&diff.slug),
                    show(v.changelog),
                    diff.slug
                )
            };
            let from = if v.base.is_some() {
                show(v.base)
            } else {
                "new".to_owned()
            };
            (
                format!("{from} → {next}"),
                format!("{}; {todo}", class.as_str()),
            )
        }
    };
    format!("  {:<width$}  {versions:<15}  {what}\n", diff.package)
}

pub fn text(diffs: &[ServiceDiff], base: &str) -> String {
    let mut out = String::new();
    for diff in diffs {
        let api = match &diff.api_version {
            (Some(old), Some(new)) if old != new => format!(", API version {old} → {new}"),
            (_, Some(v)) | (Some(v), None) => format!(", API version {v}"),
            (None, None) => String::new(),
        };
        let count = |class| diff.changes.iter().filter(|c| c.class == class).count();
        let summary = match diff.class {
            None => format!("no change since {base}"),
            Some(_) => format!(
                "{} breaking, {} compatible",
                count(Class::Breaking),
                count(Class::Compatible)
            ),
        };
        out.push_str(&format!("{} ({}{api}): {summary}\n", diff.slug, diff.spec));
        out.push_str(&report::changes_text(&diff.changes));
        out.push('\n');
    }
    let width = diffs.iter().map(|d| d.package.len()).max().unwrap_or(0);
    out.push_str("Versions (0.x: breaking → minor bump, otherwise patch; no change, no bump):\n");
    for diff in diffs {
        out.push_str(&version_line(diff, width));
    }
    out
}

pub fn json(diffs: &[ServiceDiff], base: &str) -> String {
    let value = serde_json::json!({ "base": base, "services": diffs });
    let mut text = serde_json::to_string_pretty(&value).expect("diffs serialize");
    text.push('\n');
    text
}
