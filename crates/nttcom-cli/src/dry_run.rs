//! `--dry-run`: the request an operation would send, shown instead of sent.
//!
//! # The seam (to replace once the runtime has a request interceptor)
//!
//! The runtime offers no hook yet to see the final `reqwest::Request` and
//! stop it. Until it does, [`Sink`] stands in for one: the client is built
//! **without credentials** (so no token exchange happens and no token
//! exists to leak), with no retries, and with its base URL pointed at a
//! listener on `127.0.0.1` inside this process. The request is built by the
//! real generated client (parameters checked, path encoded, body
//! serialized), and [`intercept`] reads it off the socket and drops the
//! operation before any answer. Nothing leaves the machine. The shown URL
//! puts the real base URL back; the token header the real request would
//! carry is shown redacted, and so are body fields named like secrets.
//!
//! With `ClientBuilder::intercept(impl Interceptor)` in the runtime (the
//! interceptor sees each final request before it is sent, may stop it, and
//! is not called for the token exchange, which must not happen either),
//! [`Sink::divert`] becomes "install an interceptor that records the
//! request and stops it", [`intercept`] reads the record, and the listener
//! goes away; [`Captured`] and [`show`] stay. The test
//! `dry_run_uses_the_runtime_interceptor` in `tests/cli.rs` (ignored until
//! then) states what must hold.

use std::cell::RefCell;
use std::future::{Future, poll_fn};
use std::io::{self, Write};
use std::pin::pin;
use std::task::Poll;

use nttcom_runtime::{ClientBuilder, RetryPolicy, Service};
use serde_json::Value;
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;

use crate::spec::{AuthSpec, OperationSpec};

/// Stands in for the real host: a listener on loopback.
pub struct Sink {
    listener: TcpListener,
    /// The scheme and host of the real base URL, put back into the shown URL.
    origin: RefCell<String>,
}

/// The request as it would have gone out.
#[derive(Debug)]
pub struct Captured {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Sink {
    pub async fn bind() -> io::Result<Self> {
        Ok(Self {
            listener: TcpListener::bind(("127.0.0.1", 0)).await?,
            origin: RefCell::new(String::new()),
        })
    }

    /// The builder with no credentials, no retries, and the base URL
    /// `real_base` moved to the listener.
    pub fn divert<S: Service>(
        &self,
        builder: ClientBuilder<S>,
        real_base: &str,
    ) -> Result<ClientBuilder<S>, String> {
        let url = reqwest::Url::parse(real_base).map_err(|e| format!("{real_base}: {e}"))?;
        *self.origin.borrow_mut() = url.origin().ascii_serialization();
        let port = self
            .listener
            .local_addr()
            .map_err(|e| e.to_string())?
            .port();
        let diverted = format!(
            "http://127.0.0.1:{port}{}",
            url.path().trim_end_matches('/')
        );
        Ok(builder
            .anonymous()
            .retry(RetryPolicy::none())
            .base_url(diverted))
    }

    /// Reads one request off the listener.
    async fn capture(&self) -> io::Result<Captured> {
        let (mut stream, _) = self.listener.accept().await?;
        let mut bytes = Vec::new();
        let mut chunk = [0u8; 8192];
        loop {
            let read = stream.read(&mut chunk).await?;
            if read == 0 {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "request cut short",
                ));
            }
            bytes.extend_from_slice(&chunk[..read]);
            let mut headers = [httparse::EMPTY_HEADER; 64];
            let mut request = httparse::Request::new(&mut headers);
            let httparse::Status::Complete(head) = request
                .parse(&bytes)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?
            else {
                continue;
            };
            let length = request
                .headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case("content-length"))
                .and_then(|h| {
                    std::str::from_utf8(h.value)
                        .ok()?
                        .trim()
                        .parse::<usize>()
                        .ok()
                })
                .unwrap_or(0);
            if bytes.len() < head + length {
                continue;
            }
            let target = request.path.unwrap_or("/");
            return Ok(Captured {
                method: request.method.unwrap_or("GET").to_owned(),
                url: format!("{}{target}", self.origin.borrow()),
                headers: request
                    .headers
                    .iter()
                    // The listener's own address is no part of the request.
                    .filter(|h| !h.name.eq_ignore_ascii_case("host"))
                    .map(|h| {
                        (
                            h.name.to_ascii_lowercase(),
                            String::from_utf8_lossy(h.value).into_owned(),
                        )
                    })
                    .collect(),
                body: bytes[head..head + length].to_vec(),
            });
        }
    }
}

/// Either the request `send` made, or its own result when it ended without
/// sending one (a value refused by the request checks).
pub enum Intercepted<T> {
    Request(Captured),
    Finished(T),
}

/// Runs `send` until it has sent its request to the sink, then drops it.
pub async fn intercept<F: Future>(sink: &Sink, send: F) -> io::Result<Intercepted<F::Output>> {
    let mut send = pin!(send);
    let mut capture = pin!(sink.capture());
    poll_fn(|cx| {
        if let Poll::Ready(request) = capture.as_mut().poll(cx) {
            return Poll::Ready(request.map(Intercepted::Request));
        }
        send.as_mut()
            .poll(cx)
            .map(|finished| Ok(Intercepted::Finished(finished)))
    })
    .await
}

/// Writes the request: method and URL, headers, a blank line, the body
/// (pretty JSON). Tokens and secret-looking body fields are redacted.
pub fn show(
    request: &Captured,
    operation: &OperationSpec,
    auth: AuthSpec,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(out, "{} {}", request.method, request.url)?;
    if operation.authenticated {
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
