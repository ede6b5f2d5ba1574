//! Token lifetime: renewal ahead of expiry, one exchange however many callers
//! wait, and the single renewal and replay after a 401.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use httpmock::prelude::*;
use nttcom_runtime::ClientBuilder;

#[tokio::test]
async fn a_short_lived_token_is_renewed_before_it_expires() {
    let server = MockServer::start_async().await;
    // Lives 2 s, so it is due for renewal after 1 s (half its life).
    let first = mock_gateway_token(&server, "first", "2").await;
    first.up_to_n_times_async(1).await;
    let second = mock_gateway_token(&server, "second", "3600").await;
    let old = mock_bearer_get(&server, "/v1/orders", "first", 200).await;
    let new = mock_bearer_get(&server, "/v1/orders", "second", 200).await;
    let client = gateway_client(&server);

    assert_eq!(client.get("/v1/orders").await.unwrap().status(), 200);
    first.assert_calls_async(1).await;
    second.assert_calls_async(0).await;

    // Past the renewal point, not yet expired: the next request renews.
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    assert_eq!(client.get("/v1/orders").await.unwrap().status(), 200);
    second.assert_calls_async(1).await;
    old.assert_calls_async(1).await;
    new.assert_calls_async(1).await;
}

#[tokio::test]
async fn keystone_lifetime_comes_from_expires_at() {
    let server = MockServer::start_async().await;
    // issued_at 18:00:00, expires_at 18:00:01: due for renewal at once.
    let short = server
        .mock_async(|when, then| {
            when.method(POST).path(KEYSTONE_PATH);
            then.status(201)
                .header("x-subject-token", "short")
                .json_body(keystone_answer(1));
        })
        .await;
    short.up_to_n_times_async(1).await;
    let long = server
        .mock_async(|when, then| {
            when.method(POST).path(KEYSTONE_PATH);
            then.status(201)
                .header("x-subject-token", "long")
                .json_body(keystone_answer(3600));
        })
        .await;
    let data = server
        .mock_async(|when, then| {
            when.method(GET).path("/sdpf-iot-pf/v1/x");
            then.status(200);
        })
        .await;
    let client = keystone_client(&server);
    client.get("/x").await.unwrap();
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    for _ in 0..3 {
        client.get("/x").await.unwrap();
    }
    short.assert_calls_async(1).await;
    long.assert_calls_async(1).await;
    data.assert_calls_async(4).await;
}

