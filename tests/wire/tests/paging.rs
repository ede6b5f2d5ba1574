//! Paged lists as streams (`.stream()`), over loopback: sign-common
//! `list_orders` (page numbers: `page`, `pageSize`, the body's `totalPages`)
//! and ipoe `list_customer_products`, `list_customer_sites`, `list_orders`
//! (offsets counted from 1: `offset`, `limit`; no total in the body).
//!
//! Every paged operation goes through the same three walks (see [`Paged`]):
//! three pages of 2, 2 and 1 items, an empty first page, and an error on
//! page two. Each page is a mock of its exact request line, so the page
//! number or offset, the caller's page size and the other filters are
//! checked on every request; a request the walk should not send finds no
//! mock and fails the test.

mod common;

use std::fmt::Debug;

use common::Auth;
use httpmock::Method::GET;
use httpmock::{Mock, MockServer};
use nttcom_runtime::OperationError;
use nttcom_runtime::pages::Items;
use serde::Serialize;
use serde_json::{Value, json};

const TENANT: &str = "550e8400e29b41d4a716446655440000";

/// A paged operation, as the shared walks see it.
trait Paged {
    type Client: nttcom_runtime::Service;
    type Item: Serialize + Debug + Send;
    type Error: Serialize + Debug + Send;
    const AUTH: Auth;

    /// The request line of page `index` (0-based) of the walk [`stream`]
    /// makes: pages of two items.
    ///
    /// [`stream`]: Paged::stream
    fn request_line(index: u64) -> String;

    /// The body of a page holding `items`, in a list of `pages` pages.
    fn page(items: &[Value], pages: u64) -> Value;

    /// Item number `n`, told apart from the others.
    fn item(n: u64) -> Value;

    /// A documented error status and its body.
    fn error() -> (u16, Value);

    /// The walk: two items a page, with a filter besides.
    fn stream(client: &Self::Client) -> Items<'static, Self::Item, OperationError<Self::Error>>;
}

/// Mocks the page at `request_line` (exactly) answering `status` and `body`.
async fn mock_page<'a>(
    server: &'a MockServer,
    request_line: &str,
    auth: Auth,
    status: u16,
    body: &Value,
) -> Mock<'a> {
    server
        .mock_async(|when, then| {
            common::expect_request(when, GET, request_line, auth);
            common::json_response(then, status, body);
        })
        .await
}

/// Items 1 to 5 as pages of 2, 2 and 1: three requests, each once, and the
/// five items in order.
async fn walks_three_pages<P: Paged>() {
    let server = common::server().await;
    let items: Vec<Value> = (1..=5).map(P::item).collect();
    let mut pages = Vec::new();
    for (index, chunk) in (0..).zip(items.chunks(2)) {
        let body = P::page(chunk, 3);
        pages.push(mock_page(&server, &P::request_line(index), P::AUTH, 200, &body).await);
    }
    let client: P::Client = common::client(&server);
    let walked: Vec<P::Item> = P::stream(&client).try_collect().await.expect("every page");
    common::assert_same_json(&walked, &Value::Array(items));
    for page in pages {
        page.assert_async().await;
    }
}

/// An empty first page: one request, no item.
async fn an_empty_first_page_ends_the_walk<P: Paged>() {
    let server = common::server().await;
    let page = mock_page(&server, &P::request_line(0), P::AUTH, 200, &P::page(&[], 0)).await;
    let client: P::Client = common::client(&server);
    let mut stream = P::stream(&client);
    assert!(stream.next().await.is_none());
    assert!(stream.next().await.is_none(), "and stays ended");
    page.assert_async().await;
}

/// Page two fails: the items of page one, then the error as the last item;
/// page three is never asked for.
async fn an_error_on_page_two_is_the_last_item<P: Paged>() {
    let server = common::server().await;
    let (status, error) = P::error();
    let first = mock_page(
        &server,
        &P::request_line(0),
        P::AUTH,
        200,
        &P::page(&[P::item(1), P::item(2)], 3),
    )
    .await;
    let second = mock_page(&server, &P::request_line(1), P::AUTH, status, &error).await;
    let third = mock_page(
        &server,
        &P::request_line(2),
        P::AUTH,
        200,
        &P::page(&[P::item(5)], 3),
    )
    .await;
    let client: P::Client = common::client(&server);
    let mut stream = P::stream(&client);
    for n in 1..=2 {
        let item = stream.next().await.expect("an item").expect("page one");
        common::assert_same_json(&item, &P::item(n));
    }
    match stream.next().await {
        Some(Err(OperationError::ErrorResponse(rv))) => {
            assert_eq!(rv.status().as_u16(), status);
            common::assert_same_json(&*rv, &error);
        }
        other => panic!("expected the error of page two, got {other:?}"),
    }
    assert!(stream.next().await.is_none(), "nothing after the error");
    first.assert_async().await;
    second.assert_async().await;
    assert_eq!(third.calls_async().await, 0, "page three was asked for");
}

