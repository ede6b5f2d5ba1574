//! A spec file on disk, and its YAML text parsed into a JSON tree (which
//! [`super::reader`] reads into the model, with exact JSON pointers).

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::problem::Problem;

/// A spec file as read from disk, before any checking.
pub struct SpecFile {
    /// Service slug: the file stem (`specs/ipoe.yaml` is `ipoe`).
    pub slug: String,
    /// Path as shown in messages and generated headers, relative to the workspace.
    pub display_path: String,
    pub path: PathBuf,
    /// The workspace root.
    pub root: PathBuf,
    /// The generated crate's directory, `<root>/crates/<slug>`.
    pub crate_dir: PathBuf,
}

impl SpecFile {
    pub fn new(root: &Path, path: PathBuf) -> Self {
        let slug = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let display_path = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        Self {
            crate_dir: root.join("crates").join(&slug),
            root: root.to_path_buf(),
            slug,
            display_path,
            path,
        }
    }

    /// Reads and parses the YAML. Syntax errors carry line and column.
    pub fn read(&self) -> Result<Value, Problem> {
        let text = std::fs::read_to_string(&self.path).map_err(|e| Problem {
            file: self.display_path.clone(),
            location: "-".into(),
            message: format!("cannot read the file: {e}"),
        })?;
        parse_yaml(&self.display_path, &text)
    }
}

/// Parses YAML text into a JSON tree; a syntax error names `file:line:column`.
pub fn parse_yaml(file: &str, text: &str) -> Result<Value, Problem> {
    serde_yaml::from_str::<Value>(text).map_err(|e| {
        let location = e
            .location()
            .map(|l| format!("{}:{}", l.line(), l.column()))
            .unwrap_or_else(|| "-".into());
        Problem {
            file: file.to_owned(),
            location,
            message: format!("malformed YAML: {e}"),
        }
    })
}
