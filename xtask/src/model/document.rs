//! The spec document itself, kept for the one consumer that needs OpenAPI
//! rather than the model: progenitor, which takes an `openapiv3::OpenAPI`.
//! Nothing reads the tree through it; the generate stage hands it edits
//! (made from the model, at the model's JSON pointers) and gets the typed
//! document back.

use serde_json::Value;

use super::problem::{Problem, pointer_push};

/// The parsed document of a spec.
#[derive(Debug, Default)]
pub struct Document {
    file: String,
    value: Value,
}

/// A change to the document, at the JSON pointer of an object in it.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Removes member `key` of the object at `at`.
    Remove { at: String, key: &'static str },
    /// Sets member `key` of the object at `at`.
    Set {
        at: String,
        key: &'static str,
        value: Value,
    },
}

/// Two documents are the same when they say the same, whatever the file.
impl PartialEq for Document {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl Document {
    pub(super) fn new(file: &str, value: Value) -> Self {
        Self {
            file: file.to_owned(),
            value,
        }
    }

    /// The typed document with `edits` applied, in order. A member of the
    /// wrong shape is reported at its JSON pointer.
    pub fn to_openapi(&self, edits: &[Edit]) -> Result<openapiv3::OpenAPI, Problem> {
        if edits.is_empty() {
            return to_openapi(&self.file, &self.value);
        }
        let mut value = self.value.clone();
        for edit in edits {
            let (at, key) = match edit {
                Edit::Remove { at, key } | Edit::Set { at, key, .. } => (at, *key),
            };
            let Some(object) = value.pointer_mut(at).and_then(Value::as_object_mut) else {
                continue;
            };
            match edit {
                Edit::Remove { .. } => {
                    object.remove(key);
                }
                Edit::Set { value, .. } => {
                    object.insert(key.to_owned(), value.clone());
                }
            }
        }
        to_openapi(&self.file, &value)
    }
}

/// Converts a JSON tree into the typed document progenitor takes.
/// A field of the wrong shape is reported at its JSON pointer.
pub fn to_openapi(file: &str, raw: &Value) -> Result<openapiv3::OpenAPI, Problem> {
    // Most documents are fine: read without tracking the position, and only
    // a document that fails is read again to find where.
    if let Ok(api) = serde::Deserialize::deserialize(raw) {
        return Ok(api);
    }
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
