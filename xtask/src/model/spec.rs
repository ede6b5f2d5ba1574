//! What the templates need to know about a service, read off its linted spec.

use serde_json::Value;

use crate::model::schemas::Usage;
use crate::model::source::{operations, resolve};
use crate::release::version::Version;

pub struct Service {
    pub slug: String,
    /// Cargo package name, `nttcom-<slug>`.
    pub package: String,
    /// Rust library name, `nttcom_<slug with _>`.
    pub library: String,
    /// The spec path as written in headers, e.g. `specs/ipoe.yaml`.
    pub spec_path: String,
    pub title: String,
    pub description: String,
    pub api_version: String,
    pub servers: Vec<Server>,
    pub auth: Auth,
    /// The scheme's `x-token-exchange`, or why it cannot be used.
    /// Checked by the lint (`token_exchange` below), so never malformed here.
    pub token_exchange: Option<TokenExchange>,
    pub operations: Vec<Operation>,
    /// Which component schemas requests and responses carry.
    pub usage: Usage,
    /// The spec itself, for what the fields above do not summarise.
    pub raw: Value,
    /// The crate's version (from its CHANGELOG.md, set by the caller).
    pub version: Version,
}

pub struct Server {
    pub url: String,
    pub description: String,
    /// `{name}` placeholders in `url`, each with its allowed values.
    pub variables: Vec<ServerVariable>,
}

pub struct ServerVariable {
    pub name: String,
    pub values: Vec<String>,
    pub default: String,
}

/// How credentials travel, from the spec's security scheme.
pub enum Auth {
    /// An API key in a request header, e.g. `X-Auth-Token`.
    Header { name: String, description: String },
    /// `Authorization: Bearer <token>`.
    Bearer { description: String },
}

/// Where the runtime exchanges credentials for tokens, from the
/// `x-token-exchange` extension of the security scheme:
/// `{kind: keystone | client-credentials, path: /…}`, the path relative to the
/// origin of the client's base URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenExchange {
    Keystone { path: String },
    ClientCredentials { path: String },
}

pub struct Operation {
    pub id: String,
    pub method: String,
    pub path: String,
    pub summary: String,
    pub provenance: String,
    /// Every parameter, path-item ones first.
    pub parameters: Vec<Parameter>,
    pub has_body: bool,
    /// `x-pagination`: how to walk every page.
    pub pagination: Option<crate::model::extensions::Pagination>,
    /// `x-waiters`: how to wait, polling this operation.
    pub waiters: Vec<crate::model::extensions::Waiter>,
    /// `x-waiter`: the waiter to use after this operation.
    pub waiter_after: Option<String>,
}

pub struct Parameter {
    /// The name on the wire, e.g. `pageSize`.
    pub name: String,
    /// `path`, `query` or `header`.
    pub location: String,
    pub required: bool,
    /// The parameter's schema object (possibly a `$ref`).
    pub schema: Value,
    /// `x-client-default`: where the client fills the value from when the
    /// call does not set it (`tenant`: the client's tenant id).
    pub client_default: Option<ClientDefault>,
    /// The spec's example value (of the parameter, else of its schema).
    pub example: Option<Value>,
}

impl Parameter {
    /// The name progenitor gives its builder setter and variables: `pageSize` → `page_size`.
    pub fn rust_name(&self) -> String {
        heck::AsSnakeCase(&self.name).to_string()
    }
}

impl Operation {
    /// Setter calls for the required parameters a call must set (the
    /// client's defaults aside), with the spec's examples, for doc examples:
    /// `.from("2024-06-10").to("2024-06-10")`.
    pub fn example_args(&self) -> String {
        self.parameters
            .iter()
            .filter(|p| p.required && p.client_default.is_none())
            .map(|p| {
                let value = match &p.example {
                    Some(Value::String(text)) => format!("{text:?}"),
                    Some(other) => other.to_string(),
                    None => "\"…\"".to_owned(),
                };
                format!(".{}({value})", p.rust_name())
            })
            .collect()
    }
}

