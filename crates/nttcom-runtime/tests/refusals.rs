//! A token exchange refused with 401 or 403 is remembered for a while: the
//! refused credentials are not sent again, and every call gets the same
//! typed error at once.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use httpmock::prelude::*;
use nttcom_runtime::{ClientBuilder, Error};

/// A client-credentials endpoint refusing every exchange with `status`.
async fn gateway_refusing(server: &MockServer, status: u16) -> httpmock::Mock<'_> {
    server
        .mock_async(|when, then| {
            when.method(POST).path(GATEWAY_PATH);
            then.status(status).body(format!(
                r#"{{"errorCode": "{status}", "errorMessage": "refused"}}"#
            ));
        })
        .await
}

/// Mocks the Keystone endpoint answering `status` (with an optional delay).
async fn keystone_answering<'a>(
    server: &'a MockServer,
    status: u16,
    delay: Duration,
) -> httpmock::Mock<'a> {
    server
        .mock_async(|when, then| {
            when.method(POST).path(KEYSTONE_PATH);
            then.status(status).delay(delay).json_body(serde_json::json!({
                "error": {"code": status, "message": "The request you have made requires authentication."}
            }));
        })
        .await
}

fn keystone_with_window(server: &MockServer, window: Duration) -> KeystoneClient {
    ClientBuilder::<KeystoneClient>::new()
        .base_url(server.url("/sdpf-iot-pf/v1"))
        .keystone(API_KEY, API_SECRET, TENANT_ID)
        .refusal_window(window)
        .retry(fast_retries())
        .build()
        .unwrap()
}

/// The exchange error a call through the hooks ended in.
async fn refused_call(client: &TestClient) -> Error {
    match client.get("/tenants/t/dashboard").await {
        Err(CallError::Prepare(error)) => error,
        other => panic!("expected a credentials error, got {other:?}"),
    }
}

fn reason(error: &Error) -> &str {
    exchange_parts(error).2
}

#[tokio::test]
async fn a_refused_exchange_is_not_sent_again_within_the_window() {
    let server = MockServer::start_async().await;
    let exchange = keystone_answering(&server, 401, Duration::ZERO).await;
    let data = answer_every_request(&server, 200).await;
    let client = keystone_client(&server);
    let first = refused_call(&client).await;
    assert!(!reason(&first).contains("remembered"), "{first}");
    for _ in 0..5 {
        let again = refused_call(&client).await;
        let (endpoint, status, reason) = exchange_parts(&again);
        assert!(endpoint.ends_with(KEYSTONE_PATH), "{endpoint}");
        assert_eq!(status, Some(401));
        assert!(reason.contains("requires authentication"), "{reason}");
        assert!(reason.contains("remembered"), "{reason}");
        assert!(again.to_string().contains("clear_refusal"), "{again}");
    }
    // `Runtime::token` answers from the same memory.
    assert!(reason(&client.runtime.token().await.unwrap_err()).contains("remembered"));
    exchange.assert_calls_async(1).await;
    data.assert_calls_async(0).await;
}

#[tokio::test]
async fn a_client_credentials_exchange_refused_with_403_is_remembered_too() {
    let server = MockServer::start_async().await;
    let exchange = gateway_refusing(&server, 403).await;
    let client = gateway_client(&server);
    for _ in 0..4 {
        let error = client.runtime.token().await.unwrap_err();
        assert_eq!(exchange_parts(&error).1, Some(403), "{error}");
    }
    exchange.assert_calls_async(1).await;
    // Until the refusal is cleared: the next call exchanges again.
    client.runtime.clear_refusal();
    client.runtime.token().await.unwrap_err();
    exchange.assert_calls_async(2).await;
}

#[tokio::test]
async fn a_refused_exchange_is_sent_again_after_the_window() {
    let server = MockServer::start_async().await;
    let exchange = keystone_answering(&server, 401, Duration::ZERO).await;
    let client = keystone_with_window(&server, Duration::from_millis(100));
    refused_call(&client).await;
    // Any wait at least as long as the window will do.
    tokio::time::sleep(Duration::from_millis(250)).await;
    let error = refused_call(&client).await;
    assert!(!reason(&error).contains("remembered"), "{error}");
    exchange.assert_calls_async(2).await;
}

