//! Where requests and credentials may go, seen from the client builder: plain
//! HTTP only to loopback (unless allowed), redirects only on the origin and
//! only when asked for, and the builder's settings kept whatever their order.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::*;
use httpmock::prelude::*;
use nttcom_runtime::intercept::{Call, Interceptor, Interrupted};
use nttcom_runtime::{
    ClientBuilder, Credentials, Error, OperationError, Overrides, RetryPolicy, Token, TokenFuture,
};

fn with_token(url: &str) -> ClientBuilder<GatewayClient> {
    ClientBuilder::<GatewayClient>::new()
        .base_url(url)
        .token("t")
}

#[test]
fn plain_http_is_refused_unless_the_host_is_loopback() {
    for host in [
        "api.example.invalid",
        "10.0.0.1",
        "[::ffff:10.0.0.1]",
        "[2001:db8::1]",
        "localhost.example.com",
    ] {
        let url = format!("http://{host}/v1");
        match with_token(&url).build() {
            Err(Error::PlainHttp { sends, .. }) => assert_eq!(sends, "tokens"),
            Err(other) => panic!("{host}: expected PlainHttp, got {other:?}"),
            Ok(_) => panic!("{host}: a token over plain HTTP was allowed"),
        }
    }
    for host in [
        "127.0.0.1",
        "127.1.2.3",
        "[::1]",
        "[::ffff:127.0.0.1]",
        "localhost",
        "LOCALHOST",
    ] {
        let url = format!("http://{host}:8080/v1");
        assert!(with_token(&url).build().is_ok(), "{host} is loopback");
    }
}

#[test]
fn plain_http_elsewhere_needs_saying_so_or_no_credentials() {
    let url = "http://api.example.invalid/v1";
    assert!(with_token(url).allow_insecure_http().build().is_ok());
    assert!(
        ClientBuilder::<GatewayClient>::new()
            .base_url(url)
            .anonymous()
            .build()
            .is_ok()
    );
    assert!(with_token("https://api.example.invalid/v1").build().is_ok());
    // The secret's endpoint counts too, and the URL shown has no password.
    let error = ClientBuilder::<GatewayClient>::new()
        .base_url("http://user:pass@api.example.invalid")
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .build()
        .err()
        .expect("refused");
    let text = error.to_string();
    assert!(text.contains("`http://api.example.invalid`"), "{text}");
    assert!(!text.contains("pass"), "{text}");
}

/// `/from` answers 302 to `/to`, which answers 200; returns both mocks.
async fn moved<'a>(
    server: &'a MockServer,
    from: &str,
    to: &str,
) -> (httpmock::Mock<'a>, httpmock::Mock<'a>) {
    let location = to.to_owned();
    let first = server
        .mock_async(|when, then| {
            when.path(from);
            then.status(302).header("location", location);
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.path(to);
            then.status(200);
        })
        .await;
    (first, second)
}

fn redirecting(server: &MockServer, max: Option<usize>) -> GatewayClient {
    let builder = with_token(&server.base_url()).retry(RetryPolicy::none());
    let builder = match max {
        Some(max) => builder.same_origin_redirects(max),
        None => builder,
    };
    builder.build().unwrap()
}

async fn status(client: &GatewayClient, path: &str) -> u16 {
    client.get(path).await.unwrap().status().as_u16()
}

#[tokio::test]
async fn redirects_are_followed_only_when_asked_and_only_so_many() {
    let server = MockServer::start_async().await;
    let (_, one) = moved(&server, "/one", "/one-done").await;
    assert_eq!(status(&redirecting(&server, None), "/one").await, 302);
    one.assert_calls_async(0).await;
    assert_eq!(status(&redirecting(&server, Some(1)), "/one").await, 200);
    one.assert_calls_async(1).await;

    // Two hops: one allowed stops at the second 302, two reach the end.
    for (from, to) in [("/a", "/b"), ("/b", "/c")] {
        server
            .mock_async(|when, then| {
                when.path(from);
                then.status(302).header("location", to);
            })
            .await;
    }
    let end = server
        .mock_async(|when, then| {
            when.path("/c");
            then.status(200);
        })
        .await;
    assert_eq!(status(&redirecting(&server, Some(1)), "/a").await, 302);
    end.assert_calls_async(0).await;
    assert_eq!(status(&redirecting(&server, Some(2)), "/a").await, 200);
    end.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_never_followed() {
    let server = MockServer::start_async().await;
    let other = MockServer::start_async().await;
    let (_, _) = moved(&server, "/away", &other.url("/landing")).await;
    let landing = answer_every_request(&other, 200).await;
    assert_eq!(status(&redirecting(&server, Some(5)), "/away").await, 302);
    landing.assert_calls_async(0).await;
}

/// Adds a header to every request.
struct Tag;

impl Interceptor for Tag {
    fn before_send(&self, request: &mut reqwest::Request, _: &Call) -> Result<(), Interrupted> {
        request
            .headers_mut()
            .insert("x-tag", "seen".parse().unwrap());
        Ok(())
    }
}

/// Each setting keeps what was set before it: the token and base URL given
/// first still work after it.
#[tokio::test]
async fn settings_keep_the_settings_before_them() {
    let server = MockServer::start_async().await;
    let tagged = server
        .mock_async(|when, then| {
            when.path("/v1/x")
                .header("authorization", "Bearer t")
                .header("x-tag", "seen");
            then.status(200);
        })
        .await;
    let client = with_token(&server.url("/v1"))
        .connect_timeout(Duration::from_secs(5))
        .same_origin_redirects(1)
        .allow_insecure_http()
        .intercept(Tag)
        .build()
        .unwrap();
    assert_eq!(status(&client, "/x").await, 200);
    tagged.assert_calls_async(1).await;
}

/// Credentials of the user's own, with the trait's provided methods.
#[derive(Debug)]
struct Fixed(Arc<AtomicUsize>);

impl Credentials for Fixed {
    fn token<'a>(&'a self, _: &'a reqwest::Client) -> TokenFuture<'a> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Ok(Token::new("mine")) })
    }
}

