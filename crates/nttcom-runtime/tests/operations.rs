//! What a generated operation returns, end to end: the decoded answer, or an
//! `OperationError` saying what went wrong, with the answer's status, headers
//! and quota when there was one.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;

use common::*;
use httpmock::prelude::*;
use nttcom_runtime::{ClientBuilder, Error, OperationError, RetryPolicy};
use reqwest::StatusCode;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Sites {
    customer_site: Vec<Site>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Site {
    customer_code: String,
}

/// The gateways' error body.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiError {
    error_code: String,
}

type Outcome = Result<nttcom_runtime::ResponseValue<Sites>, OperationError<ApiError>>;

/// A client sending a static token once (no retries) to `url`.
fn client_at(url: &str) -> GatewayClient {
    ClientBuilder::<GatewayClient>::new()
        .base_url(url)
        .token("t")
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

async fn answering(server: &MockServer, then: impl FnOnce(httpmock::Then)) -> Outcome {
    server
        .mock_async(|when, reply| {
            when.method(GET).path("/v1/sites");
            then(reply);
        })
        .await;
    client_at(&server.base_url()).operation("/v1/sites").await
}

#[tokio::test]
async fn a_documented_answer_decodes_with_its_status_and_headers() {
    let server = MockServer::start_async().await;
    let sites = answering(&server, |then| {
        then.status(200)
            .header("x-request-id", "req-1")
            .body(r#"{"customerSite": [{"customerCode": "C1"}]}"#);
    })
    .await
    .unwrap();
    assert_eq!(sites.status(), StatusCode::OK);
    assert_eq!(sites.headers()["x-request-id"], "req-1");
    assert_eq!(sites.into_inner().customer_site[0].customer_code, "C1");
}

#[tokio::test]
async fn a_body_that_does_not_decode_names_the_json_path_of_the_fault() {
    let server = MockServer::start_async().await;
    let body = r#"{"customerSite": [{"customerCode": "C1"}, {"customerCode": null}]}"#;
    let error = answering(&server, |then| {
        then.status(200).body(body);
    })
    .await
    .unwrap_err();
    let OperationError::InvalidResponsePayload(answer) = &error else {
        panic!("expected an invalid payload, got {error:?}")
    };
    assert_eq!(answer.body(), body.as_bytes(), "the body is kept");
    assert_eq!(error.status(), Some(200), "and so is the status");
    assert_eq!(
        answer.error().to_string(),
        "customerSite[1].customerCode: invalid type: null, expected a string at line 1 column 63"
    );
    assert!(
        error.to_string().contains("customerSite[1].customerCode"),
        "{error}"
    );
}

#[tokio::test]
async fn a_documented_error_carries_its_body_status_quota_and_request_id() {
    let server = MockServer::start_async().await;
    let error = answering(&server, |then| {
        then.status(429)
            .header("x-quota-allowed", "100")
            .header("x-quota-available", "0")
            .header("x-quota-reset", "30")
            .header("x-request-id", "req-429")
            .body(r#"{"errorCode": "429", "errorMessage": "Too Many Requests"}"#);
    })
    .await
    .unwrap_err();
    let OperationError::ErrorResponse(answer) = &error else {
        panic!("expected an error response, got {error:?}")
    };
    assert_eq!(answer.error_code, "429");
    assert_eq!(error.status(), Some(429));
    assert!(error.is_throttled());
    assert!(error.is_retryable());
    assert_eq!(error.request_id(), Some("req-429"));
    let quota = error.quota().unwrap();
    assert_eq!((quota.allowed, quota.available), (Some(100), Some(0)));
    assert_eq!(quota.reset.as_deref(), Some("30"));
    assert_eq!(
        error.to_string(),
        r#"error response 429 Too Many Requests: ApiError { error_code: "429" }"#
    );
}

#[tokio::test]
async fn an_undocumented_status_is_an_unexpected_response() {
    let server = MockServer::start_async().await;
    let error = answering(&server, |then| {
        then.status(503)
            .header("x-quota-reset", "5")
            .body("<html>maintenance</html>");
    })
    .await
    .unwrap_err();
    assert!(
        matches!(error, OperationError::UnexpectedResponse(_)),
        "{error:?}"
    );
    assert_eq!(error.status_code(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert!(error.is_retryable());
    assert_eq!(error.quota().unwrap().reset.as_deref(), Some("5"));
    assert_eq!(
        error.to_string(),
        "unexpected response 503 Service Unavailable from /v1/sites"
    );
}

#[tokio::test]
async fn a_refused_exchange_is_a_typed_credentials_error() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path(GATEWAY_PATH);
            then.status(401).json_body(serde_json::json!({
                "developerMessage": "bad credentials",
                "request": gateway_request(),
            }));
        })
        .await;
    let data = server
        .mock_async(|when, then| {
            when.method(GET);
            then.status(200);
        })
        .await;
    let error = gateway_client(&server)
        .operation::<Sites, ApiError>("/v1/sites")
        .await
        .unwrap_err();
    match &error {
        OperationError::Credentials(Error::TokenExchange {
            endpoint, status, ..
        }) => {
            assert!(endpoint.ends_with(GATEWAY_PATH), "{endpoint}");
            assert_eq!(*status, Some(401));
        }
        other => panic!("expected a credentials error, got {other:?}"),
    }
    assert!(error.credentials_error().is_some());
    assert!(!error.is_retryable());
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(text.contains("bad credentials"), "{text}");
        assert!(!text.contains(CLIENT_SECRET), "{text}");
    }
    data.assert_calls_async(0).await;
}

#[tokio::test]
async fn no_answer_is_a_retryable_communication_error() {
    let error = client_at(&format!("http://127.0.0.1:{}", unused_port()))
        .operation::<Sites, ApiError>("/v1/sites")
        .await
        .unwrap_err();
    assert!(
        matches!(error, OperationError::CommunicationError(_)),
        "{error:?}"
    );
    assert!(error.is_retryable());
    assert!(std::error::Error::source(&error).is_some());
}

#[tokio::test]
async fn a_body_cut_short_is_retried_then_a_retryable_response_body_error() {
    // Promises 100 bytes, sends 10 and hangs up, on every connection.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let served = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    std::thread::spawn({
        let served = served.clone();
        move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let mut buffer = [0u8; 4096];
                let _ = stream.read(&mut buffer);
                let _ =
                    stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"custome");
                served.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
        }
    });
    let client = ClientBuilder::<GatewayClient>::new()
        .base_url(&url)
        .token("t")
        .retry(fast_retries().max_attempts(3))
        .build()
        .unwrap();
    let error = client
        .operation::<Sites, ApiError>("/v1/sites")
        .await
        .unwrap_err();
    let OperationError::ResponseBodyError(cut) = &error else {
        panic!("expected a response body error, got {error:?}")
    };
    // The policy retried it, as `is_retryable()` says it may.
    assert!(error.is_retryable());
    assert_eq!(cut.attempts(), Some(3));
    assert_eq!(served.load(std::sync::atomic::Ordering::SeqCst), 3);
    assert_eq!(
        error.status(),
        Some(200),
        "the status of the answer cut short"
    );
    assert!(
        error
            .to_string()
            .starts_with("cannot read the response body: failed after 3 attempts in "),
        "{error}"
    );
}

