//! The Keystone services (sign-common, icms-profiles) through the built
//! binary: API key and secret from the environment or a profile, exchanged
//! at Keystone, whose tenant fills `{tenantId}` unless `--tenant-id` is
//! given (and without either, a usage error naming the flag); and `--all`
//! over three numbered pages.

mod common;

use common::{Cli, Silent, TOKEN};
use httpmock::Method::{GET, POST};
use httpmock::{Mock, MockServer};
use serde_json::{Value, json};

const TENANT: &str = "550e8400e29b41d4a716446655440000";
const OTHER_TENANT: &str = "0123456789abcdef0123456789abcdef";
const ISSUED: &str = "keystone-issued-7c1e";

/// Keystone issuing [`ISSUED`] for `key`/`secret`, scoped to `tenant`.
fn keystone<'a>(server: &'a MockServer, key: &str, secret: &str, tenant: &str) -> Mock<'a> {
    let scope = json!({"auth": {
        "identity": {"password": {"user": {"name": key, "password": secret}}},
        "scope": {"project": {"id": tenant}}
    }});
    server.mock(|when, then| {
        when.method(POST)
            .path("/keystone/v3/auth/tokens")
            .header_missing("x-auth-token")
            .json_body_includes(scope.to_string());
        then.status(201)
            .header("x-subject-token", ISSUED)
            .json_body(json!({"token": {
                "issued_at": "2026-11-22T18:00:00.000000Z",
                "expires_at": "2026-11-22T19:00:00.000000Z"
            }}));
    })
}

fn address() -> Value {
    json!({"shippingAddressId": "fbfd5c9c6718320e7fdec080b74a7abd", "contractorName": "山田 太郎"})
}

#[test]
fn keystone_credentials_from_the_environment_and_their_tenant() {
    let server = MockServer::start();
    let exchange = keystone(&server, "env-key", "env-secret", TENANT);
    let list = server.mock(|when, then| {
        when.method(GET)
            .path(format!("/tenants/{TENANT}/shipping-addresses"))
            .header("x-auth-token", ISSUED);
        then.status(200)
            .json_body(json!({"shippingAddresses": [address()]}));
    });
    let cli = Cli::new()
        .env("NTTCOM_API_KEY", "env-key")
        .env("NTTCOM_API_SECRET", "env-secret")
        .env("NTTCOM_TENANT_ID", TENANT);
    let out = cli.run(&[
        "sign-common",
        "list-shipping-addresses",
        "--base-url",
        &server.base_url(),
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!((exchange.calls(), list.calls()), (1, 1));
    assert_eq!(
        out.json()["shippingAddresses"][0]["contractorName"],
        "山田 太郎"
    );
    out.hides("env-secret").hides(ISSUED);
}

#[test]
fn a_profile_s_keystone_credentials_and_a_tenant_given_on_the_line() {
    let server = MockServer::start();
    let exchange = keystone(&server, "p-key", "p-secret", TENANT);
    let profile = |tenant: &'static str| {
        server.mock(move |when, then| {
            when.method(GET)
                .path(format!("/tenants/{tenant}/profiles/440130000096017"))
                .header("x-auth-token", ISSUED);
            then.status(200)
                .json_body(json!({"iccid": "8981120000000830180", "profileStatus": "active"}));
        })
    };
    let (own, other) = (profile(TENANT), profile(OTHER_TENANT));
    let config = format!(
        "[profiles.iot]\napi-key = \"p-key\"\napi-secret = \"p-secret\"\ntenant-id = \"{TENANT}\"\n"
    );
    let cli = Cli::new().config(&config, 0o600);
    let base = server.base_url();
    let get = ["icms-profiles", "get-profile", "--imsi", "440130000096017"];
    let out = cli.run(&[&get[..], &["--profile", "iot", "--base-url", &base]].concat());
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.json()["profileStatus"], "active");
    let out = cli.run(
        &[
            &get[..],
            &[
                "--tenant-id",
                OTHER_TENANT,
                "--profile",
                "iot",
                "--base-url",
                &base,
            ],
        ]
        .concat(),
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!((own.calls(), other.calls()), (1, 1));
    assert_eq!(exchange.calls(), 2, "one exchange per command");
    out.hides("p-secret");
}

#[test]
fn all_walks_three_numbered_pages() {
    let server = MockServer::start();
    let page = |number: &'static str, ids: &[&str]| {
        let orders: Vec<Value> = ids
            .iter()
            .map(|id| json!({"orderId": id, "orderType": "create-sim", "serviceType": "mvno-open"}))
            .collect();
        let body = json!({"orders": orders, "page": number.parse::<u32>().unwrap(), "pageSize": 2,
                          "total": 5, "totalPages": 3});
        server.mock(move |when, then| {
            when.method(GET)
                .path(format!("/tenants/{TENANT}/orders"))
                .query_param("from", "2024-06-01")
                .query_param("to", "2024-06-30")
                .query_param("pageSize", "2")
                .query_param("page", number)
                .header("x-auth-token", TOKEN);
            then.status(200).json_body(body);
        })
    };
    let pages = [
        page("1", &["o1", "o2"]),
        page("2", &["o3", "o4"]),
        page("3", &["o5"]),
    ];
    let out = Cli::with_token().run(&[
        "sign-common",
        "list-orders",
        "--tenant-id",
        TENANT,
        "--from",
        "2024-06-01",
        "--to",
        "2024-06-30",
        "--page-size",
        "2",
        "--all",
        "--base-url",
        &server.base_url(),
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    let ids: Vec<Value> = out
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["orderId"].clone())
        .collect();
    assert_eq!(ids, ["o1", "o2", "o3", "o4", "o5"]);
    for page in &pages {
        assert_eq!(page.calls(), 1);
    }
}

#[test]
fn no_tenant_anywhere_is_a_usage_error_naming_the_flag() {
    let server = Silent::start();
    // A ready token carries no tenant.
    let out = Cli::with_token().run(&[
        "sign-common",
        "list-shipping-addresses",
        "--base-url",
        &server.base_url,
    ]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains("--tenant-id is needed") && out.stderr.contains("NTTCOM_TENANT_ID"),
        "{}",
        out.stderr
    );
    assert!(server.untouched());
}
