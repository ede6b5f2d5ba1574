//! Helpers shared by the wire tests: client construction, the spec's examples
//! as test data, and the checks every operation goes through (documented error
//! statuses, an undocumented status, a malformed body, nothing sent on bad input).
//!
//! Each test file is its own crate and uses only part of this module.
#![allow(dead_code)]

use std::collections::HashMap;
use std::fmt::Debug;
use std::future::Future;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use httpmock::{Method, Mock, MockServer, When};
use nttcom_runtime::{ClientBuilder, RetryPolicy, Service};
use nttcom_runtime::{OperationError as Error, ResponseValue};
use serde::Serialize;
use serde_json::{Value, json};

/// The static token every test client sends (the shape of a Keystone token).
pub const TOKEN: &str = "0123456789abcdef0123456789abcdef";

/// A status no spec lists and no retry policy touches ("I'm a teapot").
pub const UNDOCUMENTED_STATUS: u16 = 418;

/// A body cut short in the middle of an object.
pub const MALFORMED_JSON: &str = r#"{"truncated":"#;

/// A response header the success mocks add, to check headers reach the caller.
pub const REQUEST_ID_HEADER: &str = "x-request-id";
pub const REQUEST_ID: &str = "wire-test-0001";

/// Where a service expects its token.
#[derive(Clone, Copy, Debug)]
pub enum Auth {
    /// `X-Auth-Token: <token>` (Keystone services).
    XAuthToken,
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// No credentials at all (the token exchange itself).
    None,
}

/// A test server on loopback.
pub async fn server() -> MockServer {
    MockServer::start_async().await
}

/// A client of service `S` for `server`, sending the static [`TOKEN`].
pub fn client<S: Service>(server: &MockServer) -> S {
    client_at(&server.base_url())
}

/// A client of service `S` for `base_url`, sending the static [`TOKEN`].
pub fn client_at<S: Service>(base_url: &str) -> S {
    builder_at(base_url)
        .token(TOKEN)
        .build()
        .expect("a client for the test server")
}

/// A client of service `S` for `server`, sending the static [`TOKEN`], with
/// `tenant` as its default tenant.
pub fn client_with_tenant<S: Service>(server: &MockServer, tenant: &str) -> S {
    builder(server)
        .token(TOKEN)
        .tenant_id(tenant)
        .build()
        .expect("a client for the test server")
}

/// The builder of every test client of service `S` for `server`, before
/// its credentials (and tenant) are set.
pub fn builder<S: Service>(server: &MockServer) -> ClientBuilder<S> {
    builder_at(&server.base_url())
}

/// The one place where test clients are configured. Retries are off: every
/// request is sent exactly once, whatever status comes back (a static token
/// refused with 401 is not replayed either), so no test depends on them.
pub fn builder_at<S: Service>(base_url: &str) -> ClientBuilder<S> {
    ClientBuilder::<S>::new()
        .base_url(base_url)
        .retry(RetryPolicy::none())
}

// ---------------------------------------------------------------- Keystone

/// Where the Keystone services exchange an API key and secret for a token:
/// the same host as the base URL.
pub const KEYSTONE_PATH: &str = "/keystone/v3/auth/tokens";
pub const API_KEY: &str = "wire-api-key";
pub const API_SECRET: &str = "wire-api-secret";

/// A client of Keystone service `S` for `server`, exchanging [`API_KEY`] and
/// [`API_SECRET`] for tokens scoped to `tenant` (also its default tenant).
pub fn keystone_client<S: Service>(server: &MockServer, tenant: &str) -> S {
    builder(server)
        .keystone(API_KEY, API_SECRET, tenant)
        .build()
        .expect("a Keystone client for the test server")
}

