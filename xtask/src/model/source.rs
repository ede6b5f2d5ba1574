//! Loading a spec: YAML text to a JSON tree (for linting with exact pointers),
//! then to `openapiv3::OpenAPI` (for progenitor).

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::model::problem::{Problem, pointer_push};

/// HTTP methods an OpenAPI path item can hold, in the order progenitor reads them.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// A spec file as read from disk, before any checking.
pub struct SpecFile {
    /// Service slug: the file stem (`specs/ipoe.yaml` is `ipoe`).
    pub slug: String,
    /// Path as shown in messages and generated headers, relative to the workspace.
    pub display_path: String,
    pub path: PathBuf,
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

/// Converts a linted JSON tree into the typed document progenitor takes.
/// A field of the wrong shape is reported at its JSON pointer.
pub fn to_openapi(file: &str, raw: &Value) -> Result<openapiv3::OpenAPI, Problem> {
    deserialize_at::<openapiv3::OpenAPI>(raw, "").map_err(|(pointer, message)| {
        // `paths` is a flattened map, where serde loses track of the position:
        // retry its items one by one to point inside the faulty one.
        let (pointer, message) = match raw.get("paths").and_then(Value::as_object) {
            Some(paths) if pointer == "/paths" => paths
                .iter()
                .find_map(|(path, item)| {
                    deserialize_at::<openapiv3::PathItem>(item, &pointer_push("/paths", path)).err()
                })
                .unwrap_or((pointer, message)),
            _ => (pointer, message),
        };
        Problem::at(
            file,
            &pointer,
            format!(
                "not a valid OpenAPI 3.0 document here: {message}; fix the value to match the \
                 OpenAPI 3.0.3 schema"
            ),
        )
    })
}

/// Deserializes `value`; on failure, the JSON pointer (under `base`) of the fault.
fn deserialize_at<T: serde::de::DeserializeOwned>(
    value: &Value,
    base: &str,
) -> Result<T, (String, String)> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        use serde_path_to_error::Segment;
        let pointer = e.path().iter().fold(base.to_owned(), |p, seg| match seg {
            Segment::Seq { index } => pointer_push(&p, &index.to_string()),
            Segment::Map { key } => pointer_push(&p, key),
            // Enum variants and unknown steps are not positions in the document.
            Segment::Enum { .. } | Segment::Unknown => p,
        });
        (pointer, e.inner().to_string())
    })
}

/// One operation of the raw document, with the pointer to it.
pub struct RawOperation<'a> {
    pub path: &'a str,
    pub method: &'static str,
    pub pointer: String,
    /// Pointer to the path item holding the operation.
    pub item_pointer: String,
    pub op: &'a Value,
    /// Parameters declared on the path item, shared by its operations.
    pub path_params: Option<&'a Value>,
}

impl<'a> RawOperation<'a> {
    /// The operation's parameters, path-item ones first, with `$ref`s followed.
    pub fn parameters(&self, raw: &'a Value) -> Vec<&'a Value> {
        self.path_params
            .and_then(Value::as_array)
            .into_iter()
            .chain(self.op.get("parameters").and_then(Value::as_array))
            .flatten()
            .filter_map(|p| resolve(raw, p))
            .collect()
    }
}

/// All operations of a raw document in document order.
pub fn operations(raw: &Value) -> Vec<RawOperation<'_>> {
    let Some(paths) = raw.get("paths").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (path, item) in paths {
        let item_pointer = pointer_push("/paths", path);
        for method in METHODS {
            if let Some(op) = item.get(method) {
                out.push(RawOperation {
                    path,
                    method,
                    pointer: pointer_push(&item_pointer, method),
                    item_pointer: item_pointer.clone(),
                    op,
                    path_params: item.get("parameters"),
                });
            }
        }
    }
    out
}

/// Follows a local `$ref` (`#/components/...`) one or more times.
pub fn resolve<'a>(raw: &'a Value, mut value: &'a Value) -> Option<&'a Value> {
    for _ in 0..16 {
        match value.get("$ref").and_then(Value::as_str) {
            Some(reference) => value = raw.pointer(reference.strip_prefix('#')?)?,
            None => return Some(value),
        }
    }
    None
}
