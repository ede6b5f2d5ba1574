//! Wire tests of `nttcom-fic-premium-support` (specs/fic-premium-support.yaml):
//! each of its 4 operations against a mock server on loopback. One
//! `mod <operationId>` per operation (tests/coverage.rs checks that); shared
//! checks are in `common`.
//!
//! Auth: `X-Auth-Token`. Values come from the spec's examples.

mod common;

use common::{Auth, Route, response_checks};
use httpmock::Method::{DELETE, GET, POST};
use nttcom_fic_premium_support::{Client, types};
use serde_json::{Value, json};

const SLUG: &str = "fic-premium-support";
const ID: &str = "F520123456789";

const BAD_IDS: &[(&str, &str)] = &[
    ("f520123456789", "lower-case letter"),
    ("F52012345678", "11 digits"),
    ("F5201234567890", "13 digits"),
    ("FF20123456789", "two letters"),
    ("520123456789", "no letter"),
    ("", "empty"),
];

/// The error body used where the spec has no example (none has one).
fn error_body() -> Value {
    json!({"error": {"code": 409, "message": "Another operation is in progress.", "title": "Conflict"}})
}

/// The single-resource answer of a subscribed tenant.
fn subscribed() -> Value {
    common::response_example(
        SLUG,
        "get_premium_professional_support_service",
        200,
        Some("premiumPlanTenant"),
    )
}

mod list_premium_professional_support_services {
    use super::*;

    const OP: &str = "list_premium_professional_support_services";
    const ROUTE: Route = (GET, "/v1/premium-professional-support-services");

    /// The production base URL has a path (`/fic-eri`): it stays in front
    /// of the operation's path, with or without a trailing slash.
    #[tokio::test]
    async fn base_url_path_is_kept() {
        for base in ["/fic-eri", "/fic-eri/"] {
            let server = common::server().await;
            let example = common::response_example(SLUG, OP, 200, None);
            let mock = server
                .mock_async(|when, then| {
                    when.method(GET)
                        .path("/fic-eri/v1/premium-professional-support-services");
                    common::json_response(then, 200, &example);
                })
                .await;
            let client: Client = common::client_at(&server.url(base));
            let result = client
                .list_premium_professional_support_services()
                .send()
                .await;
            mock.assert_async().await;
            result.expect(base);
        }
    }

    #[tokio::test]
    async fn request_and_success() {
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 200, Some("premiumPlanTenant"));
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(
                    when,
                    GET,
                    "/v1/premium-professional-support-services?id=F520123456789",
                    Auth::XAuthToken,
                );
                common::json_response(then, 200, &example);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client
            .list_premium_professional_support_services()
            .id(ID)
            .send()
            .await;
        mock.assert_async().await;
        let rv = result.expect("success");
        common::assert_success(&rv, 200, &example);
        let service = &rv.premium_professional_support_services[0];
        assert_eq!(
            service.operation_status,
            Some(types::OperationStatus::Completed)
        );
        assert_eq!(
            service.current_menu.as_ref().unwrap().as_str(),
            "PremiumPlan"
        );
        assert_eq!(
            common::utc(service.menus[0].menu_start_date.as_ref()).as_deref(),
            Some("2026-03-01T06:48:00+00:00")
        );
    }

    /// Without `id`: a bare path; a tenant without premium plan gets an
    /// empty list (the document's own sample).
    #[tokio::test]
    async fn empty_list() {
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 200, Some("documentSample"));
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(when, GET, ROUTE.1, Auth::XAuthToken);
                common::json_response(then, 200, &example);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client
            .list_premium_professional_support_services()
            .send()
            .await;
        mock.assert_async().await;
        assert!(
            result
                .expect("success")
                .premium_professional_support_services
                .is_empty()
        );
    }

    /// Typed mock helpers of the `mock` feature.
    #[tokio::test]
    async fn typed_mock_helper() {
        use nttcom_fic_premium_support::mock::MockServerExt;
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 200, Some("premiumPlanTenant"));
        let list: types::PremiumProfessionalSupportServiceList = common::typed(&example);
        let id: types::PremiumProfessionalSupportServiceId = ID.parse().unwrap();
        let mock = server.list_premium_professional_support_services(|when, then| {
            when.id(&id);
            then.ok(&list);
        });
        let client: Client = common::client(&server);
        let rv = client
            .list_premium_professional_support_services()
            .id(ID)
            .send()
            .await
            .expect("success");
        mock.assert();
        common::assert_same_json(&rv.into_inner(), &example);
    }

    /// The id pattern is `^[A-Z][0-9]{12}$`: the document's `X` form passes,
    /// other shapes are refused.
    #[tokio::test]
    async fn bad_id_is_refused() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        common::assert_all_refused(&server, "id", BAD_IDS, |bad| {
            client
                .list_premium_professional_support_services()
                .id(bad)
                .send()
        })
        .await;
        assert!(
            "X123456789012"
                .parse::<types::PremiumProfessionalSupportServiceId>()
                .is_ok()
        );
    }

    response_checks! {
        slug: SLUG,
        operation: OP,
        route: ROUTE,
        success: 200,
        example: Some("premiumPlanTenant"),
        error_body: error_body(),
        call: |c| c.list_premium_professional_support_services().send(),
    }
}