/// Mocks Keystone on `server`: the password exchange for `tenant` answered
/// with `status`; a success issues [`TOKEN`] for an hour, a refusal carries
/// Keystone's error body.
pub async fn mock_keystone<'a>(server: &'a MockServer, tenant: &str, status: u16) -> Mock<'a> {
    let scope = json!({"auth": {
        "identity": {"password": {"user": {"name": API_KEY, "password": API_SECRET}}},
        "scope": {"project": {"id": tenant}}
    }});
    server
        .mock_async(|when, then| {
            when.method(Method::POST)
                .path(KEYSTONE_PATH)
                .header_missing("x-auth-token")
                .json_body_includes(scope.to_string());
            if (200..300).contains(&status) {
                let body = json!({"token": {
                    "methods": ["password"],
                    "issued_at": "2026-11-22T18:00:00.000000Z",
                    "expires_at": "2026-11-22T19:00:00.000000Z",
                    "project": {"id": tenant, "domain": {"id": "default"}}
                }});
                json_response(then, status, &body).header("x-subject-token", TOKEN);
            } else {
                let body = json!({"error": {
                    "code": status,
                    "title": "Unauthorized",
                    "message": "The request you have made requires authentication."
                }});
                json_response(then, status, &body);
            }
        })
        .await
}

// ---------------------------------------------------------------- requests

/// Expects exactly this request line (`raw_uri` is the path and query as sent,
/// percent-encoding and parameter order included), `Accept: application/json`,
/// the service's auth header, and no `api-version` header.
pub fn expect_request(when: When, method: Method, raw_uri: &str, auth: Auth) -> When {
    let path = raw_uri.split('?').next().unwrap_or(raw_uri);
    let raw_uri = raw_uri.to_owned();
    let when = when
        .method(method)
        .path(path)
        .is_true(move |req| {
            let uri = req.uri();
            let actual = uri.path_and_query().map_or("", |pq| pq.as_str());
            if actual != raw_uri {
                // Shown with the failing test's output.
                eprintln!("request line mismatch:\n  expected {raw_uri}\n  actual   {actual}");
            }
            actual == raw_uri
        })
        .header("accept", "application/json")
        .header_missing("api-version");
    expect_auth(when, auth)
}

/// Expects the auth header of `auth` carrying [`TOKEN`], and not the other one.
pub fn expect_auth(when: When, auth: Auth) -> When {
    match auth {
        Auth::None => when
            .header_missing("authorization")
            .header_missing("x-auth-token"),
        Auth::XAuthToken => when
            .header("x-auth-token", TOKEN)
            .header_missing("authorization"),
        Auth::Bearer => when
            .header("authorization", format!("Bearer {TOKEN}"))
            .header_missing("x-auth-token"),
    }
}

/// A mock answering 599 to any request, to prove that none was sent.
pub async fn catch_all(server: &MockServer) -> Mock<'_> {
    server
        .mock_async(|_when, then| {
            then.status(599);
        })
        .await
}

/// Asserts that `result` is `Error::InvalidRequest` and that `catch_all` saw
/// no request. Returns the message for further checks.
pub async fn assert_refused<T: Debug, E: Debug>(
    result: Result<ResponseValue<T>, Error<E>>,
    catch_all: &Mock<'_>,
) -> String {
    let message = match result {
        Err(Error::InvalidRequest(message)) => message,
        other => panic!("expected Error::InvalidRequest, got {other:?}"),
    };
    assert_eq!(catch_all.calls_async().await, 0, "a request was sent");
    message
}

// ---------------------------------------------------------------- responses

/// Answers `status` with `body` as JSON (plus [`REQUEST_ID_HEADER`]).
pub fn json_response(then: httpmock::Then, status: u16, body: &Value) -> httpmock::Then {
    then.status(status)
        .header("content-type", "application/json")
        .header(REQUEST_ID_HEADER, REQUEST_ID)
        .body(body.to_string())
}

/// Checks the success envelope: status, the test header, and that the typed
/// value encodes back to `expected` (null members and empty arrays aside).
pub fn assert_success<T: Serialize + Debug>(rv: &ResponseValue<T>, status: u16, expected: &Value) {
    assert_eq!(rv.status().as_u16(), status);
    assert_eq!(
        rv.headers()
            .get(REQUEST_ID_HEADER)
            .and_then(|v| v.to_str().ok()),
        Some(REQUEST_ID),
        "response headers are available"
    );
    assert_same_json(&**rv, expected);
}

