//! `from_env()` reads the process environment. One test in its own binary:
//! it sets variables, which no other test may see change.

mod common;

use common::*;
use httpmock::prelude::*;
use nttcom_runtime::{ClientBuilder, RetryPolicy, env};

#[tokio::test]
async fn from_env_reads_the_process_environment() {
    for var in [
        env::API_KEY,
        env::API_SECRET,
        env::TENANT_ID,
        env::CLIENT_ID,
        env::CLIENT_SECRET,
    ] {
        // SAFETY: the only test of this binary; nothing else reads the
        // environment meanwhile.
        unsafe { std::env::remove_var(var) };
    }
    // SAFETY: as above.
    unsafe { std::env::set_var(env::TOKEN, "from-the-environment") };
    let server = MockServer::start_async().await;
    let api = server
        .mock_async(|when, then| {
            when.header("authorization", "Bearer from-the-environment");
            then.status(200);
        })
        .await;
    let client = ClientBuilder::<GatewayClient>::new()
        .base_url(server.base_url())
        .from_env()
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    assert_eq!(client.get("/x").await.unwrap().status(), 200);
    api.assert_calls_async(1).await;
}
