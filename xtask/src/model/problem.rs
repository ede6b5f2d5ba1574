//! One thing wrong with a spec, said the way a spec author can act on it.

use std::fmt;

/// A fault in a spec: which file, where in it, and what to change.
///
/// `location` is a JSON pointer (`#/paths/~1things/get`) for faults found in the
/// parsed document, or `line:column` for YAML syntax errors.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub file: String,
    pub location: String,
    pub message: String,
}

impl Problem {
    pub fn at(file: &str, pointer: &str, message: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            location: format!("#{pointer}"),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.location, self.message)
    }
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub fn pointer_push(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", token.replace('~', "~0").replace('/', "~1"))
}