/// Sends `n` requests at once and checks they all succeed.
async fn concurrent_gets(client: Arc<GatewayClient>, n: usize) {
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..n {
        let client = Arc::clone(&client);
        tasks.spawn(async move { client.get("/v1/orders").await.map(|r| r.status()) });
    }
    while let Some(joined) = tasks.join_next().await {
        assert_eq!(joined.unwrap().unwrap(), 200);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_callers_with_an_expired_token_cause_one_exchange() {
    let server = MockServer::start_async().await;
    let first = mock_gateway_token(&server, "first", "1").await;
    first.up_to_n_times_async(1).await;
    // Slow, so that every caller arrives while the exchange is in flight.
    let second = server
        .mock_async(|when, then| {
            when.method(POST).path(GATEWAY_PATH);
            then.status(201)
                .delay(Duration::from_millis(300))
                .json_body(gateway_answer("second", "3600"));
        })
        .await;
    let data_old = mock_bearer_get(&server, "/v1/orders", "first", 200).await;
    let data_new = mock_bearer_get(&server, "/v1/orders", "second", 200).await;
    let client = Arc::new(gateway_client(&server));

    client.get("/v1/orders").await.unwrap();
    first.assert_calls_async(1).await;
    tokio::time::sleep(Duration::from_millis(1_100)).await; // "first" has expired

    concurrent_gets(Arc::clone(&client), 100).await;
    second.assert_calls_async(1).await;
    data_old.assert_calls_async(1).await;
    data_new.assert_calls_async(100).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_first_callers_cause_one_exchange() {
    let server = MockServer::start_async().await;
    let exchange = server
        .mock_async(|when, then| {
            when.method(POST).path(GATEWAY_PATH);
            then.status(201)
                .delay(Duration::from_millis(200))
                .json_body(gateway_answer("only", "3600"));
        })
        .await;
    let data = mock_bearer_get(&server, "/v1/orders", "only", 200).await;
    concurrent_gets(Arc::new(gateway_client(&server)), 100).await;
    exchange.assert_calls_async(1).await;
    data.assert_calls_async(100).await;
}

#[tokio::test]
async fn a_401_renews_the_token_and_replays_the_request_once() {
    let server = MockServer::start_async().await;
    let first = mock_gateway_token(&server, "revoked", "3600").await;
    first.up_to_n_times_async(1).await;
    let second = mock_gateway_token(&server, "renewed", "3600").await;
    let refused = mock_bearer_get(&server, "/v1/orders", "revoked", 401).await;
    let accepted = mock_bearer_get(&server, "/v1/orders", "renewed", 200).await;
    let client = gateway_client(&server);

    assert_eq!(client.get("/v1/orders").await.unwrap().status(), 200);
    first.assert_calls_async(1).await;
    second.assert_calls_async(1).await;
    refused.assert_calls_async(1).await;
    accepted.assert_calls_async(1).await;

    // The renewed token is cached for what follows.
    assert_eq!(client.get("/v1/orders").await.unwrap().status(), 200);
    second.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_second_401_is_returned_to_the_caller() {
    let server = MockServer::start_async().await;
    let first = mock_gateway_token(&server, "first", "3600").await;
    first.up_to_n_times_async(1).await;
    let second = mock_gateway_token(&server, "second", "3600").await;
    let data = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/orders");
            then.status(401)
                .json_body(serde_json::json!({"errorCode": "401"}));
        })
        .await;
    let client = gateway_client(&server);
    let response = client.get("/v1/orders").await.unwrap();
    assert_eq!(response.status(), 401);
    // One renewal, one replay, then the 401 stands.
    first.assert_calls_async(1).await;
    second.assert_calls_async(1).await;
    data.assert_calls_async(2).await;
}

#[tokio::test]
async fn a_renewal_that_yields_the_refused_token_again_is_not_replayed() {
    let server = MockServer::start_async().await;
    let exchange = mock_gateway_token(&server, "same", "3600").await;
    let data = mock_bearer_get(&server, "/v1/orders", "same", 401).await;
    let client = gateway_client(&server);
    assert_eq!(client.get("/v1/orders").await.unwrap().status(), 401);
    exchange.assert_calls_async(2).await;
    data.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_401_replays_a_post_with_its_body() {
    let server = MockServer::start_async().await;
    let first = mock_gateway_token(&server, "revoked", "3600").await;
    first.up_to_n_times_async(1).await;
    mock_gateway_token(&server, "renewed", "3600").await;
    let refused = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/orders")
                .header("authorization", "Bearer revoked");
            then.status(401);
        })
        .await;
    let accepted = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/orders")
                .header("authorization", "Bearer renewed")
                .json_body(serde_json::json!({"order": 1}));
            then.status(201);
        })
        .await;
    let client = gateway_client(&server);
    let response = client
        .call(reqwest::Method::POST, "/v1/orders", Some(r#"{"order": 1}"#))
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    refused.assert_calls_async(1).await;
    accepted.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_static_token_refused_with_401_is_not_replayed() {
    let server = MockServer::start_async().await;
    let data = mock_bearer_get(&server, "/v1/orders", "static", 401).await;
    let client = ClientBuilder::<GatewayClient>::new()
        .base_url(server.base_url())
        .token("static")
        .build()
        .unwrap();
    assert_eq!(client.get("/v1/orders").await.unwrap().status(), 401);
    data.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_failed_renewal_after_401_returns_the_401() {
    let server = MockServer::start_async().await;
    let first = mock_gateway_token(&server, "revoked", "3600").await;
    first.up_to_n_times_async(1).await;
    let broken = server
        .mock_async(|when, then| {
            when.method(POST).path(GATEWAY_PATH);
            then.status(503);
        })
        .await;
    let data = mock_bearer_get(&server, "/v1/orders", "revoked", 401).await;
    let client = gateway_client(&server);
    assert_eq!(client.get("/v1/orders").await.unwrap().status(), 401);
    broken.assert_calls_async(1).await;
    data.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_keystone_token_refused_with_401_is_renewed_and_the_request_replayed() {
    let server = MockServer::start_async().await;
    let issued = |token: &'static str| {
        let server = &server;
        async move {
            server
                .mock_async(|when, then| {
                    when.method(POST).path(KEYSTONE_PATH);
                    then.status(201)
                        .header("x-subject-token", token)
                        .json_body(keystone_answer(3600));
                })
                .await
        }
    };
    let first = issued("revoked").await;
    first.up_to_n_times_async(1).await;
    let second = issued("renewed").await;
    let answered = |token: &'static str, status: u16| {
        let server = &server;
        async move {
            server
                .mock_async(|when, then| {
                    when.method(GET)
                        .path("/sdpf-iot-pf/v1/x")
                        .header("x-auth-token", token);
                    then.status(status);
                })
                .await
        }
    };
    let refused = answered("revoked", 401).await;
    let accepted = answered("renewed", 200).await;
    let client = keystone_client(&server);
    assert_eq!(client.get("/x").await.unwrap().status(), 200);
    first.assert_calls_async(1).await;
    second.assert_calls_async(1).await;
    refused.assert_calls_async(1).await;
    accepted.assert_calls_async(1).await;
}