/// On tokio's paused clock: the timeouts and backoff fire as soon as nothing
/// else can happen, without real waiting.
#[tokio::test(start_paused = true)]
async fn a_timeout_says_so_with_its_limit_and_attempts() {
    let url = silent_server();
    let client = ClientBuilder::<GatewayClient>::new()
        .base_url(&url)
        .token("t")
        .timeout(std::time::Duration::from_millis(200))
        .retry(fast_retries().max_attempts(2))
        .build()
        .unwrap();
    let error = client
        .operation::<Sites, ApiError>("/v1/sites")
        .await
        .unwrap_err();
    assert!(error.is_timeout() && error.is_retryable(), "{error:?}");
    let text = error.to_string();
    assert!(
        text.starts_with(
            "communication error: timed out (no complete answer within 0.2 s, the limit of one \
             attempt) after 2 attempts in "
        ),
        "{text}"
    );
}

/// What a user's `.configure_http(…)` hook may set: its own settings apply,
/// but a redirect policy or a timeout of its own does not replace the
/// runtime's, which are applied after it.
#[tokio::test]
async fn the_http_hook_adds_settings_but_cannot_turn_redirects_on() {
    let server = MockServer::start_async().await;
    let moved = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/sites")
                .header("x-team", "billing");
            then.status(302).header("location", "/v1/elsewhere");
        })
        .await;
    let elsewhere = server
        .mock_async(|when, then| {
            when.path("/v1/elsewhere");
            then.status(200).body(r#"{"customerSite": []}"#);
        })
        .await;
    let client = ClientBuilder::<GatewayClient>::new()
        .base_url(server.base_url())
        .token("t")
        .retry(RetryPolicy::none())
        .configure_http(|http| {
            let mut headers = reqwest::header::HeaderMap::new();
            headers.insert("x-team", "billing".parse().unwrap());
            http.default_headers(headers)
                .redirect(reqwest::redirect::Policy::limited(10))
        })
        .build()
        .unwrap();
    let error = client
        .operation::<Sites, ApiError>("/v1/sites")
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(302), "{error:?}");
    assert_eq!(error.redirect_location(), Some("/v1/elsewhere"));
    moved.assert_calls_async(1).await;
    elsewhere.assert_calls_async(0).await;
}

