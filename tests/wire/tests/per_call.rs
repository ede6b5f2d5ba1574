//! Per-request control, as a user of the generated clients writes it: one
//! call's own `.timeout(…)`, `.header(…)` and `.retry(…)`; client-wide
//! interceptors (`ClientBuilder::intercept`); streams and waiters whose
//! futures own what they need (`tokio::spawn` takes them); each answer's
//! transport error as the runtime returns it.
//!
//! Nothing here waits on real time: a timeout is against a listener that
//! never answers, retries wait a millisecond or two.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use httpmock::Method::GET;
use nttcom_runtime::intercept::{Attempt, Call, Interceptor, Interrupted};
use nttcom_runtime::{OperationError, RetryPolicy, reqwest};
use nttcom_sign_common::Client;
use serde_json::json;

const TENANT: &str = "550e8400e29b41d4a716446655440000";
const PATH: &str = "/tenants/550e8400e29b41d4a716446655440000/shipping-addresses";

fn addresses() -> serde_json::Value {
    common::response_example("sign-common", "list_shipping_addresses", 200, None)
}

/// Retries that wait a millisecond or two.
fn quick_retries(attempts: u32) -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(attempts)
        .backoff(Duration::from_millis(1), Duration::from_millis(2))
}

// ------------------------------------------------------------- overrides

#[tokio::test]
async fn a_call_adds_its_own_header() {
    let server = common::server().await;
    let body = addresses();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(PATH)
                .header("x-correlation-id", "job-42")
                .header("x-auth-token", common::TOKEN);
            common::json_response(then, 200, &body);
        })
        .await;
    let client: Client = common::client(&server);
    client
        .list_shipping_addresses()
        .tenant_id(TENANT)
        .header("X-Correlation-Id", "job-42")
        .send()
        .await
        .expect("the call succeeds");
    mock.assert_async().await;
}

#[tokio::test]
async fn a_header_that_cannot_be_sent_fails_the_call_and_nothing_is_sent() {
    let server = common::server().await;
    let any = common::catch_all(&server).await;
    let client: Client = common::client(&server);
    let cases = [
        ("bad name", "v", "not a valid header name"),
        ("x-note", "line\nbreak", "cannot travel in a header"),
        // The credential header is the client's: a call cannot replace it
        // (nor send another token beside it).
        ("X-Auth-Token", "someone-else's", "set by the client itself"),
        // Nor send the request, and its token, to another virtual host.
        ("Host", "evil.example", "set by the client itself"),
        ("Content-Length", "0", "set by the client itself"),
    ];
    for (name, value, reason) in cases {
        let result = client
            .list_shipping_addresses()
            .tenant_id(TENANT)
            .header(name, value)
            .send()
            .await;
        let message = common::assert_refused(result, &any).await;
        assert!(message.contains(reason), "{name}: {message}");
    }
}

#[tokio::test]
async fn a_call_retries_under_its_own_policy() {
    let server = common::server().await;
    let body = addresses();
    let unavailable = server
        .mock_async(|when, then| {
            when.method(GET).path(PATH);
            then.status(503).up_to_n_times(2);
        })
        .await;
    // The test clients retry nothing (`common::builder_at`); this call does.
    let client: Client = common::client(&server);
    let first = client
        .list_shipping_addresses()
        .tenant_id(TENANT)
        .send()
        .await;
    assert_eq!(first.unwrap_err().status(), Some(503));
    let recovered = server
        .mock_async(|when, then| {
            when.method(GET).path(PATH);
            common::json_response(then, 200, &body);
        })
        .await;
    let answer = client
        .list_shipping_addresses()
        .tenant_id(TENANT)
        .retry(quick_retries(3))
        .send()
        .await
        .expect("the third attempt succeeds");
    assert_eq!(answer.status().as_u16(), 200);
    assert_eq!(unavailable.calls_async().await, 2);
    assert_eq!(recovered.calls_async().await, 1);
}

