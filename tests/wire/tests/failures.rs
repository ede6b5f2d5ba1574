//! Failures of the credentials and of the gateway, as an operation's caller
//! sees them, over loopback:
//!
//! - a token exchange refused with 401 reaches the caller as
//!   `Error::Credentials(TokenExchange { status: Some(401), .. })`, nothing
//!   being sent to the operation; the refusal is remembered for the client's
//!   refusal window (the exchange is not repeated within it), and forgotten
//!   after it or on `Runtime::clear_refusal()`;
//! - a 429 without `Retry-After` is retried once the gateway's
//!   `X-Quota-Reset` has passed (the quota itself is read in the ipoe and
//!   service-order files, with `err.quota()`).

mod common;

use std::time::{Duration, Instant};

use httpmock::Method::GET;
use httpmock::{Mock, MockServer};
use nttcom_runtime::{Error, OperationError, RetryPolicy};
use serde_json::json;

const TENANT: &str = "550e8400e29b41d4a716446655440000";
const DASHBOARD: &str = "/tenants/550e8400e29b41d4a716446655440000/dashboard";

/// Far longer than any test takes.
const GENEROUS: Duration = Duration::from_secs(30);

/// A sign-common client with Keystone credentials and this refusal window.
fn keystone_client(server: &MockServer, window: Duration) -> nttcom_sign_common::Client {
    common::builder(server)
        .keystone(common::API_KEY, common::API_SECRET, TENANT)
        .refusal_window(window)
        .build()
        .unwrap()
}

/// Asserts that `result` is the refused exchange: `Error::Credentials`
/// holding `TokenExchange` with HTTP 401 from Keystone.
fn assert_refused_exchange<T: std::fmt::Debug, E: std::fmt::Debug>(
    result: Result<T, OperationError<E>>,
) {
    let error = result.expect_err("the exchange was refused");
    assert_eq!(error.status(), None, "not the operation's status");
    assert!(!error.is_retryable());
    match error {
        OperationError::Credentials(Error::TokenExchange {
            endpoint,
            status: Some(401),
            reason,
        }) => {
            assert!(endpoint.ends_with(common::KEYSTONE_PATH), "{endpoint}");
            assert!(
                reason.contains("requires authentication"),
                "Keystone's message: {reason}"
            );
        }
        other => panic!("expected Error::Credentials(TokenExchange), got {other:?}"),
    }
}

/// The operation's mock, to prove that no request reached it.
async fn dashboard(server: &MockServer) -> Mock<'_> {
    server
        .mock_async(|when, then| {
            when.method(GET).path(DASHBOARD);
            common::json_response(
                then,
                200,
                &common::response_example("sign-common", "get_dashboard_counts", 200, None),
            );
        })
        .await
}

/// Within the window the refusal is the answer of every call, without
/// asking Keystone again; `clear_refusal()` forgets it at once.
#[tokio::test]
async fn a_refused_exchange_is_remembered_until_cleared() {
    let server = common::server().await;
    let keystone = common::mock_keystone(&server, TENANT, 401).await;
    let operation = dashboard(&server).await;
    let client = keystone_client(&server, GENEROUS);
    for _ in 0..3 {
        assert_refused_exchange(client.get_dashboard_counts().send().await);
    }
    assert_eq!(keystone.calls_async().await, 1, "asked Keystone once");
    client.runtime().clear_refusal();
    assert_refused_exchange(client.get_dashboard_counts().send().await);
    assert_eq!(keystone.calls_async().await, 2, "asked again once cleared");
    assert_eq!(operation.calls_async().await, 0, "the operation was called");
}

/// After the window, the next call asks Keystone again: with credentials
/// fixed meanwhile, it gets its token and the operation goes out.
#[tokio::test]
async fn a_refused_exchange_is_forgotten_after_the_window() {
    let server = common::server().await;
    let refusing = common::mock_keystone(&server, TENANT, 401).await;
    let operation = dashboard(&server).await;
    let window = Duration::from_millis(50);
    let client = keystone_client(&server, window);
    let refused_at = Instant::now();
    assert_refused_exchange(client.get_dashboard_counts().send().await);
    refusing.delete_async().await;
    let issuing = common::mock_keystone(&server, TENANT, 201).await;
    // Calls within the window get the remembered refusal without asking;
    // one after it asks Keystone again.
    let deadline = refused_at + GENEROUS;
    let answer = loop {
        match client.get_dashboard_counts().send().await {
            Err(refused) if Instant::now() < deadline => {
                assert_refused_exchange::<(), _>(Err(refused));
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            other => break other,
        }
    };
    assert!(
        refused_at.elapsed() >= window,
        "asked again within the window"
    );
    common::assert_success(
        &answer.expect("a token after the window"),
        200,
        &common::response_example("sign-common", "get_dashboard_counts", 200, None),
    );
    issuing.assert_async().await;
    operation.assert_async().await;
}

/// The same through a client-credentials service: ipoe's gateway refusing
/// the client id and secret.
#[tokio::test]
async fn a_refused_gateway_exchange_reaches_the_caller() {
    let server = common::server().await;
    let gateway = server
        .mock_async(|when, then| {
            when.method(httpmock::Method::POST)
                .path("/oauth/v1/accesstokens");
            common::json_response(
                then,
                401,
                &common::response_example("ipoe", "create_access_token", 401, None),
            );
        })
        .await;
    let catch_all = common::catch_all(&server).await;
    let client: nttcom_ipoe::Client = common::builder(&server)
        .client_credentials("wire-client-id", "wire-client-secret")
        .build()
        .unwrap();
    let error = client.list_customer_sites().send().await.unwrap_err();
    match error.credentials_error() {
        Some(Error::TokenExchange {
            endpoint,
            status: Some(401),
            ..
        }) => assert!(endpoint.ends_with("/oauth/v1/accesstokens"), "{endpoint}"),
        other => panic!("expected the refused exchange, got {other:?}"),
    }
    gateway.assert_async().await;
    assert_eq!(catch_all.calls_async().await, 0, "the operation was called");
}

/// A 429 with `X-Quota-Reset` and no `Retry-After`: the retry waits for the
/// reset (0.3 s here; the backoff alone would wait 1 ms), then succeeds.
#[tokio::test]
async fn a_429_is_retried_when_the_quota_resets() {
    let server = common::server().await;
    let path = "/infoIpoE/v2/customerSites";
    let limited = server
        .mock_async(|when, then| {
            when.method(GET).path(path);
            common::json_response(
                then,
                429,
                &json!({"errorCode": "429", "errorMessage": "Too Many Requests"}),
            )
            .header("x-quota-allowed", "10")
            .header("x-quota-available", "0")
            .header("x-quota-reset", "0.3")
            .up_to_n_times(1);
        })
        .await;
    let example = common::response_example("ipoe", "list_customer_sites", 200, None);
    let served = server
        .mock_async(|when, then| {
            when.method(GET).path(path);
            common::json_response(then, 200, &example);
        })
        .await;
    let client: nttcom_ipoe::Client = common::builder(&server)
        .token(common::TOKEN)
        .retry(
            RetryPolicy::default()
                .max_attempts(2)
                .backoff(Duration::from_millis(1), Duration::from_millis(1)),
        )
        .build()
        .unwrap();
    let started = Instant::now();
    let rv = client
        .list_customer_sites()
        .send()
        .await
        .expect("the retry");
    let waited = started.elapsed();
    common::assert_success(&rv, 200, &example);
    assert!(waited >= Duration::from_millis(300), "{waited:?}");
    assert!(waited < GENEROUS, "{waited:?}");
    limited.assert_async().await;
    served.assert_async().await;
}
