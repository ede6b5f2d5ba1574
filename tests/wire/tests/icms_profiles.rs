//! Wire tests of `nttcom-icms-profiles` (specs/icms-profiles.yaml): each of its
//! 15 operations against a mock server on loopback. One `mod <operationId>`
//! per operation (tests/coverage.rs checks that); shared checks are in `common`.
//!
//! Auth: `X-Auth-Token`. Values come from the spec's examples.

mod common;

use common::{Auth, Route, response_checks};
use httpmock::Method::{GET, POST, PUT};
use nttcom_icms_profiles::{Client, types};
use serde_json::{Value, json};

const SLUG: &str = "icms-profiles";
const TENANT: &str = "550e8400e29b41d4a716446655440000";
/// The IMSI of the request examples (the path examples use ...017).
const IMSI: &str = "440130000096015";
const HSN: &str = "013AAA0025";

const BAD_TENANTS: &[(&str, &str)] = &[
    ("550E8400E29B41D4A716446655440000", "upper case"),
    ("550e8400e29b41d4a71644665544000", "31 characters"),
    ("550e8400e29b41d4a7164466554400000", "33 characters"),
    ("550e8400-e29b-41d4-a716-446655440000", "UUID with dashes"),
    ("", "empty"),
];

const BAD_IMSIS: &[(&str, &str)] = &[
    ("4401300000960150", "16 digits"),
    ("44013000009601a", "a letter"),
    ("+44013000009601", "a sign"),
    ("440 13000009601", "a space"),
    ("", "empty"),
];

const BAD_HSNS: &[(&str, &str)] = &[
    ("013aaa0025", "lower case"),
    ("013AAA002", "9 characters"),
    ("013AAA00250", "11 characters"),
    ("013AAG0025", "not hexadecimal"),
];

/// The error body used where the spec has no example for a status (the shape
/// of the spec's only error example).
fn error_body() -> Value {
    json!({"message": "Conflict", "detail": "the profile is not in a state that allows the request"})
}

fn date(text: &str) -> nttcom_runtime::Date {
    text.parse::<chrono::NaiveDate>().expect("a date").into()
}

fn hsn(text: &str) -> types::Hsn {
    text.parse().expect("a valid HSN")
}

fn imsi(text: &str) -> types::Imsi {
    text.parse().expect("a valid IMSI")
}

/// Checks that bad tenant ids and bad IMSIs are refused by an operation that
/// takes both in its path: `|client, tenant, imsi| <call>`.
macro_rules! check_bad_path_parameters {
    (|$c:ident, $t:ident, $i:ident| $make:expr) => {{
        let server = common::server().await;
        let client: Client = common::client(&server);
        let $c = &client;
        common::assert_all_refused(&server, "tenantId", BAD_TENANTS, |$t| {
            let $i = IMSI;
            $make
        })
        .await;
        common::assert_all_refused(&server, "imsi", BAD_IMSIS, |$i| {
            let $t = TENANT;
            $make
        })
        .await;
    }};
}

/// Checks that a body whose `hsn` or `imsi` breaks its pattern is refused
/// before sending. Such a value cannot be parsed: it is decoded, as from a
/// response. `valid()` makes a builder of a valid body, `send(builder)` sends
/// it.
macro_rules! check_bad_body_ids {
    ($server:expr, $valid:expr, $send:expr) => {{
        common::assert_all_refused($server, "body.hsn: ", BAD_HSNS, |bad| {
            $send($valid().hsn(common::decoded::<types::Hsn>(bad)))
        })
        .await;
        common::assert_all_refused($server, "body.imsi: ", BAD_IMSIS, |bad| {
            $send($valid().imsi(common::decoded::<types::Imsi>(bad)))
        })
        .await;
    }};
}

mod list_policies {
    use super::*;

    const OP: &str = "list_policies";
    const ROUTE: Route = (GET, "/tenants/550e8400e29b41d4a716446655440000/policies");

    /// The production base URL has a path (`/icms-esim/v3`): it stays in front
    /// of the operation's path, with or without a trailing slash.
    #[tokio::test]
    async fn base_url_path_is_kept() {
        for base in ["/icms-esim/v3", "/icms-esim/v3/"] {
            let server = common::server().await;
            let example = common::response_example(SLUG, OP, 200, None);
            let mock = server
                .mock_async(|when, then| {
                    when.method(GET)
                        .path("/icms-esim/v3/tenants/550e8400e29b41d4a716446655440000/policies");
                    common::json_response(then, 200, &example);
                })
                .await;
            let client: Client = common::client_at(&server.url(base));
            let result = client.list_policies().tenant_id(TENANT).send().await;
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
        let result = client.list_policies().tenant_id(TENANT).send().await;
        mock.assert_async().await;
        let rv = result.expect("success");
        common::assert_success(&rv, 200, &example);
        // Plain KB limits for payg/fixed, up/down pairs for upStream.
        assert!(
            matches!(rv.policies[0].limit, Some(types::PolicyLimits::Variant0(ref l)) if l.len() == 13)
        );
        assert_eq!(rv.policies[2].plan, Some(types::PolicyPlan::UpStream));
        assert!(
            matches!(rv.policies[2].limit, Some(types::PolicyLimits::Variant1(ref l)) if l[0].up == Some(3_145_728))
        );
    }

    #[tokio::test]
    async fn bad_tenant_id_is_refused() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        common::assert_all_refused(&server, "tenantId", BAD_TENANTS, |t| {
            client.list_policies().tenant_id(t).send()
        })
        .await;
    }

