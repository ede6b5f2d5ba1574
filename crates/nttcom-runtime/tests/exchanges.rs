//! Both token exchanges against recorded-shape answers, and every way an
//! exchange can fail: each must end in a typed error, never a panic.

mod common;

use common::*;
use httpmock::prelude::*;
use nttcom_runtime::{ClientBuilder, Error};

#[tokio::test]
async fn keystone_exchange_sends_the_password_method_and_uses_the_subject_token() {
    let server = MockServer::start_async().await;
    let exchange = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(KEYSTONE_PATH)
                .header("content-type", "application/json")
                .json_body(keystone_request());
            then.status(201)
                .header("content-type", "application/json")
                .header("x-subject-token", "098e5cb2b91c4b63a64e47dfe17a5f76")
                .json_body(keystone_answer(3600));
        })
        .await;
    let data = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/sdpf-iot-pf/v1/tenants/t/dashboard")
                .header("x-auth-token", "098e5cb2b91c4b63a64e47dfe17a5f76")
                .header_missing("api-version");
            then.status(200).body("{}");
        })
        .await;
    let client = keystone_client(&server);
    for _ in 0..3 {
        let response = client.get("/tenants/t/dashboard").await.unwrap();
        assert_eq!(response.status(), 200);
    }
    // The token is cached: one exchange for three requests.
    exchange.assert_calls_async(1).await;
    data.assert_calls_async(3).await;
}

#[tokio::test]
async fn client_credentials_exchange_accepts_201_with_string_values() {
    let server = MockServer::start_async().await;
    let exchange = mock_gateway_token(&server, "gateway-token-1", "3599").await;
    let data = mock_bearer_get(&server, "/v1/orders", "gateway-token-1", 200).await;
    let client = gateway_client(&server);
    for _ in 0..2 {
        assert_eq!(client.get("/v1/orders").await.unwrap().status(), 200);
    }
    exchange.assert_calls_async(1).await;
    data.assert_calls_async(2).await;
}

#[tokio::test]
async fn client_credentials_exchange_accepts_200_and_numbers() {
    let server = MockServer::start_async().await;
    let exchange = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(GATEWAY_PATH)
                .json_body(gateway_request());
            then.status(200)
                .json_body(serde_json::json!({"accessToken": "numeric", "expiresIn": 3599}));
        })
        .await;
    let data = mock_bearer_get(&server, "/v1/orders", "numeric", 200).await;
    let client = gateway_client(&server);
    assert_eq!(client.get("/v1/orders").await.unwrap().status(), 200);
    exchange.assert_calls_async(1).await;
    data.assert_calls_async(1).await;
}

#[tokio::test]
async fn the_exchange_follows_the_base_url_host_and_explicit_endpoints_win() {
    let server = MockServer::start_async().await;
    let elsewhere = server
        .mock_async(|when, then| {
            when.method(POST).path("/custom/token");
            then.status(201).json_body(gateway_answer("custom", "3599"));
        })
        .await;
    let data = mock_bearer_get(&server, "/v1/orders", "custom", 200).await;
    let client = ClientBuilder::<GatewayClient>::new()
        .base_url(server.base_url())
        .credentials(
            nttcom_runtime::ClientCredentials::new(CLIENT_ID, CLIENT_SECRET)
                .endpoint(server.url("/custom/token")),
        )
        .build()
        .unwrap();
    assert_eq!(client.get("/v1/orders").await.unwrap().status(), 200);
    elsewhere.assert_calls_async(1).await;
    data.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_request_to_the_token_endpoint_itself_carries_no_token() {
    // ipoe lists its token endpoint as an operation: calling it must not
    // first exchange credentials for a token.
    let server = MockServer::start_async().await;
    let exchange = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(GATEWAY_PATH)
                .header_missing("authorization");
            then.status(201).json_body(gateway_answer("direct", "3599"));
        })
        .await;
    let client = gateway_client(&server);
    let body = gateway_request().to_string();
    let response = client
        .call(reqwest::Method::POST, GATEWAY_PATH, Some(&body))
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    exchange.assert_calls_async(1).await;
}

/// The typed error of an exchange answered by `then`, asked through
/// `Runtime::token`, plus what a request through the hooks reports.
async fn failed_keystone_exchange(
    configure: impl FnOnce(httpmock::Then),
) -> (Error, String, usize) {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path(KEYSTONE_PATH);
            configure(then);
        })
        .await;
    let data = answer_every_request(&server, 200).await;
    let client = keystone_client(&server);
    let typed = client.runtime.token().await.unwrap_err();
    let through_hooks = match client.get("/tenants/t/dashboard").await {
        Err(CallError::Prepare(e)) => e.to_string(),
        other => panic!("expected a credentials error, got {other:?}"),
    };
    (typed, through_hooks, data.calls_async().await)
}

#[tokio::test]
async fn an_exchange_answered_500_is_a_typed_error_naming_the_endpoint() {
    let (error, message, sent) = failed_keystone_exchange(|then| {
        then.status(500).body("<html>maintenance</html>");
    })
    .await;
    let (endpoint, status, reason) = exchange_parts(&error);
    assert!(endpoint.ends_with(KEYSTONE_PATH), "{endpoint}");
    assert_eq!(status, Some(500));
    // A body that is not JSON is described, not repeated: it may echo the
    // secret in any spelling.
    assert!(
        reason.contains("not JSON") && !reason.contains("maintenance"),
        "{reason}"
    );
    assert!(
        message.contains(KEYSTONE_PATH) && message.contains("500"),
        "{message}"
    );
    assert_eq!(sent, 0, "no request leaves without a token");
}