/// Values a client can supply for a parameter (`x-client-default`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientDefault {
    /// The tenant the client was built for (Keystone credentials,
    /// `.tenant_id(…)` on the builder, `NTTCOM_TENANT_ID`).
    Tenant,
}

impl ClientDefault {
    pub const NAMES: [&str; 1] = ["tenant"];

    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "tenant" => Some(Self::Tenant),
            _ => None,
        }
    }
}

fn text(value: &Value, pointer: &str) -> String {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim()
        .to_owned()
}

impl Service {
    pub fn from_spec(slug: &str, spec_path: &str, raw: &Value) -> Self {
        Self {
            slug: slug.to_owned(),
            package: format!("nttcom-{slug}"),
            library: format!("nttcom_{}", slug.replace('-', "_")),
            spec_path: spec_path.to_owned(),
            title: text(raw, "/info/title"),
            description: text(raw, "/info/description"),
            api_version: text(raw, "/info/version"),
            servers: servers(raw),
            auth: auth(raw),
            token_exchange: token_exchange(raw).ok().flatten(),
            operations: operations(raw)
                .iter()
                .map(|op| operation(raw, op))
                .collect(),
            usage: crate::model::schemas::usage(raw),
            raw: raw.clone(),
            version: crate::release::version::INITIAL,
        }
    }

    /// The other names (`x-aliases`) under which responses may carry
    /// property `property` of component schema `schema`.
    pub fn aliases(&self, schema: &str, property: &str) -> Vec<String> {
        use crate::model::problem::pointer_push;
        let schema = pointer_push("/components/schemas", schema);
        let property = pointer_push(&format!("{schema}/properties"), property);
        self.raw
            .pointer(&format!("{property}/x-aliases"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|a| a.as_str().map(str::to_owned))
            .collect()
    }

    /// The operation whose request builder is called `builder` (progenitor
    /// names it after the operationId in UpperCamelCase).
    pub fn operation_for_builder(&self, builder: &str) -> Option<&Operation> {
        self.operations
            .iter()
            .find(|op| heck::AsUpperCamelCase(&op.id).to_string() == builder)
    }

    /// The first server's URL: the production endpoint the client defaults to.
    pub fn default_base_url(&self) -> &str {
        self.servers
            .first()
            .map_or("https://api.ntt.com", |s| s.url.as_str())
    }
}

fn servers(raw: &Value) -> Vec<Server> {
    let list = raw.get("servers").and_then(Value::as_array);
    list.into_iter()
        .flatten()
        .map(|s| Server {
            url: text(s, "/url").trim_end_matches('/').to_owned(),
            description: text(s, "/description"),
            variables: s
                .get("variables")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(name, v)| ServerVariable {
                    name: name.clone(),
                    values: v
                        .get("enum")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(|x| x.as_str().map(str::to_owned))
                        .collect(),
                    default: text(v, "/default"),
                })
                .collect(),
        })
        .collect()
}

/// The security scheme the top-level `security` requires, and its name.
fn security_scheme(raw: &Value) -> (String, Value) {
    let scheme_name = raw
        .pointer("/security/0")
        .and_then(Value::as_object)
        .and_then(|o| o.keys().next().cloned())
        .unwrap_or_default();
    let scheme = raw
        .pointer("/components/securitySchemes")
        .and_then(|s| s.get(&scheme_name))
        .cloned()
        .unwrap_or(Value::Null);
    (scheme_name, scheme)
}

fn auth(raw: &Value) -> Auth {
    let (_, scheme) = security_scheme(raw);
    let description = text(&scheme, "/description");
    match (
        text(&scheme, "/type").as_str(),
        text(&scheme, "/in").as_str(),
    ) {
        ("apiKey", "header") => Auth::Header {
            name: text(&scheme, "/name"),
            description,
        },
        _ => Auth::Bearer { description },
    }
}