    /// `plan` is an open enum: a new plan decodes as `Unknown`, kept as sent.
    /// `limit` has two shapes (numbers, or up/down pairs): a limit of a third
    /// kind is `PolicyLimits::Other`, kept as sent, and the rest of the
    /// catalogue reads.
    #[tokio::test]
    async fn new_plans_and_new_limit_shapes_decode() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        let example = common::response_example(SLUG, OP, 200, None);
        let mut new_plan = example.clone();
        new_plan["policies"][0]["plan"] = json!("downStream");
        let rv = common::decode_success(&server, &ROUTE, 200, &new_plan, || {
            client.list_policies().tenant_id(TENANT).send()
        })
        .await
        .expect("a new plan decodes");
        let plan = rv.policies[0].plan.as_ref().unwrap();
        assert_eq!(plan, &types::PolicyPlan::Unknown("downStream".into()));
        assert_eq!(plan.as_str(), "downStream");
        common::assert_same_json(&*rv, &new_plan);
        for shape in [json!("unlimited"), json!(["unlimited"])] {
            let mut new_limit_shape = example.clone();
            new_limit_shape["policies"][0]["limit"] = shape.clone();
            let rv = common::decode_success(&server, &ROUTE, 200, &new_limit_shape, || {
                client.list_policies().tenant_id(TENANT).send()
            })
            .await
            .expect("a new limit shape decodes");
            assert!(
                matches!(&rv.policies[0].limit, Some(types::PolicyLimits::Other(v)) if *v == shape),
                "{:?}",
                rv.policies[0].limit
            );
            assert_eq!(
                rv.policies.len(),
                example["policies"].as_array().unwrap().len()
            );
            common::assert_same_json(&*rv, &new_limit_shape);
        }
    }

    response_checks! {
        slug: SLUG,
        operation: OP,
        route: ROUTE,
        success: 200,
        example: None,
        error_body: error_body(),
        call: |c| c.list_policies().tenant_id(TENANT).send(),
    }
}

mod change_policy {
    use super::*;

    const OP: &str = "change_policy";
    const ROUTE: Route = (
        PUT,
        "/tenants/550e8400e29b41d4a716446655440000/profiles/440130000096015/policy",
    );

    fn body() -> types::ChangePolicyRequest {
        common::typed(&common::request_example(SLUG, OP, None))
    }

    #[tokio::test]
    async fn request_and_success() {
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 202, None);
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(when, PUT, ROUTE.1, Auth::XAuthToken)
                    .header("content-type", "application/json")
                    .json_body(common::request_example(SLUG, OP, None));
                common::json_response(then, 202, &example);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client
            .change_policy()
            .tenant_id(TENANT)
            .imsi(IMSI)
            .body(body())
            .send()
            .await;
        mock.assert_async().await;
        let rv = result.expect("success");
        common::assert_success(&rv, 202, &example);
        assert_eq!(
            rv.tid.as_deref().map(String::as_str),
            Some("tran-20200807-00007")
        );
        assert_eq!(
            rv.request_body.as_ref().and_then(|b| b.limit),
            Some(1_048_576)
        );
    }

    #[tokio::test]
    async fn bad_path_parameters_are_refused() {
        check_bad_path_parameters!(|c, t, i| c
            .change_policy()
            .tenant_id(t)
            .imsi(i)
            .body(body())
            .send());
    }

    /// `hsn`, `imsi` and `plan` are required; `hsn` and `imsi` have patterns;
    /// `plan` is an enum (an unknown plan cannot be built at all).
    #[tokio::test]
    async fn bad_body_is_refused() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        let c = &client;
        let send = |b: types::builder::ChangePolicyRequest| {
            c.change_policy()
                .tenant_id(TENANT)
                .imsi(IMSI)
                .body(b)
                .send()
        };
        let valid = || types::builder::ChangePolicyRequest::from(body());
        check_bad_body_ids!(&server, valid, send);
        common::assert_required(&server, &["hsn", "imsi", "plan"], |member| {
            let partial = types::builder::ChangePolicyRequest::default().limit(1_048_576);
            send(match member {
                "hsn" => partial.imsi(imsi(IMSI)).plan(types::Plan::Fixed),
                "imsi" => partial.hsn(hsn(HSN)).plan(types::Plan::Fixed),
                _ => partial.hsn(hsn(HSN)).imsi(imsi(IMSI)),
            })
        })
        .await;
        // A plan outside `payg`/`fixed` parses (as `Unknown`) but is not sent.
        let bad_plans: &[(&str, &str)] = &[("upStream", "a policy plan"), ("FIXED", "upper case")];
        common::assert_all_refused(&server, "body.plan", bad_plans, |bad| {
            let plan: types::Plan = bad.parse().unwrap();
            assert_eq!(plan, types::Plan::Unknown(bad.to_owned()));
            send(valid().plan(plan))
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
        call: |c| c.change_policy().tenant_id(TENANT).imsi(IMSI).body(body()).send(),
    }
}

mod get_profile {
    use super::*;

    const OP: &str = "get_profile";
    const ROUTE: Route = (
        GET,
        "/tenants/550e8400e29b41d4a716446655440000/profiles/440130000096015",
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
            .get_profile()
            .tenant_id(TENANT)
            .imsi(IMSI)
            .send()
            .await;
        mock.assert_async().await;
        let rv = result.expect("success");
        common::assert_success(&rv, 200, &example);
        assert_eq!(rv.profile_status, Some(types::ProfileStatus::Active));
        assert_eq!(rv.cn_act_ip_address.as_deref(), Some("10.0.1.5"));
        assert_eq!(
            rv.sim_group_id.as_ref().map(ToString::to_string).as_deref(),
            Some("dfec0e39-3edf-4a39-bcb3-aab8e627a0ee")
        );
    }