mod create_premium_professional_support_service {
    use super::*;

    const OP: &str = "create_premium_professional_support_service";
    const ROUTE: Route = (POST, "/v1/premium-professional-support-services");

    fn body() -> types::CreatePremiumProfessionalSupportServiceRequest {
        common::typed(&common::request_example(SLUG, OP, Some("premiumPlan")))
    }

    /// Both request examples go out as exactly that JSON.
    #[tokio::test]
    async fn request_and_success() {
        for name in ["premiumPlan", "documentSample"] {
            let server = common::server().await;
            let example = common::response_example(SLUG, OP, 202, None);
            let sent = common::request_example(SLUG, OP, Some(name));
            let mock = server
                .mock_async(|when, then| {
                    common::expect_request(when, POST, ROUTE.1, Auth::XAuthToken)
                        .header("content-type", "application/json")
                        .json_body(sent.clone());
                    common::json_response(then, 202, &example);
                })
                .await;
            let client: Client = common::client(&server);
            let result = client
                .create_premium_professional_support_service()
                .body(common::typed::<
                    types::CreatePremiumProfessionalSupportServiceRequest,
                >(&sent))
                .send()
                .await;
            mock.assert_async().await;
            common::assert_success(&result.expect(name), 202, &example);
        }
    }

    /// A realistic 202: the resource in `Processing` with its operation id.
    #[tokio::test]
    async fn processing_resource_decodes() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        let mut response = subscribed();
        response["professionalSupportService"]["operationStatus"] = json!("Processing");
        response["professionalSupportService"]["operationId"] =
            json!("7c5b2d6e0f9a4b1c8d3e2f1a0b9c8d7e");
        let rv = common::decode_success(&server, &ROUTE, 202, &response, || {
            client
                .create_premium_professional_support_service()
                .body(body())
                .send()
        })
        .await
        .expect("decodes");
        let service = rv
            .professional_support_service
            .as_ref()
            .expect("the wrapped resource");
        assert_eq!(
            service.operation_status,
            Some(types::OperationStatus::Processing)
        );
        assert_eq!(
            service.operation_id.as_deref(),
            Some("7c5b2d6e0f9a4b1c8d3e2f1a0b9c8d7e")
        );
    }

    /// The wrapper member is required; `currentMenu` is an open string.
    #[tokio::test]
    async fn bad_body_is_refused() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        let missing: &[(&str, &str)] = &[("", "no body")];
        // Named as the spec names it, as every other refusal is.
        common::assert_all_refused(
            &server,
            "premiumProfessionalSupportService",
            missing,
            |_| client.create_premium_professional_support_service().send(),
        )
        .await;
        // A body read from JSON without the wrapper reads (leniently, like
        // any value), records the missing member, and cannot be sent.
        let unwrapped: types::CreatePremiumProfessionalSupportServiceRequest =
            serde_json::from_value(json!({"currentMenu": "PremiumPlan"})).expect("reads");
        assert_eq!(
            unwrapped.extra.defaulted(),
            ["premiumProfessionalSupportService"]
        );
        let refused = nttcom_runtime::Validate::validate(&unwrapped).unwrap_err();
        assert_eq!(
            refused.to_string(),
            "premiumProfessionalSupportService: is required but was missing from the JSON \
             this value was read from"
        );
    }

    response_checks! {
        slug: SLUG,
        operation: OP,
        route: ROUTE,
        success: 202,
        example: None,
        error_body: error_body(),
        call: |c| c.create_premium_professional_support_service().body(body()).send(),
    }
}

mod get_premium_professional_support_service {
    use super::*;

    const OP: &str = "get_premium_professional_support_service";
    const ROUTE: Route = (
        GET,
        "/v1/premium-professional-support-services/F520123456789",
    );

    #[tokio::test]
    async fn request_and_success() {
        let server = common::server().await;
        let example = subscribed();
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(when, GET, ROUTE.1, Auth::XAuthToken);
                common::json_response(then, 200, &example);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client
            .get_premium_professional_support_service()
            .id(ID)
            .send()
            .await;
        mock.assert_async().await;
        let rv = result.expect("success");
        common::assert_success(&rv, 200, &example);
        let service = rv
            .professional_support_service
            .as_ref()
            .expect("the wrapped resource");
        assert_eq!(service.id.as_ref().unwrap().as_str(), ID);
        assert_eq!(
            service.tenant_id.as_ref().unwrap().as_str(),
            "db8b0e40743f460685040c46167cf19e"
        );
    }

