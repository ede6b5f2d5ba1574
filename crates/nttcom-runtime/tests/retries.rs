//! Which failures are retried, how often, and how `Retry-After` is obeyed.

mod common;

use std::io::Read;
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::*;
use httpmock::prelude::*;
use nttcom_runtime::{ClientBuilder, RetryPolicy};
use reqwest::Method;

fn client_with(server: &MockServer, policy: RetryPolicy) -> GatewayClient {
    ClientBuilder::<GatewayClient>::new()
        .base_url(server.base_url())
        .token("t")
        .retry(policy)
        .build()
        .unwrap()
}

async fn always<'a>(
    server: &'a MockServer,
    method: httpmock::Method,
    status: u16,
) -> httpmock::Mock<'a> {
    server
        .mock_async(|when, then| {
            when.method(method).path("/v1/x");
            then.status(status);
        })
        .await
}

#[tokio::test]
async fn each_retryable_status_is_retried_up_to_the_attempt_limit() {
    for status in [408, 429, 502, 503, 504] {
        let server = MockServer::start_async().await;
        let mock = always(&server, GET, status).await;
        let client = client_with(&server, fast_retries().max_attempts(4));
        let response = client.get("/v1/x").await.unwrap();
        assert_eq!(response.status(), status, "the last answer is returned");
        mock.assert_calls_async(4).await;
    }
}

#[tokio::test]
async fn other_statuses_are_not_retried() {
    for status in [200, 400, 401, 403, 404, 409, 500, 501] {
        let server = MockServer::start_async().await;
        let mock = always(&server, GET, status).await;
        let client = client_with(&server, fast_retries());
        assert_eq!(client.get("/v1/x").await.unwrap().status(), status);
        mock.assert_calls_async(1).await;
    }
}

#[tokio::test]
async fn a_retry_that_succeeds_ends_the_retries() {
    let server = MockServer::start_async().await;
    let busy = always(&server, GET, 503).await;
    busy.up_to_n_times_async(2).await;
    let fine = always(&server, GET, 200).await;
    let client = client_with(&server, fast_retries().max_attempts(5));
    assert_eq!(client.get("/v1/x").await.unwrap().status(), 200);
    busy.assert_calls_async(2).await;
    fine.assert_calls_async(1).await;
}

#[tokio::test]
async fn idempotent_methods_are_retried() {
    for (method, mock_method) in [(Method::PUT, PUT), (Method::DELETE, DELETE)] {
        let server = MockServer::start_async().await;
        let mock = always(&server, mock_method, 503).await;
        let client = client_with(&server, fast_retries());
        client.call(method, "/v1/x", Some("{}")).await.unwrap();
        mock.assert_calls_async(3).await;
    }
}

#[tokio::test]
async fn post_is_not_retried_unless_the_caller_opts_in() {
    let server = MockServer::start_async().await;
    let mock = always(&server, POST, 503).await;
    let client = client_with(&server, fast_retries());
    let response = client
        .call(Method::POST, "/v1/x", Some("{}"))
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    mock.assert_calls_async(1).await;

    let server = MockServer::start_async().await;
    let mock = always(&server, POST, 503).await;
    let client = client_with(&server, fast_retries().retry_non_idempotent(true));
    client
        .call(Method::POST, "/v1/x", Some("{}"))
        .await
        .unwrap();
    mock.assert_calls_async(3).await;
}

/// How long a GET took that got a 429 with `headers`, then a 200.
async fn waited_after_a_429_with(headers: &[(&'static str, &'static str)]) -> Duration {
    let server = MockServer::start_async().await;
    let limited = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/x");
            let mut then = then.status(429);
            for (name, value) in headers {
                then = then.header(*name, *value);
            }
        })
        .await;
    limited.up_to_n_times_async(1).await;
    let fine = always(&server, GET, 200).await;
    // Backoff alone would wait a few milliseconds.
    let client = client_with(&server, fast_retries());
    let started = Instant::now();
    assert_eq!(client.get("/v1/x").await.unwrap().status(), 200);
    limited.assert_calls_async(1).await;
    fine.assert_calls_async(1).await;
    started.elapsed()
}

#[tokio::test]
async fn retry_after_in_seconds_is_waited_for() {
    let waited = waited_after_a_429_with(&[("retry-after", "1")]).await;
    assert!(waited >= Duration::from_secs(1), "waited {waited:?}");
}

#[tokio::test]
async fn a_429_without_retry_after_waits_until_the_quota_resets() {
    let waited = waited_after_a_429_with(&[
        ("x-quota-allowed", "10"),
        ("x-quota-available", "0"),
        ("x-quota-reset", "1"),
    ])
    .await;
    assert!(waited >= Duration::from_secs(1), "waited {waited:?}");
}

