//! Wire tests of `nttcom-service-order` (specs/service-order.yaml): each of its
//! 2 operations against a mock server on loopback. One `mod <operationId>` per
//! operation (tests/coverage.rs checks that); shared checks are in `common`.
//!
//! Auth: `Authorization: Bearer`. Values come from the spec's examples. Both
//! operations document 429, which the runtime may retry: test clients have
//! retries off (see `common::client_at`), so a 429 comes back at once.

mod common;

use common::{Auth, Route, response_checks};
use httpmock::Method::GET;
use nttcom_service_order::{Client, types};
use serde_json::{Value, json};

const SLUG: &str = "service-order";

/// The gateway's error body (the spec has no example of its own).
fn error_body() -> Value {
    json!({
        "errorCode": "429",
        "errorMessage": "Too Many Requests",
        "developerMessage": "The request quota of this connection was exceeded.",
        "moreInfo": "https://developer.ntt.com/",
        "requestId": "apigwnode03-52047-8823559-84"
    })
}

mod list_service_orders {
    use super::*;

    const OP: &str = "list_service_orders";
    const ROUTE: Route = (GET, "/v1/business-process/service-orders");

    #[tokio::test]
    async fn request_and_success() {
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 200, None);
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(
                    when,
                    GET,
                    "/v1/business-process/service-orders?serviceName=uno",
                    Auth::Bearer,
                );
                common::json_response(then, 200, &example);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client
            .list_service_orders()
            .service_name(types::ServiceNameFilter::Uno)
            .send()
            .await;
        mock.assert_async().await;
        let rv = result.expect("success");
        common::assert_success(&rv, 200, &example);
        assert_eq!(rv.result_count, 1);
        let order = &rv.items[0];
        assert_eq!(order.service_name, "uno-virtual");
        assert!(matches!(
            order.order_type,
            types::IntegerOrString::Integer(1)
        ));
        assert_eq!(
            order.offer_plan_date.to_utc().unwrap().to_rfc3339(),
            "2014-10-31T12:34:56+00:00"
        );
    }

    /// Codes arrive as numbers or strings; a completed MSS order has no status.
    #[tokio::test]
    async fn string_codes_and_missing_status_decode() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        let mut body = common::response_example(SLUG, OP, 200, None);
        body["items"][0]["orderType"] = json!("2-1");
        body["items"][0]["orderStatus"] = json!("S1K");
        let mut second = body["items"][0].clone();
        second.as_object_mut().unwrap().remove("orderStatus");
        second["serviceName"] = json!("mss");
        body["items"].as_array_mut().unwrap().push(second);
        let mut third = body["items"][0].clone();
        third["orderStatus"] = Value::Null;
        third["offerPlanDate"] = json!("2014-10-31T21:34:56+09:00");
        body["items"].as_array_mut().unwrap().push(third);
        let rv = common::decode_success(&server, &ROUTE, 200, &body, || {
            client.list_service_orders().service_name("mss").send()
        })
        .await
        .expect("decodes");
        assert!(
            matches!(rv.items[0].order_status, Some(types::IntegerOrString::String(ref s)) if s == "S1K")
        );
        assert!(rv.items[1].order_status.is_none());
        assert!(rv.items[2].order_status.is_none());
        // The same instant, each kept in the spelling it was sent in.
        let (first, third) = (&rv.items[0].offer_plan_date, &rv.items[2].offer_plan_date);
        assert_eq!(first.to_utc(), third.to_utc());
        assert_eq!(third.as_str(), "2014-10-31T21:34:56+09:00");
    }

    /// Typed mock helpers of the `mock` feature.
    #[tokio::test]
    async fn typed_mock_helper() {
        use nttcom_service_order::mock::MockServerExt;
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 200, None);
        let list: types::ServiceOrderList = common::typed(&example);
        let mock = server.list_service_orders(|when, then| {
            when.service_name(types::ServiceNameFilter::X050plusbiz);
            then.ok(&list);
        });
        let client: Client = common::client(&server);
        let rv = client
            .list_service_orders()
            .service_name("050plusbiz")
            .send()
            .await
            .expect("success");
        mock.assert();
        common::assert_same_json(&rv.into_inner(), &example);
    }

    /// The quota headers of a 429 reach the caller with the typed error.
    #[tokio::test]
    async fn rate_limit_headers_are_available() {
        let server = common::server().await;
        let mock = server
            .mock_async(|when, then| {
                when.method(GET).path(ROUTE.1);
                then.status(429)
                    .header("content-type", "application/json")
                    .header("retry-after", "0")
                    .header("x-quota-allowed", "10")
                    .header("x-quota-available", "0")
                    .header("x-quota-reset", "1559289842141")
                    .body(error_body().to_string());
            })
            .await;
        let client: Client = common::client(&server);
        let error = client
            .list_service_orders()
            .service_name("uno")
            .send()
            .await
            .unwrap_err();
        let quota = error.quota().expect("the quota headers");
        assert_eq!((quota.allowed, quota.available), (Some(10), Some(0)));
        assert_eq!(quota.reset.as_deref(), Some("1559289842141"));
        assert!(error.is_retryable() && error.credentials_error().is_none());
        match error {
            nttcom_runtime::OperationError::ErrorResponse(rv) => {
                assert_eq!(rv.status().as_u16(), 429);
                assert_eq!(rv.headers()["x-quota-available"], "0");
                assert_eq!(rv.headers()["x-quota-reset"], "1559289842141");
                assert_eq!(rv.error_code.as_deref(), Some("429"));
            }
            other => panic!("expected a typed 429, got {other:?}"),
        }
        assert_eq!(mock.calls_async().await, 1);
    }

    /// `serviceName` is required and one of nine values; the value a response
    /// carries ("uno-virtual") is not one of them. Other values parse (as
    /// `Unknown`) but are not sent.
    #[tokio::test]
    async fn bad_service_name_is_refused() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        let bad: &[(&str, &str)] = &[
            ("UNO", "upper case"),
            ("uno-virtual", "a response value, not a filter"),
            ("", "empty"),
        ];
        common::assert_all_refused(&server, "serviceName", bad, |bad| {
            client.list_service_orders().service_name(bad).send()
        })
        .await;
        let missing: &[(&str, &str)] = &[("", "not set")];
        common::assert_all_refused(&server, "serviceName", missing, |_| {
            client.list_service_orders().send()
        })
        .await;
    }

    /// `offerPlanDate` is an RFC 3339 date-time, but other spellings decode,
    /// kept as sent: a bare date is midnight JST, a time without offset is
    /// JST, and a text that is no date at all still decodes (unreadable).
    #[tokio::test]
    async fn other_date_formats_in_the_response_decode() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        for (value, utc) in [
            ("2014-10-31", Some("2014-10-30T15:00:00+00:00")),
            ("2014-10-31 12:34:56", Some("2014-10-31T03:34:56+00:00")),
            ("2014/10/31", None),
        ] {
            let mut body = common::response_example(SLUG, OP, 200, None);
            body["items"][0]["offerPlanDate"] = json!(value);
            let rv = common::decode_success(&server, &ROUTE, 200, &body, || {
                client.list_service_orders().service_name("uno").send()
            })
            .await
            .expect("decodes");
            let date = &rv.items[0].offer_plan_date;
            assert_eq!(date.as_str(), value);
            assert!(!date.has_offset(), "{value}");
            assert_eq!(common::utc(Some(date)).as_deref(), utc, "{value}");
            common::assert_same_json(&*rv, &body);
        }
    }

    response_checks! {
        slug: SLUG,
        operation: OP,
        route: ROUTE,
        success: 200,
        example: None,
        error_body: error_body(),
        call: |c| c.list_service_orders().service_name("uno").send(),
    }
}