/// The walk's only item is the refusal of its first request (a message
/// starting with `refusal`), and nothing reaches `server`.
async fn assert_walk_refused<T: Debug, E: Debug>(
    server: &MockServer,
    mut walk: Items<'_, T, OperationError<E>>,
    refusal: &str,
) {
    let catch_all = common::catch_all(server).await;
    match walk.next().await {
        Some(Err(OperationError::InvalidRequest(message))) => {
            assert!(message.starts_with(refusal), "{message}")
        }
        other => panic!("expected the refusal, got {other:?}"),
    }
    assert!(walk.next().await.is_none(), "nothing after the refusal");
    assert_eq!(catch_all.calls_async().await, 0, "a request was sent");
}

/// The shared walks, as tests of the enclosing module, for `$paged`.
macro_rules! walks {
    ($paged:ty) => {
        #[tokio::test]
        async fn walks_three_pages() {
            super::walks_three_pages::<$paged>().await;
        }

        #[tokio::test]
        async fn an_empty_first_page_ends_the_walk() {
            super::an_empty_first_page_ends_the_walk::<$paged>().await;
        }

        #[tokio::test]
        async fn an_error_on_page_two_is_the_last_item() {
            super::an_error_on_page_two_is_the_last_item::<$paged>().await;
        }
    };
}

/// `item` of the spec's example with member `key` set to `value`.
fn example_item(mut item: Value, key: &str, value: String) -> Value {
    item[key] = Value::String(value);
    item
}

mod sign_common_list_orders {
    use super::*;
    use nttcom_sign_common::{Client, types};

    struct Orders;

    const PATH: &str = "/tenants/550e8400e29b41d4a716446655440000/orders";

    fn order(n: u64) -> Value {
        let example = common::response_example("sign-common", "list_orders", 200, None);
        example_item(example["orders"][0].clone(), "orderId", format!("{n:032x}"))
    }

    /// A page of `items` of a list of `pages` pages of `size`.
    fn orders_page(items: &[Value], size: u64, pages: u64) -> Value {
        json!({"orders": items, "pageSize": size, "totalPages": pages})
    }

    impl Paged for Orders {
        type Client = Client;
        type Item = types::OrderSummary;
        type Error = types::ApiError;
        const AUTH: Auth = Auth::XAuthToken;

        fn request_line(index: u64) -> String {
            let page = index + 1;
            format!("{PATH}?from=2024-06-10&page={page}&pageSize=2&to=2024-06-12")
        }

        fn page(items: &[Value], pages: u64) -> Value {
            orders_page(items, 2, pages)
        }

        fn item(n: u64) -> Value {
            order(n)
        }

        fn error() -> (u16, Value) {
            (
                500,
                json!({"errorCode": 10000, "errorMessages": ["internal error"]}),
            )
        }

