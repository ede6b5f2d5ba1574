//! A crate's version across git history: from its release history, or,
//! in history from before the changelogs, from its Cargo.toml.

use std::path::Path;

use crate::release::changelog;
use crate::release::git;
use crate::release::version::Version;

/// The newest release in the working tree's release history, `None` without one.
pub fn changelog_version(root: &Path, slug: &str) -> Result<Option<Version>, String> {
    Ok(changelog::read(root, slug)?.map(|c| c.version))
}

/// The newest release in the release history at commit `rev`, if it has
/// one: in `changelogs/<slug>.md`, or where it was kept before.
pub fn changelog_version_at(root: &Path, rev: &str, slug: &str) -> Result<Option<Version>, String> {
    for path in changelog::paths(slug) {
        if let Some(text) = git::show(root, rev, &path)? {
            return Ok(changelog::newest(&path, &text).ok().map(|r| r.version));
        }
    }
    Ok(None)
}

/// The crate's version at commit `rev`: its release history's newest release,
/// or, in history from before the changelogs, its Cargo.toml's (the
/// workspace's when inherited). `None` when the crate did not exist.
pub fn version_at(root: &Path, rev: &str, slug: &str) -> Result<Option<Version>, String> {
    if let Some(version) = changelog_version_at(root, rev, slug)? {
        return Ok(Some(version));
    }
    let Some(manifest) = git::show(root, rev, &format!("crates/{slug}/Cargo.toml"))? else {
        return Ok(None);
    };
    let version = match toml_string(&manifest, "package", "version") {
        Some(version) => Some(version),
        None => git::show(root, rev, "Cargo.toml")?
            .and_then(|m| toml_string(&m, "workspace.package", "version")),
    };
    Ok(version.as_deref().and_then(Version::parse))
}

/// `key = "value"` in `[table]` of a simple TOML file.
fn toml_string(text: &str, table: &str, key: &str) -> Option<String> {
    let mut current = "";
    for line in text.lines().map(str::trim) {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = name;
        } else if current == table {
            let (k, v) = line.split_once('=')?;
            if k.trim() == key {
                return Some(v.trim().trim_matches('"').to_owned());
            }
        }
    }
    None
}