    /// Typed mock helpers of the `mock` feature.
    #[tokio::test]
    async fn typed_mock_helper() {
        use nttcom_icms_profiles::mock::MockServerExt;
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 200, None);
        let profile: types::Profile = common::typed(&example);
        let mock = server.get_profile(|when, then| {
            when.tenant_id(&TENANT.parse().unwrap())
                .imsi(&IMSI.parse().unwrap());
            then.ok(&profile);
        });
        let client: Client = common::client(&server);
        let rv = client
            .get_profile()
            .tenant_id(TENANT)
            .imsi(IMSI)
            .send()
            .await
            .expect("success");
        mock.assert();
        common::assert_same_json(&rv.into_inner(), &example);
    }

    /// Internet connections may send "" for the closed-network addresses.
    #[tokio::test]
    async fn empty_addresses_decode() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        let mut body = common::response_example(SLUG, OP, 200, None);
        body["cn"] = json!(false);
        body["cnActIpAddress"] = json!("");
        body["cnSbyIpAddress"] = json!(null);
        let rv = common::decode_success(&server, &ROUTE, 200, &body, || {
            client.get_profile().tenant_id(TENANT).imsi(IMSI).send()
        })
        .await
        .expect("decodes");
        assert_eq!(rv.cn_act_ip_address.as_deref(), Some(""));
    }

    #[tokio::test]
    async fn bad_path_parameters_are_refused() {
        check_bad_path_parameters!(|c, t, i| c.get_profile().tenant_id(t).imsi(i).send());
    }

    /// Five open enums in one response: new values decode as `Unknown`, each
    /// raw value readable, and the profile encodes back as sent.
    #[tokio::test]
    async fn new_enum_values_in_the_response_decode() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        let mut body = common::response_example(SLUG, OP, 200, None);
        body["provider"] = json!("docomo");
        body["profileStatus"] = json!("terminated");
        body["esimStatus"] = json!("pending");
        body["plan"] = json!("prepaid");
        body["billingSpan"] = json!("2year");
        let rv = common::decode_success(&server, &ROUTE, 200, &body, || {
            client.get_profile().tenant_id(TENANT).imsi(IMSI).send()
        })
        .await
        .expect("new values decode");
        use types::{BillingSpan, EsimStatus, Plan, ProfileStatus, Provider};
        assert_eq!(rv.provider, Some(Provider::Unknown("docomo".into())));
        assert_eq!(
            rv.profile_status,
            Some(ProfileStatus::Unknown("terminated".into()))
        );
        assert_eq!(rv.esim_status, Some(EsimStatus::Unknown("pending".into())));
        assert_eq!(rv.plan, Some(Plan::Unknown("prepaid".into())));
        assert_eq!(
            rv.billing_span.as_ref().map(BillingSpan::as_str),
            Some("2year")
        );
        assert!(!rv.billing_span.as_ref().unwrap().is_known());
        common::assert_same_json(&*rv, &body);
    }

    response_checks! {
        slug: SLUG,
        operation: OP,
        route: ROUTE,
        success: 200,
        example: None,
        error_body: error_body(),
        call: |c| c.get_profile().tenant_id(TENANT).imsi(IMSI).send(),
    }
}

mod activate_profile {
    use super::*;

    const OP: &str = "activate_profile";
    const ROUTE: Route = (
        POST,
        "/tenants/550e8400e29b41d4a716446655440000/profiles/440130000096015/activate",
    );

    fn body() -> types::ActivateProfileRequest {
        common::typed(&common::request_example(SLUG, OP, None))
    }

    #[tokio::test]
    async fn request_and_success() {
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 202, None);
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(when, POST, ROUTE.1, Auth::XAuthToken)
                    .header("content-type", "application/json")
                    .json_body(common::request_example(SLUG, OP, None));
                common::json_response(then, 202, &example);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client
            .activate_profile()
            .tenant_id(TENANT)
            .imsi(IMSI)
            .body(body())
            .send()
            .await;
        mock.assert_async().await;
        let rv = result.expect("success");
        common::assert_success(&rv, 202, &example);
        assert_eq!(rv.request_body.as_ref().and_then(|b| b.cn), Some(true));
    }

    /// Typed mock helpers, matching the JSON body.
    #[tokio::test]
    async fn typed_mock_helper() {
        use nttcom_icms_profiles::mock::MockServerExt;
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 202, None);
        let accepted: types::ActivateProfileAccepted = common::typed(&example);
        let mock = server.activate_profile(|when, then| {
            when.tenant_id(&TENANT.parse().unwrap())
                .imsi(&IMSI.parse().unwrap())
                .body(&body());
            then.accepted(&accepted);
        });
        let client: Client = common::client(&server);
        let rv = client
            .activate_profile()
            .tenant_id(TENANT)
            .imsi(IMSI)
            .body(body())
            .send()
            .await
            .expect("success");
        mock.assert();
        common::assert_same_json(&rv.into_inner(), &example);
    }

    #[tokio::test]
    async fn bad_path_parameters_are_refused() {
        check_bad_path_parameters!(|c, t, i| c
            .activate_profile()
            .tenant_id(t)
            .imsi(i)
            .body(body())
            .send());
    }

    /// Patterns of `hsn` and `imsi`, the required `hsn`, `imsi`, `plan`, `cn`
    /// and `unoTsl`, and the `plan`/`billingSpan` enums.
    #[tokio::test]
    async fn bad_body_is_refused() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        let c = &client;
        let send = |b: types::builder::ActivateProfileRequest| {
            c.activate_profile()
                .tenant_id(TENANT)
                .imsi(IMSI)
                .body(b)
                .send()
        };
        let valid = || types::builder::ActivateProfileRequest::from(body());
        check_bad_body_ids!(&server, valid, send);
        // The type's fields are `Option`s (it is echoed in the 202), but the
        // request requires these members.
        let full = common::request_example(SLUG, OP, None);
        let required = ["hsn", "imsi", "plan", "cn", "unoTsl"];
        common::assert_required(&server, &required, |member| {
            let mut partial = full.clone();
            partial.as_object_mut().unwrap().remove(member);
            send(common::typed::<types::ActivateProfileRequest>(&partial).into())
        })
        .await;
        // No body at all: an empty one, missing its first required member.
        let no_body: &[(&str, &str)] = &[("", "no body at all")];
        common::assert_all_refused(&server, "body.cn: required", no_body, |_| {
            c.activate_profile().tenant_id(TENANT).imsi(IMSI).send()
        })
        .await;
        let bad_spans: &[(&str, &str)] = &[("1month", "not a span")];
        common::assert_all_refused(&server, "body.billingSpan", bad_spans, |bad| {
            send(valid().billing_span(types::BillingSpan::from(bad)))
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
        call: |c| c.activate_profile().tenant_id(TENANT).imsi(IMSI).body(body()).send(),
    }
}

