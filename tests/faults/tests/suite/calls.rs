//! How to call each operation of each service with values given by name:
//! one line per operation, setting every parameter the spec requires (and
//! every path parameter) from a [`Params`], the body from the spec's
//! example. The cases themselves are derived from the specs; `coverage`
//! checks that this table has every operation they declare.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use nttcom_runtime::{ClientBuilder, OperationError, RetryPolicy, Service, TokenExchange};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::server::{Answer, Recorded};
use crate::specs::{self, Operation};

pub const TOKEN: &str = "static-token-S3CR3T-0123456789abcdef";
pub const API_KEY: &str = "api-key-7f3a";
/// Has characters that JSON, URLs and HTML each spell in their own way.
pub const API_SECRET: &str = "P\u{e4}ss/w\"rd<&>-S3CR3T-keystone";
pub const TENANT_ID: &str = "550e8400e29b41d4a716446655440000";
pub const CLIENT_ID: &str = "client-id-9c1e";
pub const CLIENT_SECRET: &str = "cl\u{ef}ent/\"secret<&>-S3CR3T-gateway";
/// A part of every secret above, in every spelling that keeps ASCII letters.
pub const SECRET_MARK: &str = "S3CR3T";
/// The token [`token_answer`] issues for either exchange.
pub const ISSUED_TOKEN: &str = "issued-token-S3CR3T-5d1f";

/// What a call came to: the status of a success, or the error.
pub type Outcome = Result<u16, OperationError>;
pub type Call = for<'a> fn(&'a Clients, &'a Params) -> Pin<Box<dyn Future<Output = Outcome> + 'a>>;

/// One client of each service, configured alike.
pub struct Clients {
    pub fic_premium_support: nttcom_fic_premium_support::Client,
    pub icms_profiles: nttcom_icms_profiles::Client,
    pub ipoe: nttcom_ipoe::Client,
    pub service_order: nttcom_service_order::Client,
    pub sign_common: nttcom_sign_common::Client,
}

/// Which credentials the clients hold.
#[derive(Clone, Copy, Debug)]
pub enum Credentials {
    /// A static token.
    Token,
    /// The service's exchange: Keystone or client credentials.
    Exchange,
}

/// How the clients are configured.
pub struct Setup {
    /// `http://ip:port`; each client adds its production base path.
    pub origin: String,
    pub credentials: Credentials,
    pub retry: RetryPolicy,
    /// Applied to each builder last (e.g. the redirect opt-in).
    pub extra: Box<dyn Fn(Builder) -> Builder>,
}

/// A builder of any service, for [`Setup::extra`].
pub enum Builder {
    FicPremiumSupport(ClientBuilder<nttcom_fic_premium_support::Client>),
    IcmsProfiles(ClientBuilder<nttcom_icms_profiles::Client>),
    Ipoe(ClientBuilder<nttcom_ipoe::Client>),
    ServiceOrder(ClientBuilder<nttcom_service_order::Client>),
    SignCommon(ClientBuilder<nttcom_sign_common::Client>),
}

/// Applies `$apply` (a closure-like `|builder| …`) to whichever service
/// builder `$builder` holds.
#[macro_export]
macro_rules! map_builder {
    ($builder:expr, |$b:ident| $apply:expr) => {
        match $builder {
            $crate::calls::Builder::FicPremiumSupport($b) => {
                $crate::calls::Builder::FicPremiumSupport($apply)
            }
            $crate::calls::Builder::IcmsProfiles($b) => {
                $crate::calls::Builder::IcmsProfiles($apply)
            }
            $crate::calls::Builder::Ipoe($b) => $crate::calls::Builder::Ipoe($apply),
            $crate::calls::Builder::ServiceOrder($b) => {
                $crate::calls::Builder::ServiceOrder($apply)
            }
            $crate::calls::Builder::SignCommon($b) => $crate::calls::Builder::SignCommon($apply),
        }
    };
}

/// Every exchange is sent, even after a refusal (the builder's refusal
/// window closed), so that each case reaches the server.
pub fn no_refusal_memory(builder: Builder) -> Builder {
    map_builder!(builder, |b| b.refusal_window(Duration::ZERO))
}