/// Asserts that `value` encodes to `expected`, ignoring null members and empty
/// arrays (the generated types leave out absent optional members).
pub fn assert_same_json<T: Serialize + Debug>(value: &T, expected: &Value) {
    let actual = serde_json::to_value(value).expect("typed values encode");
    assert_eq!(
        prune(&actual),
        prune(expected),
        "decoded value differs from the JSON sent"
    );
}

fn prune(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()))
                .map(|(k, v)| (k.clone(), prune(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(prune).collect()),
        other => other.clone(),
    }
}

/// `value` with an unknown member added to every object, at every depth: what
/// a server adding fields tomorrow would send.
pub fn with_unknown_fields(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut map: serde_json::Map<String, Value> = map
                .iter()
                .map(|(k, v)| (k.clone(), with_unknown_fields(v)))
                .collect();
            map.insert(
                "addedByTheServerTomorrow".to_owned(),
                json!({"nested": [1, "two", null], "flag": true}),
            );
            Value::Object(map)
        }
        Value::Array(items) => Value::Array(items.iter().map(with_unknown_fields).collect()),
        other => other.clone(),
    }
}

/// An HTTP method and the raw path the error checks mock.
pub type Route = (Method, &'static str);

/// Every documented error status decodes into the typed error body: for each
/// `(status, body)`, `call` must fail with `Error::ErrorResponse` carrying
/// that status and body. The bodies get an unknown member added at every
/// depth, which must be kept: the typed body encodes back to what was sent.
/// Then a malformed error body must be `InvalidResponsePayload`.
pub async fn check_error_statuses<T, E, F, Fut>(
    server: &MockServer,
    route: &Route,
    cases: &[(u16, Value)],
    call: F,
) where
    T: Debug,
    E: Serialize + Debug,
    F: Fn() -> Fut,
    Fut: Future<Output = Result<ResponseValue<T>, Error<E>>>,
{
    assert!(!cases.is_empty());
    for (status, body) in cases {
        let body = &with_unknown_fields(body);
        let mock = mock_route(server, route, *status, body).await;
        match call().await {
            Err(Error::ErrorResponse(rv)) => {
                assert_eq!(rv.status().as_u16(), *status);
                assert_eq!(
                    rv.headers()
                        .get(REQUEST_ID_HEADER)
                        .and_then(|v| v.to_str().ok()),
                    Some(REQUEST_ID)
                );
                assert_same_json(&*rv, body);
            }
            other => panic!("HTTP {status}: expected Error::ErrorResponse, got {other:?}"),
        }
        assert_eq!(mock.calls_async().await, 1, "HTTP {status} was sent once");
        mock.delete_async().await;
    }
    let (status, _) = &cases[0];
    let mock = mock_raw(server, route, *status, MALFORMED_JSON).await;
    assert_invalid_payload(call().await, *status);
    mock.delete_async().await;
}

/// A status the operation does not document is `Error::UnexpectedResponse`,
/// whatever its body.
pub async fn check_undocumented_status<T, E, F, Fut>(server: &MockServer, route: &Route, call: F)
where
    T: Debug,
    E: Debug,
    F: Fn() -> Fut,
    Fut: Future<Output = Result<ResponseValue<T>, Error<E>>>,
{
    let mock = mock_raw(
        server,
        route,
        UNDOCUMENTED_STATUS,
        r#"{"message":"teapot"}"#,
    )
    .await;
    match call().await {
        Err(Error::UnexpectedResponse(response)) => {
            assert_eq!(response.status().as_u16(), UNDOCUMENTED_STATUS);
        }
        other => panic!("expected Error::UnexpectedResponse, got {other:?}"),
    }
    mock.assert_async().await;
    mock.delete_async().await;
}

/// A malformed body under the success status is `InvalidResponsePayload`, not
/// a panic.
pub async fn check_malformed_success<T, E, F, Fut>(
    server: &MockServer,
    route: &Route,
    status: u16,
    call: F,
) where
    T: Debug,
    E: Debug,
    F: Fn() -> Fut,
    Fut: Future<Output = Result<ResponseValue<T>, Error<E>>>,
{
    let mock = mock_raw(server, route, status, MALFORMED_JSON).await;
    assert_invalid_payload(call().await, status);
    mock.delete_async().await;
}

/// The success example with unknown members added everywhere still decodes,
/// and keeps them: the typed value encodes back to what was sent.
pub async fn check_unknown_fields_accepted<T, E, F, Fut>(
    server: &MockServer,
    route: &Route,
    status: u16,
    example: &Value,
    call: F,
) where
    T: Serialize + Debug,
    E: Debug,
    F: Fn() -> Fut,
    Fut: Future<Output = Result<ResponseValue<T>, Error<E>>>,
{
    let sent = with_unknown_fields(example);
    let mock = mock_route(server, route, status, &sent).await;
    let rv = call()
        .await
        .expect("unknown members do not fail the answer");
    // Kept at every depth: the typed value encodes back to what was sent.
    assert_same_json(&*rv, &sent);
    mock.delete_async().await;
}

/// Serves `body` (a JSON value) under the success `status` and returns what
/// `call` made of it: used to show which new values a response type refuses.
pub async fn decode_success<T, E, F, Fut>(
    server: &MockServer,
    route: &Route,
    status: u16,
    body: &Value,
    call: F,
) -> Result<ResponseValue<T>, Error<E>>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<ResponseValue<T>, Error<E>>>,
{
    let mock = mock_route(server, route, status, body).await;
    let result = call().await;
    mock.delete_async().await;
    result
}

/// Asserts `Error::InvalidResponsePayload` (the body did not decode).
pub fn assert_invalid_payload<T: Debug, E: Debug>(
    result: Result<ResponseValue<T>, Error<E>>,
    status: u16,
) {
    match result {
        Err(Error::InvalidResponsePayload(answer)) => {
            assert_eq!(answer.body(), MALFORMED_JSON.as_bytes());
            assert_eq!(answer.status().as_u16(), status, "the status is kept");
        }
        other => panic!("HTTP {status}: expected Error::InvalidResponsePayload, got {other:?}"),
    }
}

/// Asserts `Error::InvalidResponsePayload` whatever the body.
pub fn assert_rejected_payload<T: Debug, E: Debug>(result: Result<ResponseValue<T>, Error<E>>) {
    match result {
        Err(Error::InvalidResponsePayload(..)) => {}
        other => panic!("expected Error::InvalidResponsePayload, got {other:?}"),
    }
}

async fn mock_route<'a>(
    server: &'a MockServer,
    route: &Route,
    status: u16,
    body: &Value,
) -> Mock<'a> {
    let (method, path) = (route.0.to_string(), route.1);
    server
        .mock_async(|when, then| {
            when.method(method.as_str()).path(path);
            json_response(then, status, body);
        })
        .await
}