#[tokio::test]
async fn an_exchange_refused_with_401_says_why() {
    let (error, _, _) = failed_keystone_exchange(|then| {
        then.status(401).json_body(serde_json::json!({
            "error": {"code": 401, "message": "The request you have made requires authentication.", "title": "Unauthorized"}
        }));
    })
    .await;
    let (_, status, reason) = exchange_parts(&error);
    assert_eq!(status, Some(401));
    assert!(reason.contains("requires authentication"), "{reason}");
}

#[tokio::test]
async fn malformed_json_is_a_typed_error() {
    let (error, _, _) = failed_keystone_exchange(|then| {
        then.status(201)
            .header("x-subject-token", "tok")
            .body("{\"token\": {\"expires_at\": ");
    })
    .await;
    let (_, status, reason) = exchange_parts(&error);
    assert_eq!(status, Some(201));
    assert!(reason.contains("not a Keystone token body"), "{reason}");

    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path(GATEWAY_PATH);
            then.status(201).body("not json at all");
        })
        .await;
    let error = gateway_client(&server).runtime.token().await.unwrap_err();
    let (_, _, reason) = exchange_parts(&error);
    assert!(reason.contains("not JSON"), "{reason}");
}

#[tokio::test]
async fn a_keystone_answer_without_subject_token_or_expiry_is_a_typed_error() {
    let (error, _, _) = failed_keystone_exchange(|then| {
        then.status(201).json_body(keystone_answer(3600));
    })
    .await;
    assert!(exchange_parts(&error).2.contains("X-Subject-Token"));

    let (error, _, _) = failed_keystone_exchange(|then| {
        then.status(201)
            .header("x-subject-token", "tok")
            .json_body(serde_json::json!({"token": {"expires_at": "next tuesday"}}));
    })
    .await;
    let reason = exchange_parts(&error).2;
    assert!(
        reason.contains("expires_at") && reason.contains("next tuesday"),
        "{reason}"
    );
}

#[tokio::test]
async fn a_gateway_answer_without_token_or_lifetime_is_a_typed_error() {
    for (body, expected) in [
        (serde_json::json!({"expiresIn": "3599"}), "accessToken"),
        (
            serde_json::json!({"accessToken": "x", "expiresIn": "soon"}),
            "expiresIn",
        ),
        (serde_json::json!({"accessToken": "x"}), "expiresIn"),
        (serde_json::json!([1, 2]), "accessToken"),
    ] {
        let server = MockServer::start_async().await;
        server
            .mock_async(|when, then| {
                when.method(POST).path(GATEWAY_PATH);
                then.status(201).json_body(body);
            })
            .await;
        let error = gateway_client(&server).runtime.token().await.unwrap_err();
        assert!(exchange_parts(&error).2.contains(expected), "{error}");
    }
}

#[tokio::test]
async fn an_unreachable_token_endpoint_is_a_typed_error_without_status() {
    let port = unused_port();
    let client = ClientBuilder::<KeystoneClient>::new()
        .base_url(format!("http://127.0.0.1:{port}/v1"))
        .keystone(API_KEY, API_SECRET, TENANT_ID)
        .build()
        .unwrap();
    let error = client.runtime.token().await.unwrap_err();
    let (endpoint, status, reason) = exchange_parts(&error);
    assert_eq!(endpoint, format!("http://127.0.0.1:{port}{KEYSTONE_PATH}"));
    assert_eq!(status, None);
    // Says what happened: the endpoint is in the error already, so the
    // reason does not repeat it (a secret sharing a run of characters with
    // the URL would have hidden the whole reason).
    assert!(reason.starts_with("error sending request"), "{reason}");
    assert!(!reason.contains("127.0.0.1"), "{reason}");
}

#[tokio::test]
async fn answers_with_a_byte_order_mark_before_their_json_are_read() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path(KEYSTONE_PATH);
            then.status(201)
                .header("content-type", "application/json")
                .header("x-subject-token", "keystone-token-bom")
                .body(format!("\u{feff}{}", keystone_answer(3600)));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(POST).path(GATEWAY_PATH);
            then.status(201)
                .header("content-type", "application/json")
                .body("\u{feff}{\"accessToken\": \"gateway-token-bom\", \"expiresIn\": \"3599\"}");
        })
        .await;
    let token = keystone_client(&server).runtime.token().await.unwrap();
    assert_eq!(token.expose(), "keystone-token-bom");
    let token = gateway_client(&server).runtime.token().await.unwrap();
    assert_eq!(token.expose(), "gateway-token-bom");
}

/// On tokio's paused clock: the timeout fires as soon as nothing else can
/// happen, without real waiting.
#[tokio::test(start_paused = true)]
async fn an_exchange_that_times_out_says_so_and_after_how_long() {
    // Accepts and never answers.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            held.push(stream);
        }
    });
    let client = ClientBuilder::<KeystoneClient>::new()
        .base_url(url)
        .keystone(API_KEY, API_SECRET, TENANT_ID)
        .timeout(std::time::Duration::from_millis(200))
        .build()
        .unwrap();
    let error = client.runtime.token().await.unwrap_err();
    let (_, status, reason) = exchange_parts(&error);
    assert_eq!(status, None);
    assert!(
        reason.starts_with("timed out after 0.2 s (one attempt"),
        "{reason}"
    );
}
