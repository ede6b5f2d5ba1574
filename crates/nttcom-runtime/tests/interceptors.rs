//! What an interceptor's `after_attempt` sees of each attempt of a call.

mod common;

use std::sync::{Arc, Mutex};

use common::*;
use httpmock::prelude::*;
use nttcom_runtime::ClientBuilder;
use nttcom_runtime::intercept::{Attempt, Call, Interceptor};

/// Each attempt: its number, status, whether headers came (an answer) and
/// whether a transport error came (none).
type Seen = Arc<Mutex<Vec<(u32, Option<u16>, bool, bool)>>>;

struct Record(Seen);

impl Interceptor for Record {
    fn after_attempt(&self, attempt: &Attempt<'_>, _: &Call) {
        let status = attempt.status().map(|s| s.as_u16());
        self.0.lock().unwrap().push((
            attempt.number(),
            status,
            attempt.headers().is_some(),
            attempt.error().is_some(),
        ));
    }
}

fn recording(url: &str) -> (GatewayClient, Seen) {
    let seen = Seen::default();
    let client = ClientBuilder::<GatewayClient>::new()
        .base_url(url)
        .token("t")
        .retry(fast_retries())
        .intercept(Record(Arc::clone(&seen)))
        .build()
        .unwrap();
    (client, seen)
}

#[tokio::test]
async fn each_attempt_is_seen_with_its_number_and_status() {
    let server = MockServer::start_async().await;
    answer_every_request(&server, 503).await;
    let (client, seen) = recording(&server.base_url());
    assert_eq!(client.get("/x").await.unwrap().status(), 503);
    assert_eq!(
        *seen.lock().unwrap(),
        [
            (1, Some(503), true, false),
            (2, Some(503), true, false),
            (3, Some(503), true, false)
        ]
    );
}

#[tokio::test]
async fn an_attempt_without_an_answer_shows_its_error() {
    let (client, seen) = recording(&format!("http://127.0.0.1:{}", unused_port()));
    client.get("/x").await.unwrap_err();
    assert_eq!(
        *seen.lock().unwrap(),
        [
            (1, None, false, true),
            (2, None, false, true),
            (3, None, false, true)
        ]
    );
}

/// Records whether each call would carry a token.
struct SendsToken(Arc<Mutex<Vec<bool>>>);

impl Interceptor for SendsToken {
    fn after_attempt(&self, _: &Attempt<'_>, call: &Call) {
        self.0.lock().unwrap().push(call.sends_token());
    }
}

#[tokio::test]
async fn a_call_says_whether_it_carries_a_token() {
    let server = MockServer::start_async().await;
    answer_every_request(&server, 200).await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let client = ClientBuilder::<GatewayClient>::new()
        .base_url(server.base_url())
        .token("t")
        .intercept(SendsToken(Arc::clone(&seen)))
        .build()
        .unwrap();
    client.get("/x").await.unwrap();
    // The token endpoint itself is sent no token.
    client.get(GATEWAY_PATH).await.unwrap();
    assert_eq!(*seen.lock().unwrap(), [true, false]);
}
