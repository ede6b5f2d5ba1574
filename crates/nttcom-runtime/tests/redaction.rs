//! Secrets stay secret: no credential type, error or log line shows an API
//! secret, a client secret or a token. Also checks what the request spans say.

mod common;

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use common::*;
use httpmock::prelude::*;
use nttcom_runtime::{ClientBuilder, ClientCredentials, Error, Keystone, StaticToken, Token};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const ISSUED_TOKEN: &str = "issued-token-S3CR3T-0123456789abcdef";
const STATIC_TOKEN: &str = "static-token-S3CR3T-fedcba9876543210";
const SECRETS: [&str; 4] = [API_SECRET, CLIENT_SECRET, ISSUED_TOKEN, STATIC_TOKEN];

fn assert_no_secret(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{what} shows a secret: {text}");
    }
}

fn assert_formats_clean(what: &str, value: &dyn std::fmt::Debug) {
    assert_no_secret(what, &format!("{value:?}"));
    assert_no_secret(what, &format!("{value:#?}"));
}

/// Every span and event at every level, written out as text.
#[derive(Clone, Default)]
struct Capture {
    lines: Arc<Mutex<Vec<String>>>,
    ids: Arc<AtomicU64>,
}

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
}

impl Capture {
    fn text(&self) -> String {
        self.lines.lock().unwrap().join("\n")
    }

    fn push(&self, line: String) {
        self.lines.lock().unwrap().push(line);
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut line = format!("span {}:", span.metadata().name());
        span.record(&mut Fields(&mut line));
        self.push(line);
        Id::from_u64(self.ids.fetch_add(1, Ordering::Relaxed) + 1)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut line = "record:".to_owned();
        values.record(&mut Fields(&mut line));
        self.push(line);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut line = format!("event {}:", event.metadata().level());
        event.record(&mut Fields(&mut line));
        self.push(line);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[test]
fn credential_types_never_show_their_secrets() {
    let keystone = Keystone::new(API_KEY, API_SECRET, TENANT_ID);
    assert_formats_clean("Keystone", &keystone);
    let bound = Keystone::new(API_KEY, API_SECRET, TENANT_ID)
        .endpoint("https://user:pass@api.ntt.com/keystone/v3/auth/tokens");
    assert_formats_clean("Keystone with endpoint", &bound);
    assert!(!format!("{bound:?}").contains("pass@"));
    assert_formats_clean(
        "ClientCredentials",
        &ClientCredentials::new(CLIENT_ID, CLIENT_SECRET),
    );
    assert_formats_clean("StaticToken", &StaticToken::new(STATIC_TOKEN));
    assert_formats_clean("Token", &Token::new(ISSUED_TOKEN));
    // What is not secret stays visible, for debugging.
    assert!(format!("{keystone:?}").contains(API_KEY));
    assert!(format!("{keystone:?}").contains(TENANT_ID));
}

#[test]
fn clients_and_runtimes_never_show_secrets() {
    let client = ClientBuilder::<KeystoneClient>::new()
        .keystone(API_KEY, API_SECRET, TENANT_ID)
        .build()
        .unwrap();
    assert_formats_clean("Runtime (Keystone)", &client.runtime);
    let client = ClientBuilder::<GatewayClient>::new()
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .build()
        .unwrap();
    assert_formats_clean("Runtime (client credentials)", &client.runtime);
    let client = ClientBuilder::<GatewayClient>::new()
        .token(STATIC_TOKEN)
        .build()
        .unwrap();
    assert_formats_clean("Runtime (static)", &client.runtime);
}

#[tokio::test]
async fn exchange_errors_and_logs_never_show_secrets_even_when_the_server_echoes_them() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let server = MockServer::start_async().await;
    // Careless endpoints that repeat the whole request in their error. The
    // padding puts the secret across the point where error excerpts are cut
    // (300 characters), so that a cut-then-scrub order would leak its start.
    for (path, request, secret) in [
        (KEYSTONE_PATH, keystone_request(), API_SECRET),
        (GATEWAY_PATH, gateway_request(), CLIENT_SECRET),
    ] {
        let body = |padding: &str| {
            format!("{{\"error\": \"bad credentials{padding}\", \"request\": {request}}}")
        };
        let at = body("").find(secret).unwrap();
        let echo = body(&"x".repeat(290_usize.saturating_sub(at)));
        server
            .mock_async(|when, then| {
                when.method(POST).path(path);
                then.status(401).body(echo);
            })
            .await;
    }
    let keystone = keystone_client(&server);
    let gateway = gateway_client(&server);
    let mut errors: Vec<Error> = vec![
        keystone.runtime.token().await.unwrap_err(),
        gateway.runtime.token().await.unwrap_err(),
    ];
    for result in [keystone.get("/x").await, gateway.get("/x").await] {
        match result {
            Err(CallError::Prepare(e)) => errors.push(e),
            other => panic!("expected an exchange error, got {other:?}"),
        }
    }
    for error in &errors {
        assert!(matches!(
            error,
            Error::TokenExchange {
                status: Some(401),
                ..
            }
        ));
        // The message the body names, cut short; never the request it echoes.
        assert!(error.to_string().contains("bad credentials"), "{error}");
        assert!(!error.to_string().contains("\"request\""), "{error}");
        assert_no_secret("exchange error (Display)", &error.to_string());
        assert_formats_clean("exchange error (Debug)", error);
    }
    assert!(capture.text().contains("token exchange failed"));
    assert_no_secret("logs", &capture.text());
}

#[tokio::test]
async fn successful_exchanges_and_requests_log_no_secrets() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path(KEYSTONE_PATH);
            then.status(201)
                .header("x-subject-token", ISSUED_TOKEN)
                .json_body(keystone_answer(3600));
        })
        .await;
    let first = mock_gateway_token(&server, ISSUED_TOKEN, "3600").await;
    first.up_to_n_times_async(1).await;
    mock_gateway_token(&server, "second-token", "3600").await;
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/orders")
                .header("authorization", format!("Bearer {ISSUED_TOKEN}"));
            then.status(401);
        })
        .await;
    answer_every_request(&server, 200).await;
    keystone_client(&server).get("/x").await.unwrap();
    let gateway = gateway_client(&server);
    // 401, renewal, replay: every path that handles tokens.
    assert_eq!(gateway.get("/v1/orders").await.unwrap().status(), 200);

    let request = reqwest::Request::new(
        reqwest::Method::GET,
        server.url("/v1/orders").parse().unwrap(),
    );
    // (That the request with its token attached prints the token redacted
    // is a unit test of the runtime: `an_attached_token_prints_redacted`.)
    let client = ClientBuilder::<GatewayClient>::new()
        .base_url(server.base_url())
        .token(STATIC_TOKEN)
        .build()
        .unwrap();
    let sent: Result<_, nttcom_runtime::OperationError<()>> = client
        .runtime
        .send(request, "op", nttcom_runtime::Overrides::new())
        .await;
    let response = sent.unwrap();
    assert_formats_clean("an answer", &response);

    let logs = capture.text();
    assert!(logs.contains("span nttcom_request"), "{logs}");
    assert_no_secret("logs", &logs);
}

