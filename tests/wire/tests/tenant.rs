//! The tenant, set once: the operations with a `tenantId` path parameter
//! (sign-common, icms-profiles) use the client's tenant unless the call
//! names one, and without either they send nothing.
//!
//! The client's tenant comes from Keystone credentials (`.keystone(key,
//! secret, tenant)`) or from `ClientBuilder::tenant_id` beside a token.

mod common;

use common::Auth;
use httpmock::Method::GET;
use httpmock::MockServer;
use serde_json::Value;

const TENANT: &str = "550e8400e29b41d4a716446655440000";
const OTHER_TENANT: &str = "6ba7b8109dad11d180b400c04fd430c8";
const IMSI: &str = "440130000096015";

/// A mock of `GET path` (exactly, with the test token) answering `body`.
async fn mock_get<'a>(server: &'a MockServer, path: &str, body: &Value) -> httpmock::Mock<'a> {
    server
        .mock_async(|when, then| {
            common::expect_request(when, GET, path, Auth::XAuthToken);
            common::json_response(then, 200, body);
        })
        .await
}

mod sign_common {
    use super::*;
    use nttcom_sign_common::Client;

    fn dashboard() -> Value {
        common::response_example("sign-common", "get_dashboard_counts", 200, None)
    }

    /// Keystone credentials scope the token to a tenant, which is also the
    /// tenant of every call that names none; a call may name another.
    #[tokio::test]
    async fn the_keystone_tenant_is_the_default() {
        let server = common::server().await;
        let keystone = common::mock_keystone(&server, TENANT, 201).await;
        let own = mock_get(
            &server,
            &format!("/tenants/{TENANT}/dashboard"),
            &dashboard(),
        )
        .await;
        let other = mock_get(
            &server,
            &format!("/tenants/{OTHER_TENANT}/dashboard"),
            &dashboard(),
        )
        .await;
        let client: Client = common::keystone_client(&server, TENANT);
        assert_eq!(client.runtime().tenant_id(), Some(TENANT));
        let rv = client.get_dashboard_counts().send().await.expect("success");
        common::assert_success(&rv, 200, &dashboard());
        client
            .get_dashboard_counts()
            .tenant_id(OTHER_TENANT)
            .send()
            .await
            .expect("success");
        own.assert_async().await;
        other.assert_async().await;
        keystone.assert_async().await;
    }

    /// The default tenant fills the path of every operation that takes one:
    /// reads, writes and those with a second path parameter.
    #[tokio::test]
    async fn every_tenant_operation_uses_the_default() {
        let server = common::server().await;
        let client: Client = common::client_with_tenant(&server, TENANT);
        let prefix = format!("/tenants/{TENANT}");
        let any_under_the_tenant = server
            .mock_async(|when, then| {
                common::expect_auth(when.path_prefix(&prefix), Auth::XAuthToken);
                then.status(204);
            })
            .await;
        // 204 is documented by the delete only: the others answer
        // `UnexpectedResponse`, which proves as well that they were sent.
        let delete = client
            .delete_shipping_address()
            .shipping_address_id("b41715e07684453abbe8a83eb93fde80")
            .send()
            .await;
        assert_eq!(delete.expect("deleted").status().as_u16(), 204);
        for result in [
            client.get_terms_agreement().send().await.map(drop),
            client.agree_terms().send().await.map(drop),
            client
                .get_order()
                .order_id("e4eaaaf2d14211e1b3e4080027620cdd")
                .send()
                .await
                .map(drop),
            client
                .list_orders()
                .from("2024-06-10")
                .to("2024-06-12")
                .send()
                .await
                .map(drop),
        ] {
            assert_eq!(result.unwrap_err().status(), Some(204));
        }
        any_under_the_tenant.assert_calls_async(5).await;
    }
}

mod icms_profiles {
    use super::*;
    use nttcom_icms_profiles::Client;

