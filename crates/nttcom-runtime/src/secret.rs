//! Values that must never reach a log: API secrets, client secrets, tokens.

use std::fmt;
use std::sync::Arc;

/// What every redacted value prints instead of itself.
pub(crate) const REDACTED: &str = "<redacted>";

/// A secret string. `Debug` prints `<redacted>` and there is no `Display`, so
/// the value only leaves through an explicit [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(Arc<str>);

impl Secret {
    pub(crate) fn new(value: impl Into<String>) -> Self {
        Self(Arc::from(value.into()))
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// Replaces each non-empty secret in `text` with `<redacted>`, as is and as
/// it appears inside a JSON string: for messages built from what a server
/// sent back, which may echo the request.
pub(crate) fn scrub(text: &str, secrets: &[&str]) -> String {
    let mut text = text.to_owned();
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        let escaped = serde_json::to_string(secret).unwrap_or_default();
        let escaped = escaped.trim_matches('"');
        for form in [*secret, escaped] {
            if !form.is_empty() {
                text = text.replace(form, REDACTED);
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrub_finds_plain_and_json_escaped_secrets() {
        let secret = r#"pa"ss\wörd"#;
        let json = serde_json::json!({ "password": secret }).to_string();
        let text = format!("{secret} and {json}");
        let scrubbed = scrub(&text, &[secret, ""]);
        assert!(
            !scrubbed.contains("wörd") && !scrubbed.contains("pa\\\""),
            "{scrubbed}"
        );
        assert_eq!(scrubbed.matches(REDACTED).count(), 2, "{scrubbed}");
    }

    #[test]
    fn secrets_debug_as_redacted() {
        assert_eq!(format!("{:?}", Secret::new("hunter2")), REDACTED);
    }
}