/// A listener that accepts connections and never answers.
async fn silent() -> (tokio::net::TcpListener, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    (listener, base)
}

#[tokio::test]
async fn a_call_bounds_its_own_attempts() {
    let (listener, base) = silent().await;
    let held = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            open.push(socket);
        }
    });
    // The client's own limit is far beyond the test's.
    let client: Client = common::builder_at(&base)
        .token(common::TOKEN)
        .timeout(Duration::from_secs(3600))
        .build()
        .unwrap();
    let error = client
        .list_shipping_addresses()
        .tenant_id(TENANT)
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::none())
        .send()
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error}");
    let OperationError::CommunicationError(transport) = &error else {
        panic!("expected a communication error, got {error:?}");
    };
    assert_eq!(transport.timeout(), Some(Duration::from_millis(200)));
    assert_eq!(transport.attempts(), Some(1));
    assert!(error.to_string().contains("within 0.2 s"), "{error}");
    held.abort();
}

#[tokio::test]
async fn a_transport_error_says_how_many_attempts_and_carries_no_mark() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client: Client = common::client_at(&format!("http://127.0.0.1:{port}"));
    let error = client
        .list_shipping_addresses()
        .tenant_id(TENANT)
        .retry(quick_retries(2))
        .send()
        .await
        .unwrap_err();
    let OperationError::CommunicationError(transport) = &error else {
        panic!("expected a communication error, got {error:?}");
    };
    assert_eq!(transport.attempts(), Some(2));
    assert!(transport.is_connect(), "{transport}");
    // The URL is the request's, as sent: nothing travels in its fragment.
    assert_eq!(transport.url().and_then(reqwest::Url::fragment), None);
    assert!(error.to_string().contains("after 2 attempts"), "{error}");
}

// ---------------------------------------------------------- interceptors

/// What the interceptors saw, in order.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    fn push(&self, line: String) {
        self.0.lock().unwrap().push(line);
    }

    fn lines(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

/// Tags each request with its name, and logs what it sees.
struct Tag(&'static str, Log);

impl Interceptor for Tag {
    fn before_send(&self, request: &mut reqwest::Request, call: &Call) -> Result<(), Interrupted> {
        let tags: Vec<&str> = request
            .headers()
            .get_all("x-tag")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        let credential = request.headers().contains_key("x-auth-token");
        self.1.push(format!(
            "{} before {}/{} token:{} seen:{tags:?} credential:{credential}",
            self.0,
            call.service(),
            call.operation(),
            call.sends_token(),
        ));
        request
            .headers_mut()
            .append("x-tag", self.0.parse().unwrap());
        Ok(())
    }

    fn after_attempt(&self, attempt: &Attempt<'_>, _: &Call) {
        self.1.push(format!(
            "{} attempt {} {:?}",
            self.0,
            attempt.number(),
            attempt.status().map(|s| s.as_u16())
        ));
    }
}

#[tokio::test]
async fn interceptors_amend_in_order_before_the_token_and_see_each_attempt() {
    let server = common::server().await;
    let body = addresses();
    let unavailable = server
        .mock_async(|when, then| {
            when.method(GET).path(PATH);
            then.status(503).up_to_n_times(1);
        })
        .await;
    let log = Log::default();
    let client = Client::builder()
        .base_url(server.base_url())
        .token(common::TOKEN)
        .retry(quick_retries(2))
        .intercept(Tag("first", log.clone()))
        .intercept(Tag("second", log.clone()))
        .build()
        .unwrap();
    let tagged = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(PATH)
                .header("x-auth-token", common::TOKEN)
                .is_true(|request| {
                    let tags: Vec<_> = request
                        .headers()
                        .get_all("x-tag")
                        .iter()
                        .map(|v| v.to_str().unwrap().to_owned())
                        .collect();
                    tags == ["first", "second"]
                });
            common::json_response(then, 200, &body);
        })
        .await;
    client
        .list_shipping_addresses()
        .tenant_id(TENANT)
        .send()
        .await
        .expect("the retry succeeds");
    assert_eq!(unavailable.calls_async().await, 1);
    assert_eq!(tagged.calls_async().await, 1);
    assert_eq!(
        log.lines(),
        [
            "first before sign-common/list_shipping_addresses token:true seen:[] credential:false",
            "second before sign-common/list_shipping_addresses token:true seen:[\"first\"] credential:false",
            "first attempt 1 Some(503)",
            "second attempt 1 Some(503)",
            "first attempt 2 Some(200)",
            "second attempt 2 Some(200)",
        ]
    );
}