/// Shared by suspend_profile and resume_profile: same body, same answer.
fn state_change_body() -> types::ProfileStateChangeRequest {
    common::typed(&common::request_example(SLUG, "suspend_profile", None))
}

mod suspend_profile {
    use super::*;

    const OP: &str = "suspend_profile";
    const ROUTE: Route = (
        POST,
        "/tenants/550e8400e29b41d4a716446655440000/profiles/440130000096015/suspend",
    );

    #[tokio::test]
    async fn request_and_success() {
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 202, None);
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(when, POST, ROUTE.1, Auth::XAuthToken)
                    .json_body(json!({"hsn": HSN, "imsi": IMSI}));
                common::json_response(then, 202, &example);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client
            .suspend_profile()
            .tenant_id(TENANT)
            .imsi(IMSI)
            .body(state_change_body())
            .send()
            .await;
        mock.assert_async().await;
        let rv = result.expect("success");
        common::assert_success(&rv, 202, &example);
        assert_eq!(
            rv.tid.as_deref().map(String::as_str),
            Some("tran-20200807-00005")
        );
    }

    #[tokio::test]
    async fn bad_input_is_refused() {
        check_bad_path_parameters!(|c, t, i| c
            .suspend_profile()
            .tenant_id(t)
            .imsi(i)
            .body(state_change_body())
            .send());
        let server = common::server().await;
        let client: Client = common::client(&server);
        let send = |b: types::builder::ProfileStateChangeRequest| {
            client
                .suspend_profile()
                .tenant_id(TENANT)
                .imsi(IMSI)
                .body(b)
                .send()
        };
        let valid = || types::builder::ProfileStateChangeRequest::from(state_change_body());
        check_bad_body_ids!(&server, valid, send);
        common::assert_required(&server, &["hsn", "imsi"], |member| {
            let partial = types::builder::ProfileStateChangeRequest::default();
            send(if member == "hsn" {
                partial.imsi(imsi(IMSI))
            } else {
                partial.hsn(hsn(HSN))
            })
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
        call: |c| c
            .suspend_profile()
            .tenant_id(TENANT)
            .imsi(IMSI)
            .body(state_change_body())
            .send(),
    }
}

mod resume_profile {
    use super::*;

    const OP: &str = "resume_profile";
    const ROUTE: Route = (
        POST,
        "/tenants/550e8400e29b41d4a716446655440000/profiles/440130000096015/resume",
    );

    #[tokio::test]
    async fn request_and_success() {
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 202, None);
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(when, POST, ROUTE.1, Auth::XAuthToken)
                    .json_body(common::request_example(SLUG, OP, None));
                common::json_response(then, 202, &example);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client
            .resume_profile()
            .tenant_id(TENANT)
            .imsi(IMSI)
            .body(state_change_body())
            .send()
            .await;
        mock.assert_async().await;
        common::assert_success(&result.expect("success"), 202, &example);
    }

    #[tokio::test]
    async fn bad_input_is_refused() {
        check_bad_path_parameters!(|c, t, i| c
            .resume_profile()
            .tenant_id(t)
            .imsi(i)
            .body(state_change_body())
            .send());
        let server = common::server().await;
        let client: Client = common::client(&server);
        let send = |b: types::builder::ProfileStateChangeRequest| {
            client
                .resume_profile()
                .tenant_id(TENANT)
                .imsi(IMSI)
                .body(b)
                .send()
        };
        let valid = || types::builder::ProfileStateChangeRequest::from(state_change_body());
        check_bad_body_ids!(&server, valid, send);
    }

    response_checks! {
        slug: SLUG,
        operation: OP,
        route: ROUTE,
        success: 202,
        example: None,
        error_body: error_body(),
        call: |c| c
            .resume_profile()
            .tenant_id(TENANT)
            .imsi(IMSI)
            .body(state_change_body())
            .send(),
    }
}

mod change_cn_address {
    use super::*;

    const OP: &str = "change_cn_address";
    const ROUTE: Route = (
        PUT,
        "/tenants/550e8400e29b41d4a716446655440000/profiles/440130000096015/cnAddress",
    );

    fn body() -> types::CnAddressChangeRequest {
        common::typed(&common::request_example(SLUG, OP, None))
    }

