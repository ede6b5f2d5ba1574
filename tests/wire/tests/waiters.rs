//! Waiters of fic-premium-support, over loopback: polling
//! `get_premium_professional_support_service` until the service settles
//! (`wait_until_premium_professional_support_service_settled`) or is gone
//! (`wait_until_premium_professional_support_service_deleted`).
//!
//! Each poll is answered by its own mock, served once and in order, so the
//! number of polls is exact. The waits between polls are a few milliseconds
//! of real time (`FAST`); deadlines are generous except where a timeout is
//! the point.

mod common;

use std::time::Duration;

use common::Auth;
use httpmock::Method::{DELETE, GET};
use httpmock::{Mock, MockServer};
use nttcom_fic_premium_support::{Client, types};
use nttcom_runtime::OperationError;
use nttcom_runtime::waiter::WaitError;
use serde_json::{Value, json};

const ID: &str = "F520123456789";
const PATH: &str = "/v1/premium-professional-support-services/F520123456789";

/// Far longer than any test takes: a wait that ends does so by itself.
const GENEROUS: Duration = Duration::from_secs(30);

/// The service in `operation_status`.
fn service(operation_status: &str) -> Value {
    let mut body = common::response_example(
        "fic-premium-support",
        "get_premium_professional_support_service",
        200,
        Some("premiumPlanTenant"),
    );
    body["professionalSupportService"]["operationStatus"] = json!(operation_status);
    body
}

/// The service's 404 (it is gone).
fn not_found() -> (u16, Value) {
    (
        404,
        json!({"error": {"code": 404, "message": "The service does not exist.", "title": "Not Found"}}),
    )
}

/// One mock per poll, in order, each answering once: `(status, body)`.
async fn polls<'a>(server: &'a MockServer, answers: &[(u16, Value)]) -> Vec<Mock<'a>> {
    let mut mocks = Vec::new();
    for (status, body) in answers {
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(when, GET, PATH, Auth::XAuthToken);
                common::json_response(then, *status, body).up_to_n_times(1);
            })
            .await;
        mocks.push(mock);
    }
    mocks
}

/// Asserts that each poll's mock answered exactly once.
async fn assert_each_polled_once(mocks: &[Mock<'_>]) {
    for (i, mock) in mocks.iter().enumerate() {
        assert_eq!(mock.calls_async().await, 1, "poll {}", i + 1);
    }
}

fn settled(
    client: &Client,
) -> nttcom_fic_premium_support::builder::WaitUntilPremiumProfessionalSupportServiceSettled<'_> {
    client
        .wait_until_premium_professional_support_service_settled()
        .id(ID)
        .poll_interval(Duration::from_millis(1))
        .max_interval(Duration::from_millis(5))
        .max_wait(GENEROUS)
}

fn deleted(
    client: &Client,
) -> nttcom_fic_premium_support::builder::WaitUntilPremiumProfessionalSupportServiceDeleted<'_> {
    client
        .wait_until_premium_professional_support_service_deleted()
        .id(ID)
        .poll_interval(Duration::from_millis(1))
        .max_interval(Duration::from_millis(5))
        .max_wait(GENEROUS)
}

fn operation_status(answer: &types::PremiumProfessionalSupportServiceResponse) -> &str {
    answer
        .professional_support_service
        .as_ref()
        .and_then(|s| s.operation_status.as_ref())
        .map_or("", |s| s.as_str())
}

/// `Processing`, `Processing`, `Completed`: three polls, and the settled
/// answer is the last one.
#[tokio::test]
async fn settles_on_completed() {
    let server = common::server().await;
    let answers = [
        (200, service("Processing")),
        (200, service("Processing")),
        (200, service("Completed")),
    ];
    let mocks = polls(&server, &answers).await;
    let client: Client = common::client(&server);
    let rv = settled(&client).send().await.expect("settled");
    common::assert_success(&rv, 200, &service("Completed"));
    assert_eq!(operation_status(&rv), "Completed");
    assert_each_polled_once(&mocks).await;
}

/// A status the spec does not list is still pending.
#[tokio::test]
async fn an_unknown_status_is_pending() {
    let server = common::server().await;
    let answers = [(200, service("Deleting")), (200, service("Completed"))];
    let mocks = polls(&server, &answers).await;
    let client: Client = common::client(&server);
    settled(&client).send().await.expect("settled");
    assert_each_polled_once(&mocks).await;
}

/// `Error` ends the wait with `WaitError::Failed`, holding the answer.
#[tokio::test]
async fn fails_on_error() {
    let server = common::server().await;
    let answers = [(200, service("Processing")), (200, service("Error"))];
    let mocks = polls(&server, &answers).await;
    let client: Client = common::client(&server);
    match settled(&client).send().await {
        Err(WaitError::Failed { status, last }) => {
            assert_eq!(status, "Error");
            assert_eq!(operation_status(&last), "Error");
        }
        other => panic!("expected WaitError::Failed, got {other:?}"),
    }
    assert_each_polled_once(&mocks).await;
}

