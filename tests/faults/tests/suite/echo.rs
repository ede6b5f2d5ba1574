//! A token endpoint that echoes the secret it was sent, in any spelling
//! (plain, JSON-escaped, every character `\u`-escaped, percent-encoded, as
//! HTML entities), gets none of it printed: not in the error's `Display` or
//! `Debug`, not in the logs. Keystone's own refusal shows its
//! `error.message`, not the raw JSON.

use nttcom_runtime::{Error, OperationError};
use serde_json::json;

use crate::calls::{
    API_SECRET, CLIENT_SECRET, Clients, Credentials, SECRET_MARK, Setup, no_refusal_memory, table,
};
use crate::capture::Capture;
use crate::server::{Answer, Server};
use crate::{assert_none_failed, bounded};

/// `text` with every character written as a JSON `\uXXXX` escape.
fn all_escaped(text: &str) -> String {
    text.encode_utf16().map(|u| format!("\\u{u:04X}")).collect()
}

/// `text` as a JSON string body with only what is not ASCII escaped, in
/// lower-case hex (`P\u00e4ss…`), as many servers write JSON.
fn non_ascii_escaped(text: &str) -> String {
    let json = serde_json::to_string(text).unwrap();
    let json = json.trim_matches('"');
    json.chars()
        .map(|c| match c {
            c if c.is_ascii() => c.to_string(),
            c => c
                .encode_utf16(&mut [0; 2])
                .iter()
                .map(|u| format!("\\u{u:04x}"))
                .collect(),
        })
        .collect()
}

fn percent_encoded(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn html_escaped(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '<' => "&lt;".to_owned(),
            '>' => "&gt;".to_owned(),
            '&' => "&amp;".to_owned(),
            '"' => "&quot;".to_owned(),
            '/' => "&#x2F;".to_owned(),
            c if !c.is_ascii() => format!("&#{};", c as u32),
            c => c.to_string(),
        })
        .collect()
}

/// Answers that repeat `secret`, by name.
fn echoes(secret: &str) -> Vec<(&'static str, Answer)> {
    let json_answer = |body: String| {
        Answer::new(401)
            .header("content-type", "application/json")
            .body(body)
    };
    vec![
        (
            "JSON, as serde writes it",
            Answer::new(401).json(&json!({
                "error": {"code": 401, "message": format!("wrong password {secret}"), "title": "Unauthorized"},
                "request": {"password": secret, "clientSecret": secret},
            })),
        ),
        (
            "JSON, every character escaped",
            json_answer(format!(
                r#"{{"error": {{"message": "wrong password {0}"}}, "errorMessage": "{0}", "developerMessage": "{0}"}}"#,
                all_escaped(secret)
            )),
        ),
        (
            "JSON, non-ASCII escaped in lower case",
            json_answer(format!(
                r#"{{"error": {{"code": 401, "message": "The password {} is wrong"}}}}"#,
                non_ascii_escaped(secret)
            )),
        ),
        (
            "JSON, slashes escaped",
            json_answer(format!(
                r#"{{"message": "{}"}}"#,
                serde_json::to_string(secret).unwrap().trim_matches('"').replace('/', "\\/")
            )),
        ),
        (
            "text/plain",
            Answer::new(400).header("content-type", "text/plain").body(format!("bad request: password={secret}")),
        ),
        (
            "percent-encoded",
            Answer::new(400).body(format!("password={}&grant_type=password", percent_encoded(secret))),
        ),
        (
            "HTML entities",
            Answer::new(500).header("content-type", "text/html").body(format!("<p>password: {}</p>", html_escaped(secret))),
        ),
    ]
}

/// Every spelling of a secret that the checks look for: its ASCII mark
/// (kept by most spellings) and its fully escaped form.
fn leaks(text: &str) -> bool {
    [API_SECRET, CLIENT_SECRET].iter().any(|secret| {
        text.contains(secret)
            || text.contains(&all_escaped(secret))
            || text.contains(&all_escaped(secret).to_lowercase())
    }) || text.contains(SECRET_MARK)
        || text.contains(&all_escaped(SECRET_MARK))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_echoed_secret_is_printed_nowhere() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_global_default(capture.clone());
    let server = Server::start("127.0.0.1").await;
    let mut setup = Setup::new(server.origin(), Credentials::Exchange);
    setup.extra = Box::new(no_refusal_memory);
    let clients = Clients::new(&setup);
    let (mut failures, mut cases) = (Vec::new(), 0);
    let mut seen = std::collections::BTreeSet::new();
    for entry in table() {
        if entry.id == "create_access_token" || !seen.insert(entry.slug) {
            continue;
        }
        for secret in [API_SECRET, CLIENT_SECRET] {
            for (kind, echo) in echoes(secret) {
                cases += 1;
                let case = format!("{} echo {kind}", entry.slug);
                server.answer(move |_| echo.clone());
                let outcome = bounded(&case, (entry.call)(&clients, &entry.params())).await;
                server.reset();
                match outcome {
                    Err(OperationError::Credentials(error @ Error::TokenExchange { .. })) => {
                        for text in [
                            error.to_string(),
                            format!("{error:?}"),
                            format!("{error:#?}"),
                        ] {
                            if leaks(&text) {
                                failures.push(format!("{case}: {text}"));
                                break;
                            }
                        }
                    }
                    other => {
                        failures.push(format!("{case}: expected an exchange error, got {other:?}"))
                    }
                }
            }
        }
    }
    let logs = capture.text();
    for line in logs.lines().filter(|l| leaks(l)) {
        failures.push(format!("log: {line}"));
    }
    assert_none_failed("echoed secrets", &failures, cases);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_keystone_refusal_shows_its_message_not_its_json() {
    let server = Server::start("127.0.0.1").await;
    server.answer(|_| {
        Answer::new(401).json(&json!({
            "error": {"code": 401, "message": "The request you have made requires authentication.", "title": "Unauthorized"}
        }))
    });
    let clients = Clients::new(&Setup::new(server.origin(), Credentials::Exchange));
    let entry = table()
        .into_iter()
        .find(|e| e.slug == "sign-common")
        .unwrap();
    let error = (entry.call)(&clients, &entry.params()).await.unwrap_err();
    let message = error.to_string();
    assert!(message.contains("requires authentication"), "{message}");
    assert!(!message.contains("{\""), "raw JSON shown: {message}");
}
