//! What a command module tells the core about its service: plain static data
//! taken from the spec model, from which the core builds the clap commands
//! and their help (see the crate docs for the whole contract).
//!
//! Every type here can be written as a `static` item. Fields that are empty
//! for most parameters have a `DEFAULT` to fill the rest from, so that a
//! generated module spells out only what the spec says.

/// One service: its slug (the first word of a command) and its operations.
#[derive(Debug)]
pub struct ServiceSpec {
    /// `ipoe`, `sign-common`: the file stem of `specs/<slug>.yaml`.
    pub slug: &'static str,
    /// The document's own title (`info.title`).
    pub title: &'static str,
    /// The spec's `info.version`.
    pub api_version: &'static str,
    /// Its `info.description`.
    pub description: &'static str,
    /// Whether tokens come from Keystone (`X-Auth-Token`) or an OAuth client
    /// credentials exchange (`Authorization: Bearer`); for help and `--dry-run`.
    pub auth: AuthSpec,
    /// In the spec's order.
    pub operations: &'static [OperationSpec],
}

/// Where a service's token travels, and how it is obtained.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthSpec {
    /// `X-Auth-Token`, exchanged at Keystone from an API key and secret.
    Keystone,
    /// `Authorization: Bearer`, exchanged from a client id and secret.
    ClientCredentials,
    /// A token obtained elsewhere (`NTTCOM_TOKEN`), sent in this header.
    Header(&'static str),
    /// A token obtained elsewhere (`NTTCOM_TOKEN`), sent as
    /// `Authorization: Bearer`.
    Bearer,
}

impl AuthSpec {
    /// The request header carrying the token.
    pub fn header(self) -> &'static str {
        match self {
            AuthSpec::Keystone => "X-Auth-Token",
            AuthSpec::Header(name) => name,
            AuthSpec::ClientCredentials | AuthSpec::Bearer => "Authorization",
        }
    }

    /// What `--dry-run` shows in place of the token.
    pub fn redacted(self) -> &'static str {
        match self {
            AuthSpec::Keystone | AuthSpec::Header(_) => "<redacted>",
            AuthSpec::ClientCredentials | AuthSpec::Bearer => "Bearer <redacted>",
        }
    }
}

/// One operation: `nttcom <slug> <name>`.
#[derive(Debug)]
pub struct OperationSpec {
    /// The operationId in kebab-case: the command's name.
    pub name: &'static str,
    /// The operationId as the spec spells it (snake_case).
    pub operation_id: &'static str,
    /// The document's own title for the operation (the spec's `summary`,
    /// often Japanese): what users search for.
    pub title: &'static str,
    /// One English sentence: the first of the spec's `description`.
    pub summary: &'static str,
    /// The spec's whole `description`.
    pub description: &'static str,
    /// `GET`, `POST`, …
    pub method: &'static str,
    /// The path template, e.g. `/infoIpoE/v2/customerSites/{customerSiteCode}`.
    pub path: &'static str,
    /// `x-provenance`: `confirmed`, `inferred` or `reconstructed`.
    pub provenance: &'static str,
    /// Whether the request carries the service's token (false for
    /// `security: []`, such as a token endpoint listed as an operation).
    pub authenticated: bool,
    pub parameters: &'static [ParamSpec],
    pub body: Option<BodySpec>,
    /// The documented 4xx/5xx statuses, in ascending order.
    pub errors: &'static [ErrorSpec],
    /// Set on a paged list: `--all` walks every page.
    pub paged: Option<PagedSpec>,
    /// Set on a write that a waiter follows: `--wait` polls until it settles.
    pub waiter: Option<WaiterSpec>,
}

/// Where a parameter travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    Path,
    Query,
    Header,
}

impl Location {
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
        }
    }
}

/// A value the client fills in when the command does not give one
/// (`x-client-default`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientDefault {
    /// The tenant of the credentials, `NTTCOM_TENANT_ID` or the profile's
    /// `tenant-id`.
    Tenant,
}

/// One parameter: the flag `--<flag> VALUE`.
#[derive(Debug)]
pub struct ParamSpec {
    /// The spec name in kebab-case (`customerSiteCode` → `customer-site-code`).
    pub flag: &'static str,
    /// The spec name, as errors name it.
    pub name: &'static str,
    pub location: Location,
    pub required: bool,
    pub client_default: Option<ClientDefault>,
    /// Several values (an array parameter): the flag may be repeated.
    pub multiple: bool,
    /// `string`, `integer`, `boolean`, or the named schema (`CustomerSiteCode`).
    pub type_name: &'static str,
    /// `date`, `date-time`, `email`, `ipv4`, `uuid`, `int64`, …
    pub format: Option<&'static str>,
    pub enum_values: &'static [&'static str],
    pub pattern: Option<&'static str>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    /// The spec's `default`, as the text a user would type.
    pub default: Option<&'static str>,
    pub description: &'static str,
}

impl ParamSpec {
    /// Everything empty, to fill in with `..ParamSpec::DEFAULT`.
    pub const DEFAULT: ParamSpec = ParamSpec {
        flag: "",
        name: "",
        location: Location::Query,
        required: false,
        client_default: None,
        multiple: false,
        type_name: "string",
        format: None,
        enum_values: &[],
        pattern: None,
        minimum: None,
        maximum: None,
        min_length: None,
        max_length: None,
        default: None,
        description: "",
    };
}

/// A JSON request body, read from `--body FILE` (or `-` for stdin).
#[derive(Clone, Copy, Debug)]
pub struct BodySpec {
    pub required: bool,
    /// The named schema of the body (`OrderRequest`).
    pub schema: &'static str,
}

/// A documented error status.
#[derive(Clone, Copy, Debug)]
pub struct ErrorSpec {
    pub status: u16,
    pub description: &'static str,
}

/// How a paged list is walked (`x-pagination`).
#[derive(Clone, Copy, Debug)]
pub struct PagedSpec {
    pub style: PageStyle,
    /// The parameter that moves through the list (`page`, `offset`).
    pub cursor: &'static str,
    /// The parameter that sets the page size (`pageSize`, `limit`).
    pub size: Option<&'static str>,
    /// The property holding the items, `None` when the body is the array.
    pub items: Option<&'static str>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageStyle {
    PageNumber,
    Offset,
}

/// The waiter that follows a write (`x-waiter` on the write, `x-waiters` on
/// the operation it polls).
#[derive(Clone, Copy, Debug)]
pub struct WaiterSpec {
    /// The waiter's name in the spec.
    pub name: &'static str,
    /// The kebab name of the operation it polls.
    pub polls: &'static str,
    /// JSON pointer of the status field in the polled answer.
    pub status: &'static str,
    pub pending: &'static [&'static str],
    pub success: &'static [&'static str],
    pub failure: &'static [&'static str],
    /// Whether a 404 means the wait succeeded (the resource is gone).
    pub gone_is_success: bool,
}

impl OperationSpec {
    pub fn parameter(&self, flag: &str) -> Option<&'static ParamSpec> {
        self.parameters.iter().find(|p| p.flag == flag)
    }
}