/// Reads the security scheme's `x-token-exchange`; a malformed one is
/// `Err((JSON pointer, what to change))`, reported by the lint.
pub fn token_exchange(raw: &Value) -> Result<Option<TokenExchange>, (String, String)> {
    let (name, scheme) = security_scheme(raw);
    let Some(exchange) = scheme.get("x-token-exchange") else {
        return Ok(None);
    };
    let pointer = format!(
        "{}/x-token-exchange",
        crate::model::problem::pointer_push("/components/securitySchemes", &name)
    );
    let path = text(exchange, "/path");
    if !path.starts_with('/') || path.contains(['?', '#']) || path.contains(char::is_whitespace) {
        return Err((
            format!("{pointer}/path"),
            "give the token endpoint's path, starting with `/` (relative to the base URL's \
             origin), e.g. `/oauth/v1/accesstokens`"
                .to_owned(),
        ));
    }
    match text(exchange, "/kind").as_str() {
        "keystone" => Ok(Some(TokenExchange::Keystone { path })),
        "client-credentials" => Ok(Some(TokenExchange::ClientCredentials { path })),
        other => Err((
            format!("{pointer}/kind"),
            format!(
                "`{other}` is not a token exchange the runtime knows: write `keystone` or \
                 `client-credentials`"
            ),
        )),
    }
}

fn operation(raw: &Value, op: &crate::model::source::RawOperation<'_>) -> Operation {
    let params = op.parameters(raw);
    let parameters = params
        .iter()
        .map(|p| Parameter {
            name: text(p, "/name"),
            location: text(p, "/in"),
            required: p.get("required").and_then(Value::as_bool) == Some(true),
            schema: p.get("schema").cloned().unwrap_or(Value::Null),
            client_default: p
                .get("x-client-default")
                .and_then(Value::as_str)
                .and_then(ClientDefault::parse),
            example: p
                .get("example")
                .or_else(|| {
                    p.get("schema")
                        .and_then(|s| resolve(raw, s)?.get("example"))
                })
                .cloned(),
        })
        .collect();
    let body = success_body(raw, op.op);
    Operation {
        pagination: crate::model::extensions::pagination(raw, op.op, &op.pointer, &params, body)
            .ok()
            .flatten(),
        waiters: crate::model::extensions::waiters(raw, op.op, &op.pointer, body)
            .unwrap_or_default(),
        waiter_after: op
            .op
            .get("x-waiter")
            .and_then(Value::as_str)
            .map(str::to_owned),
        id: text(op.op, "/operationId"),
        method: op.method.to_uppercase(),
        path: op.path.to_owned(),
        summary: text(op.op, "/summary"),
        provenance: text(op.op, "/x-provenance"),
        parameters,
        has_body: op.op.get("requestBody").is_some(),
    }
}

/// The schema of an operation's first 2xx response body.
pub fn success_body<'a>(raw: &'a Value, op: &'a Value) -> Option<&'a Value> {
    op.get("responses")?
        .as_object()?
        .iter()
        .filter(|(status, _)| status.starts_with('2'))
        .find_map(|(_, response)| {
            resolve(raw, response)?.pointer("/content/application~1json/schema")
        })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn spec(exchange: Value) -> Value {
        json!({
            "security": [{"bearer/Token": []}],
            "components": {"securitySchemes": {"bearer/Token": {
                "type": "http", "scheme": "bearer", "x-token-exchange": exchange
            }}}
        })
    }

    #[test]
    fn token_exchange_extension() {
        assert_eq!(
            token_exchange(&spec(
                json!({"kind": "keystone", "path": "/keystone/v3/auth/tokens"})
            )),
            Ok(Some(TokenExchange::Keystone {
                path: "/keystone/v3/auth/tokens".into()
            }))
        );
        assert_eq!(
            token_exchange(&spec(
                json!({"kind": "client-credentials", "path": "/oauth/v1/accesstokens"})
            )),
            Ok(Some(TokenExchange::ClientCredentials {
                path: "/oauth/v1/accesstokens".into()
            }))
        );
        assert_eq!(token_exchange(&json!({})), Ok(None));
    }
}