impl Setup {
    pub fn new(origin: String, credentials: Credentials) -> Self {
        Self {
            origin,
            credentials,
            retry: RetryPolicy::none(),
            extra: Box::new(|b| b),
        }
    }
}

/// `builder` with the setup's base URL, credentials and retries.
pub fn configured<S: Service>(setup: &Setup) -> ClientBuilder<S> {
    let base = format!("{}{}", setup.origin, base_path(S::INFO.default_base_url));
    let builder = ClientBuilder::<S>::new()
        .base_url(base)
        .retry(setup.retry.clone())
        .timeout(Duration::from_secs(20));
    match (setup.credentials, S::INFO.token_exchange) {
        (Credentials::Token, _) | (Credentials::Exchange, None) => builder.token(TOKEN),
        (Credentials::Exchange, Some(TokenExchange::Keystone { .. })) => {
            builder.keystone(API_KEY, API_SECRET, TENANT_ID)
        }
        (Credentials::Exchange, Some(TokenExchange::ClientCredentials { .. })) => {
            builder.client_credentials(CLIENT_ID, CLIENT_SECRET)
        }
    }
}

/// Whether `request` is a token exchange (either kind, at its usual path).
pub fn is_token_request(request: &Recorded) -> bool {
    request.method == "POST"
        && [
            "/keystone/v3/auth/tokens",
            "/oauth/v1/accesstokens",
            "/v1/oauth/accesstokens",
        ]
        .contains(&request.path())
}

/// A successful answer to a token exchange, issuing [`ISSUED_TOKEN`] for a
/// day (Keystone's or the API gateway's format, by the path).
pub fn token_answer(request: &Recorded) -> Answer {
    if request.path().starts_with("/keystone/") {
        Answer::new(201)
            .header("x-subject-token", ISSUED_TOKEN)
            .json(&serde_json::json!({"token": {
                "issued_at": "2030-01-01T00:00:00Z",
                "expires_at": "2030-01-02T00:00:00Z",
            }}))
    } else {
        Answer::new(200).json(&serde_json::json!({
            "accessToken": ISSUED_TOKEN,
            "expiresIn": "86400",
        }))
    }
}

/// Whether `request` carries `token`, in whichever header its service uses.
pub fn carries(request: &Recorded, token: &str) -> bool {
    request.header("x-auth-token") == Some(token)
        || request.header("authorization") == Some(format!("Bearer {token}").as_str())
}

/// The path of a production base URL (`/sdpf-iot-pf/v1`, or empty).
pub fn base_path(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.find('/')
        .map_or("", |i| rest[i..].trim_end_matches('/'))
}

/// The base path of the service named `slug`.
pub fn base_path_of(slug: &str) -> &'static str {
    match slug {
        "fic-premium-support" => base_path(nttcom_fic_premium_support::Client::DEFAULT_BASE_URL),
        "icms-profiles" => base_path(nttcom_icms_profiles::Client::DEFAULT_BASE_URL),
        "ipoe" => base_path(nttcom_ipoe::Client::DEFAULT_BASE_URL),
        "service-order" => base_path(nttcom_service_order::Client::DEFAULT_BASE_URL),
        "sign-common" => base_path(nttcom_sign_common::Client::DEFAULT_BASE_URL),
        other => panic!("unknown service {other}: add it to tests/faults"),
    }
}

impl Clients {
    pub fn new(setup: &Setup) -> Self {
        macro_rules! client {
            ($variant:ident, $crate_:ident) => {
                match (setup.extra)(Builder::$variant(configured::<$crate_::Client>(setup))) {
                    Builder::$variant(builder) => builder.build().expect("client builds"),
                    _ => unreachable!("extra keeps the service"),
                }
            };
        }
        Self {
            fic_premium_support: client!(FicPremiumSupport, nttcom_fic_premium_support),
            icms_profiles: client!(IcmsProfiles, nttcom_icms_profiles),
            ipoe: client!(Ipoe, nttcom_ipoe),
            service_order: client!(ServiceOrder, nttcom_service_order),
            sign_common: client!(SignCommon, nttcom_sign_common),
        }
    }
}

/// The values an operation is called with: the spec's examples, some
/// replaced.
pub struct Params {
    operation: &'static Operation,
    values: BTreeMap<String, String>,
}

