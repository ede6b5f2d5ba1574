//! Wire tests of `nttcom-sign-common` (specs/sign-common.yaml): each of its 10
//! operations against a mock server on loopback. One `mod <operationId>` per
//! operation (tests/coverage.rs checks that); shared checks are in `common`.
//!
//! Auth: `X-Auth-Token`. Values come from the spec's examples.

mod common;

use common::{Auth, Route, response_checks};
use httpmock::Method::{DELETE, GET, POST, PUT};
use nttcom_sign_common::{Client, types};
use serde_json::{Value, json};

const SLUG: &str = "sign-common";
const TENANT: &str = "550e8400e29b41d4a716446655440000";
const SHIPPING_ADDRESS_ID: &str = "b41715e07684453abbe8a83eb93fde80";
const ORDER_ID: &str = "e4eaaaf2d14211e1b3e4080027620cdd";

/// Values that break the 32-lowercase-hex rule of every SIGN id (pattern and
/// length), each with what is wrong with it.
const BAD_IDS: &[(&str, &str)] = &[
    ("550E8400E29B41D4A716446655440000", "upper case"),
    ("550e8400e29b41d4a71644665544000", "31 characters"),
    ("550e8400e29b41d4a7164466554400000", "33 characters"),
    ("550e8400e29b41d4a71644665544000g", "not hexadecimal"),
    ("550e8400-e29b-41d4-a716-446655440000", "UUID with dashes"),
    ("", "empty"),
];

/// The error body used where the spec has no example for a status.
fn error_body() -> Value {
    json!({"errorCode": 10104, "errorMessages": ["path parameter 'tenantId' is invalid"]})
}

/// A realistic shipping address request: the spec's response example without
/// its id (the request example only holds placeholder strings).
fn shipping_address_request() -> Value {
    let mut body = common::response_example(SLUG, "create_shipping_address", 201, None);
    body.as_object_mut().unwrap().remove("shippingAddressId");
    body
}

fn date(text: &str) -> nttcom_runtime::Date {
    text.parse::<chrono::NaiveDate>().expect("a date").into()
}

mod list_shipping_addresses {
    use super::*;

    const OP: &str = "list_shipping_addresses";
    const ROUTE: Route = (
        GET,
        "/tenants/550e8400e29b41d4a716446655440000/shipping-addresses",
    );

    /// The production base URL has a path (`/sdpf-iot-pf/v1`): it stays in front
    /// of the operation's path, with or without a trailing slash.
    #[tokio::test]
    async fn base_url_path_is_kept() {
        for base in ["/sdpf-iot-pf/v1", "/sdpf-iot-pf/v1/"] {
            let server = common::server().await;
            let example = common::response_example(SLUG, OP, 200, None);
            let mock = server
                .mock_async(|when, then| {
                    when.method(GET).path("/sdpf-iot-pf/v1/tenants/550e8400e29b41d4a716446655440000/shipping-addresses");
                    common::json_response(then, 200, &example);
                })
                .await;
            let client: Client = common::client_at(&server.url(base));
            let result = client
                .list_shipping_addresses()
                .tenant_id(TENANT)
                .send()
                .await;
            mock.assert_async().await;
            result.expect(base);
        }
    }

    #[tokio::test]
    async fn request_and_success() {
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 200, None);
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(when, GET, ROUTE.1, Auth::XAuthToken);
                common::json_response(then, 200, &example);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client
            .list_shipping_addresses()
            .tenant_id(TENANT)
            .send()
            .await;
        mock.assert_async().await;
        let rv = result.expect("success");
        common::assert_success(&rv, 200, &example);
        let first = &rv.shipping_addresses[0];
        assert_eq!(first.contractor_name.as_deref(), Some("山田 太郎"));
        assert_eq!(
            first.contractor_email_address.as_ref().map(|e| e.as_str()),
            Some("test@example.com")
        );
    }

    /// The typed mock helpers of the `mock` feature answer what the client asks.
    #[tokio::test]
    async fn typed_mock_helper() {
        use nttcom_sign_common::mock::MockServerExt;
        let server = common::server().await;
        let list: types::ShippingAddressList =
            common::typed(&common::response_example(SLUG, OP, 200, None));
        let mock = server.list_shipping_addresses(|when, then| {
            when.tenant_id(&TENANT.parse().unwrap());
            then.ok(&list);
        });
        let client: Client = common::client(&server);
        let rv = client
            .list_shipping_addresses()
            .tenant_id(TENANT)
            .send()
            .await
            .expect("success");
        mock.assert();
        assert_eq!(rv.into_inner().shipping_addresses.len(), 1);
    }

    #[tokio::test]
    async fn bad_tenant_id_is_refused() {
        let server = common::server().await;
        let catch_all = common::catch_all(&server).await;
        let client: Client = common::client(&server);
        for (bad, why) in BAD_IDS {
            let result = client
                .list_shipping_addresses()
                .tenant_id(*bad)
                .send()
                .await;
            let message = common::assert_refused(result, &catch_all).await;
            assert!(message.contains("tenantId"), "{why}: {message}");
        }
        let missing = client.list_shipping_addresses().send().await;
        common::assert_refused(missing, &catch_all).await;
    }

    response_checks! {
        slug: SLUG,
        operation: OP,
        route: ROUTE,
        success: 200,
        example: None,
        error_body: error_body(),
        call: |c| c.list_shipping_addresses().tenant_id(TENANT).send(),
    }
}

