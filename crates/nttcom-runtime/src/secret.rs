//! Values that must never reach a log (API secrets, client secrets, tokens),
//! and the cleaning of text a server sent back, which may repeat them.

use std::fmt;
use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};

/// What every redacted value prints instead of itself.
pub(crate) const REDACTED: &str = "<redacted>";

/// Longest server message an error repeats, in characters.
const MESSAGE_LIMIT: usize = 300;

/// A secret string: `secrecy`'s [`SecretString`] (redacted `Debug`, no
/// `Display`, memory zeroed when dropped), shared so that the token cache
/// hands out copies without copying the secret.
#[derive(Clone)]
pub(crate) struct Secret(Arc<SecretString>);

impl Secret {
    pub(crate) fn new(value: impl Into<String>) -> Self {
        Self(Arc::new(SecretString::from(value.into())))
    }

    pub(crate) fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        // Copies of one secret share it: no need to read it.
        Arc::ptr_eq(&self.0, &other.0) || self.expose() == other.expose()
    }
}

impl Eq for Secret {}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// Text a server sent, fit to show in an error or a log: on one line, at
/// most [`MESSAGE_LIMIT`] characters, each secret replaced in every spelling
/// [`spellings`] knows. If a piece of a secret is still there after that (a
/// spelling nobody thought of), nothing of the text is shown.
pub(crate) fn sanitize(text: &str, secrets: &[&str]) -> String {
    let line = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(char::is_control, " ");
    let scrubbed = scrub(&line, secrets);
    if secrets.iter().any(|s| has_piece_of(&scrubbed, s)) {
        return "(not shown: it repeats the credentials)".to_owned();
    }
    match scrubbed.char_indices().nth(MESSAGE_LIMIT) {
        Some((cut, _)) => format!("{}…", &scrubbed[..cut]),
        None => scrubbed,
    }
}

/// Replaces each non-empty secret in `text` with `<redacted>`, in every
/// spelling of [`spellings`].
pub(crate) fn scrub(text: &str, secrets: &[&str]) -> String {
    let mut text = text.to_owned();
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        for form in spellings(secret) {
            if !form.is_empty() && text.contains(&form) {
                text = text.replace(&form, REDACTED);
            }
        }
    }
    text
}

/// How a server may write a secret it repeats: as is; inside a JSON string
/// (as serde writes it, with `/` escaped as well, or with every non-ASCII or
/// every character as a `\u` escape, in either case of hex); percent-encoded
/// (`%20` or `+` for a space, either case of hex); with HTML entities.
fn spellings(secret: &str) -> Vec<String> {
    let json = serde_json::to_string(secret).unwrap_or_default();
    let json = json.trim_matches('"').to_owned();
    let escaped = |all: bool, upper: bool| -> String {
        let mut out = String::new();
        for c in secret.chars() {
            if all || !c.is_ascii() || c == '"' || c == '\\' || c.is_control() {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    if upper {
                        out.push_str(&format!("\\u{unit:04X}"));
                    } else {
                        out.push_str(&format!("\\u{unit:04x}"));
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    };
    let percent = |upper: bool, plus: bool| -> String {
        secret
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    char::from(b).to_string()
                }
                b' ' if plus => "+".to_owned(),
                _ if upper => format!("%{b:02X}"),
                _ => format!("%{b:02x}"),
            })
            .collect()
    };
    let html: String = secret
        .chars()
        .map(|c| match c {
            '&' => "&amp;".to_owned(),
            '<' => "&lt;".to_owned(),
            '>' => "&gt;".to_owned(),
            '"' => "&quot;".to_owned(),
            '\'' => "&#39;".to_owned(),
            c => c.to_string(),
        })
        .collect();
    let mut forms = vec![
        secret.to_owned(),
        json.replace('/', "\\/"),
        json,
        escaped(false, false),
        escaped(false, true),
        escaped(true, false),
        escaped(true, true),
        percent(true, false),
        percent(true, true),
        percent(false, false),
        html,
    ];
    // Longest first, so that a longer spelling is not cut by a shorter one.
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    forms.dedup();
    forms
}

/// Whether `text` holds a run of `secret` long enough to tell (8
/// characters, or all of a shorter secret).
fn has_piece_of(text: &str, secret: &str) -> bool {
    let chars: Vec<char> = secret.chars().collect();
    if chars.is_empty() {
        return false;
    }
    let width = chars.len().min(8);
    chars
        .windows(width)
        .any(|piece| text.contains(&piece.iter().collect::<String>()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "pa\"ss/w\u{f6}rd<&> x";

    #[test]
    fn scrub_finds_every_known_spelling() {
        let every = SECRET
            .encode_utf16()
            .map(|u| format!("\\u{u:04X}"))
            .collect::<String>();
        let json = serde_json::json!({ "password": SECRET }).to_string();
        for text in [
            SECRET.to_owned(),
            json.clone(),
            json.replace('/', "\\/"),
            every.clone(),
            every.to_lowercase(),
            "pa%22ss%2Fw%C3%B6rd%3C%26%3E+x".to_owned(),
            "pa%22ss%2fw%c3%b6rd%3c%26%3e%20x".to_owned(),
            "pa&quot;ss/w\u{f6}rd&lt;&amp;&gt; x".to_owned(),
            // JSON with only what must or may be escaped as `\u`.
            "pa\\u0022ss/w\\u00f6rd<&> x".to_owned(),
            "pa\\u0022ss/w\\u00F6rd<&> x".to_owned(),
        ] {
            let scrubbed = scrub(&text, &[SECRET, ""]);
            assert!(scrubbed.contains(REDACTED), "{text} -> {scrubbed}");
            assert!(!has_piece_of(&scrubbed, SECRET), "{text} -> {scrubbed}");
        }
    }

    #[test]
    fn sanitize_hides_a_text_that_keeps_a_piece_of_a_secret() {
        let secret = "S3CR3T-0123456789";
        assert_eq!(
            sanitize("wrong password\n S3CR3T-0123456789 ", &[secret]),
            format!("wrong password {REDACTED}")
        );
        // A spelling `spellings` does not know: mixed escapes.
        let odd = "S3CR3T-01234\\u00356789";
        assert_eq!(
            sanitize(&format!("wrong password {odd}"), &[secret]),
            "(not shown: it repeats the credentials)"
        );
        let long = "x".repeat(400);
        assert_eq!(sanitize(&long, &[secret]).chars().count(), 301);
    }

    #[test]
    fn secrets_debug_as_redacted_and_compare_by_value() {
        assert_eq!(format!("{:?}", Secret::new("hunter2")), REDACTED);
        assert_eq!(Secret::new("a"), Secret::new("a"));
        assert_ne!(Secret::new("a"), Secret::new("b"));
    }

    #[test]
    fn backslashes_and_control_characters_are_found_escaped() {
        let secret = "a\\b\tc";
        for text in [r"a\u005cb\u0009c", r"a\u005Cb\u0009c", r"a\\b\tc"] {
            let scrubbed = scrub(text, &[secret]);
            assert_eq!(scrubbed, REDACTED, "{text}");
        }
    }
}