impl Params {
    pub fn examples(operation: &'static Operation) -> Self {
        Self {
            operation,
            values: operation.example_values(),
        }
    }

    pub fn with(mut self, name: &str, value: &str) -> Self {
        self.values.insert(name.to_owned(), value.to_owned());
        self
    }

    pub fn get(&self, name: &str) -> &str {
        self.values.get(name).unwrap_or_else(|| {
            panic!(
                "{}: no value for parameter {name} (add an example to the spec)",
                self.operation.id
            )
        })
    }

    pub fn date(&self, name: &str) -> nttcom_runtime::Date {
        self.get(name).parse().expect("example dates parse")
    }

    /// The spec's request body example as the operation's body type.
    pub fn body<T: DeserializeOwned>(&self) -> T {
        let example: &Value = self
            .operation
            .body_example
            .as_ref()
            .unwrap_or_else(|| panic!("{}: no request body example", self.operation.id));
        serde_json::from_value(example.clone())
            .unwrap_or_else(|e| panic!("{}: body example: {e}", self.operation.id))
    }
}

/// One operation of the table.
pub struct Entry {
    pub slug: &'static str,
    pub id: &'static str,
    pub call: Call,
}

impl Entry {
    pub fn operation(&self) -> &'static Operation {
        specs::operation(self.slug, self.id)
    }

    pub fn params(&self) -> Params {
        Params::examples(self.operation())
    }
}

macro_rules! table {
    ($( $field:ident $slug:literal { $( $op:ident |$c:ident, $p:ident| $call:expr; )* } )*) => {
        /// Every operation of every service.
        pub fn table() -> Vec<Entry> {
            vec![$($(
                Entry {
                    slug: $slug,
                    id: stringify!($op),
                    call: {
                        fn call<'a>(clients: &'a Clients, $p: &'a Params) -> Pin<Box<dyn Future<Output = Outcome> + 'a>> {
                            let $c = &clients.$field;
                            Box::pin(async move {
                                $call
                                    .send()
                                    .await
                                    .map(|answer| answer.status().as_u16())
                                    .map_err(OperationError::into_untyped)
                            })
                        }
                        call
                    },
                },
            )*)*]
        }
    };
}