mod create_shipping_address {
    use super::*;

    const OP: &str = "create_shipping_address";
    const ROUTE: Route = (
        POST,
        "/tenants/550e8400e29b41d4a716446655440000/shipping-addresses",
    );

    fn body() -> types::ShippingAddressRequest {
        common::typed(&shipping_address_request())
    }

    #[tokio::test]
    async fn request_and_success() {
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 201, None);
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(when, POST, ROUTE.1, Auth::XAuthToken)
                    .header("content-type", "application/json")
                    .json_body(shipping_address_request());
                common::json_response(then, 201, &example);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client
            .create_shipping_address()
            .tenant_id(TENANT)
            .body(body())
            .send()
            .await;
        mock.assert_async().await;
        let rv = result.expect("success");
        common::assert_success(&rv, 201, &example);
        assert_eq!(
            rv.shipping_address_id.as_ref().map(|id| id.as_str()),
            Some("fbfd5c9c6718320e7fdec080b74a7abd")
        );
    }

    /// The two nullable members are required: they go out as explicit nulls.
    #[tokio::test]
    async fn nullable_members_are_sent_as_null() {
        let server = common::server().await;
        let mut expected = shipping_address_request();
        expected["shippingCityAdditionalInfo"] = Value::Null;
        expected["packageRecipientCompany"] = Value::Null;
        let mut response = common::response_example(SLUG, OP, 201, None);
        response["shippingCityAdditionalInfo"] = Value::Null;
        response["packageRecipientCompany"] = Value::Null;
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(when, POST, ROUTE.1, Auth::XAuthToken)
                    .json_body(expected.clone());
                common::json_response(then, 201, &response);
            })
            .await;
        let client: Client = common::client(&server);
        let rv = client
            .create_shipping_address()
            .tenant_id(TENANT)
            .body(types::ShippingAddressRequest {
                shipping_city_additional_info: None,
                package_recipient_company: None,
                ..body()
            })
            .send()
            .await;
        mock.assert_async().await;
        let rv = rv.expect("success");
        assert_eq!(rv.shipping_city_additional_info, None);
        assert_eq!(rv.package_recipient_company, None);
    }

    #[tokio::test]
    async fn bad_tenant_id_is_refused() {
        let server = common::server().await;
        let catch_all = common::catch_all(&server).await;
        let client: Client = common::client(&server);
        for (bad, why) in BAD_IDS {
            let result = client
                .create_shipping_address()
                .tenant_id(*bad)
                .body(body())
                .send()
                .await;
            let message = common::assert_refused(result, &catch_all).await;
            assert!(message.contains("tenantId"), "{why}: {message}");
        }
    }

    /// Each required member left out, and an e-mail address breaking the
    /// pattern, are refused before sending.
    #[tokio::test]
    async fn bad_body_is_refused() {
        let server = common::server().await;
        let catch_all = common::catch_all(&server).await;
        let client: Client = common::client(&server);
        let full = shipping_address_request();
        for member in full.as_object().unwrap().keys() {
            let mut partial = full.clone();
            partial.as_object_mut().unwrap().remove(member);
            // Read from JSON without the member (leniently, like any value),
            // the body records the gap and is refused before sending.
            let body: types::ShippingAddressRequest =
                serde_json::from_value(partial).expect("reads");
            let result = client
                .create_shipping_address()
                .tenant_id(TENANT)
                .body(body)
                .send()
                .await;
            let message = common::assert_refused(result, &catch_all).await;
            assert_eq!(
                message,
                format!(
                    "body.{member}: is required but was missing from the JSON this value was \
                     read from"
                ),
                "{member} is required"
            );
        }
        // Through the operation's builder: a required member left unset.
        let result = client
            .create_shipping_address()
            .tenant_id(TENANT)
            .body(types::ShippingAddressRequest::builder().contractor_name("山田 太郎"))
            .send()
            .await;
        let message = common::assert_refused(result, &catch_all).await;
        // Named as the spec names it, as every other refusal is.
        assert!(
            message.contains("contractorEmailAddress: required, but not set"),
            "{message}"
        );
        // No body at all.
        let result = client
            .create_shipping_address()
            .tenant_id(TENANT)
            .send()
            .await;
        common::assert_refused(result, &catch_all).await;
        for bad in [
            "test.example.com",
            "test@",
            "@example.com",
            "test@example",
            "山田@example.com",
        ] {
            let result = client
                .create_shipping_address()
                .tenant_id(TENANT)
                .body(
                    types::ShippingAddressRequest::builder()
                        .contractor_email_address(bad)
                        .contractor_name("山田 太郎"),
                )
                .send()
                .await;
            let message = common::assert_refused(result, &catch_all).await;
            assert!(
                message.contains("contractorEmailAddress"),
                "{bad}: {message}"
            );
        }
    }

    response_checks! {
        slug: SLUG,
        operation: OP,
        route: ROUTE,
        success: 201,
        example: None,
        error_body: error_body(),
        call: |c| c.create_shipping_address().tenant_id(TENANT).body(body()).send(),
    }
}