/// Still `Processing` when `max_wait` is up: `WaitError::TimedOut`, with the
/// time waited and the last (pending) answer.
#[tokio::test]
async fn times_out_while_processing() {
    let server = common::server().await;
    let processing = server
        .mock_async(|when, then| {
            common::expect_request(when, GET, PATH, Auth::XAuthToken);
            common::json_response(then, 200, &service("Processing"));
        })
        .await;
    let client: Client = common::client(&server);
    let max_wait = Duration::from_millis(100);
    let result = client
        .wait_until_premium_professional_support_service_settled()
        .id(ID)
        .poll_interval(Duration::from_millis(10))
        .max_wait(max_wait)
        .send()
        .await;
    match result {
        Err(WaitError::TimedOut { waited, last }) => {
            assert!(waited >= max_wait, "{waited:?}");
            assert!(waited < GENEROUS, "{waited:?}");
            assert_eq!(operation_status(&last), "Processing");
        }
        other => panic!("expected WaitError::TimedOut, got {other:?}"),
    }
    assert!(processing.calls_async().await >= 2, "polled more than once");
}

/// A poll failing otherwise ends the wait with that error
/// (`WaitError::Operation`).
#[tokio::test]
async fn a_failed_poll_ends_the_wait() {
    let server = common::server().await;
    let answers = [
        (200, service("Processing")),
        (common::UNDOCUMENTED_STATUS, json!({"message": "teapot"})),
    ];
    let mocks = polls(&server, &answers).await;
    let client: Client = common::client(&server);
    match settled(&client).send().await {
        Err(WaitError::Operation(OperationError::UnexpectedResponse(response))) => {
            assert_eq!(response.status().as_u16(), common::UNDOCUMENTED_STATUS);
        }
        other => panic!("expected WaitError::Operation, got {other:?}"),
    }
    assert_each_polled_once(&mocks).await;
}

/// The settled waiter does not take a 404 for success.
#[tokio::test]
async fn a_missing_service_never_settles() {
    let server = common::server().await;
    let mocks = polls(&server, &[not_found()]).await;
    let client: Client = common::client(&server);
    match settled(&client).send().await {
        Err(WaitError::Operation(error)) => {
            assert_eq!(error.status(), Some(404));
        }
        other => panic!("expected WaitError::Operation, got {other:?}"),
    }
    assert_each_polled_once(&mocks).await;
}

/// A delete, then the deleted waiter: `Processing`, then 404 (gone):
/// `Ok(())` after two polls.
#[tokio::test]
async fn delete_then_gone() {
    let server = common::server().await;
    let delete = server
        .mock_async(|when, then| {
            common::expect_request(when, DELETE, PATH, Auth::XAuthToken);
            let accepted = common::response_example(
                "fic-premium-support",
                "delete_premium_professional_support_service",
                202,
                None,
            );
            common::json_response(then, 202, &accepted);
        })
        .await;
    let mocks = polls(&server, &[(200, service("Processing")), not_found()]).await;
    let client: Client = common::client(&server);
    client
        .delete_premium_professional_support_service()
        .id(ID)
        .send()
        .await
        .expect("deletion accepted");
    deleted(&client).send().await.expect("gone");
    delete.assert_async().await;
    assert_each_polled_once(&mocks).await;
}

/// For the deleted waiter `Completed` is still pending, `Error` fails.
#[tokio::test]
async fn the_deleted_waiter_fails_on_error() {
    let server = common::server().await;
    let answers = [(200, service("Completed")), (200, service("Error"))];
    let mocks = polls(&server, &answers).await;
    let client: Client = common::client(&server);
    match deleted(&client).send().await {
        Err(WaitError::Failed { status, .. }) => assert_eq!(status, "Error"),
        other => panic!("expected WaitError::Failed, got {other:?}"),
    }
    assert_each_polled_once(&mocks).await;
}

/// The id is checked before the first poll: nothing is sent.
#[tokio::test]
async fn a_bad_id_is_refused_before_polling() {
    let server = common::server().await;
    let catch_all = common::catch_all(&server).await;
    let client: Client = common::client(&server);
    let result = client
        .wait_until_premium_professional_support_service_deleted()
        .id("f520123456789")
        .send()
        .await;
    match result {
        Err(WaitError::Operation(OperationError::InvalidRequest(message))) => {
            assert!(message.contains("id"), "{message}")
        }
        other => panic!("expected the refusal, got {other:?}"),
    }
    assert_eq!(catch_all.calls_async().await, 0, "a request was sent");
}
