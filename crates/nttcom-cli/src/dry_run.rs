//! `--dry-run`: the request an operation would send, shown instead of sent.
//!
//! The client is built as for a real call (credentials, base URL, tenant),
//! with one more interceptor, a [`Recorder`] (see `nttcom_runtime::intercept`).
//! The runtime calls it with the final request (parameters checked, path
//! encoded, body serialized) before it fetches or attaches any token; the
//! recorder keeps a copy and stops the call. So no token exchange happens, no
//! token exists to leak, no connection is opened, and a value the request
//! checks refuse still fails as it would. [`show`] prints the copy: the
//! token header the real request would carry (the runtime says whether)
//! redacted, and so are body fields named like secrets.

use std::io::{self, Write};
use std::sync::{Arc, Mutex};

use nttcom_runtime::intercept::{Call, Interceptor, Interrupted};
use nttcom_runtime::reqwest;
use serde_json::Value;

use crate::spec::AuthSpec;

/// Why the recorder stops a call.
const STOPPED: &str = "--dry-run: shown, not sent";

/// The request as it would have gone out.
#[derive(Clone, Debug)]
pub struct Captured {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Whether the runtime would have attached a token.
    pub sends_token: bool,
}

/// Records the first request a client is about to send, and stops it.
#[derive(Clone, Default)]
pub struct Recorder(Arc<Mutex<Option<Captured>>>);

impl Recorder {
    /// The request recorded, taken out.
    pub fn take(&self) -> Option<Captured> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).take()
    }
}

impl Interceptor for Recorder {
    fn before_send(&self, request: &mut reqwest::Request, call: &Call) -> Result<(), Interrupted> {
        let captured = Captured {
            method: request.method().to_string(),
            url: request.url().to_string(),
            headers: request
                .headers()
                .iter()
                .map(|(name, value)| {
                    (
                        name.as_str().to_owned(),
                        String::from_utf8_lossy(value.as_bytes()).into_owned(),
                    )
                })
                .collect(),
            body: request
                .body()
                .and_then(reqwest::Body::as_bytes)
                .map(<[u8]>::to_vec)
                .unwrap_or_default(),
            sends_token: call.sends_token(),
        };
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(captured);
        Err(Interrupted::new(STOPPED))
    }
}

/// Writes the request: method and URL, headers, a blank line, the body
/// (pretty JSON). Tokens and secret-looking body fields are redacted.
pub fn show(request: &Captured, auth: AuthSpec, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{} {}", request.method, request.url)?;
    if request.sends_token {
        writeln!(
            out,
            "{}: {}",
            auth.header().to_ascii_lowercase(),
            auth.redacted()
        )?;
    }
    for (name, value) in &request.headers {
        let value = if is_credential_header(name) {
            "<redacted>"
        } else {
            value
        };
        writeln!(out, "{name}: {value}")?;
    }
    if request.body.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    match serde_json::from_slice::<Value>(&request.body) {
        Ok(mut body) => {
            redact(&mut body);
            serde_json::to_writer_pretty(&mut *out, &body)?;
            writeln!(out)
        }
        Err(_) => writeln!(out, "<{} bytes, not JSON>", request.body.len()),
    }
}

fn is_credential_header(name: &str) -> bool {
    matches!(
        name,
        "authorization" | "x-auth-token" | "proxy-authorization" | "cookie"
    )
}

/// Replaces the values of fields named like secrets (`clientSecret`,
/// `password`, `accessToken`, …) at any depth.
pub fn redact(value: &mut Value) {
    match value {
        Value::Object(fields) => {
            for (key, inner) in fields.iter_mut() {
                if is_secret_name(key) && !inner.is_null() {
                    *inner = Value::String("<redacted>".into());
                } else {
                    redact(inner);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

fn is_secret_name(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    key.contains("secret") || key.contains("password") || key.ends_with("token")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn secret_fields_are_redacted_at_any_depth() {
        let mut body = json!({
            "grantType": "client_credentials",
            "clientId": "id",
            "clientSecret": "s3cr3t",
            "auth": {"identity": {"password": {"user": {"password": "pw"}}}},
            "tokens": [{"accessToken": "t0k"}],
        });
        redact(&mut body);
        let text = body.to_string();
        for secret in ["s3cr3t", "pw", "t0k"] {
            assert!(!text.contains(secret), "{text}");
        }
        assert_eq!(body["clientId"], "id");
        assert_eq!(body["grantType"], "client_credentials");
    }
}