    /// The API gateway's flat error body (an expired token, a rate limit)
    /// decodes into `ApiError` with its message, beside the nested shape.
    #[tokio::test]
    async fn gateway_error_body_keeps_its_message() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        let flat = json!({
            "errorCode": "401",
            "errorMessage": "Unauthorized",
            "developerMessage": "The access token is invalid or expired.",
            "moreInfo": null,
            "requestId": "apigwnode03-52047-8823559-84"
        });
        let result = common::decode_success(&server, &ROUTE, 401, &flat, || {
            client
                .get_premium_professional_support_service()
                .id(ID)
                .send()
        })
        .await;
        match result {
            Err(nttcom_runtime::OperationError::ErrorResponse(rv)) => {
                assert_eq!(rv.status().as_u16(), 401);
                assert_eq!(rv.error_message.as_deref(), Some("Unauthorized"));
                assert_eq!(
                    rv.developer_message.as_deref(),
                    Some("The access token is invalid or expired.")
                );
                assert!(rv.error.is_none());
                common::assert_same_json(&*rv, &flat);
            }
            other => panic!("expected a typed 401, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn bad_id_is_refused() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        common::assert_all_refused(&server, "id", BAD_IDS, |bad| {
            client
                .get_premium_professional_support_service()
                .id(bad)
                .send()
        })
        .await;
    }

    /// `operationStatus` is an open enum: a fourth status decodes as
    /// `Unknown`. The id and tenant id patterns bind requests only: values
    /// outside them decode as sent.
    #[tokio::test]
    async fn new_values_in_the_response_decode() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        let mut body = subscribed();
        let resource = &mut body["professionalSupportService"];
        resource["operationStatus"] = json!("Deleting");
        resource["id"] = json!("F5201234567890");
        resource["tenantId"] = json!("DB8B0E40743F460685040C46167CF19E");
        let rv = common::decode_success(&server, &ROUTE, 200, &body, || {
            client
                .get_premium_professional_support_service()
                .id(ID)
                .send()
        })
        .await
        .expect("decodes");
        let service = rv.professional_support_service.as_ref().unwrap();
        let status = service.operation_status.as_ref().unwrap();
        assert_eq!(status, &types::OperationStatus::Unknown("Deleting".into()));
        assert_eq!(status.as_str(), "Deleting");
        assert_eq!(service.id.as_ref().unwrap().as_str(), "F5201234567890");
        assert_eq!(
            service.tenant_id.as_ref().unwrap().as_str(),
            "DB8B0E40743F460685040C46167CF19E"
        );
        common::assert_same_json(&*rv, &body);
    }

    /// Error codes may be numbers or strings.
    #[tokio::test]
    async fn string_error_code_decodes() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        let body = json!({"error": {"code": "NotFound", "message": "no such service"}});
        let result = common::decode_success(&server, &ROUTE, 404, &body, || {
            client
                .get_premium_professional_support_service()
                .id(ID)
                .send()
        })
        .await;
        match result {
            Err(nttcom_runtime::OperationError::ErrorResponse(rv)) => assert!(matches!(
                rv.error.as_ref().unwrap().code,
                Some(types::ApiErrorCode::String(ref s)) if s == "NotFound"
            )),
            other => panic!("expected a typed 404, got {other:?}"),
        }
    }

    response_checks! {
        slug: SLUG,
        operation: OP,
        route: ROUTE,
        success: 200,
        example: Some("premiumPlanTenant"),
        error_body: error_body(),
        call: |c| c.get_premium_professional_support_service().id(ID).send(),
    }
}

mod delete_premium_professional_support_service {
    use super::*;

    const OP: &str = "delete_premium_professional_support_service";
    const ROUTE: Route = (
        DELETE,
        "/v1/premium-professional-support-services/F520123456789",
    );

    #[tokio::test]
    async fn request_and_success() {
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 202, None);
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(when, DELETE, ROUTE.1, Auth::XAuthToken)
                    .is_true(|req| req.body_ref().is_empty());
                common::json_response(then, 202, &example);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client
            .delete_premium_professional_support_service()
            .id(ID)
            .send()
            .await;
        mock.assert_async().await;
        common::assert_success(&result.expect("success"), 202, &example);
    }

    #[tokio::test]
    async fn bad_id_is_refused() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        common::assert_all_refused(&server, "id", BAD_IDS, |bad| {
            client
                .delete_premium_professional_support_service()
                .id(bad)
                .send()
        })
        .await;
    }

    response_checks! {
        slug: SLUG,
        operation: OP,
        route: ROUTE,
        success: 202,
        example: None,
        error_body: error_body(),
        call: |c| c.delete_premium_professional_support_service().id(ID).send(),
    }
}