table! {
    fic_premium_support "fic-premium-support" {
        list_premium_professional_support_services |c, _p| c.list_premium_professional_support_services();
        create_premium_professional_support_service |c, p| c
            .create_premium_professional_support_service()
            .body(p.body::<nttcom_fic_premium_support::types::CreatePremiumProfessionalSupportServiceRequest>());
        get_premium_professional_support_service |c, p| c
            .get_premium_professional_support_service()
            .id(p.get("id"));
        delete_premium_professional_support_service |c, p| c
            .delete_premium_professional_support_service()
            .id(p.get("id"));
    }
    icms_profiles "icms-profiles" {
        list_policies |c, p| c.list_policies().tenant_id(p.get("tenantId"));
        change_policy |c, p| c
            .change_policy()
            .tenant_id(p.get("tenantId"))
            .imsi(p.get("imsi"))
            .body(p.body::<nttcom_icms_profiles::types::ChangePolicyRequest>());
        get_profile |c, p| c.get_profile().tenant_id(p.get("tenantId")).imsi(p.get("imsi"));
        activate_profile |c, p| c
            .activate_profile()
            .tenant_id(p.get("tenantId"))
            .imsi(p.get("imsi"))
            .body(p.body::<nttcom_icms_profiles::types::ActivateProfileRequest>());
        suspend_profile |c, p| c
            .suspend_profile()
            .tenant_id(p.get("tenantId"))
            .imsi(p.get("imsi"))
            .body(p.body::<nttcom_icms_profiles::types::ProfileStateChangeRequest>());
        resume_profile |c, p| c
            .resume_profile()
            .tenant_id(p.get("tenantId"))
            .imsi(p.get("imsi"))
            .body(p.body::<nttcom_icms_profiles::types::ProfileStateChangeRequest>());
        change_cn_address |c, p| c
            .change_cn_address()
            .tenant_id(p.get("tenantId"))
            .imsi(p.get("imsi"))
            .body(p.body::<nttcom_icms_profiles::types::CnAddressChangeRequest>());
        apply_icgw |c, p| c
            .apply_icgw()
            .tenant_id(p.get("tenantId"))
            .imsi(p.get("imsi"))
            .body(p.body::<nttcom_icms_profiles::types::IcgwApplicationRequest>());
        list_daily_usage |c, p| c
            .list_daily_usage()
            .tenant_id(p.get("tenantId"))
            .imsi(p.get("imsi"))
            .start_date(p.date("startDate"))
            .end_date(p.date("endDate"));
        list_monthly_usage |c, p| c
            .list_monthly_usage()
            .tenant_id(p.get("tenantId"))
            .imsi(p.get("imsi"))
            .start_month(p.get("startMonth"))
            .end_month(p.get("endMonth"));
        update_comments |c, p| c
            .update_comments()
            .tenant_id(p.get("tenantId"))
            .body(p.body::<nttcom_icms_profiles::types::CommentUpdateRequest>());
        list_limit_patterns |c, p| c.list_limit_patterns().tenant_id(p.get("tenantId"));
        add_limit |c, p| c
            .add_limit()
            .tenant_id(p.get("tenantId"))
            .imsi(p.get("imsi"))
            .body(p.body::<nttcom_icms_profiles::types::AddLimitRequest>());
        get_multi_access_status |c, p| c
            .get_multi_access_status()
            .tenant_id(p.get("tenantId"))
            .imsi(p.get("imsi"));
        list_multi_access_history |c, p| c
            .list_multi_access_history()
            .tenant_id(p.get("tenantId"))
            .imsi(p.get("imsi"));
    }
    ipoe "ipoe" {
        create_access_token |c, p| c
            .create_access_token()
            .body(p.body::<nttcom_ipoe::types::AccessTokensRequest>());
        list_customer_products |c, _p| c.list_customer_products();
        list_customer_sites |c, _p| c.list_customer_sites();
        get_customer_site |c, p| c.get_customer_site().customer_site_code(p.get("customerSiteCode"));
        create_order |c, p| c.create_order().body(p.body::<nttcom_ipoe::types::OrderRequest>());
        list_orders |c, _p| c.list_orders();
        get_order |c, p| c.get_order().order_code(p.get("orderCode"));
    }
    service_order "service-order" {
        list_service_orders |c, p| c.list_service_orders().service_name(p.get("serviceName"));
        list_service_order_details |c, _p| c.list_service_order_details();
    }
    sign_common "sign-common" {
        list_shipping_addresses |c, p| c.list_shipping_addresses().tenant_id(p.get("tenantId"));
        create_shipping_address |c, p| c
            .create_shipping_address()
            .tenant_id(p.get("tenantId"))
            .body(p.body::<nttcom_sign_common::types::ShippingAddressRequest>());
        get_shipping_address |c, p| c
            .get_shipping_address()
            .tenant_id(p.get("tenantId"))
            .shipping_address_id(p.get("shippingAddressId"));
        update_shipping_address |c, p| c
            .update_shipping_address()
            .tenant_id(p.get("tenantId"))
            .shipping_address_id(p.get("shippingAddressId"))
            .body(p.body::<nttcom_sign_common::types::ShippingAddressRequest>());
        delete_shipping_address |c, p| c
            .delete_shipping_address()
            .tenant_id(p.get("tenantId"))
            .shipping_address_id(p.get("shippingAddressId"));
        list_orders |c, p| c
            .list_orders()
            .tenant_id(p.get("tenantId"))
            .from(p.date("from"))
            .to(p.date("to"));
        get_order |c, p| c.get_order().tenant_id(p.get("tenantId")).order_id(p.get("orderId"));
        get_dashboard_counts |c, p| c.get_dashboard_counts().tenant_id(p.get("tenantId"));
        get_terms_agreement |c, p| c.get_terms_agreement().tenant_id(p.get("tenantId"));
        agree_terms |c, p| c.agree_terms().tenant_id(p.get("tenantId"));
    }
}

/// The expected path of `operation` called with `values`: the service's base
/// path, then the template with each parameter as one segment.
pub fn expected_segments(slug: &str, operation: &Operation) -> Vec<String> {
    format!("{}{}", base_path_of(slug), operation.path)
        .split('/')
        .map(str::to_owned)
        .collect()
}

/// Percent-decodes one path segment (as UTF-8, lossy).
pub fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
        {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