async fn mock_raw<'a>(server: &'a MockServer, route: &Route, status: u16, body: &str) -> Mock<'a> {
    let (method, path) = (route.0.to_string(), route.1);
    server
        .mock_async(|when, then| {
            when.method(method.as_str()).path(path);
            then.status(status)
                .header("content-type", "application/json")
                .body(body);
        })
        .await
}

// ---------------------------------------------------------------- spec examples

/// The spec `specs/<slug>.yaml` of this repository as JSON (parsed once).
pub fn spec(slug: &str) -> Value {
    static SPECS: OnceLock<Mutex<HashMap<String, Value>>> = OnceLock::new();
    let specs = SPECS.get_or_init(Default::default);
    let mut specs = specs.lock().unwrap();
    specs
        .entry(slug.to_owned())
        .or_insert_with(|| {
            let path = specs_dir().join(format!("{slug}.yaml"));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let yaml: serde_yaml::Value = serde_yaml::from_str(&text)
                .unwrap_or_else(|e| panic!("{} is not YAML: {e}", path.display()));
            serde_json::to_value(yaml).expect("a spec converts to JSON")
        })
        .clone()
}

/// The repository's `specs/` directory.
pub fn specs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../specs")
}

/// The operation object with this `operationId`.
pub fn operation(slug: &str, operation_id: &str) -> Value {
    let spec = spec(slug);
    for item in spec["paths"].as_object().expect("paths").values() {
        for op in item.as_object().expect("path item").values() {
            if op["operationId"] == operation_id {
                return op.clone();
            }
        }
    }
    panic!("specs/{slug}.yaml has no operation {operation_id}")
}