mod get_shipping_address {
    use super::*;

    const OP: &str = "get_shipping_address";
    const ROUTE: Route = (
        GET,
        "/tenants/550e8400e29b41d4a716446655440000/shipping-addresses/b41715e07684453abbe8a83eb93fde80",
    );

    #[tokio::test]
    async fn request_and_success() {
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 200, None);
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(when, GET, ROUTE.1, Auth::XAuthToken);
                common::json_response(then, 200, &example);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client
            .get_shipping_address()
            .tenant_id(TENANT)
            .shipping_address_id(SHIPPING_ADDRESS_ID)
            .send()
            .await;
        mock.assert_async().await;
        let rv = result.expect("success");
        common::assert_success(&rv, 200, &example);
        assert_eq!(rv.shipping_postal_code.as_deref(), Some("100-8019"));
    }

    #[tokio::test]
    async fn bad_ids_are_refused() {
        let server = common::server().await;
        let catch_all = common::catch_all(&server).await;
        let client: Client = common::client(&server);
        for (bad, why) in BAD_IDS {
            let result = client
                .get_shipping_address()
                .tenant_id(*bad)
                .shipping_address_id(SHIPPING_ADDRESS_ID)
                .send()
                .await;
            let message = common::assert_refused(result, &catch_all).await;
            assert!(message.contains("tenantId"), "{why}: {message}");
            let result = client
                .get_shipping_address()
                .tenant_id(TENANT)
                .shipping_address_id(*bad)
                .send()
                .await;
            let message = common::assert_refused(result, &catch_all).await;
            assert!(message.contains("shippingAddressId"), "{why}: {message}");
        }
        let missing = client.get_shipping_address().tenant_id(TENANT).send().await;
        common::assert_refused(missing, &catch_all).await;
    }

    response_checks! {
        slug: SLUG,
        operation: OP,
        route: ROUTE,
        success: 200,
        example: None,
        error_body: error_body(),
        call: |c| c
            .get_shipping_address()
            .tenant_id(TENANT)
            .shipping_address_id(SHIPPING_ADDRESS_ID)
            .send(),
    }
}

mod update_shipping_address {
    use super::*;

    const OP: &str = "update_shipping_address";
    const ROUTE: Route = (
        PUT,
        "/tenants/550e8400e29b41d4a716446655440000/shipping-addresses/b41715e07684453abbe8a83eb93fde80",
    );

    fn body() -> types::ShippingAddressRequest {
        common::typed(&shipping_address_request())
    }