mod list_service_order_details {
    use super::*;

    const OP: &str = "list_service_order_details";
    const ROUTE: Route = (GET, "/v1/business-process/service-order-details");

    /// Every filter; `+` and `:` of a timestamp are percent-encoded.
    #[tokio::test]
    async fn request_and_success() {
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 200, None);
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(
                    when,
                    GET,
                    "/v1/business-process/service-order-details\
                     ?data_update_date_from=2024-06-01T00%3A00%3A00%2B09%3A00\
                     &data_update_date_to=2024-06-30T23%3A59%3A59%2B09%3A00\
                     &n_no=N12345678&v_no=V12345678&webentry_id=UN0123456789",
                    Auth::Bearer,
                )
                .query_param("data_update_date_from", "2024-06-01T00:00:00+09:00");
                common::json_response(then, 200, &example);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client
            .list_service_order_details()
            .webentry_id("UN0123456789".to_owned())
            .n_no("N12345678".to_owned())
            .v_no("V12345678")
            .data_update_date_from("2024-06-01T00:00:00+09:00")
            .data_update_date_to("2024-06-30T23:59:59+09:00")
            .send()
            .await;
        mock.assert_async().await;
        let rv = result.expect("success");
        common::assert_success(&rv, 200, &example);
        assert!(matches!(rv.code, types::IntegerOrString::Integer(200)));
        assert_eq!(rv.detail.as_ref().expect("detail").detail_code, "I01");
        let order = &rv.result[0];
        // Unset values are the string "null", kept as is.
        assert_eq!(order.office_name, "null");
        assert_eq!(order.kind, "新設");
    }

    /// All filters are optional: none set, a bare path.
    #[tokio::test]
    async fn no_parameters() {
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 200, None);
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(when, GET, ROUTE.1, Auth::Bearer);
                common::json_response(then, 200, &example);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client.list_service_order_details().send().await;
        mock.assert_async().await;
        result.expect("success");
    }

    /// No parameter of this operation carries a constraint (the document
    /// gives no format for any of them): even empty strings go out.
    #[tokio::test]
    async fn no_parameter_is_constrained() {
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 200, None);
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(
                    when,
                    GET,
                    "/v1/business-process/service-order-details\
                     ?data_update_date_from=yesterday&data_update_date_to=&n_no=&v_no=*&webentry_id=",
                    Auth::Bearer,
                );
                common::json_response(then, 200, &example);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client
            .list_service_order_details()
            .webentry_id(String::new())
            .n_no(String::new())
            .v_no("*")
            .data_update_date_from("yesterday")
            .data_update_date_to("")
            .send()
            .await;
        mock.assert_async().await;
        result.expect("sent as is");
    }

    /// `result` is optional; the `code` may be a string.
    #[tokio::test]
    async fn no_result_and_string_code_decode() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        let body = json!({"code": "200", "detail": {"detailCode": "I02", "detailMsg": "該当データがありません。"}});
        let rv = common::decode_success(&server, &ROUTE, 200, &body, || {
            client.list_service_order_details().send()
        })
        .await
        .expect("decodes");
        assert!(rv.result.is_empty());
        assert!(matches!(rv.code, types::IntegerOrString::String(ref s) if s == "200"));
    }

    /// Every documented item member is required, yet one item's gap never
    /// makes the list unreadable: an item missing a member (say the service
    /// stops sending `withdrawKbn`), one with a member of another shape and
    /// one with a `null` member all come back, beside a complete one, each
    /// holding a fallback for its gap and naming it in `extra.defaulted()`.
    /// An item that is no object at all is not an item, but is kept: the
    /// list as received is in the answer's `extra`. What was received is
    /// written back, nothing else.
    #[tokio::test]
    async fn one_item_s_gap_leaves_every_item_readable() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        let mut body = common::response_example(SLUG, OP, 200, None);
        let item = body["result"][0].clone();
        let mut missing = item.clone();
        missing.as_object_mut().unwrap().remove("withdrawKbn");
        let mut odd = item.clone();
        odd["applYmd"] = json!({"year": 2026});
        let mut nulled = item.clone();
        nulled["orderNum"] = json!(null);
        body["result"] = json!([missing, item, odd, nulled, null]);
        let rv = common::decode_success(&server, &ROUTE, 200, &body, || {
            client.list_service_order_details().send()
        })
        .await
        .expect("one item's gap does not fail the list");
        use nttcom_runtime::Object;
        let gaps: Vec<&[&str]> = rv.result.iter().map(|i| i.extra.defaulted()).collect();
        assert_eq!(
            gaps,
            [&["withdrawKbn"][..], &[], &["applYmd"], &["orderNum"]]
        );
        assert!(rv.result[1].is_complete() && !rv.result[0].is_complete());
        assert_eq!(rv.result[0].withdraw_kbn, "", "the fallback of a string");
        assert_eq!(
            rv.result[2].unread_properties().collect::<Vec<_>>(),
            [("applYmd", &json!({"year": 2026}))]
        );
        // The list as received: its odd item as sent, the others as their
        // typed value encodes.
        let kept = rv.extra.get("result").and_then(Value::as_array).unwrap();
        assert_eq!((kept.len(), &kept[4]), (5, &json!(null)));
        // Null members and absent ones are alike to this comparison.
        common::assert_same_json(&*rv, &body);
    }

    response_checks! {
        slug: SLUG,
        operation: OP,
        route: ROUTE,
        success: 200,
        example: None,
        error_body: error_body(),
        call: |c| c.list_service_order_details().send(),
    }
}
