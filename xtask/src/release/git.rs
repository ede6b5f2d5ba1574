//! The few git commands the version tools need, run as `git -C <root> …`.

use std::path::Path;
use std::process::{Command, Output};

fn git(root: &Path, args: &[&str]) -> Result<Output, String> {
    Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        // Variables a git hook may have set would point git at another repository.
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .map_err(|e| {
            format!(
                "cannot run git ({e}): the version tools read the specs' history with git; \
                 install git and run from a clone of the repository"
            )
        })
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// Whether `root` is inside a git work tree.
pub fn is_repository(root: &Path) -> Result<bool, String> {
    let output = git(root, &["rev-parse", "--is-inside-work-tree"])?;
    Ok(output.status.success() && stdout(&output) == "true")
}

/// The full hash of a commit, or why `rev` names none.
pub fn commit(root: &Path, rev: &str) -> Result<String, String> {
    let output = git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )?;
    if output.status.success() {
        Ok(stdout(&output))
    } else {
        Err(format!(
            "`{rev}` is not a commit of this repository: give a branch, tag or commit \
             (e.g. `--base HEAD~1` or `--base origin/main`)"
        ))
    }
}

/// The first parent of `commit`, if this clone has it.
pub fn parent(root: &Path, commit: &str) -> Result<Option<String>, String> {
    let output = git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{commit}^1^{{commit}}"),
        ],
    )?;
    Ok(output.status.success().then(|| stdout(&output)))
}

/// The text of `path` at commit `rev` (checked with [`commit`] first), or
/// `None` when the file does not exist there.
pub fn show(root: &Path, rev: &str, path: &str) -> Result<Option<String>, String> {
    let output = git(root, &["cat-file", "blob", &format!("{rev}:{path}")])?;
    Ok(output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned()))
}

/// File names directly under `dir` at commit `rev`.
pub fn list(root: &Path, rev: &str, dir: &str) -> Result<Vec<String>, String> {
    let output = git(root, &["ls-tree", "--name-only", rev, &format!("{dir}/")])?;
    Ok(stdout(&output)
        .lines()
        .filter_map(|l| l.strip_prefix(&format!("{dir}/")).map(str::to_owned))
        .collect())
}

/// Commits of the first-parent history from HEAD that changed any of
/// `paths`, newest first.
pub fn commits_changing(root: &Path, paths: &[String]) -> Result<Vec<String>, String> {
    let mut args = vec!["log", "--first-parent", "--format=%H", "--"];
    args.extend(paths.iter().map(String::as_str));
    let output = git(root, &args)?;
    if !output.status.success() {
        return Err(format!(
            "git log failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(stdout(&output).lines().map(str::to_owned).collect())
}

/// Whether this clone has only part of the history (`git clone --depth`).
pub fn is_shallow(root: &Path) -> Result<bool, String> {
    let output = git(root, &["rev-parse", "--is-shallow-repository"])?;
    Ok(stdout(&output) == "true")
}

/// The abbreviated hash, for messages.
pub fn short(commit: &str) -> &str {
    &commit[..commit.len().min(10)]
}