    #[tokio::test]
    async fn request_and_success() {
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 200, None);
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(when, PUT, ROUTE.1, Auth::XAuthToken)
                    .header("content-type", "application/json")
                    .json_body(shipping_address_request());
                common::json_response(then, 200, &example);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client
            .update_shipping_address()
            .tenant_id(TENANT)
            .shipping_address_id(SHIPPING_ADDRESS_ID)
            .body(body())
            .send()
            .await;
        mock.assert_async().await;
        common::assert_success(&result.expect("success"), 200, &example);
    }

    /// Typed mock helpers: path parameters and the body are matched.
    #[tokio::test]
    async fn typed_mock_helper() {
        use nttcom_sign_common::mock::MockServerExt;
        let server = common::server().await;
        let address: types::ShippingAddress =
            common::typed(&common::response_example(SLUG, OP, 200, None));
        let mock = server.update_shipping_address(|when, then| {
            when.tenant_id(&TENANT.parse().unwrap())
                .shipping_address_id(&SHIPPING_ADDRESS_ID.parse().unwrap())
                .body(&body());
            then.ok(&address);
        });
        let client: Client = common::client(&server);
        let rv = client
            .update_shipping_address()
            .tenant_id(TENANT)
            .shipping_address_id(SHIPPING_ADDRESS_ID)
            .body(body())
            .send()
            .await
            .expect("success");
        mock.assert();
        common::assert_same_json(
            &rv.into_inner(),
            &common::response_example(SLUG, OP, 200, None),
        );
    }

    #[tokio::test]
    async fn bad_input_is_refused() {
        let server = common::server().await;
        let catch_all = common::catch_all(&server).await;
        let client: Client = common::client(&server);
        for (bad, why) in BAD_IDS {
            let result = client
                .update_shipping_address()
                .tenant_id(*bad)
                .shipping_address_id(SHIPPING_ADDRESS_ID)
                .body(body())
                .send()
                .await;
            let message = common::assert_refused(result, &catch_all).await;
            assert!(message.contains("tenantId"), "{why}: {message}");
            let result = client
                .update_shipping_address()
                .tenant_id(TENANT)
                .shipping_address_id(*bad)
                .body(body())
                .send()
                .await;
            let message = common::assert_refused(result, &catch_all).await;
            assert!(message.contains("shippingAddressId"), "{why}: {message}");
        }
        let result = client
            .update_shipping_address()
            .tenant_id(TENANT)
            .shipping_address_id(SHIPPING_ADDRESS_ID)
            .body(
                types::ShippingAddressRequest::builder()
                    .contractor_email_address("test@@example.com"),
            )
            .send()
            .await;
        let message = common::assert_refused(result, &catch_all).await;
        assert!(message.contains("contractorEmailAddress"), "{message}");
    }

    response_checks! {
        slug: SLUG,
        operation: OP,
        route: ROUTE,
        success: 200,
        example: None,
        error_body: error_body(),
        call: |c| c
            .update_shipping_address()
            .tenant_id(TENANT)
            .shipping_address_id(SHIPPING_ADDRESS_ID)
            .body(body())
            .send(),
    }
}

mod delete_shipping_address {
    use super::*;

    const OP: &str = "delete_shipping_address";
    const ROUTE: Route = (
        DELETE,
        "/tenants/550e8400e29b41d4a716446655440000/shipping-addresses/b41715e07684453abbe8a83eb93fde80",
    );

    #[tokio::test]
    async fn request_and_success() {
        let server = common::server().await;
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(when, DELETE, ROUTE.1, Auth::XAuthToken);
                then.status(204)
                    .header(common::REQUEST_ID_HEADER, common::REQUEST_ID);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client
            .delete_shipping_address()
            .tenant_id(TENANT)
            .shipping_address_id(SHIPPING_ADDRESS_ID)
            .send()
            .await;
        mock.assert_async().await;
        let rv = result.expect("success");
        assert_eq!(rv.status().as_u16(), 204);
        assert_eq!(rv.headers()[common::REQUEST_ID_HEADER], common::REQUEST_ID);
    }