#[tokio::test]
async fn credentials_that_cannot_renew_are_not_asked_again_after_a_401() {
    let server = MockServer::start_async().await;
    let refused = server
        .mock_async(|when, then| {
            when.header("authorization", "Bearer mine");
            then.status(401);
        })
        .await;
    let asked = Arc::new(AtomicUsize::new(0));
    let client = ClientBuilder::<GatewayClient>::new()
        .base_url(server.base_url())
        .credentials(Fixed(Arc::clone(&asked)))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    assert_eq!(status(&client, "/x").await, 401);
    refused.assert_calls_async(1).await;
    assert_eq!(asked.load(Ordering::SeqCst), 1);
}

#[test]
fn a_token_never_prints_its_value() {
    let shown = format!("{:?}", Token::new("s3cr3t-value"));
    assert!(shown.starts_with("Token("), "{shown}");
    assert!(!shown.contains("s3cr3t"), "{shown}");
}

#[test]
fn a_base_url_reads_back_as_given() {
    let url = nttcom_runtime::BaseUrl::new("https://jp.api.ntt.com");
    assert_eq!(url.as_str(), "https://jp.api.ntt.com");
}

#[tokio::test]
async fn a_request_for_another_origin_gets_no_token() {
    let server = MockServer::start_async().await;
    let anything = answer_every_request(&server, 200).await;
    let client = with_token(&server.base_url()).build().unwrap();
    let port = server.port();
    for url in [
        format!("http://127.0.0.1:{}/x", unused_port()),
        format!("https://127.0.0.1:{port}/x"),
        format!("http://localhost:{port}/x"),
    ] {
        match client.get_with(&url, Overrides::new()).await {
            Err(OperationError::Credentials(Error::OtherOrigin { url: to, origin })) => {
                assert!(url.starts_with(&to), "{url}: shown as {to}");
                assert_eq!(origin, server.base_url());
            }
            other => panic!("{url}: expected OtherOrigin, got {other:?}"),
        }
    }
    anything.assert_calls_async(0).await;
}

#[test]
fn a_token_endpoint_of_its_own_over_plain_http_is_refused() {
    use nttcom_runtime::{ClientCredentials, Keystone};
    let keystone = Keystone::new(API_KEY, API_SECRET, TENANT_ID)
        .endpoint("http://auth.example.invalid/v3/auth/tokens");
    let gateway = ClientCredentials::new(CLIENT_ID, CLIENT_SECRET)
        .endpoint("http://auth.example.invalid/v1/oauth/accesstokens");
    let refused = [
        ClientBuilder::<KeystoneClient>::new()
            .base_url("https://api.example.invalid/v1")
            .credentials(keystone)
            .build()
            .err(),
        ClientBuilder::<GatewayClient>::new()
            .base_url("https://api.example.invalid")
            .credentials(gateway)
            .build()
            .err(),
    ];
    for error in refused {
        match error {
            Some(Error::PlainHttp { url, sends }) => {
                assert!(url.starts_with("http://auth.example.invalid/"), "{url}");
                assert_eq!(sends, "the credentials' secret");
            }
            other => panic!("expected PlainHttp, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_call_cannot_set_the_credential_header_or_the_framing() {
    let server = MockServer::start_async().await;
    let sent = server
        .mock_async(|when, then| {
            when.header("x-trace", "1");
            then.status(200);
        })
        .await;
    let client = with_token(&server.base_url()).build().unwrap();
    for name in ["authorization", "host", "content-length"] {
        let mut overrides = Overrides::new();
        overrides.header(name, "x");
        match client.get_with(&server.url("/x"), overrides).await {
            Err(OperationError::InvalidRequest(reason)) => {
                assert!(reason.contains(name), "{reason}");
            }
            other => panic!("{name}: expected InvalidRequest, got {other:?}"),
        }
    }
    let mut overrides = Overrides::new();
    overrides.header("x-trace", "1");
    let answer = client.get_with(&server.url("/x"), overrides).await.unwrap();
    assert_eq!(answer.status(), 200);
    sent.assert_calls_async(1).await;
}