#[tokio::test(start_paused = true)]
async fn the_http_hook_cannot_lift_the_timeout() {
    let url = silent_server();
    let client = ClientBuilder::<GatewayClient>::new()
        .base_url(&url)
        .token("t")
        .timeout(std::time::Duration::from_millis(200))
        .configure_http(|http| http.timeout(std::time::Duration::from_secs(3600)))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    // On the paused clock, the virtual time the attempt took.
    let started = tokio::time::Instant::now();
    let error = client
        .operation::<Sites, ApiError>("/v1/sites")
        .await
        .unwrap_err();
    let waited = started.elapsed();
    assert!(error.is_timeout(), "{error:?}");
    assert!(
        waited < std::time::Duration::from_secs(1),
        "the hook's hour was applied: {waited:?}"
    );
    assert!(error.to_string().contains("within 0.2 s"), "{error}");
}

/// A call's own `.timeout(…)` replaces the client's for that call.
#[tokio::test(start_paused = true)]
async fn a_call_s_own_timeout_bounds_its_attempts() {
    let url = silent_server();
    let client = ClientBuilder::<GatewayClient>::new()
        .base_url(&url)
        .token("t")
        .timeout(std::time::Duration::from_secs(3600))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let mut overrides = nttcom_runtime::Overrides::new();
    overrides.timeout(std::time::Duration::from_millis(200));
    let started = tokio::time::Instant::now();
    let sent = client.get_with(&format!("{url}/v1/sites"), overrides).await;
    let error = sent.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(1),
        "the client's hour was applied"
    );
    assert!(error.to_string().contains("within 0.2 s"), "{error}");
}

/// The URL of a loopback server that accepts connections and never answers.
fn silent_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            held.push(stream);
        }
    });
    url
}

#[tokio::test]
async fn the_answer_send_returns_keeps_its_url_and_where_it_came_from() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body("{}");
        })
        .await;
    let response = client_at(&server.base_url())
        .get("/v1/sites")
        .await
        .unwrap();
    assert_eq!(response.url().as_str(), server.url("/v1/sites"));
    // reqwest reads the peer's address from the answer's extensions.
    assert_eq!(response.remote_addr(), Some(*server.address()));
}

#[test]
fn the_runtime_shows_the_retry_policy_it_was_built_with() {
    let policy = RetryPolicy::default().max_attempts(7);
    let client = ClientBuilder::<GatewayClient>::new()
        .token("t")
        .retry(policy.clone())
        .build()
        .unwrap();
    assert_eq!(client.runtime.retry_policy(), &policy);
    assert_ne!(policy, RetryPolicy::default());
}