    #[tokio::test]
    async fn bad_ids_are_refused() {
        let server = common::server().await;
        let catch_all = common::catch_all(&server).await;
        let client: Client = common::client(&server);
        for (bad, why) in BAD_IDS {
            let result = client
                .delete_shipping_address()
                .tenant_id(*bad)
                .shipping_address_id(SHIPPING_ADDRESS_ID)
                .send()
                .await;
            let message = common::assert_refused(result, &catch_all).await;
            assert!(message.contains("tenantId"), "{why}: {message}");
            let result = client
                .delete_shipping_address()
                .tenant_id(TENANT)
                .shipping_address_id(*bad)
                .send()
                .await;
            let message = common::assert_refused(result, &catch_all).await;
            assert!(message.contains("shippingAddressId"), "{why}: {message}");
        }
    }

    response_checks! {
        slug: SLUG,
        operation: OP,
        route: ROUTE,
        success_without_body: 204,
        error_body: error_body(),
        call: |c| c
            .delete_shipping_address()
            .tenant_id(TENANT)
            .shipping_address_id(SHIPPING_ADDRESS_ID)
            .send(),
    }
}

mod list_orders {
    use super::*;

    const OP: &str = "list_orders";
    const ROUTE: Route = (GET, "/tenants/550e8400e29b41d4a716446655440000/orders");