    fn policies() -> Value {
        common::response_example("icms-profiles", "list_policies", 200, None)
    }

    /// A token from elsewhere and `ClientBuilder::tenant_id`: the builder's
    /// tenant is the default, a call's own overrides it.
    #[tokio::test]
    async fn the_builder_tenant_is_the_default_and_a_call_overrides_it() {
        let server = common::server().await;
        let own = mock_get(&server, &format!("/tenants/{TENANT}/policies"), &policies()).await;
        let other = mock_get(
            &server,
            &format!("/tenants/{OTHER_TENANT}/policies"),
            &policies(),
        )
        .await;
        let client: Client = common::client_with_tenant(&server, TENANT);
        assert_eq!(client.runtime().tenant_id(), Some(TENANT));
        let rv = client.list_policies().send().await.expect("success");
        common::assert_success(&rv, 200, &policies());
        own.assert_async().await;
        client
            .list_policies()
            .tenant_id(OTHER_TENANT)
            .send()
            .await
            .expect("success");
        other.assert_async().await;
        own.assert_calls_async(1).await;
    }

    /// A default tenant that is no tenant id is refused when a call uses it
    /// (nothing sent), but does not stand in the way of a call naming one.
    #[tokio::test]
    async fn an_invalid_default_tenant_is_refused() {
        let server = common::server().await;
        let bad = "550E8400-E29B-41D4-A716-446655440000";
        let client: Client = common::client_with_tenant(&server, bad);
        let refused: &[(&str, &str)] = &[(IMSI, "the default tenant")];
        common::assert_all_refused(
            &server,
            &format!("the client's tenant id `{bad}` is not a valid tenantId"),
            refused,
            |imsi| client.get_profile().imsi(imsi).send(),
        )
        .await;
        let profile = common::response_example("icms-profiles", "get_profile", 200, None);
        let mock = mock_get(
            &server,
            &format!("/tenants/{TENANT}/profiles/{IMSI}"),
            &profile,
        )
        .await;
        client
            .get_profile()
            .tenant_id(TENANT)
            .imsi(IMSI)
            .send()
            .await
            .expect("the call's tenant");
        mock.assert_async().await;
    }
}

/// Neither a tenant on the client nor one on the call: every tenant
/// operation is refused naming `tenantId`, and nothing is sent.
#[tokio::test]
async fn without_any_tenant_nothing_is_sent() {
    let server = common::server().await;
    let sign: nttcom_sign_common::Client = common::client(&server);
    let icms: nttcom_icms_profiles::Client = common::client(&server);
    assert_eq!(sign.runtime().tenant_id(), None);
    let catch_all = common::catch_all(&server).await;
    let messages = [
        common::assert_refused(sign.get_dashboard_counts().send().await, &catch_all).await,
        common::assert_refused(sign.list_shipping_addresses().send().await, &catch_all).await,
        common::assert_refused(
            sign.create_shipping_address()
                .body(common::typed::<
                    nttcom_sign_common::types::ShippingAddressRequest,
                >(&shipping_address()))
                .send()
                .await,
            &catch_all,
        )
        .await,
        common::assert_refused(icms.list_policies().send().await, &catch_all).await,
        common::assert_refused(icms.get_profile().imsi(IMSI).send().await, &catch_all).await,
        common::assert_refused(
            icms.update_comments()
                .body(common::typed::<
                    nttcom_icms_profiles::types::CommentUpdateRequest,
                >(&common::request_example(
                    "icms-profiles",
                    "update_comments",
                    None,
                )))
                .send()
                .await,
            &catch_all,
        )
        .await,
    ];
    for message in messages {
        assert!(message.starts_with("tenantId is not set"), "{message}");
    }
}

/// A realistic shipping address request body.
fn shipping_address() -> Value {
    let mut body = common::response_example("sign-common", "create_shipping_address", 201, None);
    body.as_object_mut().unwrap().remove("shippingAddressId");
    body
}