        fn stream(
            client: &Client,
        ) -> Items<'static, types::OrderSummary, OperationError<types::ApiError>> {
            client
                .list_orders()
                .tenant_id(TENANT)
                .from("2024-06-10")
                .to("2024-06-12")
                .page_size(2)
                .stream()
        }
    }

    walks!(Orders);

    /// The caller's `page` is where the walk starts, and its `pageSize` is
    /// sent on every page; `totalPages` ends the walk.
    #[tokio::test]
    async fn a_walk_starts_at_the_callers_page() {
        let server = common::server().await;
        let line =
            |page: u64| format!("{PATH}?from=2024-06-10&page={page}&pageSize=3&to=2024-06-12");
        let second = mock_page(
            &server,
            &line(2),
            Auth::XAuthToken,
            200,
            &orders_page(&[order(4), order(5), order(6)], 3, 3),
        )
        .await;
        let third = mock_page(
            &server,
            &line(3),
            Auth::XAuthToken,
            200,
            &orders_page(&[order(7)], 3, 3),
        )
        .await;
        let client: Client = common::client(&server);
        let walked: Vec<types::OrderSummary> = client
            .list_orders()
            .tenant_id(TENANT)
            .from("2024-06-10")
            .to("2024-06-12")
            .page(2)
            .page_size(3)
            .stream()
            .try_collect()
            .await
            .expect("every page");
        common::assert_same_json(&walked, &json!([order(4), order(5), order(6), order(7)]));
        second.assert_async().await;
        third.assert_async().await;
    }

    /// Without `totalPages` in the body, a page shorter than `pageSize` is
    /// the last one.
    #[tokio::test]
    async fn without_a_page_count_a_short_page_is_the_last() {
        let server = common::server().await;
        let first = mock_page(
            &server,
            &Orders::request_line(0),
            Auth::XAuthToken,
            200,
            &json!({"orders": [order(1), order(2)]}),
        )
        .await;
        let second = mock_page(
            &server,
            &Orders::request_line(1),
            Auth::XAuthToken,
            200,
            &json!({"orders": [order(3)]}),
        )
        .await;
        let client: Client = common::client(&server);
        let walked: Vec<types::OrderSummary> = Orders::stream(&client)
            .try_collect()
            .await
            .expect("every page");
        assert_eq!(walked.len(), 3);
        first.assert_async().await;
        second.assert_async().await;
    }

    /// A page number below 1 is refused like any out-of-range `page`: the
    /// stream's only item is the refusal, and nothing is sent.
    #[tokio::test]
    async fn an_out_of_range_page_is_refused() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        let walk = client
            .list_orders()
            .tenant_id(TENANT)
            .from("2024-06-10")
            .to("2024-06-12")
            .page(0)
            .stream();
        assert_walk_refused(&server, walk, "page: 0 is out of range").await;
    }

    /// A negative `page` is refused by `send()`, but a walk silently starts
    /// at page 1 instead (the generated `stream()` drops a start that does
    /// not fit in a `u64`).
    #[tokio::test]
    async fn a_negative_page_is_refused() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        let walk = client
            .list_orders()
            .tenant_id(TENANT)
            .from("2024-06-10")
            .to("2024-06-12")
            .page(-1)
            .stream();
        assert_walk_refused(&server, walk, "page: -1 is out of range").await;
    }
}

/// The error body of every ipoe list: the spec's 400 example.
fn ipoe_error(operation: &str) -> (u16, Value) {
    (400, common::response_example("ipoe", operation, 400, None))
}

mod ipoe_list_customer_products {
    use super::*;
    use nttcom_ipoe::{Client, types};

    struct Products;

    const PATH: &str = "/infoIpoE/v2/customerProducts";

    fn product(n: u64) -> Value {
        let example = common::response_example("ipoe", "list_customer_products", 200, None);
        example_item(
            example["customerProduct"][0].clone(),
            "productName",
            format!("IPoE product {n}"),
        )
    }

    impl Paged for Products {
        type Client = Client;
        type Item = types::CustomerProduct;
        type Error = types::Errors;
        const AUTH: Auth = Auth::Bearer;

        fn request_line(index: u64) -> String {
            let offset = 1 + 2 * index;
            format!("{PATH}?limit=2&offset={offset}&productName=IPoE")
        }

        fn page(items: &[Value], _pages: u64) -> Value {
            json!({"customerProduct": items})
        }

        fn item(n: u64) -> Value {
            product(n)
        }

        fn error() -> (u16, Value) {
            ipoe_error("list_customer_products")
        }

        fn stream(
            client: &Client,
        ) -> Items<'static, types::CustomerProduct, OperationError<types::Errors>> {
            client
                .list_customer_products()
                .limit(2)
                .product_name("IPoE")
                .stream()
        }
    }

    walks!(Products);

    /// The caller's `offset` is where the walk starts (here the 11th item),
    /// each next page starting after the items read.
    #[tokio::test]
    async fn a_walk_starts_at_the_callers_offset() {
        let server = common::server().await;
        let line = |offset: u64| format!("{PATH}?limit=2&offset={offset}");
        let first = mock_page(
            &server,
            &line(11),
            Auth::Bearer,
            200,
            &json!({"customerProduct": [product(11), product(12)]}),
        )
        .await;
        let second = mock_page(
            &server,
            &line(13),
            Auth::Bearer,
            200,
            &json!({"customerProduct": [product(13)]}),
        )
        .await;
        let client: Client = common::client(&server);
        let walked: Vec<types::CustomerProduct> = client
            .list_customer_products()
            .offset(11)
            .limit(2)
            .stream()
            .try_collect()
            .await
            .expect("every page");
        common::assert_same_json(&walked, &json!([product(11), product(12), product(13)]));
        first.assert_async().await;
        second.assert_async().await;
    }

    /// A `limit` out of 0..=9999 is refused on the first page: the stream's
    /// only item is the refusal, and nothing is sent.
    #[tokio::test]
    async fn an_out_of_range_limit_is_refused() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        let walk = client.list_customer_products().limit(10_000).stream();
        assert_walk_refused(&server, walk, "limit: 10000 is out of range").await;
    }

    /// `offset` is at most 9999 (4 digits): a walk reaching past it ends
    /// with the refusal of the next page, after the items read.
    #[tokio::test]
    async fn a_walk_past_the_largest_offset_ends_with_a_refusal() {
        let server = common::server().await;
        let last = mock_page(
            &server,
            &format!("{PATH}?limit=2&offset=9999"),
            Auth::Bearer,
            200,
            &json!({"customerProduct": [product(9999), product(10_000)]}),
        )
        .await;
        let client: Client = common::client(&server);
        let mut walk = client
            .list_customer_products()
            .offset(9999)
            .limit(2)
            .stream();
        for n in [9999, 10_000] {
            let item = walk.next().await.expect("an item").expect("the last page");
            common::assert_same_json(&item, &product(n));
        }
        last.assert_async().await;
        assert_walk_refused(&server, walk, "offset: 10001 is out of range").await;
    }

    /// A negative `offset` is refused by `send()`, but a walk silently
    /// starts at offset 1 instead (the generated `stream()` drops a start
    /// that does not fit in a `u64`).
    #[tokio::test]
    async fn a_negative_offset_is_refused() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        let walk = client.list_customer_products().offset(-1).stream();
        assert_walk_refused(&server, walk, "offset: -1 is out of range").await;
    }
}