    /// A valid request: the tenant and the required dates.
    fn orders(client: &Client) -> nttcom_sign_common::builder::ListOrders<'_> {
        client
            .list_orders()
            .tenant_id(TENANT)
            .from(date("2024-06-10"))
            .to(date("2024-06-12"))
    }

    /// Every parameter set; arrays go out exploded (`name=a&name=b`).
    #[tokio::test]
    async fn request_and_success() {
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 200, None);
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(
                    when,
                    GET,
                    "/tenants/550e8400e29b41d4a716446655440000/orders\
                     ?from=2024-06-10&orderType=create-sim&orderType=create-tc&page=3&pageSize=30\
                     &serviceType=mvno-open&serviceType=things-cloud&to=2024-06-12",
                    Auth::XAuthToken,
                );
                common::json_response(then, 200, &example);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client
            .list_orders()
            .tenant_id(TENANT)
            .from(date("2024-06-10"))
            .to(date("2024-06-12"))
            .service_type(vec![
                types::ServiceType::MvnoOpen,
                types::ServiceType::ThingsCloud,
            ])
            .order_type(vec![
                types::OrderType::CreateSim,
                types::OrderType::CreateTc,
            ])
            .page(3u64)
            .page_size(30u64)
            .send()
            .await;
        mock.assert_async().await;
        let rv = result.expect("success");
        common::assert_success(&rv, 200, &example);
        assert_eq!(
            rv.orders[1].service_type,
            Some(types::ServiceType::ThingsCloud)
        );
        assert_eq!(
            common::utc(rv.orders[0].ordered_at.as_ref()).as_deref(),
            Some("2024-06-10T06:30:30+00:00")
        );
    }

    /// Optional parameters left out are not sent at all.
    #[tokio::test]
    async fn required_parameters_only() {
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 200, None);
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(
                    when,
                    GET,
                    "/tenants/550e8400e29b41d4a716446655440000/orders?from=2024-06-10&to=2024-06-10",
                    Auth::XAuthToken,
                );
                common::json_response(then, 200, &example);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client
            .list_orders()
            .tenant_id(TENANT)
            .from(date("2024-06-10"))
            .to(date("2024-06-10"))
            .send()
            .await;
        mock.assert_async().await;
        result.expect("success");
    }

    /// Typed mock helpers, including the exploded array parameters.
    #[tokio::test]
    async fn typed_mock_helper() {
        use nttcom_sign_common::mock::MockServerExt;
        let server = common::server().await;
        let list: types::OrderList = common::typed(&common::response_example(SLUG, OP, 200, None));
        let services = vec![types::ServiceType::MvnoOpen, types::ServiceType::Fic];
        let mock = server.list_orders(|when, then| {
            when.tenant_id(&TENANT.parse().unwrap())
                .from(&date("2024-06-10"))
                .to(&date("2024-06-12"))
                .service_type(&services)
                .order_type(None)
                .page(None)
                .page_size(Some(30));
            then.ok(&list);
        });
        let client: Client = common::client(&server);
        let rv = client
            .list_orders()
            .tenant_id(TENANT)
            .from(date("2024-06-10"))
            .to(date("2024-06-12"))
            .service_type(services.clone())
            .page_size(30u64)
            .send()
            .await
            .expect("success");
        mock.assert();
        common::assert_same_json(
            &rv.into_inner(),
            &common::response_example(SLUG, OP, 200, None),
        );
    }

    #[tokio::test]
    async fn bad_input_is_refused() {
        let server = common::server().await;
        let catch_all = common::catch_all(&server).await;
        let client: Client = common::client(&server);
        let valid = || orders(&client);
        for (bad, why) in BAD_IDS {
            let message =
                common::assert_refused(valid().tenant_id(*bad).send().await, &catch_all).await;
            assert!(message.contains("tenantId"), "{why}: {message}");
        }
        // `page` has minimum 1 (`pageSize`: see page_size_bounds_are_checked_client_side).
        for page in [0, -1] {
            let message = common::assert_refused(valid().page(page).send().await, &catch_all).await;
            assert!(
                message.starts_with(&format!("page: {page} is out of range")),
                "{message}"
            );
        }
        // `from` and `to` are required.
        let no_from = client
            .list_orders()
            .tenant_id(TENANT)
            .to(date("2024-06-12"));
        let message = common::assert_refused(no_from.send().await, &catch_all).await;
        assert!(message.contains("from"), "{message}");
        let no_to = client
            .list_orders()
            .tenant_id(TENANT)
            .from(date("2024-06-10"));
        let message = common::assert_refused(no_to.send().await, &catch_all).await;
        assert!(message.contains("to"), "{message}");
        // Enum values outside the spec parse (as `Unknown`, kept as given),
        // but cannot be sent.
        for bad in ["mvno", "MVNO-OPEN"] {
            let service: types::ServiceType = bad.parse().unwrap();
            assert_eq!(service, types::ServiceType::Unknown(bad.to_owned()));
            assert!(!service.is_known());
            let call = valid().service_type(vec![types::ServiceType::Fic, service]);
            let message = common::assert_refused(call.send().await, &catch_all).await;
            assert!(message.starts_with("serviceType[1]: "), "{bad}: {message}");
        }
        let order_type = types::OrderType::from("create-esim");
        assert_eq!(order_type.as_str(), "create-esim");
        let call = valid().order_type(vec![order_type]);
        let message = common::assert_refused(call.send().await, &catch_all).await;
        assert!(message.starts_with("orderType[0]: "), "{message}");
    }

    /// `pageSize` is `minimum: 1`, `maximum: 10000`: values outside are
    /// refused before sending, the bounds themselves go out.
    #[tokio::test]
    async fn page_size_bounds_are_checked_client_side() {
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 200, None);
        let client: Client = common::client(&server);
        let valid = || orders(&client);
        let out_of_range: &[(i64, &str)] = &[
            (0, "below the minimum"),
            (10_001, "above the maximum"),
            (-1, "negative"),
        ];
        common::assert_all_refused(&server, "pageSize", out_of_range, |size| {
            valid().page_size(size).send()
        })
        .await;
        for size in [1, 10_000] {
            let mock = server
                .mock_async(|when, then| {
                    when.method(GET)
                        .path(ROUTE.1)
                        .query_param("pageSize", size.to_string());
                    common::json_response(then, 200, &example);
                })
                .await;
            valid().page_size(size).send().await.expect("within range");
            mock.assert_async().await;
            mock.delete_async().await;
        }
    }

    /// `from` must not be after `to` (a rule between two parameters): not
    /// checked by the client either.
    #[tokio::test]
    async fn from_after_to_is_not_checked_client_side() {
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 200, None);
        let mock = server
            .mock_async(|when, then| {
                when.method(GET).path(ROUTE.1);
                common::json_response(then, 200, &example);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client
            .list_orders()
            .tenant_id(TENANT)
            .from(date("2024-06-12"))
            .to(date("2024-06-10"))
            .send()
            .await;
        mock.assert_async().await;
        result.expect("sent as is");
    }

    /// `serviceType` and `orderType` are open enums: a value the server adds
    /// tomorrow decodes as `Unknown`, its raw value readable, and encodes
    /// back unchanged.
    #[tokio::test]
    async fn new_enum_values_in_the_response_decode() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        let mut body = common::response_example(SLUG, OP, 200, None);
        body["orders"][0]["serviceType"] = json!("mvno-5g");
        body["orders"][0]["orderType"] = json!("change-plan");
        let rv = common::decode_success(&server, &ROUTE, 200, &body, || orders(&client).send())
            .await
            .expect("unknown values decode");
        let order = &rv.orders[0];
        let service = order.service_type.as_ref().unwrap();
        assert_eq!(service, &types::ServiceType::Unknown("mvno-5g".into()));
        assert_eq!(service.as_str(), "mvno-5g");
        assert!(!service.is_known());
        let order_type = order.order_type.as_ref().unwrap();
        assert!(matches!(order_type, types::OrderType::Unknown(raw) if raw == "change-plan"));
        assert_eq!(order_type.to_string(), "change-plan");
        assert_eq!(
            rv.orders[1].service_type,
            Some(types::ServiceType::ThingsCloud)
        );
        common::assert_same_json(&*rv, &body);
    }

    response_checks! {
        slug: SLUG,
        operation: OP,
        route: ROUTE,
        success: 200,
        example: None,
        error_body: error_body(),
        call: |c| c
            .list_orders()
            .tenant_id(TENANT)
            .from(date("2024-06-10"))
            .to(date("2024-06-12"))
            .send(),
    }
}