/// Stops every call.
struct Refuse;

impl Interceptor for Refuse {
    fn before_send(&self, _: &mut reqwest::Request, call: &Call) -> Result<(), Interrupted> {
        Err(Interrupted::new(format!(
            "{} is not allowed here",
            call.operation()
        )))
    }
}

#[tokio::test]
async fn an_interceptor_stops_a_call_before_any_token_exchange() {
    let server = common::server().await;
    let keystone = common::mock_keystone(&server, TENANT, 201).await;
    let any = common::catch_all(&server).await;
    let client: Client = common::builder(&server)
        .keystone(common::API_KEY, common::API_SECRET, TENANT)
        .intercept(Refuse)
        .build()
        .unwrap();
    let error = client.list_shipping_addresses().send().await.unwrap_err();
    match &error {
        OperationError::Interrupted(why) => {
            assert_eq!(why.reason(), "list_shipping_addresses is not allowed here");
        }
        other => panic!("expected Interrupted, got {other:?}"),
    }
    assert!(!error.is_retryable() && error.status().is_none());
    assert_eq!(keystone.calls_async().await, 0, "no token exchange");
    assert_eq!(any.calls_async().await, 0, "nothing sent");
}

// ------------------------------------------------- streams and waiters own

#[tokio::test]
async fn a_stream_moves_to_another_task() {
    let server = common::server().await;
    let page = json!({"customerSite": [], "resultCount": 0});
    server
        .mock_async(|when, then| {
            when.method(GET).path("/infoIpoE/v2/customerSites");
            common::json_response(then, 200, &page);
        })
        .await;
    let client: nttcom_ipoe::Client = common::client(&server);
    let mut sites = client.list_customer_sites().limit(10).stream();
    // The stream outlives the client it came from.
    drop(client);
    let first = tokio::spawn(async move { sites.next().await })
        .await
        .unwrap();
    assert!(first.is_none(), "an empty list: {first:?}");
}

#[tokio::test]
async fn a_wait_moves_to_another_task_and_reports_each_poll() {
    use nttcom_fic_premium_support::Client as Fic;

    let server = common::server().await;
    let path = "/v1/premium-professional-support-services/F520123456789";
    let mut service = common::response_example(
        "fic-premium-support",
        "get_premium_professional_support_service",
        200,
        Some("premiumPlanTenant"),
    );
    for status in ["Processing", "Completed"] {
        service["professionalSupportService"]["operationStatus"] = json!(status);
        let body = service.clone();
        server
            .mock_async(|when, then| {
                when.method(GET).path(path);
                common::json_response(then, 200, &body).up_to_n_times(1);
            })
            .await;
    }
    let client: Fic = common::client(&server);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let wait = client
        .wait_until_premium_professional_support_service_settled()
        .id("F520123456789")
        .poll_interval(Duration::from_millis(1))
        .max_wait(Duration::from_secs(30))
        .on_poll(move |poll| {
            record.lock().unwrap().push((
                poll.number(),
                poll.state().map(str::to_owned),
                poll.status(),
            ));
        })
        .send();
    drop(client);
    let settled = tokio::spawn(wait).await.unwrap().expect("it settles");
    assert_eq!(settled.status().as_u16(), 200);
    assert_eq!(
        *seen.lock().unwrap(),
        [
            (1, Some("Processing".to_owned()), Some(200)),
            (2, Some("Completed".to_owned()), Some(200)),
        ]
    );
}
