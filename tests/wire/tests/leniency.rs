//! Tolerant of what we receive, strict on what we send, through real
//! operations on loopback: an answer unlike the spec's example decodes (each
//! value kept as sent), and a value that breaks the spec, once decoded, is
//! refused when a request carries it back: nothing is sent.
//!
//! The per-service files show each kind of deviation on its own operation;
//! this file shows them together, and the round trip from a response to a
//! request.

mod common;

use common::Route;
use httpmock::Method::{GET, PUT};
use serde_json::{Value, json};

const TENANT: &str = "550e8400e29b41d4a716446655440000";

/// Serves `body` (200) on `route` for one call of `call`, then asserts that
/// `send_back(value decoded from it)` is refused naming `field`, with no
/// request sent.
macro_rules! sent_back_is_refused {
    (
        server: $server:expr,
        route: $route:expr,
        body: $body:expr,
        call: $call:expr,
        send_back: |$answer:ident| $send_back:expr,
        field: $field:expr $(,)?
    ) => {{
        let $answer = common::decode_success($server, &$route, 200, &$body, || $call)
            .await
            .expect("the answer decodes")
            .into_inner();
        let catch_all = common::catch_all($server).await;
        let message = common::assert_refused($send_back.await, &catch_all).await;
        assert!(message.starts_with($field), "{message}");
        message
    }};
}

mod sign_common {
    use super::*;
    use nttcom_sign_common::{Client, types};

    const ORDERS: Route = (GET, "/tenants/550e8400e29b41d4a716446655440000/orders");
    const ADDRESSES: Route = (
        GET,
        "/tenants/550e8400e29b41d4a716446655440000/shipping-addresses",
    );

    fn orders(client: &Client) -> nttcom_sign_common::builder::ListOrders<'_> {
        client
            .list_orders()
            .tenant_id(TENANT)
            .from("2024-06-10")
            .to("2024-06-12")
    }

    /// An answer unlike the example in every way at once: an unknown enum
    /// value, an id out of its pattern, a timestamp without a zone, numbers
    /// sent as strings, a member the spec requires left out.
    #[tokio::test]
    async fn an_answer_unlike_the_example_decodes() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        let mut body = common::response_example("sign-common", "list_orders", 200, None);
        body["orders"][0]["serviceType"] = json!("mvno-5g");
        body["orders"][0]["orderId"] = json!("123E4567E89B12D3A456426655440000");
        body["orders"][0]["orderedAt"] = json!("2024-06-10 15:30:30");
        body["orders"][1]
            .as_object_mut()
            .unwrap()
            .remove("orderType");
        body["page"] = json!("1");
        body["totalPages"] = json!("1");
        body["total"] = json!(2.0);
        let rv = common::decode_success(&server, &ORDERS, 200, &body, || orders(&client).send())
            .await
            .expect("decodes");
        let first = &rv.orders[0];
        let service = first.service_type.as_ref().unwrap();
        assert_eq!(service, &types::ServiceType::Unknown("mvno-5g".into()));
        assert_eq!(service.as_str(), "mvno-5g");
        assert_eq!(
            first.order_id.as_ref().unwrap().as_str(),
            "123E4567E89B12D3A456426655440000"
        );
        let ordered = first.ordered_at.as_ref().unwrap();
        assert_eq!(ordered.as_str(), "2024-06-10 15:30:30");
        assert!(!ordered.has_offset());
        assert_eq!(
            ordered.naive().unwrap().to_string(),
            "2024-06-10 15:30:30",
            "the wall clock as written"
        );
        assert_eq!(
            common::utc(Some(ordered)).as_deref(),
            Some("2024-06-10T06:30:30+00:00"),
            "read as JST"
        );
        assert_eq!(rv.orders[1].order_type, None);
        assert_eq!(
            (rv.page, rv.total_pages, rv.total, rv.page_size),
            (Some(1), Some(1), Some(2), Some(20))
        );
    }

    /// A list sent as `null`, or left out, is an empty `Vec`, and encodes
    /// back as `[]`.
    #[tokio::test]
    async fn a_null_or_missing_list_is_empty() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        for body in [json!({"shippingAddresses": null}), json!({})] {
            let rv = common::decode_success(&server, &ADDRESSES, 200, &body, || {
                client.list_shipping_addresses().tenant_id(TENANT).send()
            })
            .await
            .expect("decodes");
            assert!(rv.shipping_addresses.is_empty(), "{body}");
            assert_eq!(
                serde_json::to_value(&*rv).unwrap(),
                json!({"shippingAddresses": []})
            );
        }
    }

    /// An upper-case id from a list is kept as sent; asking for that
    /// address with it is refused (ids are 32 lower-case hex characters).
    #[tokio::test]
    async fn an_id_out_of_its_pattern_is_not_sent_back() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        let mut body =
            common::response_example("sign-common", "list_shipping_addresses", 200, None);
        body["shippingAddresses"][0]["shippingAddressId"] =
            json!("B41715E07684453ABBE8A83EB93FDE80");
        sent_back_is_refused! {
            server: &server,
            route: ADDRESSES,
            body: body,
            call: client.list_shipping_addresses().tenant_id(TENANT).send(),
            send_back: |list| client
                .get_shipping_address()
                .tenant_id(TENANT)
                .shipping_address_id(list.shipping_addresses[0].shipping_address_id.clone().unwrap())
                .send(),
            field: "shippingAddressId: `B41715E07684453ABBE8A83EB93FDE80`",
        };
    }

    /// An unknown service type from the order history cannot be used as a
    /// filter of the same operation.
    #[tokio::test]
    async fn an_unknown_enum_value_is_not_sent_back() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        let mut body = common::response_example("sign-common", "list_orders", 200, None);
        body["orders"][1]["serviceType"] = json!("mvno-5g");
        let message = sent_back_is_refused! {
            server: &server,
            route: ORDERS,
            body: body,
            call: orders(&client).send(),
            send_back: |list| orders(&client)
                .service_type(vec![list.orders[1].service_type.clone().unwrap()])
                .send(),
            field: "serviceType[0]: `mvno-5g` is not one of: ",
        };
        assert!(
            message.contains("mvno-open"),
            "lists the known values: {message}"
        );
    }
}