/// The example of a response of an operation: `example`, or the first of
/// `examples` when `name` is `None`; otherwise `examples.<name>.value`.
pub fn response_example(slug: &str, operation_id: &str, status: u16, name: Option<&str>) -> Value {
    let op = operation(slug, operation_id);
    let media = &op["responses"][status.to_string()]["content"]["application/json"];
    media_example(media, name)
        .unwrap_or_else(|| panic!("{operation_id}: no example for HTTP {status} {name:?}"))
}

/// The example of the request body of an operation (see [`response_example`]).
pub fn request_example(slug: &str, operation_id: &str, name: Option<&str>) -> Value {
    let op = operation(slug, operation_id);
    let media = &op["requestBody"]["content"]["application/json"];
    media_example(media, name)
        .unwrap_or_else(|| panic!("{operation_id}: no request example {name:?}"))
}

/// The error statuses an operation documents, in order.
pub fn error_statuses(slug: &str, operation_id: &str) -> Vec<u16> {
    let op = operation(slug, operation_id);
    op["responses"]
        .as_object()
        .expect("responses")
        .keys()
        .filter_map(|k| k.parse::<u16>().ok())
        .filter(|s| *s >= 400)
        .collect()
}

/// For each documented error status: its example when the spec has one,
/// `fallback` otherwise.
pub fn error_cases(slug: &str, operation_id: &str, fallback: &Value) -> Vec<(u16, Value)> {
    let op = operation(slug, operation_id);
    error_statuses(slug, operation_id)
        .into_iter()
        .map(|status| {
            let media = &op["responses"][status.to_string()]["content"]["application/json"];
            (
                status,
                media_example(media, None).unwrap_or_else(|| fallback.clone()),
            )
        })
        .collect()
}

fn media_example(media: &Value, name: Option<&str>) -> Option<Value> {
    match name {
        Some(name) => Some(media["examples"][name]["value"].clone()).filter(|v| !v.is_null()),
        None => {
            if !media["example"].is_null() {
                Some(media["example"].clone())
            } else {
                media["examples"]
                    .as_object()
                    .and_then(|all| all.values().next())
                    .map(|first| first["value"].clone())
            }
        }
    }
}

/// Decodes a JSON value (a spec example) into a generated type.
pub fn typed<T: serde::de::DeserializeOwned>(value: &Value) -> T {
    serde_json::from_value(value.clone()).expect("the example decodes into its type")
}

/// `text` as a response would carry it: decoded leniently, so a value that
/// breaks its type's constraints (a pattern, an enum) is kept as sent. The
/// only way to hold such a value, e.g. to show that a request refuses it.
pub fn decoded<T: serde::de::DeserializeOwned>(text: &str) -> T {
    serde_json::from_value(Value::from(text)).expect("responses decode any string")
}

/// A JSON pointer (`/products/0/zipCode`) as the path a request's
/// `InvalidRequest` names, under `root`: `body.products[0].zipCode`.
pub fn json_path(root: &str, pointer: &str) -> String {
    let mut path = root.to_owned();
    for segment in pointer.split('/').skip(1) {
        if segment.bytes().all(|b| b.is_ascii_digit()) {
            path.push_str(&format!("[{segment}]"));
        } else {
            path.push('.');
            path.push_str(segment);
        }
    }
    path
}

/// A timestamp as an RFC 3339 instant in UTC (a zone-less text read as JST).
pub fn utc(timestamp: Option<&nttcom_runtime::Timestamp>) -> Option<String> {
    timestamp
        .and_then(nttcom_runtime::Timestamp::to_utc)
        .map(|t| t.to_rfc3339())
}