#[tokio::test]
async fn a_wait_beyond_the_cap_hands_the_answer_back_at_once() {
    for (status, header, value) in [
        (503, "retry-after", "3600"),
        (503, "retry-after", "Fri, 01 Jan 2100 00:00:00 GMT"),
        // Unix time in 2100.
        (429, "x-quota-reset", "4102444800"),
    ] {
        let server = MockServer::start_async().await;
        let busy = server
            .mock_async(|when, then| {
                when.method(GET).path("/v1/x");
                then.status(status).header(header, value);
            })
            .await;
        let client = client_with(
            &server,
            fast_retries().max_retry_after(Duration::from_secs(1)),
        );
        let started = Instant::now();
        assert_eq!(client.get("/v1/x").await.unwrap().status(), status);
        busy.assert_calls_async(1).await;
        assert!(started.elapsed() < Duration::from_secs(30), "{value}");
    }
}

#[tokio::test]
async fn retry_after_as_a_past_http_date_retries_without_waiting() {
    let server = MockServer::start_async().await;
    let busy = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/x");
            then.status(503)
                .header("retry-after", "Sun, 06 Nov 1994 08:49:37 GMT");
        })
        .await;
    // A backoff this long would blow the time budget: only a parsed date
    // (meaning "now") lets the retries happen.
    let policy = RetryPolicy::default()
        .max_attempts(3)
        .backoff(Duration::from_secs(60), Duration::from_secs(60))
        .max_elapsed(Duration::from_secs(10));
    let client = client_with(&server, policy);
    assert_eq!(client.get("/v1/x").await.unwrap().status(), 503);
    busy.assert_calls_async(3).await;
}

#[tokio::test]
async fn the_time_budget_ends_the_retries() {
    let server = MockServer::start_async().await;
    let busy = always(&server, GET, 503).await;
    let policy = RetryPolicy::default()
        .max_attempts(10)
        .backoff(Duration::from_millis(400), Duration::from_millis(400))
        .max_elapsed(Duration::from_millis(100));
    let client = client_with(&server, policy);
    assert_eq!(client.get("/v1/x").await.unwrap().status(), 503);
    busy.assert_calls_async(1).await;
}

#[tokio::test]
async fn no_retries_with_the_none_policy() {
    let server = MockServer::start_async().await;
    let busy = always(&server, GET, 503).await;
    let client = client_with(&server, RetryPolicy::none());
    client.get("/v1/x").await.unwrap();
    busy.assert_calls_async(1).await;
}

/// A server that reads each request and hangs up without answering, counting
/// the connections: one per attempt.
fn hang_up_server(stop_after: usize) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    std::thread::spawn(move || {
        for stream in listener.incoming().take(stop_after) {
            let Ok(mut stream) = stream else { break };
            seen.fetch_add(1, Ordering::SeqCst);
            let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
            let mut buffer = [0u8; 4096];
            let _ = stream.read(&mut buffer);
            // Dropping the stream closes the connection unanswered.
        }
    });
    (url, count)
}

#[tokio::test]
async fn a_dropped_connection_is_retried_for_get_but_not_for_post() {
    let (url, count) = hang_up_server(4);
    let client = ClientBuilder::<GatewayClient>::new()
        .base_url(url.as_str())
        .token("t")
        .retry(fast_retries())
        .build()
        .unwrap();
    assert!(matches!(client.get("/v1/x").await, Err(CallError::Send(_))));
    assert_eq!(count.load(Ordering::SeqCst), 3);

    let result = client.call(Method::POST, "/v1/x", Some("{}")).await;
    assert!(matches!(result, Err(CallError::Send(_))));
    assert_eq!(count.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn a_refused_connection_ends_in_a_connect_error() {
    // Nothing listens on a port that was just released. The number of
    // attempts is counted in redaction.rs, from the request span's events.
    let port = unused_port();
    let client = ClientBuilder::<GatewayClient>::new()
        .base_url(format!("http://127.0.0.1:{port}"))
        .token("t")
        .retry(fast_retries())
        .build()
        .unwrap();
    match client.get("/v1/x").await {
        Err(CallError::Send(error)) => assert!(error.is_connect(), "{error}"),
        other => panic!("expected a connection error, got {other:?}"),
    }
}

/// A call's own `.retry(…)` replaces the client's policy for that call.
#[tokio::test]
async fn a_call_s_own_retry_policy_replaces_the_client_s() {
    let server = MockServer::start_async().await;
    let busy = answer_every_request(&server, 503).await;
    let client = ClientBuilder::<GatewayClient>::new()
        .base_url(server.base_url())
        .token("t")
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let mut overrides = nttcom_runtime::Overrides::new();
    overrides.retry(fast_retries());
    let sent = client.get_with(&server.url("/x"), overrides).await;
    assert_eq!(sent.unwrap().status(), 503);
    busy.assert_calls_async(3).await;
}
