// PROTOTYPE, written by hand in the exact shape `cargo xtask generate` will
// emit from specs/ipoe.yaml; to be replaced by the generated module (issue 16).
//! `nttcom ipoe …`: the command module of ipoe (specs/ipoe.yaml).
//!
//! **Prototype**: hand-written in the shape the generator is to emit, so
//! that the generator only reproduces it; see the crate docs ("Command
//! modules") for the contract. The data below comes from the spec model
//! alone; `call` sets each parameter from its string through `FromStr` on
//! the generated type and leaves every check to the client.

use nttcom_ipoe::{Client, types};

use crate::spec::*;
use crate::{Args, Context, Failure, Reply};

pub static SERVICE: ServiceSpec = ServiceSpec {
    slug: "ipoe",
    title: "IPoEバックエンドAPI",
    api_version: "3.4.0",
    description: "Back-end API of NTTPC's IPoE Internet service. A wholesale customer first exchanges its client ID and secret for a bearer access token, then uses it to list the products it may buy, browse and inspect its sites (拠点), and register and track orders that open, change or close a site.",
    auth: AuthSpec::ClientCredentials,
    operations: &[
        OperationSpec {
            name: "create-access-token",
            operation_id: "create_access_token",
            title: "認証API",
            summary: "Exchanges the client ID and client secret issued by NTTPC for a bearer access token (client-credentials grant, JSON body).",
            description: "Exchanges the client ID and client secret issued by NTTPC for a bearer access token (client-credentials grant, JSON body). The token is valid for 3600 seconds; several tokens may be valid at the same time, and a request with an expired token gets 401. This is the only operation under the `/oauth/v1` base path and the only one without a token. The document's table lists 200 while its sample shows 201 (the status the gateway's token exchange actually answers with), so both are accepted with the same body.",
            method: "POST",
            path: "/oauth/v1/accesstokens",
            provenance: "confirmed",
            authenticated: false,
            parameters: &[],
            body: Some(BodySpec {
                required: true,
                schema: "AccessTokensRequest",
            }),
            errors: &[
                ErrorSpec {
                    status: 400,
                    description: "Bad request: the request has a client-side error.",
                },
                ErrorSpec {
                    status: 401,
                    description: "Unauthorized: client ID and client secret do not match (gateway error body).",
                },
                ErrorSpec {
                    status: 404,
                    description: "Not found: no resource at the requested URI.",
                },
                ErrorSpec {
                    status: 429,
                    description: "Too many requests. Not listed by the document: the API gateway in front of the service answers 429 once the caller's request quota is used up, with its flat error body (errorCode, errorMessage, developerMessage, moreInfo, requestId) and the quota headers below; wait until the quota resets before retrying.",
                },
                ErrorSpec {
                    status: 500,
                    description: "Internal server error, e.g. during maintenance.",
                },
            ],
            paged: None,
            waiter: None,
        },
        OperationSpec {
            name: "list-customer-products",
            operation_id: "list_customer_products",
            title: "契約者別商品一覧取得",
            summary: "Lists the products the customer may purchase, i.e. those named in its application form to NTTPC.",
            description: "Lists the products the customer may purchase, i.e. those named in its application form to NTTPC. A main product (主商品) is identified by the combination of service, course, plan, IP address, CPE and line classes in `detail`; options have no such classes (all `null`) and are ordered by their `productCode`. The product codes returned here are what an order registration sends.",
            method: "GET",
            path: "/infoIpoE/v2/customerProducts",
            provenance: "confirmed",
            authenticated: true,
            parameters: &[
                ParamSpec {
                    flag: "limit",
                    name: "limit",
                    type_name: "integer",
                    minimum: Some(0.0),
                    maximum: Some(9999.0),
                    description: "Maximum number of entries to return (up to 4 digits).",
                    ..ParamSpec::DEFAULT
                },
                ParamSpec {
                    flag: "offset",
                    name: "offset",
                    type_name: "integer",
                    minimum: Some(0.0),
                    maximum: Some(9999.0),
                    description: "Position of the first entry to return (up to 4 digits). The document's example counts from 1: \"11\" returns everything from the 11th entry on. Whether 0 is accepted is not stated.",
                    ..ParamSpec::DEFAULT
                },
                ParamSpec {
                    flag: "product-name",
                    name: "productName",
                    description: "Product name, partial match.",
                    ..ParamSpec::DEFAULT
                },
            ],
            body: None,
            errors: &[
                ErrorSpec {
                    status: 400,
                    description: "Bad request, e.g. a `limit` that fails validation.",
                },
                ErrorSpec {
                    status: 401,
                    description: "Unauthorized: the access token is missing, invalid or expired.",
                },
                ErrorSpec {
                    status: 429,
                    description: "Too many requests. Not listed by the document: the API gateway in front of the service answers 429 once the caller's request quota is used up, with its flat error body (errorCode, errorMessage, developerMessage, moreInfo, requestId) and the quota headers below; wait until the quota resets before retrying.",
                },
            ],
            paged: Some(PagedSpec {
                style: PageStyle::Offset,
                cursor: "offset",
                size: Some("limit"),
                items: Some("customerProduct"),
            }),
            waiter: None,
        },
        OperationSpec {
            name: "list-customer-sites",
            operation_id: "list_customer_sites",
            title: "拠点一覧取得",
            summary: "Lists the customer's sites (拠点), optionally filtered.",
            description: "Lists the customer's sites (拠点), optionally filtered. Text filters are partial or exact matches as noted on each parameter; date ranges use YYYYMMDD strings.",
            method: "GET",
            path: "/infoIpoE/v2/customerSites",
            provenance: "confirmed",
            authenticated: true,
            parameters: &[
                ParamSpec {
                    flag: "case-name",
                    name: "caseName",
                    description: "Case name (案件名), partial match.",
                    ..ParamSpec::DEFAULT
                },
                ParamSpec {
                    flag: "cpe-model-name",
                    name: "cpeModelName",
                    description: "CPE model name, exact match.",
                    ..ParamSpec::DEFAULT
                },
                ParamSpec {
                    flag: "customer-name",
                    name: "customerName",
                    description: "Contractor name, partial match.",
                    ..ParamSpec::DEFAULT
                },
                ParamSpec {
                    flag: "customer-site-code",
                    name: "customerSiteCode",
                    type_name: "CustomerSiteCode",
                    pattern: Some("^[!-~]+$"),
                    min_length: Some(1),
                    max_length: Some(256),
                    description: "Maintenance number (保守番号) identifying a site, exact match.",
                    ..ParamSpec::DEFAULT
                },
                ParamSpec {
                    flag: "customer-site-name",
                    name: "customerSiteName",
                    description: "Site name, partial match.",
                    ..ParamSpec::DEFAULT
                },
                ParamSpec {
                    flag: "customer-type",
                    name: "customerType",
                    enum_values: &["1", "2"],
                    description: "Contractor type, exact match. \"1\" direct customer, \"2\" wholesaler (only \"2\" exists today).",
                    ..ParamSpec::DEFAULT
                },
                ParamSpec {
                    flag: "end-at-from",
                    name: "endAtFrom",
                    type_name: "YyyymmddDate",
                    pattern: Some("^[0-9]{8}$"),
                    description: "Closing date from (YYYYMMDD, must be a real calendar date).",
                    ..ParamSpec::DEFAULT
                },
                ParamSpec {
                    flag: "end-at-to",
                    name: "endAtTo",
                    type_name: "YyyymmddDate",
                    pattern: Some("^[0-9]{8}$"),
                    description: "Closing date up to (YYYYMMDD, must be a real calendar date).",
                    ..ParamSpec::DEFAULT
                },
                ParamSpec {
                    flag: "global-ip",
                    name: "globalIp",
                    type_name: "GlobalIp",
                    description: "Global IP, exact match.",
                    ..ParamSpec::DEFAULT
                },
                ParamSpec {
                    flag: "limit",
                    name: "limit",
                    type_name: "integer",
                    minimum: Some(0.0),
                    maximum: Some(9999.0),
                    description: "Maximum number of sites to return (up to 4 digits).",
                    ..ParamSpec::DEFAULT
                },
                ParamSpec {
                    flag: "line-id",
                    name: "lineId",
                    type_name: "LineId",
                    pattern: Some("^[a-zA-Z0-9]+$"),
                    min_length: Some(11),
                    max_length: Some(16),
                    description: "Line ID, exact match.",
                    ..ParamSpec::DEFAULT
                },
                ParamSpec {
                    flag: "offset",
                    name: "offset",
                    type_name: "integer",
                    minimum: Some(0.0),
                    maximum: Some(9999.0),
                    description: "Position of the first site to return (up to 4 digits). The document's example counts from 1: \"11\" returns everything from the 11th site on. Whether 0 is accepted is not stated.",
                    ..ParamSpec::DEFAULT
                },
                ParamSpec {
                    flag: "start-at-from",
                    name: "startAtFrom",
                    type_name: "YyyymmddDate",
                    pattern: Some("^[0-9]{8}$"),
                    description: "Installation date from, inclusive (YYYYMMDD, must be a real calendar date).",
                    ..ParamSpec::DEFAULT
                },
                ParamSpec {
                    flag: "start-at-to",
                    name: "startAtTo",
                    type_name: "YyyymmddDate",
                    pattern: Some("^[0-9]{8}$"),
                    description: "Installation date up to, inclusive (YYYYMMDD, must be a real calendar date).",
                    ..ParamSpec::DEFAULT
                },
                ParamSpec {
                    flag: "status",
                    name: "status",
                    enum_values: &["1", "2"],
                    description: "Site status, exact match. \"1\" in use, \"2\" closed.",
                    ..ParamSpec::DEFAULT
                },
            ],
            body: None,
            errors: &[
                ErrorSpec {
                    status: 400,
                    description: "Bad request, e.g. an installation date in the wrong format.",
                },
                ErrorSpec {
                    status: 401,
                    description: "Unauthorized: the access token is missing, invalid or expired.",
                },
                ErrorSpec {
                    status: 429,
                    description: "Too many requests. Not listed by the document: the API gateway in front of the service answers 429 once the caller's request quota is used up, with its flat error body (errorCode, errorMessage, developerMessage, moreInfo, requestId) and the quota headers below; wait until the quota resets before retrying.",
                },
            ],
            paged: Some(PagedSpec {
                style: PageStyle::Offset,
                cursor: "offset",
                size: Some("limit"),
                items: Some("customerSite"),
            }),
            waiter: None,
        },
        OperationSpec {
            name: "get-customer-site",
            operation_id: "get_customer_site",
            title: "拠点詳細取得",
            summary: "Returns the details of one site.",
            description: "Returns the details of one site. For a site bought with a partner CPE (パートナーCPE or パートナーCPE(Ⅱ型)) the installation location, LAN address and DHCP server objects are `null`; for a site bought with a dedicated CPE (専用CPE付き) the gateway and tunnel fields (eastOrWest, terminalHostname, terminalDomain, pponeGw*/pptwoGw* host, FQDN, TEP and BGP, vrf, tunnelIf) are left out of the response.",
            method: "GET",
            path: "/infoIpoE/v2/customerSites/{customerSiteCode}",
            provenance: "confirmed",
            authenticated: true,
            parameters: &[ParamSpec {
                flag: "customer-site-code",
                name: "customerSiteCode",
                location: Location::Path,
                required: true,
                type_name: "CustomerSiteCode",
                pattern: Some("^[!-~]+$"),
                min_length: Some(1),
                max_length: Some(256),
                description: "Maintenance number (保守番号) of the site, exact match.",
                ..ParamSpec::DEFAULT
            }],
            body: None,
            errors: &[
                ErrorSpec {
                    status: 400,
                    description: "Bad request, e.g. a maintenance number that does not exist or that the caller may not see.",
                },
                ErrorSpec {
                    status: 401,
                    description: "Unauthorized: the access token is missing, invalid or expired.",
                },
                ErrorSpec {
                    status: 404,
                    description: "Not found: no resource at the requested URI.",
                },
                ErrorSpec {
                    status: 429,
                    description: "Too many requests. Not listed by the document: the API gateway in front of the service answers 429 once the caller's request quota is used up, with its flat error body (errorCode, errorMessage, developerMessage, moreInfo, requestId) and the quota headers below; wait until the quota resets before retrying.",
                },
                ErrorSpec {
                    status: 500,
                    description: "Internal server error, e.g. during maintenance.",
                },
            ],
            paged: None,
            waiter: None,
        },
        OperationSpec {
            name: "list-orders",
            operation_id: "list_orders",
            title: "オーダー検索",
            summary: "Searches the orders (new, change, cancellation) the customer has registered.",
            description: "Searches the orders (new, change, cancellation) the customer has registered. The response is a bare JSON array of orders.",
            method: "GET",
            path: "/infoIpoE/v2/orders",
            provenance: "confirmed",
            authenticated: true,
            parameters: &[
                ParamSpec {
                    flag: "case-name",
                    name: "caseName",
                    description: "Case name (案件名), exact match.",
                    ..ParamSpec::DEFAULT
                },
                ParamSpec {
                    flag: "customer-site-code",
                    name: "customerSiteCode",
                    type_name: "CustomerSiteCode",
                    pattern: Some("^[!-~]+$"),
                    min_length: Some(1),
                    max_length: Some(256),
                    description: "Maintenance number (保守番号) of the site, exact match.",
                    ..ParamSpec::DEFAULT
                },
                ParamSpec {
                    flag: "customer-site-name",
                    name: "customerSiteName",
                    description: "Site name, exact match.",
                    ..ParamSpec::DEFAULT
                },
                ParamSpec {
                    flag: "hope-to-end-at-from",
                    name: "hopeToEndAtFrom",
                    type_name: "YyyymmddDate",
                    pattern: Some("^[0-9]{8}$"),
                    description: "Requested closing date from (YYYYMMDD).",
                    ..ParamSpec::DEFAULT
                },
                ParamSpec {
                    flag: "hope-to-end-at-to",
                    name: "hopeToEndAtTo",
                    type_name: "YyyymmddDate",
                    pattern: Some("^[0-9]{8}$"),
                    description: "Requested closing date up to (YYYYMMDD).",
                    ..ParamSpec::DEFAULT
                },
                ParamSpec {
                    flag: "hope-to-start-at-from",
                    name: "hopeToStartAtFrom",
                    type_name: "YyyymmddDate",
                    pattern: Some("^[0-9]{8}$"),
                    description: "Requested opening date from (YYYYMMDD).",
                    ..ParamSpec::DEFAULT
                },
                ParamSpec {
                    flag: "hope-to-start-at-to",
                    name: "hopeToStartAtTo",
                    type_name: "YyyymmddDate",
                    pattern: Some("^[0-9]{8}$"),
                    description: "Requested opening date up to (YYYYMMDD).",
                    ..ParamSpec::DEFAULT
                },
                ParamSpec {
                    flag: "limit",
                    name: "limit",
                    type_name: "integer",
                    minimum: Some(0.0),
                    maximum: Some(9999.0),
                    description: "Maximum number of orders to return (up to 4 digits).",
                    ..ParamSpec::DEFAULT
                },
                ParamSpec {
                    flag: "line-id",
                    name: "lineId",
                    type_name: "LineId",
                    pattern: Some("^[a-zA-Z0-9]+$"),
                    min_length: Some(11),
                    max_length: Some(16),
                    description: "Line ID, exact match.",
                    ..ParamSpec::DEFAULT
                },
                ParamSpec {
                    flag: "offset",
                    name: "offset",
                    type_name: "integer",
                    minimum: Some(0.0),
                    maximum: Some(9999.0),
                    description: "Position of the first order to return (up to 4 digits). The document's example counts from 1: \"11\" returns everything from the 11th order on. Whether 0 is accepted is not stated.",
                    ..ParamSpec::DEFAULT
                },
                ParamSpec {
                    flag: "order-code",
                    name: "orderCode",
                    type_name: "OrderCode",
                    pattern: Some("^[a-zA-Z0-9]+$"),
                    max_length: Some(256),
                    description: "Order number, exact match.",
                    ..ParamSpec::DEFAULT
                },
                ParamSpec {
                    flag: "order-type",
                    name: "orderType",
                    enum_values: &["1", "2", "3"],
                    description: "Order type. \"1\" new, \"2\" change, \"3\" cancellation.",
                    ..ParamSpec::DEFAULT
                },
                ParamSpec {
                    flag: "product-name",
                    name: "productName",
                    description: "Product name, partial match.",
                    ..ParamSpec::DEFAULT
                },
                ParamSpec {
                    flag: "status",
                    name: "status",
                    enum_values: &["1", "2", "3", "4", "5"],
                    description: "Order status, exact match. \"1\" in progress, \"2\" completed, \"3\" error, \"4\" cancelled, \"5\" partial error.",
                    ..ParamSpec::DEFAULT
                },
            ],
            body: None,
            errors: &[
                ErrorSpec {
                    status: 400,
                    description: "Bad request, e.g. a requested opening date in the wrong format.",
                },
                ErrorSpec {
                    status: 401,
                    description: "Unauthorized: the access token is missing, invalid or expired.",
                },
                ErrorSpec {
                    status: 429,
                    description: "Too many requests. Not listed by the document: the API gateway in front of the service answers 429 once the caller's request quota is used up, with its flat error body (errorCode, errorMessage, developerMessage, moreInfo, requestId) and the quota headers below; wait until the quota resets before retrying.",
                },
            ],
            paged: Some(PagedSpec {
                style: PageStyle::Offset,
                cursor: "offset",
                size: Some("limit"),
                items: None,
            }),
            waiter: None,
        },
        OperationSpec {
            name: "create-order",
            operation_id: "create_order",
            title: "オーダ登録",
            summary: "Registers an order: a new order (新規, orderType \"1\") that opens a site, a change order (変更, \"2\") that adds or removes products of an existing site, or a cancellation order (廃止, \"3\") that closes a site.",
            description: "Registers an order: a new order (新規, orderType \"1\") that opens a site, a change order (変更, \"2\") that adds or removes products of an existing site, or a cancellation order (廃止, \"3\") that closes a site. The site is created when a new order completes and closed when a cancellation order completes. The body carries `orderType` plus the one payload matching it (`startOrderPostData`, `changeOrderPostData` or `cancelOrderPostData`).",
            method: "POST",
            path: "/infoIpoE/v2/orders",
            provenance: "confirmed",
            authenticated: true,
            parameters: &[],
            body: Some(BodySpec {
                required: true,
                schema: "OrderRequest",
            }),
            errors: &[
                ErrorSpec {
                    status: 400,
                    description: "Bad request, e.g. unknown or non-purchasable product, invalid product combination, or unusable access line.",
                },
                ErrorSpec {
                    status: 401,
                    description: "Unauthorized: the access token is missing, invalid or expired.",
                },
                ErrorSpec {
                    status: 429,
                    description: "Too many requests. Not listed by the document: the API gateway in front of the service answers 429 once the caller's request quota is used up, with its flat error body (errorCode, errorMessage, developerMessage, moreInfo, requestId) and the quota headers below; wait until the quota resets before retrying.",
                },
                ErrorSpec {
                    status: 500,
                    description: "Internal server error, e.g. a failure of the IPoE order reception system or maintenance.",
                },
            ],
            paged: None,
            waiter: None,
        },
        OperationSpec {
            name: "get-order",
            operation_id: "get_order",
            title: "オーダー詳細取得",
            summary: "Returns the details of one order registered by the customer, including its product contracts and, for dedicated-CPE orders, the installation, delivery, LAN and DHCP settings.",
            description: "Returns the details of one order registered by the customer, including its product contracts and, for dedicated-CPE orders, the installation, delivery, LAN and DHCP settings.",
            method: "GET",
            path: "/infoIpoE/v2/orders/{orderCode}",
            provenance: "confirmed",
            authenticated: true,
            parameters: &[ParamSpec {
                flag: "order-code",
                name: "orderCode",
                location: Location::Path,
                required: true,
                type_name: "OrderCode",
                pattern: Some("^[a-zA-Z0-9]+$"),
                max_length: Some(256),
                description: "Order number.",
                ..ParamSpec::DEFAULT
            }],
            body: None,
            errors: &[
                ErrorSpec {
                    status: 400,
                    description: "Bad request, e.g. an order number that is not alphanumeric.",
                },
                ErrorSpec {
                    status: 401,
                    description: "Unauthorized: the access token is missing, invalid or expired.",
                },
                ErrorSpec {
                    status: 404,
                    description: "Not found: no resource at the requested URI.",
                },
                ErrorSpec {
                    status: 429,
                    description: "Too many requests. Not listed by the document: the API gateway in front of the service answers 429 once the caller's request quota is used up, with its flat error body (errorCode, errorMessage, developerMessage, moreInfo, requestId) and the quota headers below; wait until the quota resets before retrying.",
                },
                ErrorSpec {
                    status: 500,
                    description: "Internal server error, e.g. during maintenance.",
                },
            ],
            paged: None,
            waiter: None,
        },
    ],
};