    /// The 202 carries the transaction id and the echoed request, like the
    /// sibling writes (the spec's body is a reconstruction: the document's
    /// 202 sample is empty).
    #[tokio::test]
    async fn request_and_success() {
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 202, None);
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(when, PUT, ROUTE.1, Auth::XAuthToken)
                    .json_body(json!({"cnActIpAddress": "10.0.0.2", "cnSbyIpAddress": "10.0.1.2"}));
                common::json_response(then, 202, &example);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client
            .change_cn_address()
            .tenant_id(TENANT)
            .imsi(IMSI)
            .body(body())
            .send()
            .await;
        mock.assert_async().await;
        let rv = result.expect("success");
        common::assert_success(&rv, 202, &example);
        assert_eq!(
            rv.tid.as_deref().map(String::as_str),
            Some("tran-20200807-00009")
        );
    }

    /// The echoed addresses are not parsed as IPv4: a blank standby address
    /// (空欄 in the document) comes back as "" or null and still decodes.
    #[tokio::test]
    async fn blank_echoed_addresses_decode() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        for standby in [json!(""), Value::Null] {
            let answer = json!({
                "tid": "tran-20200807-00009",
                "requestBody": {"cnActIpAddress": "10.0.0.2", "cnSbyIpAddress": standby}
            });
            let rv = common::decode_success(&server, &ROUTE, 202, &answer, || {
                client
                    .change_cn_address()
                    .tenant_id(TENANT)
                    .imsi(IMSI)
                    .body(body())
                    .send()
            })
            .await
            .expect("a blank echoed address decodes");
            assert_eq!(
                rv.request_body
                    .as_ref()
                    .and_then(|b| b.cn_act_ip_address.as_deref()),
                Some("10.0.0.2")
            );
        }
    }

    /// The optional standby address is left out, not sent as null.
    #[tokio::test]
    async fn single_poi_omits_the_standby_address() {
        let server = common::server().await;
        let accepted =
            json!({"tid": "tran-20200807-00009", "requestBody": {"cnActIpAddress": "10.0.0.2"}});
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(when, PUT, ROUTE.1, Auth::XAuthToken)
                    .json_body(json!({"cnActIpAddress": "10.0.0.2"}));
                common::json_response(then, 202, &accepted);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client
            .change_cn_address()
            .tenant_id(TENANT)
            .imsi(IMSI)
            .body(types::CnAddressChangeRequest {
                cn_act_ip_address: "10.0.0.2".parse().unwrap(),
                cn_sby_ip_address: None,
                extra: Default::default(),
            })
            .send()
            .await;
        mock.assert_async().await;
        result.expect("success");
    }

    /// IPv4 addresses are `std::net::Ipv4Addr`: a bad address cannot be
    /// built; a missing active address is refused before sending.
    #[tokio::test]
    async fn bad_input_is_refused() {
        check_bad_path_parameters!(|c, t, i| c
            .change_cn_address()
            .tenant_id(t)
            .imsi(i)
            .body(body())
            .send());
        for bad in ["10.0.0.256", "10.0.0", "10.0.0.2/32", "", "fe80::1"] {
            assert!(bad.parse::<std::net::Ipv4Addr>().is_err(), "{bad}");
            // Read from JSON (leniently, like any value), the address is kept
            // as received and the value cannot be sent.
            let json = json!({"cnActIpAddress": bad});
            let read: types::CnAddressChangeRequest = serde_json::from_value(json).expect("reads");
            let refused = nttcom_runtime::Validate::validate(&read).unwrap_err();
            assert_eq!(
                refused.to_string(),
                format!(
                    "cnActIpAddress: holds \"{bad}\" as received, which its type cannot: set \
                     the field instead"
                )
            );
        }
        let server = common::server().await;
        let client: Client = common::client(&server);
        let missing: &[(&str, &str)] = &[("", "only the standby address")];
        common::assert_all_refused(&server, "cnActIpAddress", missing, |_| {
            client
                .change_cn_address()
                .tenant_id(TENANT)
                .imsi(IMSI)
                .body(
                    types::CnAddressChangeRequest::builder()
                        .cn_sby_ip_address(Some(std::net::Ipv4Addr::new(10, 0, 1, 2))),
                )
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
        call: |c| c.change_cn_address().tenant_id(TENANT).imsi(IMSI).body(body()).send(),
    }
}

mod apply_icgw {
    use super::*;

    const OP: &str = "apply_icgw";
    const ROUTE: Route = (
        POST,
        "/tenants/550e8400e29b41d4a716446655440000/profiles/440130000096015/icgw",
    );

    fn body() -> types::IcgwApplicationRequest {
        common::typed(&common::request_example(SLUG, OP, None))
    }

    #[tokio::test]
    async fn request_and_success() {
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 202, None);
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(when, POST, ROUTE.1, Auth::XAuthToken)
                    .json_body(json!({"hsn": HSN}));
                common::json_response(then, 202, &example);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client
            .apply_icgw()
            .tenant_id(TENANT)
            .imsi(IMSI)
            .body(body())
            .send()
            .await;
        mock.assert_async().await;
        let rv = result.expect("success");
        common::assert_success(&rv, 202, &example);
        assert_eq!(
            rv.request_body
                .as_ref()
                .and_then(|b| b.hsn.as_deref())
                .map(String::as_str),
            Some(HSN)
        );
    }

    #[tokio::test]
    async fn bad_input_is_refused() {
        check_bad_path_parameters!(|c, t, i| c
            .apply_icgw()
            .tenant_id(t)
            .imsi(i)
            .body(body())
            .send());
        let server = common::server().await;
        let client: Client = common::client(&server);
        common::assert_all_refused(&server, "hsn", BAD_HSNS, |bad| {
            client
                .apply_icgw()
                .tenant_id(TENANT)
                .imsi(IMSI)
                .body(
                    types::IcgwApplicationRequest::builder()
                        .hsn(common::decoded::<types::Hsn>(bad)),
                )
                .send()
        })
        .await;
        let missing: &[(&str, &str)] = &[("", "no hsn")];
        common::assert_all_refused(&server, "hsn", missing, |_| {
            client.apply_icgw().tenant_id(TENANT).imsi(IMSI).send()
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
        call: |c| c.apply_icgw().tenant_id(TENANT).imsi(IMSI).body(body()).send(),
    }
}

mod list_daily_usage {
    use super::*;

    const OP: &str = "list_daily_usage";
    const ROUTE: Route = (
        GET,
        "/tenants/550e8400e29b41d4a716446655440000/profiles/440130000096015/dailyUsage",
    );

    #[tokio::test]
    async fn request_and_success() {
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 200, None);
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(
                    when,
                    GET,
                    "/tenants/550e8400e29b41d4a716446655440000/profiles/440130000096015/dailyUsage\
                     ?endDate=2021-02-06&startDate=2021-02-04",
                    Auth::XAuthToken,
                );
                common::json_response(then, 200, &example);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client
            .list_daily_usage()
            .tenant_id(TENANT)
            .imsi(IMSI)
            .start_date(date("2021-02-04"))
            .end_date(date("2021-02-06"))
            .send()
            .await;
        mock.assert_async().await;
        let rv = result.expect("success");
        common::assert_success(&rv, 200, &example);
        let first = &rv.daily_profile_usage[0];
        assert_eq!(first.date, Some(date("2021-01-01")));
        assert_eq!(first.daily_usage, Some(1000));
        assert_eq!(first.daily_up_usage, None);
    }

    #[tokio::test]
    async fn bad_input_is_refused() {
        check_bad_path_parameters!(|c, t, i| c
            .list_daily_usage()
            .tenant_id(t)
            .imsi(i)
            .start_date(date("2021-02-04"))
            .end_date(date("2021-02-06"))
            .send());
        let server = common::server().await;
        let client: Client = common::client(&server);
        let missing: &[(&str, &str)] = &[("start_date", "no start"), ("end_date", "no end")];
        // "startDate: required, but not set", "endDate: …"
        common::assert_all_refused(&server, "Date: required", missing, |member| {
            let call = client.list_daily_usage().tenant_id(TENANT).imsi(IMSI);
            if member == "start_date" {
                call.end_date(date("2021-02-06")).send()
            } else {
                call.start_date(date("2021-02-04")).send()
            }
        })
        .await;
    }

    response_checks! {
        slug: SLUG,
        operation: OP,
        route: ROUTE,
        success: 200,
        example: None,
        error_body: error_body(),
        call: |c| c
            .list_daily_usage()
            .tenant_id(TENANT)
            .imsi(IMSI)
            .start_date(date("2021-02-04"))
            .end_date(date("2021-02-06"))
            .send(),
    }
}

mod list_monthly_usage {
    use super::*;

    const OP: &str = "list_monthly_usage";
    const ROUTE: Route = (
        GET,
        "/tenants/550e8400e29b41d4a716446655440000/profiles/440130000096015/monthlyUsage",
    );

    #[tokio::test]
    async fn request_and_success() {
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 200, None);
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(
                    when,
                    GET,
                    "/tenants/550e8400e29b41d4a716446655440000/profiles/440130000096015/monthlyUsage\
                     ?endMonth=2021-03&startMonth=2021-01",
                    Auth::XAuthToken,
                );
                common::json_response(then, 200, &example);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client
            .list_monthly_usage()
            .tenant_id(TENANT)
            .imsi(IMSI)
            .start_month("2021-01")
            .end_month("2021-03")
            .send()
            .await;
        mock.assert_async().await;
        let rv = result.expect("success");
        common::assert_success(&rv, 200, &example);
        assert_eq!(
            rv.monthly_profile_usage[2]
                .date
                .as_deref()
                .map(String::as_str),
            Some("2021-03")
        );
    }

    #[tokio::test]
    async fn bad_input_is_refused() {
        check_bad_path_parameters!(|c, t, i| c
            .list_monthly_usage()
            .tenant_id(t)
            .imsi(i)
            .start_month("2021-01")
            .end_month("2021-03")
            .send());
        const BAD_MONTHS: &[(&str, &str)] = &[
            ("2021-1", "one-digit month"),
            ("202101", "no dash"),
            ("2021/01", "slash"),
            ("21-01", "two-digit year"),
            ("2021-01-01", "a date"),
            ("", "empty"),
        ];
        let server = common::server().await;
        let client: Client = common::client(&server);
        let valid = || client.list_monthly_usage().tenant_id(TENANT).imsi(IMSI);
        common::assert_all_refused(&server, "startMonth", BAD_MONTHS, |bad| {
            valid().start_month(bad).end_month("2021-03").send()
        })
        .await;
        common::assert_all_refused(&server, "endMonth", BAD_MONTHS, |bad| {
            valid().start_month("2021-01").end_month(bad).send()
        })
        .await;
        let missing: &[(&str, &str)] = &[("", "no start month")];
        common::assert_all_refused(&server, "startMonth", missing, |_| {
            valid().end_month("2021-03").send()
        })
        .await;
    }

    /// `YearMonth` is only `^[0-9]{4}-[0-9]{2}$`: month 13 goes out.
    #[tokio::test]
    async fn month_range_is_not_checked_client_side() {
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 200, None);
        let mock = server
            .mock_async(|when, then| {
                when.method(GET)
                    .path(ROUTE.1)
                    .query_param("startMonth", "2021-13");
                common::json_response(then, 200, &example);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client
            .list_monthly_usage()
            .tenant_id(TENANT)
            .imsi(IMSI)
            .start_month("2021-13")
            .end_month("2021-00")
            .send()
            .await;
        mock.assert_async().await;
        result.expect("sent as is");
    }

    response_checks! {
        slug: SLUG,
        operation: OP,
        route: ROUTE,
        success: 200,
        example: None,
        error_body: error_body(),
        call: |c| c
            .list_monthly_usage()
            .tenant_id(TENANT)
            .imsi(IMSI)
            .start_month("2021-01")
            .end_month("2021-03")
            .send(),
    }
}

mod update_comments {
    use super::*;

    const OP: &str = "update_comments";
    const ROUTE: Route = (
        PUT,
        "/tenants/550e8400e29b41d4a716446655440000/profiles/comment",
    );

    fn body() -> types::CommentUpdateRequest {
        common::typed(&common::request_example(SLUG, OP, None))
    }

    #[tokio::test]
    async fn request_and_success() {
        let server = common::server().await;
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(when, PUT, ROUTE.1, Auth::XAuthToken).json_body(
                    json!({"imsis": [{"imsi": "440130000096018"}], "comment": "string"}),
                );
                then.status(202)
                    .header(common::REQUEST_ID_HEADER, common::REQUEST_ID);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client
            .update_comments()
            .tenant_id(TENANT)
            .body(body())
            .send()
            .await;
        mock.assert_async().await;
        let rv = result.expect("success");
        assert_eq!(rv.status().as_u16(), 202);
        assert_eq!(rv.headers()[common::REQUEST_ID_HEADER], common::REQUEST_ID);
    }

    /// A null comment clears it: it is sent as an explicit null. 50
    /// characters are counted as characters, not bytes.
    #[tokio::test]
    async fn null_and_long_comments() {
        let server = common::server().await;
        let fifty = "東".repeat(50);
        let mock_null = server
            .mock_async(|when, then| {
                common::expect_request(when, PUT, ROUTE.1, Auth::XAuthToken).json_body(
                    json!({"imsis": [{"imsi": IMSI}, {"imsi": "440130000096018"}], "comment": null}),
                );
                then.status(202);
            })
            .await;
        let mock_long = server
            .mock_async(|when, then| {
                when.method(PUT)
                    .path(ROUTE.1)
                    .json_body(json!({"imsis": [{"imsi": IMSI}], "comment": fifty}));
                then.status(202);
            })
            .await;
        let client: Client = common::client(&server);
        let entry = |imsi: &str| types::ImsiEntry {
            imsi: imsi.parse().unwrap(),
            extra: Default::default(),
        };
        client
            .update_comments()
            .tenant_id(TENANT)
            .body(types::CommentUpdateRequest {
                imsis: vec![entry(IMSI), entry("440130000096018")],
                comment: None,
                extra: Default::default(),
            })
            .send()
            .await
            .expect("success");
        client
            .update_comments()
            .tenant_id(TENANT)
            .body(types::CommentUpdateRequest {
                imsis: vec![entry(IMSI)],
                comment: Some(fifty.parse().expect("50 characters are allowed")),
                extra: Default::default(),
            })
            .send()
            .await
            .expect("success");
        mock_null.assert_async().await;
        mock_long.assert_async().await;
    }

    /// The comment's length and no-quote rule, the IMSIs' pattern, and the
    /// required `imsis`.
    #[tokio::test]
    async fn bad_input_is_refused() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        common::assert_all_refused(&server, "tenantId", BAD_TENANTS, |t| {
            client.update_comments().tenant_id(t).body(body()).send()
        })
        .await;
        // Bad values cannot be parsed; decoded (as a response would be),
        // they are refused when sent.
        let send_json = |json: Value| {
            client
                .update_comments()
                .tenant_id(TENANT)
                .body(common::typed::<types::CommentUpdateRequest>(&json))
                .send()
        };
        let (long, long_kanji) = ("x".repeat(51), "東".repeat(51));
        let bad_comments: &[(&str, &str)] = &[
            (&long, "51 characters"),
            ("it's", "a quote"),
            ("say \"hi\"", "double quotes"),
            (&long_kanji, "51 characters, 153 bytes"),
        ];
        for (bad, why) in bad_comments {
            assert!(
                bad.parse::<types::CommentUpdateRequestComment>().is_err(),
                "{why}"
            );
        }
        common::assert_all_refused(&server, "body.comment", bad_comments, |bad| {
            send_json(json!({"imsis": [{"imsi": IMSI}], "comment": bad}))
        })
        .await;
        for (bad, why) in BAD_IMSIS {
            assert!(bad.parse::<types::Imsi>().is_err(), "{why}");
        }
        common::assert_all_refused(&server, "body.imsis[1].imsi", BAD_IMSIS, |bad| {
            send_json(json!({"imsis": [{"imsi": IMSI}, {"imsi": bad}], "comment": "ok"}))
        })
        .await;
        let missing: &[(&str, &str)] = &[("", "no imsis")];
        common::assert_all_refused(&server, "imsis", missing, |_| {
            client
                .update_comments()
                .tenant_id(TENANT)
                .body(types::CommentUpdateRequest::builder().comment(None))
                .send()
        })
        .await;
    }

    response_checks! {
        slug: SLUG,
        operation: OP,
        route: ROUTE,
        success_without_body: 202,
        error_body: error_body(),
        call: |c| c.update_comments().tenant_id(TENANT).body(body()).send(),
    }
}