mod get_order {
    use super::*;

    const OP: &str = "get_order";
    const ROUTE: Route = (
        GET,
        "/tenants/550e8400e29b41d4a716446655440000/orders/e4eaaaf2d14211e1b3e4080027620cdd",
    );

    #[tokio::test]
    async fn request_and_success() {
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 200, None);
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(when, GET, ROUTE.1, Auth::XAuthToken);
                common::json_response(then, 200, &example);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client
            .get_order()
            .tenant_id(TENANT)
            .order_id(ORDER_ID)
            .send()
            .await;
        mock.assert_async().await;
        let rv = result.expect("success");
        common::assert_success(&rv, 200, &example);
        assert_eq!(rv.status.as_deref(), Some("success"));
        assert_eq!(rv.ended_at, None);
    }

    #[tokio::test]
    async fn bad_ids_are_refused() {
        let server = common::server().await;
        let catch_all = common::catch_all(&server).await;
        let client: Client = common::client(&server);
        for (bad, why) in BAD_IDS {
            let result = client
                .get_order()
                .tenant_id(*bad)
                .order_id(ORDER_ID)
                .send()
                .await;
            let message = common::assert_refused(result, &catch_all).await;
            assert!(message.contains("tenantId"), "{why}: {message}");
            let result = client
                .get_order()
                .tenant_id(TENANT)
                .order_id(*bad)
                .send()
                .await;
            let message = common::assert_refused(result, &catch_all).await;
            assert!(message.contains("orderId"), "{why}: {message}");
        }
    }

    /// `endedAt` and `status` are required by the schema, but a response is
    /// read as sent: left out (not just null), they decode as `None` and the
    /// rest of the order is there.
    #[tokio::test]
    async fn missing_required_members_decode_as_none() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        let mut body = common::response_example(SLUG, OP, 200, None);
        body.as_object_mut().unwrap().remove("endedAt");
        body.as_object_mut().unwrap().remove("status");
        let rv = common::decode_success(&server, &ROUTE, 200, &body, || {
            client
                .get_order()
                .tenant_id(TENANT)
                .order_id(ORDER_ID)
                .send()
        })
        .await
        .expect("decodes");
        assert_eq!(rv.ended_at, None);
        assert_eq!(rv.status, None);
        assert_eq!(rv.service_type, Some(types::ServiceType::MvnoOpen));
        common::assert_same_json(&*rv, &body);
    }

    response_checks! {
        slug: SLUG,
        operation: OP,
        route: ROUTE,
        success: 200,
        example: None,
        error_body: error_body(),
        call: |c| c.get_order().tenant_id(TENANT).order_id(ORDER_ID).send(),
    }
}

mod get_dashboard_counts {
    use super::*;

    const OP: &str = "get_dashboard_counts";
    const ROUTE: Route = (GET, "/tenants/550e8400e29b41d4a716446655440000/dashboard");

