//! What the tests share: two services shaped like the generated ones (one
//! Keystone, one client-credentials), a client that calls the runtime the way
//! the generated glue does, and recorded-shape exchange answers.

#![allow(dead_code)]

use std::time::Duration;

use httpmock::prelude::*;
use nttcom_runtime::{
    AuthScheme, ClientBuilder, OperationError, Overrides, ResponseValue, RetryPolicy, Runtime,
    Service, ServiceInfo, TokenExchange,
};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

pub const API_KEY: &str = "api-key-7f3a";
pub const API_SECRET: &str = "api-secret-S3CR3T-keystone";
pub const TENANT_ID: &str = "550e8400e29b41d4a716446655440000";
pub const CLIENT_ID: &str = "client-id-9c1e";
pub const CLIENT_SECRET: &str = "client-secret-S3CR3T-gateway";
pub const KEYSTONE_PATH: &str = "/keystone/v3/auth/tokens";
pub const GATEWAY_PATH: &str = "/v1/oauth/accesstokens";

/// What a generated client holds, and what its hooks do with it.
pub struct TestClient {
    pub base_url: String,
    pub http: reqwest::Client,
    pub runtime: Runtime,
}

macro_rules! test_service {
    ($name:ident, $info:expr) => {
        pub struct $name(pub TestClient);

        impl Service for $name {
            const INFO: ServiceInfo = $info;

            fn from_parts(base_url: &str, http: reqwest::Client, runtime: Runtime) -> Self {
                Self(TestClient {
                    base_url: base_url.to_owned(),
                    http,
                    runtime,
                })
            }
        }

        impl std::ops::Deref for $name {
            type Target = TestClient;
            fn deref(&self) -> &TestClient {
                &self.0
            }
        }
    };
}

test_service!(
    KeystoneClient,
    ServiceInfo {
        name: "keystone-service",
        default_base_url: "https://api.ntt.com/sdpf-iot-pf/v1",
        auth: AuthScheme::Header("X-Auth-Token"),
        token_exchange: Some(TokenExchange::Keystone {
            path: KEYSTONE_PATH
        }),
    }
);

test_service!(
    GatewayClient,
    ServiceInfo {
        name: "gateway-service",
        default_base_url: "https://api.ntt.com",
        auth: AuthScheme::Bearer,
        token_exchange: Some(TokenExchange::ClientCredentials { path: GATEWAY_PATH }),
    }
);

/// Why a call failed: before sending (credentials) or in sending (transport).
#[derive(Debug)]
pub enum CallError {
    Prepare(nttcom_runtime::Error),
    Send(reqwest::Error),
}

impl TestClient {
    /// Sends `method path` as a generated operation does: progenitor builds
    /// the request, and the runtime's `send` readies and sends it.
    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&str>,
    ) -> Result<reqwest::Response, CallError> {
        let mut builder = self
            .http
            .request(method, format!("{}{path}", self.base_url));
        if let Some(body) = body {
            builder = builder
                .header("content-type", "application/json")
                .body(body.to_owned());
        }
        let request = builder.build().map_err(CallError::Send)?;
        let sent: Result<_, OperationError<()>> = self
            .runtime
            .send(request, "test_operation", Overrides::new())
            .await;
        sent.map_err(|error| match error {
            OperationError::Credentials(error) => CallError::Prepare(error),
            OperationError::CommunicationError(error)
            | OperationError::ResponseBodyError(error) => CallError::Send(error.into_inner()),
            other => panic!("the runtime failed otherwise: {other:?}"),
        })
    }

    pub async fn get(&self, path: &str) -> Result<reqwest::Response, CallError> {
        self.call(reqwest::Method::GET, path, None).await
    }

    /// Sends `GET url` (any URL) with a call's own `overrides`, returning
    /// what the runtime returned.
    pub async fn get_with(
        &self,
        url: &str,
        overrides: Overrides,
    ) -> Result<reqwest::Response, OperationError<()>> {
        let request = self.http.get(url).build()?;
        self.runtime
            .send(request, "test_operation", overrides)
            .await
    }

    /// Sends `GET path` as a generated operation returning `OperationError`
    /// does: 200 is the documented answer; 400, 401, 404 and 429 are
    /// documented errors.
    pub async fn operation<T: DeserializeOwned, E: DeserializeOwned>(
        &self,
        path: &str,
    ) -> Result<ResponseValue<T>, OperationError<E>> {
        let request = self.http.get(format!("{}{path}", self.base_url)).build()?;
        let response = self
            .runtime
            .send(request, "test_operation", Overrides::new())
            .await?;
        match response.status().as_u16() {
            200 => nttcom_runtime::decode(response).await,
            400 | 401 | 404 | 429 => Err(OperationError::ErrorResponse(
                nttcom_runtime::decode(response).await?,
            )),
            _ => Err(OperationError::UnexpectedResponse(response)),
        }
    }
}