mod list_limit_patterns {
    use super::*;

    const OP: &str = "list_limit_patterns";
    const ROUTE: Route = (
        GET,
        "/tenants/550e8400e29b41d4a716446655440000/limitPatterns",
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
        let result = client.list_limit_patterns().tenant_id(TENANT).send().await;
        mock.assert_async().await;
        let rv = result.expect("success");
        common::assert_success(&rv, 200, &example);
        assert_eq!(
            rv.limit_pattern[0].limit,
            vec![102_400, 1_048_576, 5_242_880]
        );
    }

    #[tokio::test]
    async fn bad_tenant_id_is_refused() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        common::assert_all_refused(&server, "tenantId", BAD_TENANTS, |t| {
            client.list_limit_patterns().tenant_id(t).send()
        })
        .await;
    }

    /// `plan` here is `Plan` (payg/fixed): an upStream entry, which the
    /// policies catalogue already has, decodes as `Unknown("upStream")`.
    #[tokio::test]
    async fn new_enum_values_in_the_response_decode() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        let mut body = common::response_example(SLUG, OP, 200, None);
        body["limitPattern"][0]["plan"] = json!("upStream");
        let rv = common::decode_success(&server, &ROUTE, 200, &body, || {
            client.list_limit_patterns().tenant_id(TENANT).send()
        })
        .await
        .expect("a new plan decodes");
        let pattern = &rv.limit_pattern[0];
        assert!(matches!(&pattern.plan, Some(types::Plan::Unknown(raw)) if raw == "upStream"));
        assert_eq!(pattern.limit, vec![102_400, 1_048_576, 5_242_880]);
        common::assert_same_json(&*rv, &body);
    }

    response_checks! {
        slug: SLUG,
        operation: OP,
        route: ROUTE,
        success: 200,
        example: None,
        error_body: error_body(),
        call: |c| c.list_limit_patterns().tenant_id(TENANT).send(),
    }
}

