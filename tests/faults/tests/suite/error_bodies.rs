//! Error answers whose body is not the documented JSON (a gateway's
//! text/plain or HTML page, or nothing at all) keep their facts: status,
//! headers, request id, quota and whether to retry. A 429 or 503 is retried
//! the same whether or not its body decodes.

use std::time::Duration;

use nttcom_runtime::{KEPT_BODY_BYTES, OperationError, RetryPolicy};

use crate::calls::{Clients, Credentials, Setup, table};
use crate::server::{Answer, Server};
use crate::{assert_none_failed, bounded, status_of};

/// Bodies a gateway or a proxy sends instead of the service's JSON.
const BODIES: &[(&str, Option<&str>, &str)] = &[
    (
        "text/plain",
        Some("text/plain; charset=utf-8"),
        "Not Found\n",
    ),
    (
        "HTML",
        Some("text/html"),
        "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>\
         <body><h1>Bad Gateway</h1><p>The upstream server is unavailable.</p></body></html>",
    ),
    ("empty", None, ""),
    (
        "JSON of another shape",
        Some("application/json"),
        r#"[1, "two", {"three": null}]"#,
    ),
];

fn retryable(status: u16) -> bool {
    matches!(status, 408 | 429 | 502 | 503 | 504)
}

fn answer(status: u16, content_type: Option<&str>, body: &str) -> Answer {
    let answer = Answer::new(status)
        .header("x-request-id", "req-fault-1")
        .header("x-quota-allowed", "100")
        .header("x-quota-available", "0")
        .header("x-quota-reset", "30");
    match content_type {
        Some(content_type) => answer.header("content-type", content_type).body(body),
        None => answer.body(body),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_documented_error_status_keeps_its_facts_whatever_its_body() {
    let server = Server::start("127.0.0.1").await;
    let clients = Clients::new(&Setup::new(server.origin(), Credentials::Token));
    let (mut failures, mut cases) = (Vec::new(), 0);
    for entry in table() {
        let params = entry.params();
        for &status in &entry.operation().error_statuses {
            for (kind, content_type, body) in BODIES {
                cases += 1;
                let case = format!("{} {} {status} {kind}", entry.slug, entry.id);
                server.answer(move |_| answer(status, *content_type, body));
                let outcome = bounded(&case, (entry.call)(&clients, &params)).await;
                server.reset();
                let error = match outcome {
                    Err(error) => error,
                    Ok(s) => {
                        failures.push(format!("{case}: succeeded with {s}"));
                        continue;
                    }
                };
                let mut wrong = Vec::new();
                if status_of(&error) != Some(status) {
                    wrong.push(format!("status {:?}", status_of(&error)));
                }
                if error.request_id() != Some("req-fault-1") {
                    wrong.push(format!("request id {:?}", error.request_id()));
                }
                if error.quota().is_none() {
                    wrong.push("no quota".to_owned());
                }
                if error.is_retryable() != retryable(status) {
                    wrong.push(format!("is_retryable() = {}", error.is_retryable()));
                }
                if error.is_not_found() != (status == 404)
                    || error.is_throttled() != (status == 429)
                {
                    wrong.push("is_not_found()/is_throttled() disagree with the status".to_owned());
                }
                // The body is reported beside the facts, bounded.
                match &error {
                    OperationError::InvalidResponsePayload(answer) => {
                        if answer.body() != &body.as_bytes()[..body.len().min(KEPT_BODY_BYTES)]
                            || answer.body_len() != body.len()
                            || answer.content_type() != *content_type
                        {
                            wrong.push(format!("body reported as {:?}", answer.body_text()));
                        }
                    }
                    other => wrong.push(format!("not an undecoded answer: {other:?}")),
                }
                if !wrong.is_empty() {
                    failures.push(format!("{case}: {} ({error})", wrong.join(", ")));
                }
            }
        }
    }
    assert_none_failed("error bodies", &failures, cases);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_is_retried_and_stays_retryable_whatever_its_body() {
    let server = Server::start("127.0.0.1").await;
    let mut setup = Setup::new(server.origin(), Credentials::Token);
    setup.retry = RetryPolicy::default()
        .max_attempts(3)
        .backoff(Duration::from_millis(1), Duration::from_millis(2));
    let clients = Clients::new(&setup);
    let (mut failures, mut cases) = (Vec::new(), 0);
    for entry in table() {
        let operation = entry.operation();
        if operation.method != "GET" || !operation.error_statuses.contains(&429) {
            continue;
        }
        for (kind, content_type, body) in BODIES {
            cases += 1;
            let case = format!("{} {} 429 {kind}", entry.slug, entry.id);
            server.answer(move |_| answer(429, *content_type, body).header("retry-after", "0"));
            let outcome = bounded(&case, (entry.call)(&clients, &entry.params())).await;
            let sent = server.take().len();
            match outcome {
                Err(error)
                    if status_of(&error) == Some(429) && error.is_retryable() && sent == 3 => {}
                other => failures.push(format!("{case}: {sent} attempts, then {other:?}")),
            }
        }
    }
    assert_none_failed("429 retries", &failures, cases);
}