/// The endpoint, status and reason of a token exchange error.
pub fn exchange_parts(error: &nttcom_runtime::Error) -> (&str, Option<u16>, &str) {
    match error {
        nttcom_runtime::Error::TokenExchange {
            endpoint,
            status,
            reason,
        } => (endpoint, *status, reason),
        other => panic!("expected a token exchange error, got {other:?}"),
    }
}

/// A port that was free a moment ago: nothing listens there.
pub fn unused_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Retries fast enough for tests: waits of 1–4 ms.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(3)
        .backoff(Duration::from_millis(2), Duration::from_millis(4))
        .max_retry_after(Duration::from_secs(2))
}

pub fn keystone_client(server: &MockServer) -> KeystoneClient {
    ClientBuilder::<KeystoneClient>::new()
        .base_url(server.url("/sdpf-iot-pf/v1"))
        .keystone(API_KEY, API_SECRET, TENANT_ID)
        .retry(fast_retries())
        .build()
        .expect("client builds")
}

pub fn gateway_client(server: &MockServer) -> GatewayClient {
    ClientBuilder::<GatewayClient>::new()
        .base_url(server.base_url())
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .retry(fast_retries())
        .build()
        .expect("client builds")
}

/// The body Keystone v3 expects for the password method.
pub fn keystone_request() -> Value {
    json!({
        "auth": {
            "identity": {
                "methods": ["password"],
                "password": {
                    "user": {
                        "domain": { "id": "default" },
                        "name": API_KEY,
                        "password": API_SECRET,
                    }
                }
            },
            "scope": { "project": { "id": TENANT_ID } }
        }
    })
}

/// A Keystone answer body in the shape the real service sends (trimmed
/// catalog), valid for `lifetime_s` seconds after `issued_at`.
pub fn keystone_answer(lifetime_s: u64) -> Value {
    let issued = "2026-11-22T18:00:00.000000Z";
    let expires = format!(
        "2026-11-22T{:02}:{:02}:{:02}.000000Z",
        18 + lifetime_s / 3600,
        lifetime_s / 60 % 60,
        lifetime_s % 60
    );
    json!({
        "token": {
            "methods": ["password"],
            "user": {
                "domain": { "id": "default", "name": "Default" },
                "id": "0b8e3f8a5c2d4e6f8a1b2c3d4e5f6a7b",
                "name": API_KEY,
                "password_expires_at": null
            },
            "audit_ids": ["3T2dc1CGQxyJsHdDu1xkcw"],
            "expires_at": expires,
            "issued_at": issued,
            "project": {
                "domain": { "id": "default", "name": "Default" },
                "id": TENANT_ID,
                "name": "tenant"
            },
            "is_domain": false,
            "roles": [{ "id": "51cc68287d524c759f47c811e6463340", "name": "member" }],
            "catalog": []
        }
    })
}

/// The gateway's client-credentials answer: every value a string.
pub fn gateway_answer(token: &str, expires_in: &str) -> Value {
    json!({
        "accessToken": token,
        "tokenType": "BearerToken",
        "expiresIn": expires_in,
        "scope": "",
        "issuedAt": "1559289842141"
    })
}

/// The gateway's client-credentials request.
pub fn gateway_request() -> Value {
    json!({
        "grantType": "client_credentials",
        "clientId": CLIENT_ID,
        "clientSecret": CLIENT_SECRET,
    })
}

/// Answers every request to `server` with `status` and no body.
pub async fn answer_every_request(server: &MockServer, status: u16) -> httpmock::Mock<'_> {
    server
        .mock_async(|when, then| {
            when.any_request();
            then.status(status);
        })
        .await
}

/// Mocks the client-credentials endpoint issuing `token` for `expires_in`.
pub async fn mock_gateway_token<'a>(
    server: &'a MockServer,
    token: &str,
    expires_in: &str,
) -> httpmock::Mock<'a> {
    let body = gateway_answer(token, expires_in);
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path(GATEWAY_PATH)
                .json_body(gateway_request());
            then.status(201)
                .header("content-type", "application/json")
                .json_body(body);
        })
        .await
}

/// Mocks `GET path` answering 200 to requests carrying bearer `token`.
pub async fn mock_bearer_get<'a>(
    server: &'a MockServer,
    path: &str,
    token: &str,
    status: u16,
) -> httpmock::Mock<'a> {
    let authorization = format!("Bearer {token}");
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path(path)
                .header("authorization", authorization)
                .header_missing("api-version");
            then.status(status)
                .header("content-type", "application/json")
                .body("{}");
        })
        .await
}