mod add_limit {
    use super::*;

    const OP: &str = "add_limit";
    const ROUTE: Route = (
        POST,
        "/tenants/550e8400e29b41d4a716446655440000/profiles/440130000096015/additionalLimit",
    );

    fn body() -> types::AddLimitRequest {
        common::typed(&common::request_example(SLUG, OP, None))
    }

    #[tokio::test]
    async fn request_and_success() {
        let server = common::server().await;
        let example = common::response_example(SLUG, OP, 200, None);
        let mock = server
            .mock_async(|when, then| {
                common::expect_request(when, POST, ROUTE.1, Auth::XAuthToken)
                    .json_body(json!({"limit": 102400}));
                common::json_response(then, 200, &example);
            })
            .await;
        let client: Client = common::client(&server);
        let result = client
            .add_limit()
            .tenant_id(TENANT)
            .imsi(IMSI)
            .body(body())
            .send()
            .await;
        mock.assert_async().await;
        let rv = result.expect("success");
        common::assert_success(&rv, 200, &example);
        assert_eq!(
            rv.tid.as_deref().map(String::as_str),
            Some("tran-sdp-20230215-004900-0040")
        );
    }

    #[tokio::test]
    async fn bad_input_is_refused() {
        check_bad_path_parameters!(|c, t, i| c
            .add_limit()
            .tenant_id(t)
            .imsi(i)
            .body(body())
            .send());
        let server = common::server().await;
        let client: Client = common::client(&server);
        let missing: &[(&str, &str)] = &[("", "no limit")];
        common::assert_all_refused(&server, "limit", missing, |_| {
            client.add_limit().tenant_id(TENANT).imsi(IMSI).send()
        })
        .await;
    }