mod ipoe_list_customer_sites {
    use super::*;
    use nttcom_ipoe::{Client, types};

    struct Sites;

    impl Paged for Sites {
        type Client = Client;
        type Item = types::CustomerSite;
        type Error = types::Errors;
        const AUTH: Auth = Auth::Bearer;

        fn request_line(index: u64) -> String {
            let offset = 1 + 2 * index;
            format!("/infoIpoE/v2/customerSites?customerName=NTTPC&limit=2&offset={offset}")
        }

        fn page(items: &[Value], _pages: u64) -> Value {
            json!({"customerSite": items})
        }

        fn item(n: u64) -> Value {
            let example = common::response_example("ipoe", "list_customer_sites", 200, None);
            example_item(
                example["customerSite"][0].clone(),
                "customerSiteCode",
                format!("int-{n:08}"),
            )
        }

        fn error() -> (u16, Value) {
            ipoe_error("list_customer_sites")
        }

        fn stream(
            client: &Client,
        ) -> Items<'static, types::CustomerSite, OperationError<types::Errors>> {
            client
                .list_customer_sites()
                .customer_name("NTTPC")
                .limit(2)
                .stream()
        }
    }

    walks!(Sites);
}

mod ipoe_list_orders {
    use super::*;
    use nttcom_ipoe::{Client, types};

    struct Orders;

    fn order(n: u64) -> Value {
        let example = common::response_example("ipoe", "list_orders", 200, None);
        example_item(example[0].clone(), "orderCode", format!("A{n:016}"))
    }

    /// The body is the bare array of items.
    impl Paged for Orders {
        type Client = Client;
        type Item = types::Order;
        type Error = types::Errors;
        const AUTH: Auth = Auth::Bearer;

        fn request_line(index: u64) -> String {
            let offset = 1 + 2 * index;
            format!("/infoIpoE/v2/orders?limit=2&offset={offset}&status=1")
        }

        fn page(items: &[Value], _pages: u64) -> Value {
            Value::Array(items.to_vec())
        }

        fn item(n: u64) -> Value {
            order(n)
        }

        fn error() -> (u16, Value) {
            ipoe_error("list_orders")
        }

        fn stream(client: &Client) -> Items<'static, types::Order, OperationError<types::Errors>> {
            client
                .list_orders()
                .limit(2)
                .status(types::ListOrdersStatus::X1)
                .stream()
        }
    }

    walks!(Orders);

    /// Without a `limit`, no page is known to be short: the walk goes on
    /// until a page is empty (offsets 1, then 1 + 3, then 4 + 1).
    #[tokio::test]
    async fn without_a_limit_an_empty_page_ends_the_walk() {
        let server = common::server().await;
        let line = |offset: u64| format!("/infoIpoE/v2/orders?offset={offset}");
        let pages = [
            mock_page(
                &server,
                &line(1),
                Auth::Bearer,
                200,
                &json!([order(1), order(2), order(3)]),
            )
            .await,
            mock_page(&server, &line(4), Auth::Bearer, 200, &json!([order(4)])).await,
            mock_page(&server, &line(5), Auth::Bearer, 200, &json!([])).await,
        ];
        let client: Client = common::client(&server);
        let walked: Vec<types::Order> = client
            .list_orders()
            .stream()
            .try_collect()
            .await
            .expect("every page");
        common::assert_same_json(&walked, &json!([order(1), order(2), order(3), order(4)]));
        for page in pages {
            page.assert_async().await;
        }
    }
}