/// Runs `nttcom ipoe <operation>`: parses the parameters into the client's
/// types (a value that does not parse exits 2 naming the field), builds the
/// client through the core, and sends (`--all`: walks, `--wait`: waits).
pub async fn call(ctx: &Context, operation: &str, args: &Args) -> Result<Reply, Failure> {
    match operation {
        "create-access-token" => {
            let body = args.body::<types::AccessTokensRequest>()?;
            let client = ctx.client::<Client>()?;
            let mut request = client.create_access_token();
            if let Some(body) = body {
                request = request.body(body);
            }
            ctx.send(request.send()).await
        }
        "list-customer-products" => {
            let limit = args.get::<i64>("limit")?;
            let offset = args.get::<i64>("offset")?;
            let product_name = args.get::<String>("product-name")?;
            let client = ctx.client::<Client>()?;
            let mut request = client.list_customer_products();
            if let Some(value) = limit {
                request = request.limit(value);
            }
            if let Some(value) = offset {
                request = request.offset(value);
            }
            if let Some(value) = product_name {
                request = request.product_name(value);
            }
            if ctx.all() {
                return ctx.walk(request.stream()).await;
            }
            ctx.send(request.send()).await
        }
        "list-customer-sites" => {
            let case_name = args.get::<String>("case-name")?;
            let cpe_model_name = args.get::<String>("cpe-model-name")?;
            let customer_name = args.get::<String>("customer-name")?;
            let customer_site_code = args.get::<types::CustomerSiteCode>("customer-site-code")?;
            let customer_site_name = args.get::<String>("customer-site-name")?;
            let customer_type =
                args.get::<types::ListCustomerSitesCustomerType>("customer-type")?;
            let end_at_from = args.get::<types::YyyymmddDate>("end-at-from")?;
            let end_at_to = args.get::<types::YyyymmddDate>("end-at-to")?;
            let global_ip = args.get::<types::GlobalIp>("global-ip")?;
            let limit = args.get::<i64>("limit")?;
            let line_id = args.get::<types::LineId>("line-id")?;
            let offset = args.get::<i64>("offset")?;
            let start_at_from = args.get::<types::YyyymmddDate>("start-at-from")?;
            let start_at_to = args.get::<types::YyyymmddDate>("start-at-to")?;
            let status = args.get::<types::ListCustomerSitesStatus>("status")?;
            let client = ctx.client::<Client>()?;
            let mut request = client.list_customer_sites();
            if let Some(value) = case_name {
                request = request.case_name(value);
            }
            if let Some(value) = cpe_model_name {
                request = request.cpe_model_name(value);
            }
            if let Some(value) = customer_name {
                request = request.customer_name(value);
            }
            if let Some(value) = customer_site_code {
                request = request.customer_site_code(value);
            }
            if let Some(value) = customer_site_name {
                request = request.customer_site_name(value);
            }
            if let Some(value) = customer_type {
                request = request.customer_type(value);
            }
            if let Some(value) = end_at_from {
                request = request.end_at_from(value);
            }
            if let Some(value) = end_at_to {
                request = request.end_at_to(value);
            }
            if let Some(value) = global_ip {
                request = request.global_ip(value);
            }
            if let Some(value) = limit {
                request = request.limit(value);
            }
            if let Some(value) = line_id {
                request = request.line_id(value);
            }
            if let Some(value) = offset {
                request = request.offset(value);
            }
            if let Some(value) = start_at_from {
                request = request.start_at_from(value);
            }
            if let Some(value) = start_at_to {
                request = request.start_at_to(value);
            }
            if let Some(value) = status {
                request = request.status(value);
            }
            if ctx.all() {
                return ctx.walk(request.stream()).await;
            }
            ctx.send(request.send()).await
        }
        "get-customer-site" => {
            let customer_site_code = args.get::<types::CustomerSiteCode>("customer-site-code")?;
            let client = ctx.client::<Client>()?;
            let mut request = client.get_customer_site();
            if let Some(value) = customer_site_code {
                request = request.customer_site_code(value);
            }
            ctx.send(request.send()).await
        }
        "list-orders" => {
            let case_name = args.get::<String>("case-name")?;
            let customer_site_code = args.get::<types::CustomerSiteCode>("customer-site-code")?;
            let customer_site_name = args.get::<String>("customer-site-name")?;
            let hope_to_end_at_from = args.get::<types::YyyymmddDate>("hope-to-end-at-from")?;
            let hope_to_end_at_to = args.get::<types::YyyymmddDate>("hope-to-end-at-to")?;
            let hope_to_start_at_from = args.get::<types::YyyymmddDate>("hope-to-start-at-from")?;
            let hope_to_start_at_to = args.get::<types::YyyymmddDate>("hope-to-start-at-to")?;
            let limit = args.get::<i64>("limit")?;
            let line_id = args.get::<types::LineId>("line-id")?;
            let offset = args.get::<i64>("offset")?;
            let order_code = args.get::<types::OrderCode>("order-code")?;
            let order_type = args.get::<types::ListOrdersOrderType>("order-type")?;
            let product_name = args.get::<String>("product-name")?;
            let status = args.get::<types::ListOrdersStatus>("status")?;
            let client = ctx.client::<Client>()?;
            let mut request = client.list_orders();
            if let Some(value) = case_name {
                request = request.case_name(value);
            }
            if let Some(value) = customer_site_code {
                request = request.customer_site_code(value);
            }
            if let Some(value) = customer_site_name {
                request = request.customer_site_name(value);
            }
            if let Some(value) = hope_to_end_at_from {
                request = request.hope_to_end_at_from(value);
            }
            if let Some(value) = hope_to_end_at_to {
                request = request.hope_to_end_at_to(value);
            }
            if let Some(value) = hope_to_start_at_from {
                request = request.hope_to_start_at_from(value);
            }
            if let Some(value) = hope_to_start_at_to {
                request = request.hope_to_start_at_to(value);
            }
            if let Some(value) = limit {
                request = request.limit(value);
            }
            if let Some(value) = line_id {
                request = request.line_id(value);
            }
            if let Some(value) = offset {
                request = request.offset(value);
            }
            if let Some(value) = order_code {
                request = request.order_code(value);
            }
            if let Some(value) = order_type {
                request = request.order_type(value);
            }
            if let Some(value) = product_name {
                request = request.product_name(value);
            }
            if let Some(value) = status {
                request = request.status(value);
            }
            if ctx.all() {
                return ctx.walk(request.stream()).await;
            }
            ctx.send(request.send()).await
        }
        "create-order" => {
            let body = args.body::<types::OrderRequest>()?;
            let client = ctx.client::<Client>()?;
            let mut request = client.create_order();
            if let Some(body) = body {
                request = request.body(body);
            }
            ctx.send(request.send()).await
        }
        "get-order" => {
            let order_code = args.get::<types::OrderCode>("order-code")?;
            let client = ctx.client::<Client>()?;
            let mut request = client.get_order();
            if let Some(value) = order_code {
                request = request.order_code(value);
            }
            ctx.send(request.send()).await
        }
        other => Err(Failure::usage(format!("ipoe has no operation {other}"))),
    }
}