    response_checks! {
        slug: SLUG,
        operation: OP,
        route: ROUTE,
        success: 200,
        example: None,
        error_body: error_body(),
        call: |c| c.add_limit().tenant_id(TENANT).imsi(IMSI).body(body()).send(),
    }
}

mod get_multi_access_status {
    use super::*;

    const OP: &str = "get_multi_access_status";
    const ROUTE: Route = (
        GET,
        "/tenants/550e8400e29b41d4a716446655440000/profiles/440130000096015/multiAccess",
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
            .get_multi_access_status()
            .tenant_id(TENANT)
            .imsi(IMSI)
            .send()
            .await;
        mock.assert_async().await;
        let rv = result.expect("success");
        common::assert_success(&rv, 200, &example);
        assert_eq!(
            rv.imsi_2.as_deref().map(String::as_str),
            Some("901370001418959")
        );
        assert_eq!(
            rv.updated_at.as_deref().map(String::as_str),
            Some("2023-11-02T00:00:00")
        );
    }

    #[tokio::test]
    async fn bad_path_parameters_are_refused() {
        check_bad_path_parameters!(|c, t, i| c
            .get_multi_access_status()
            .tenant_id(t)
            .imsi(i)
            .send());
    }

    /// `updated_at` is a local timestamp with a pattern, and `hsn`/`imsi`
    /// have patterns too: should the service add a UTC offset or send a
    /// lower-case HSN, the values decode as sent (the patterns bind requests).
    #[tokio::test]
    async fn values_outside_the_patterns_decode() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        let example = common::response_example(SLUG, OP, 200, None);
        for (member, value) in [
            ("updated_at", "2023-11-02T00:00:00Z"),
            ("updated_at", "2023-11-02T00:00:00+09:00"),
            ("hsn", "013aaa0028"),
        ] {
            let mut body = example.clone();
            body[member] = json!(value);
            let rv = common::decode_success(&server, &ROUTE, 200, &body, || {
                client
                    .get_multi_access_status()
                    .tenant_id(TENANT)
                    .imsi(IMSI)
                    .send()
            })
            .await
            .expect("decodes");
            let raw = match member {
                "hsn" => rv.hsn.as_deref(),
                _ => rv.updated_at.as_deref(),
            };
            assert_eq!(raw.map(String::as_str), Some(value), "{member}");
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
        call: |c| c.get_multi_access_status().tenant_id(TENANT).imsi(IMSI).send(),
    }
}

mod list_multi_access_history {
    use super::*;

    const OP: &str = "list_multi_access_history";
    const ROUTE: Route = (
        GET,
        "/tenants/550e8400e29b41d4a716446655440000/profiles/440130000096015/multiAccess/history",
    );

    /// The body is a bare JSON array.
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
            .list_multi_access_history()
            .tenant_id(TENANT)
            .imsi(IMSI)
            .send()
            .await;
        mock.assert_async().await;
        let rv = result.expect("success");
        common::assert_success(&rv, 200, &example);
        assert_eq!(rv.len(), 2);
        assert_eq!(rv[0].applet_state.as_deref(), Some("01"));
    }

    #[tokio::test]
    async fn bad_path_parameters_are_refused() {
        check_bad_path_parameters!(|c, t, i| c
            .list_multi_access_history()
            .tenant_id(t)
            .imsi(i)
            .send());
    }

    /// An object where the array belongs is a payload error, not a panic.
    #[tokio::test]
    async fn wrapped_array_is_refused() {
        let server = common::server().await;
        let client: Client = common::client(&server);
        let body = json!({"history": common::response_example(SLUG, OP, 200, None)});
        let result = common::decode_success(&server, &ROUTE, 200, &body, || {
            client
                .list_multi_access_history()
                .tenant_id(TENANT)
                .imsi(IMSI)
                .send()
        })
        .await;
        common::assert_rejected_payload(result);
    }

    response_checks! {
        slug: SLUG,
        operation: OP,
        route: ROUTE,
        success: 200,
        example: None,
        error_body: error_body(),
        call: |c| c.list_multi_access_history().tenant_id(TENANT).imsi(IMSI).send(),
    }
}
