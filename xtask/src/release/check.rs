//! Crate versions across git history, and `cargo xtask check-version`: a
//! breaking spec change must come with a big enough version bump.
//!
//! A version counts as released at the commit that set it (the first-parent
//! commit whose release history first shows it). The check asks two things:
//! - since that commit, has the spec changed? Breaking: fail (the next
//!   version must be a bump); compatible: warn.
//! - was that bump big enough for the spec changes between the previous
//!   version's commit and it?
//!
//! On a shallow clone the commits may be missing: the check then says so and
//! skips, rather than guess.

use std::path::Path;

use crate::release::changelog;
use crate::release::diff::rules::Class;
use crate::release::diff::{Change, report};
use crate::release::git;
use crate::release::history::{changelog_version, changelog_version_at};
use crate::release::service::service_diff_between;
use crate::release::version::Version;

/// What `check-version` found for one crate.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Ok,
    /// Compatible spec changes since the version was set: fine to merge,
    /// but the next release should bump.
    Warn,
    Fail,
    /// The history needed is not in this clone (or there is no git).
    Skip,
}

pub struct Outcome {
    pub slug: String,
    pub verdict: Verdict,
    /// One line, then details.
    pub message: String,
}

/// A point in the first-parent history of a changelog: a commit, or the
/// working tree (`None`) when it holds an uncommitted version.
type Point = Option<String>;

fn name(point: &Point) -> String {
    point.as_deref().map_or_else(
        || "the working tree".to_owned(),
        |c| format!("commit {}", git::short(c)),
    )
}

fn breaking_list(changes: &[Change]) -> String {
    changes
        .iter()
        .filter(|c| c.class == Class::Breaking)
        .map(|c| format!("    breaking: {} ({})\n", report::headline(c), c.reason))
        .collect()
}

/// Where the current version and the one before it were set.
struct History {
    /// The commit that set the current version (the working tree: not committed yet).
    set_at: Point,
    /// The previous version and the commit that set it, if any.
    previous: Option<(Version, String)>,
    /// The oldest commit seen (`set_at`, else the previous version's) is the
    /// end of a shallow clone: that version may have been set earlier, in
    /// history this clone does not have.
    cut_off: bool,
}

fn history(root: &Path, slug: &str, version: Version) -> Result<History, String> {
    // Runs of equal versions, newest first: the current version's run ends at
    // the commit that set it; the run after it is the previous version's.
    let mut points: Vec<Point> = Vec::new();
    if changelog_version_at(root, "HEAD", slug)? != Some(version) {
        points.push(None);
    }
    let commits = git::commits_changing(root, &changelog::paths(slug))?;
    points.extend(commits.into_iter().map(Some));
    let mut runs: Vec<(Option<Version>, Point)> = Vec::new();
    for point in points {
        let v = match &point {
            None => Some(version),
            Some(c) => changelog_version_at(root, c, slug)?,
        };
        if let Some((_, start)) = runs.last_mut().filter(|(last, _)| *last == v) {
            *start = point;
        } else if runs.len() == 2 {
            break;
        } else {
            runs.push((v, point));
        }
    }
    // No commit at all: a changelog not committed yet, for a version HEAD
    // already had (from before changelogs).
    let set_at = runs
        .first()
        .map_or(Some("HEAD".to_owned()), |(_, p)| p.clone());
    // Only the first point can be the working tree, so the previous is a commit.
    let previous = match runs.get(1) {
        Some((Some(v), Some(commit))) => Some((*v, commit.clone())),
        _ => None,
    };
    let oldest = previous
        .as_ref()
        .map_or(set_at.as_deref(), |(_, c)| Some(c));
    let cut_off = match oldest {
        Some(commit) => git::parent(root, commit)?.is_none() && git::is_shallow(root)?,
        None => false,
    };
    Ok(History {
        set_at,
        previous,
        cut_off,
    })
}

/// Checks one crate's version against its spec's history.
pub fn check(root: &Path, slug: &str) -> Result<Outcome, String> {
    let outcome = |verdict, message: String| {
        Ok(Outcome {
            slug: slug.to_owned(),
            verdict,
            message,
        })
    };
    let Some(version) = changelog_version(root, slug)? else {
        let path = changelog::path(slug);
        return outcome(
            Verdict::Fail,
            format!("no {path}: run `cargo xtask generate {slug}`"),
        );
    };
    if !git::is_repository(root)? {
        let message = "not a git clone, so there is no history to compare with";
        return outcome(Verdict::Skip, message.to_owned());
    }
    let History {
        set_at,
        previous,
        cut_off,
    } = history(root, slug, version)?;
    if cut_off && previous.is_none() {
        return outcome(
            Verdict::Skip,
            format!(
                "this clone is shallow and does not show where {version} was set; fetch the \
                 history (`git fetch --unshallow`) to check the version"
            ),
        );
    }
    let set = format!("{version} (set in {}", name(&set_at));
    // (1) Spec changes since the version was set need a new version. (Set in
    // the working tree: nothing can have changed since.)
    if let Some(commit) = &set_at {
        let since = service_diff_between(root, commit, None, slug)?;
        let todo = format!(
            "run `cargo xtask diff --base {} --changelog {slug}`, then `cargo xtask generate {slug}`",
            git::short(commit)
        );
        let (verdict, message) = match since.class {
            Some(Class::Breaking) => (
                Verdict::Fail,
                format!(
                    "{set}) but the spec has breaking changes since: publish as {}\n{}  {todo}",
                    version.bump(Class::Breaking),
                    breaking_list(&since.changes)
                ),
            ),
            Some(Class::Compatible) => (
                Verdict::Warn,
                format!(
                    "{set}); compatible spec changes since: the next release is {}; {todo}",
                    version.bump(Class::Compatible)
                ),
            ),
            None => (Verdict::Ok, String::new()),
        };
        if verdict != Verdict::Ok {
            return outcome(verdict, message);
        }
    }
    // (2) The bump that set the version covers the changes it released.
    let Some((previous, previous_set_at)) = previous else {
        return outcome(
            Verdict::Ok,
            format!("{set}, its first version): spec unchanged since"),
        );
    };
    if version < previous {
        return outcome(
            Verdict::Fail,
            format!("{set}) is lower than the previous {previous}: versions only go up"),
        );
    }
    if cut_off {
        return outcome(
            Verdict::Skip,
            format!(
                "{set}): spec unchanged since; the bump from {previous} is not checked: this \
                 clone is shallow and does not show where {previous} was set (`git fetch \
                 --unshallow`)"
            ),
        );
    }
    let released = service_diff_between(root, &previous_set_at, set_at.as_deref(), slug)?;
    if released.class == Some(Class::Breaking) && !previous.allows(version, Class::Breaking) {
        return outcome(
            Verdict::Fail,
            format!(
                "{set}) follows {previous}, but the spec changes it releases are breaking: the \
                 version must be at least {}\n{}  fix the newest heading of {} and run \
                 `cargo xtask generate {slug}`",
                previous.bump(Class::Breaking),
                breaking_list(&released.changes),
                changelog::path(slug)
            ),
        );
    }
    outcome(
        Verdict::Ok,
        format!("{set}, after {previous}): spec unchanged since"),
    )
}