    #[tokio::test]
    async fn request_and_success() {
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 200, None);
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(when, GET, ROUTE.1, Auth::XAuthToken);
                common::json_response(then, 200, &example);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client.get_dashboard_counts().tenant_id(TENANT).send().await;
        mock.assert_async().await;
        let rv = result.expect("success");
        common::assert_success(&rv, 200, &example);
        assert_eq!(rv.sims_count.as_ref().and_then(|c| c.open), Some(1000));
        assert_eq!(
            rv.contents
                .as_ref()
                .and_then(|c| c.inter_connect.as_ref())
                .and_then(|i| i.network_service),
            Some(true)
        );
    }

    #[tokio::test]
    async fn bad_tenant_id_is_refused() {
        let server = common::server().await;
        let catch_all = common::catch_all(&server).await;
        let client: Client = common::client(&server);
        for (bad, why) in BAD_IDS {
            let result = client.get_dashboard_counts().tenant_id(*bad).send().await;
            let message = common::assert_refused(result, &catch_all).await;
            assert!(message.contains("tenantId"), "{why}: {message}");
        }
    }

    /// Counts have `minimum: 0`, but integer ranges bind requests only: a
    /// negative count from the server decodes as sent, and a count sent as
    /// a string is read as a number.
    #[tokio::test]
    async fn out_of_range_and_string_counts_decode() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        let mut body = common::response_example(SLUG, OP, 200, None);
        body["simsCount"]["open"] = json!(-1);
        body["simsCount"]["closed"] = json!("100");
        let rv = common::decode_success(&server, &ROUTE, 200, &body, || {
            client.get_dashboard_counts().tenant_id(TENANT).send()
        })
        .await
        .expect("decodes");
        let sims = rv.sims_count.as_ref().unwrap();
        assert_eq!((sims.open, sims.closed), (Some(-1), Some(100)));
    }

    response_checks! {
        slug: SLUG,
        operation: OP,
        route: ROUTE,
        success: 200,
        example: None,
        error_body: error_body(),
        call: |c| c.get_dashboard_counts().tenant_id(TENANT).send(),
    }
}

mod get_terms_agreement {
    use super::*;

    const OP: &str = "get_terms_agreement";
    const ROUTE: Route = (
        GET,
        "/tenants/550e8400e29b41d4a716446655440000/terms-agreement",
    );

    #[tokio::test]
    async fn request_and_success() {
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 200, None);
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(when, GET, ROUTE.1, Auth::XAuthToken);
                common::json_response(then, 200, &example);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client.get_terms_agreement().tenant_id(TENANT).send().await;
        mock.assert_async().await;
        let rv = result.expect("success");
        common::assert_success(&rv, 200, &example);
        assert_eq!(rv.is_agreed, Some(true));
    }

    #[tokio::test]
    async fn bad_tenant_id_is_refused() {
        let server = common::server().await;
        let catch_all = common::catch_all(&server).await;
        let client: Client = common::client(&server);
        for (bad, why) in BAD_IDS {
            let result = client.get_terms_agreement().tenant_id(*bad).send().await;
            let message = common::assert_refused(result, &catch_all).await;
            assert!(message.contains("tenantId"), "{why}: {message}");
        }
    }

    response_checks! {
        slug: SLUG,
        operation: OP,
        route: ROUTE,
        success: 200,
        example: None,
        error_body: error_body(),
        call: |c| c.get_terms_agreement().tenant_id(TENANT).send(),
    }
}

mod agree_terms {
    use super::*;

    const OP: &str = "agree_terms";
    const ROUTE: Route = (
        POST,
        "/tenants/550e8400e29b41d4a716446655440000/terms-agreement",
    );

    /// A POST without a body: nothing is sent after the headers.
    #[tokio::test]
    async fn request_and_success() {
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 200, None);
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(when, POST, ROUTE.1, Auth::XAuthToken)
                    .is_true(|req| req.body_ref().is_empty());
                common::json_response(then, 200, &example);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client.agree_terms().tenant_id(TENANT).send().await;
        mock.assert_async().await;
        let rv = result.expect("success");
        common::assert_success(&rv, 200, &example);
    }

    #[tokio::test]
    async fn bad_tenant_id_is_refused() {
        let server = common::server().await;
        let catch_all = common::catch_all(&server).await;
        let client: Client = common::client(&server);
        for (bad, why) in BAD_IDS {
            let result = client.agree_terms().tenant_id(*bad).send().await;
            let message = common::assert_refused(result, &catch_all).await;
            assert!(message.contains("tenantId"), "{why}: {message}");
        }
    }

    response_checks! {
        slug: SLUG,
        operation: OP,
        route: ROUTE,
        success: 200,
        example: None,
        error_body: error_body(),
        call: |c| c.agree_terms().tenant_id(TENANT).send(),
    }
}