/// The response checks every operation shares, as tests of the enclosing
/// `mod <operation_id>`:
///
/// - `documented_errors_decode`: each documented 4xx/5xx (with the spec's
///   example body, else `error_body`) is `Error::ErrorResponse` with that
///   status and body; a malformed error body is `InvalidResponsePayload`;
/// - `undocumented_status_is_unexpected_response`;
/// - `malformed_body_is_an_error_value` and `unknown_fields_are_accepted`,
///   for operations whose success response has a body (`success: <status>`
///   rather than `success_without_body: <status>`).
///
/// `call: |client| <expr>` makes one valid call on `client` (a `&Client`).
#[allow(unused_macros)] // by the per-service files only
macro_rules! response_checks {
    (
        slug: $slug:expr,
        operation: $op:expr,
        route: $route:expr,
        success: $status:literal,
        example: $example:expr,
        error_body: $fallback:expr,
        call: |$c:ident| $call:expr $(,)?
    ) => {
        response_checks!(@errors $slug, $op, $route, $fallback, |$c| $call);

        #[tokio::test]
        async fn malformed_body_is_an_error_value() {
            let server = common::server().await;
            let client: Client = common::client(&server);
            let $c = &client;
            common::check_malformed_success(&server, &$route, $status, || $call).await;
        }

        #[tokio::test]
        async fn unknown_fields_are_accepted() {
            let server = common::server().await;
            let client: Client = common::client(&server);
            let $c = &client;
            let example = common::response_example($slug, $op, $status, $example);
            common::check_unknown_fields_accepted(&server, &$route, $status, &example, || $call)
                .await;
        }
    };
    (
        slug: $slug:expr,
        operation: $op:expr,
        route: $route:expr,
        success_without_body: $status:literal,
        error_body: $fallback:expr,
        call: |$c:ident| $call:expr $(,)?
    ) => {
        response_checks!(@errors $slug, $op, $route, $fallback, |$c| $call);
    };
    (@errors $slug:expr, $op:expr, $route:expr, $fallback:expr, |$c:ident| $call:expr) => {
        #[tokio::test]
        async fn documented_errors_decode() {
            let server = common::server().await;
            let client: Client = common::client(&server);
            let $c = &client;
            let cases = common::error_cases($slug, $op, &$fallback);
            common::check_error_statuses(&server, &$route, &cases, || $call).await;
        }

        #[tokio::test]
        async fn undocumented_status_is_unexpected_response() {
            let server = common::server().await;
            let client: Client = common::client(&server);
            let $c = &client;
            common::check_undocumented_status(&server, &$route, || $call).await;
        }
    };
}
#[allow(unused_imports)]
pub(crate) use response_checks;

/// A setter's name as the spec names the parameter (`end_at_from` →
/// `endAtFrom`), which refusal messages use.
pub fn camel_case(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        match c {
            '_' => upper = true,
            c if upper => {
                out.extend(c.to_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}

/// For each `(value, why)` of `bad_values`, `make(value)` must fail with
/// `Error::InvalidRequest` naming `field`, and no request may reach `server`.
///
/// `server` must have no other catch-all mock: it would take the requests.
pub async fn assert_all_refused<V, T, E, F, Fut>(
    server: &MockServer,
    field: &str,
    bad_values: &[(V, &str)],
    make: F,
) where
    V: Copy + Debug,
    T: Debug,
    E: Debug,
    F: Fn(V) -> Fut,
    Fut: Future<Output = Result<ResponseValue<T>, Error<E>>>,
{
    let catch_all = catch_all(server).await;
    for &(bad, why) in bad_values {
        let message = assert_refused(make(bad).await, &catch_all).await;
        assert!(
            message.contains(field),
            "{field} = {bad:?} ({why}): {message}"
        );
    }
    catch_all.delete_async().await;
}

/// For each of `members`, `make(member)` (a body leaving that member out)
/// must fail with `Error::InvalidRequest` saying `<member>: required`, and no
/// request may reach `server`: a member a request requires, although its Rust
/// field is an `Option` because responses may leave it out.
pub async fn assert_required<T, E, F, Fut>(server: &MockServer, members: &[&'static str], make: F)
where
    T: Debug,
    E: Debug,
    F: Fn(&'static str) -> Fut,
    Fut: Future<Output = Result<ResponseValue<T>, Error<E>>>,
{
    let catch_all = catch_all(server).await;
    for member in members {
        let message = assert_refused(make(member).await, &catch_all).await;
        assert!(
            message.contains(&format!("{member}: required")),
            "{member} left out: {message}"
        );
    }
    catch_all.delete_async().await;
}