mod icms_profiles {
    use super::*;
    use nttcom_icms_profiles::{Client, types};

    const CHANGE_POLICY: Route = (
        PUT,
        "/tenants/550e8400e29b41d4a716446655440000/profiles/440130000096015/policy",
    );
    const IMSI: &str = "440130000096015";

    /// The 202 echoes the request body: its type is the request's, with
    /// every field an `Option` because the echo may leave members out. An
    /// echo that lost `plan`, or carries a lower-case HSN, is refused as the
    /// body of the next request.
    #[tokio::test]
    async fn an_echoed_body_breaking_the_request_rules_is_not_sent_back() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        let send = |body: types::ChangePolicyRequest| {
            client
                .change_policy()
                .tenant_id(TENANT)
                .imsi(IMSI)
                .body(body)
                .send()
        };
        let example = common::response_example("icms-profiles", "change_policy", 202, None);
        let request = common::request_example("icms-profiles", "change_policy", None);
        let mut without_plan = example.clone();
        without_plan["requestBody"]
            .as_object_mut()
            .unwrap()
            .remove("plan");
        let mut lower_case = example.clone();
        lower_case["requestBody"]["hsn"] = json!("013aaa0025");
        for (answer, field) in [
            (without_plan, "body.plan: required, but not set"),
            (lower_case, "body.hsn: `013aaa0025`"),
        ] {
            let mock = server
                .mock_async(|when, then| {
                    when.method(PUT)
                        .path(CHANGE_POLICY.1)
                        .json_body(request.clone());
                    common::json_response(then, 202, &answer);
                })
                .await;
            let echo = send(common::typed(&request))
                .await
                .expect("the first request goes out")
                .into_inner()
                .request_body
                .expect("the echo");
            mock.assert_async().await;
            mock.delete_async().await;
            let catch_all = common::catch_all(&server).await;
            let message = common::assert_refused(send(echo).await, &catch_all).await;
            assert!(message.starts_with(field), "{message}");
            catch_all.delete_async().await;
        }
    }
}

mod ipoe {
    use super::*;
    use nttcom_ipoe::Client;

    const SITES: Route = (GET, "/infoIpoE/v2/customerSites");

    /// A 10-character line id in a site list decodes; filtering by it is
    /// refused (line ids are `CAF` and 10 digits).
    #[tokio::test]
    async fn a_line_id_out_of_its_pattern_is_not_sent_back() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        let mut body: Value = common::response_example("ipoe", "list_customer_sites", 200, None);
        body["customerSite"][0]["lineId"] = json!("CAF1234567");
        sent_back_is_refused! {
            server: &server,
            route: SITES,
            body: body,
            call: client.list_customer_sites().send(),
            send_back: |list| client
                .list_customer_sites()
                .line_id(list.customer_site[0].line_id.clone().unwrap())
                .send(),
            field: "lineId: `CAF1234567`",
        };
    }
}

mod fic_premium_support {
    use super::*;
    use nttcom_fic_premium_support::Client;

    const LIST: Route = (GET, "/v1/premium-professional-support-services");

    /// A service id out of `^[A-Z][0-9]{12}$` in the list decodes; reading,
    /// deleting or waiting on that service with it is refused.
    #[tokio::test]
    async fn a_service_id_out_of_its_pattern_is_not_sent_back() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        let mut body = common::response_example(
            "fic-premium-support",
            "list_premium_professional_support_services",
            200,
            Some("premiumPlanTenant"),
        );
        body["premiumProfessionalSupportServices"][0]["id"] = json!("f520123456789");
        let list = common::decode_success(&server, &LIST, 200, &body, || {
            client.list_premium_professional_support_services().send()
        })
        .await
        .expect("decodes")
        .into_inner();
        let id = list.premium_professional_support_services[0]
            .id
            .clone()
            .unwrap();
        assert_eq!(id.as_str(), "f520123456789");
        let catch_all = common::catch_all(&server).await;
        let field = "id: `f520123456789`";
        let read = client
            .get_premium_professional_support_service()
            .id(id.clone())
            .send()
            .await;
        assert!(
            common::assert_refused(read, &catch_all)
                .await
                .starts_with(field)
        );
        let delete = client
            .delete_premium_professional_support_service()
            .id(id.clone())
            .send()
            .await;
        assert!(
            common::assert_refused(delete, &catch_all)
                .await
                .starts_with(field)
        );
        let wait = client
            .wait_until_premium_professional_support_service_settled()
            .id(id)
            .send()
            .await;
        match wait {
            Err(nttcom_runtime::waiter::WaitError::Operation(
                nttcom_runtime::OperationError::InvalidRequest(message),
            )) => assert!(message.starts_with(field), "{message}"),
            other => panic!("expected the refused poll, got {other:?}"),
        }
        assert_eq!(catch_all.calls_async().await, 0, "a request was sent");
    }
}