#[tokio::test]
async fn a_zero_window_remembers_nothing() {
    let server = MockServer::start_async().await;
    let exchange = keystone_answering(&server, 401, Duration::ZERO).await;
    let client = keystone_with_window(&server, Duration::ZERO);
    for _ in 0..3 {
        refused_call(&client).await;
    }
    exchange.assert_calls_async(3).await;
}

#[tokio::test]
async fn a_client_credentials_client_takes_its_window_from_the_builder() {
    let server = MockServer::start_async().await;
    let exchange = gateway_refusing(&server, 401).await;
    let client = ClientBuilder::<GatewayClient>::new()
        .base_url(server.base_url())
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .refusal_window(Duration::ZERO)
        .build()
        .unwrap();
    for _ in 0..3 {
        client.runtime.token().await.unwrap_err();
    }
    exchange.assert_calls_async(3).await;
}

#[tokio::test]
async fn clear_refusal_lets_the_next_call_try_again() {
    let server = MockServer::start_async().await;
    let refused = keystone_answering(&server, 401, Duration::ZERO).await;
    refused.up_to_n_times_async(1).await;
    let accepted = server
        .mock_async(|when, then| {
            when.method(POST).path(KEYSTONE_PATH);
            then.status(201)
                .header("x-subject-token", "fixed")
                .json_body(keystone_answer(3600));
        })
        .await;
    let data = server
        .mock_async(|when, then| {
            when.method(GET).header("x-auth-token", "fixed");
            then.status(200);
        })
        .await;
    let client = keystone_client(&server);
    refused_call(&client).await;
    assert!(reason(&refused_call(&client).await).contains("remembered"));
    accepted.assert_calls_async(0).await;

    client.runtime.clear_refusal();
    let response = client.get("/tenants/t/dashboard").await.unwrap();
    assert_eq!(response.status(), 200);
    refused.assert_calls_async(1).await;
    accepted.assert_calls_async(1).await;
    data.assert_calls_async(1).await;
}

#[tokio::test]
async fn server_errors_are_not_remembered() {
    let server = MockServer::start_async().await;
    let exchange = keystone_answering(&server, 500, Duration::ZERO).await;
    let client = keystone_client(&server);
    for _ in 0..3 {
        let error = refused_call(&client).await;
        assert_eq!(exchange_parts(&error).1, Some(500), "{error}");
    }
    exchange.assert_calls_async(3).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_callers_waiting_on_one_refused_exchange_all_get_its_error() {
    let server = MockServer::start_async().await;
    // Slow, so that the callers arrive while it is in flight.
    let exchange = keystone_answering(&server, 401, Duration::from_millis(300)).await;
    let client = Arc::new(keystone_client(&server));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..50 {
        let client = Arc::clone(&client);
        tasks.spawn(async move { refused_call(&client).await });
    }
    while let Some(error) = tasks.join_next().await {
        let error = error.unwrap();
        assert_eq!(exchange_parts(&error).1, Some(401), "{error}");
    }
    exchange.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_remembered_refusal_shows_no_secret_even_when_the_server_echoed_it() {
    let server = MockServer::start_async().await;
    let echo = format!(
        "{{\"error\": \"bad credentials\", \"request\": {}}}",
        keystone_request()
    );
    let exchange = server
        .mock_async(|when, then| {
            when.method(POST).path(KEYSTONE_PATH);
            then.status(401).body(echo);
        })
        .await;
    let client = keystone_client(&server);
    refused_call(&client).await;
    let remembered = refused_call(&client).await;
    assert!(reason(&remembered).contains("remembered"), "{remembered}");
    for text in [remembered.to_string(), format!("{remembered:?}")] {
        assert!(text.contains("bad credentials"), "{text}");
        assert!(!text.contains(API_SECRET), "{text}");
    }
    exchange.assert_calls_async(1).await;
}
