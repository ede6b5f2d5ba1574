//! What a call reports to `tracing`, where users' logs read it: how long an
//! issued token lives, how long a retry waits and how long the call took. One test in its own binary:
//! it installs a subscriber for its thread.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use httpmock::prelude::*;
use nttcom_runtime::ClientBuilder;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Every numeric field recorded, by name, in order.
type Fields = Arc<Mutex<Vec<(&'static str, u64)>>>;

struct Capture(Fields);

impl Visit for &Capture {
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.lock().unwrap().push((field.name(), value));
    }

    fn record_debug(&mut self, _: &Field, _: &dyn std::fmt::Debug) {}
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        span.record(&mut &*self);
        Id::from_u64(1)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        values.record(&mut &*self);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        event.record(&mut &*self);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[tokio::test(flavor = "current_thread")]
async fn the_trace_says_how_long_a_token_lives_a_retry_waited_and_the_call_took() {
    let fields = Fields::default();
    let _guard = tracing::subscriber::set_default(Capture(Arc::clone(&fields)));
    let server = MockServer::start_async().await;
    mock_gateway_token(&server, "issued", "3600").await;
    server
        .mock_async(|when, then| {
            when.path("/x");
            then.status(503).header("retry-after", "1");
        })
        .await;
    let client = ClientBuilder::<GatewayClient>::new()
        .base_url(server.base_url())
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .retry(fast_retries().max_attempts(2))
        .build()
        .unwrap();
    assert_eq!(client.get("/x").await.unwrap().status(), 503);
    let fields = fields.lock().unwrap();
    // The last value of each: the span's time is recorded after every attempt.
    let last = |name| fields.iter().rfind(|(n, _)| *n == name).map(|(_, v)| *v);
    assert_eq!(last("lifetime_s"), Some(3600), "{fields:?}");
    assert_eq!(last("wait_ms"), Some(1000), "{fields:?}");
    let elapsed = last("elapsed_ms").expect("the call's time is recorded");
    assert!(
        (1000..Duration::from_secs(60).as_millis() as u64).contains(&elapsed),
        "{elapsed}"
    );
}
