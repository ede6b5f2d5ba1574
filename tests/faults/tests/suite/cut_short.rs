//! An answer whose body breaks off: the client retries it as it retries a
//! lost connection (idempotent methods only, under its policy), and the
//! error it ends with says it may be retried, after how many attempts, and
//! keeps the status of the answer that broke off. Policy and
//! `is_retryable()` agree, for every operation of every service.

use std::time::Duration;

use nttcom_runtime::{OperationError, RetryPolicy};

use crate::calls::{Clients, Credentials, Setup, table};
use crate::server::{Answer, Server};
use crate::{assert_none_failed, bounded, status_of};

const ATTEMPTS: u32 = 3;

/// The methods the default policy retries.
const IDEMPOTENT: &[&str] = &["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_cut_short_is_retried_as_is_retryable_says() {
    let server = Server::start("127.0.0.1").await;
    let mut setup = Setup::new(server.origin(), Credentials::Token);
    setup.retry = RetryPolicy::default()
        .max_attempts(ATTEMPTS)
        .backoff(Duration::from_millis(1), Duration::from_millis(2));
    let clients = Clients::new(&setup);
    server.answer(|_| {
        Answer::new(200)
            .header("content-type", "application/json")
            .body(r#"{"items": [{"id": "#)
            .cut_short(4096)
    });
    let (mut failures, mut cases) = (Vec::new(), 0);
    for entry in table() {
        cases += 1;
        let method = &entry.operation().method;
        let case = format!("{} {} ({method})", entry.slug, entry.id);
        let expected = if IDEMPOTENT.contains(&method.as_str()) {
            ATTEMPTS
        } else {
            1
        };
        let outcome = bounded(&case, (entry.call)(&clients, &entry.params())).await;
        let sent = server.take().len();
        let attempts = match &outcome {
            Err(OperationError::ResponseBodyError(cut)) => cut.attempts(),
            _ => None,
        };
        let said = outcome.as_ref().err().map(ToString::to_string);
        let says_attempts = said.as_deref().is_some_and(|text| {
            text.contains(&format!(
                "after {expected} attempt{}",
                if expected == 1 { "" } else { "s" }
            ))
        });
        let agrees = matches!(&outcome, Err(e) if e.is_retryable() && status_of(e) == Some(200));
        if sent != expected as usize || attempts != Some(expected) || !agrees || !says_attempts {
            failures.push(format!(
                "{case}: {sent} sent (expected {expected}), then {outcome:?}"
            ));
        }
    }
    assert_none_failed("bodies cut short", &failures, cases);
}