#[tokio::test]
async fn each_request_has_a_span_with_operation_method_status_attempt_and_elapsed() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let server = MockServer::start_async().await;
    let busy = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/x");
            then.status(503);
        })
        .await;
    busy.up_to_n_times_async(1).await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/x");
            then.status(200);
        })
        .await;
    let client = ClientBuilder::<GatewayClient>::new()
        .base_url(server.base_url())
        .token(STATIC_TOKEN)
        .retry(fast_retries())
        .build()
        .unwrap();
    client.get("/v1/x").await.unwrap();
    let logs = capture.text();
    let span = logs
        .lines()
        .find(|l| l.starts_with("span nttcom_request"))
        .unwrap_or_else(|| panic!("no request span in {logs}"));
    for field in [
        "service=\"gateway-service\"",
        "operation=\"test_operation\"",
        "method=GET",
        "path=\"/v1/x\"",
    ] {
        assert!(span.contains(field), "{field} missing from {span}");
    }
    let records: Vec<&str> = logs.lines().filter(|l| l.starts_with("record:")).collect();
    assert!(records.iter().any(|r| r.contains("attempt=1")), "{logs}");
    assert!(records.iter().any(|r| r.contains("attempt=2")), "{logs}");
    assert!(records.iter().any(|r| r.contains("status=503")), "{logs}");
    assert!(records.iter().any(|r| r.contains("status=200")), "{logs}");
    assert!(records.iter().any(|r| r.contains("elapsed_ms=")), "{logs}");
}

#[tokio::test]
async fn a_refused_connection_is_attempted_as_often_as_the_policy_allows() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let port = unused_port();
    let client = ClientBuilder::<GatewayClient>::new()
        .base_url(format!("http://127.0.0.1:{port}"))
        .token(STATIC_TOKEN)
        .retry(fast_retries().max_attempts(3))
        .build()
        .unwrap();
    assert!(client.get("/v1/x").await.is_err());
    let logs = capture.text();
    let attempts = logs.lines().filter(|l| l.contains("no answer")).count();
    assert_eq!(attempts, 3, "{logs}");
}
