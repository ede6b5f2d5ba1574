//! The project's vendor extensions: what each means, read into types, and
//! checked against what they name (a malformed one is a [`Fault`]: JSON
//! pointer and what to change). The reader ([`super::read`]) calls these
//! with the parts of the model they refer to.
//!
//! | extension | where | meaning |
//! |---|---|---|
//! | `x-provenance` | operation | how its method and path are known |
//! | `x-token-exchange` | security scheme | where the runtime exchanges credentials for tokens |
//! | `x-required-by-document: true` | component schema | its `required` list is the document's own response definition: responses must honour it |
//! | `x-aliases: [name]` | property | other names responses may use for it |
//! | `x-client-default: tenant` | parameter | the client's tenant fills it when the call does not |
//! | `x-pagination` | operation | how to walk every page (see [`Pagination`]) |
//! | `x-waiters` | GET operation | how to wait for a resource to settle (see [`Waiter`]) |
//! | `x-waiter: name` | operation | the waiter to use after it |

use std::collections::BTreeMap;

use serde_json::Value;

use super::problem::pointer_push;
use super::resolved::resolve;
use super::{Parameter, Schema};

/// A fault in an extension: where (a JSON pointer), and what to change.
pub type Fault = (String, String);

/// How an operation's method and path are known (`x-provenance`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Provenance {
    /// Seen in a public rendering of the document.
    Confirmed,
    /// The method seen, the path taken from a sibling operation.
    Inferred,
    /// From the API family's conventions.
    Reconstructed,
}

impl Provenance {
    pub const NAMES: [&str; 3] = ["confirmed", "inferred", "reconstructed"];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Confirmed => "confirmed",
            Self::Inferred => "inferred",
            Self::Reconstructed => "reconstructed",
        }
    }
}

/// Reads an operation's `x-provenance` (`value`, at `pointer`).
pub fn provenance(value: Option<&Value>, pointer: &str) -> Result<Provenance, Fault> {
    match value.and_then(Value::as_str) {
        Some("confirmed") => Ok(Provenance::Confirmed),
        Some("inferred") => Ok(Provenance::Inferred),
        Some("reconstructed") => Ok(Provenance::Reconstructed),
        other => Err((
            pointer.to_owned(),
            format!(
                "`x-provenance` is {}: set it to one of {} (how the method and path are known)",
                other.map_or("missing".to_owned(), |v| format!("`{v}`")),
                Provenance::NAMES.join(", ")
            ),
        )),
    }
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

impl TokenExchange {
    /// `keystone` or `client-credentials`, as the spec writes it.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Keystone { .. } => "keystone",
            Self::ClientCredentials { .. } => "client-credentials",
        }
    }

    pub fn path(&self) -> &str {
        match self {
            Self::Keystone { path } | Self::ClientCredentials { path } => path,
        }
    }
}

/// Reads a security scheme's `x-token-exchange` (`value`, at `pointer`).
pub fn token_exchange(value: &Value, pointer: &str) -> Result<TokenExchange, Fault> {
    let text = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .trim()
            .to_owned()
    };
    let path = text("path");
    if !path.starts_with('/') || path.contains(['?', '#']) || path.contains(char::is_whitespace) {
        return Err((
            format!("{pointer}/path"),
            "give the token endpoint's path, starting with `/` (relative to the base URL's \
             origin), e.g. `/oauth/v1/accesstokens`"
                .to_owned(),
        ));
    }
    match text("kind").as_str() {
        "keystone" => Ok(TokenExchange::Keystone { path }),
        "client-credentials" => Ok(TokenExchange::ClientCredentials { path }),
        other => Err((
            format!("{pointer}/kind"),
            format!(
                "`{other}` is not a token exchange the runtime knows: write `keystone` or \
                 `client-credentials`"
            ),
        )),
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

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Tenant => "tenant",
        }
    }
}

/// Reads a parameter's `x-client-default` (`value`, at `pointer`).
pub fn client_default(value: &Value, pointer: &str) -> Result<ClientDefault, Fault> {
    value
        .as_str()
        .and_then(ClientDefault::parse)
        .ok_or_else(|| {
            (
                pointer.to_owned(),
                format!(
                    "`x-client-default` must be one of {}: where the client takes the value from",
                    ClientDefault::NAMES.join(", ")
                ),
            )
        })
}

/// How an operation's results are split into pages (`x-pagination`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pagination {
    pub style: PageStyle,
    /// The property of the 2xx body holding the items; `None` when the body
    /// itself is the list.
    pub items: Option<String>,
    /// The body property giving the number of pages, if any.
    pub total_pages: Option<String>,
    /// The body property giving the number of items, if any.
    pub total: Option<String>,
    /// The first page (or offset) when the call sets none: `start`, else 1
    /// for page numbers and 0 for offsets.
    pub start: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageStyle {
    /// `page` (1-based) and `pageSize` query parameters (their names).
    PageNumber { page: String, page_size: String },
    /// `offset` and `limit` query parameters (their names).
    Offset { offset: String, limit: String },
}

/// How to wait for a resource to settle, polling a GET operation (`x-waiters`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiter {
    /// snake_case: the client method is `wait_until_<name>`.
    pub name: String,
    pub description: String,
    /// JSON pointer of the status in the 2xx body.
    pub status: String,
    pub pending: Vec<String>,
    pub success: Vec<String>,
    pub failure: Vec<String>,
    /// A 404 from the polled operation: `Some(true)` success (the resource is
    /// gone, as a delete wants), `Some(false)` failure, `None` an error.
    pub not_found_succeeds: Option<bool>,
}

fn text<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

fn strings(value: &Value, key: &str, pointer: &str) -> Result<Vec<String>, Fault> {
    match value.get(key) {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => Ok(items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_owned))
            .collect()),
        Some(_) => Err((
            pointer_push(pointer, key),
            format!("`{key}` must be a list of strings, e.g. `[Processing]`"),
        )),
    }
}

/// What an operation's extensions are checked against: its parameters,
/// the schema of its 2xx body, and the named schemas.
pub struct Context<'a> {
    /// The operation's pointer.
    pub pointer: &'a str,
    pub parameters: &'a [Parameter],
    pub body: Option<&'a Schema>,
    pub schemas: &'a BTreeMap<String, Schema>,
}

/// Reads an operation's `x-pagination` (`declared`).
pub fn pagination(declared: &Value, cx: &Context<'_>) -> Result<Pagination, Fault> {
    let at = pointer_push(cx.pointer, "x-pagination");
    let query_param = |key: &str| -> Result<String, Fault> {
        let name = text(declared, key).ok_or_else(|| {
            (
                pointer_push(&at, key),
                format!("name the query parameter with `{key}: <its name>`"),
            )
        })?;
        let found = cx
            .parameters
            .iter()
            .any(|p| p.name == name && p.location == super::Location::Query);
        if found {
            Ok(name.to_owned())
        } else {
            Err((
                pointer_push(&at, key),
                format!(
                    "`{name}` is not a query parameter of this operation: declare it or fix the name"
                ),
            ))
        }
    };
    let style = match text(declared, "style") {
        Some("page-number") => PageStyle::PageNumber {
            page: query_param("page")?,
            page_size: query_param("pageSize")?,
        },
        Some("offset") => PageStyle::Offset {
            offset: query_param("offset")?,
            limit: query_param("limit")?,
        },
        other => {
            return Err((
                pointer_push(&at, "style"),
                format!(
                    "`style` is {}: write `page-number` (page/pageSize) or `offset` (offset/limit)",
                    other.map_or("missing".to_owned(), |s| format!("`{s}`"))
                ),
            ));
        }
    };
    let body = cx.body.map(|b| resolve(cx.schemas, b)).ok_or_else(|| {
        (
            at.clone(),
            "the operation has no 2xx body to take the items from".to_owned(),
        )
    })?;
    let property = |key: &str, ty: &str| -> Result<Option<String>, Fault> {
        let Some(name) = text(declared, key) else {
            return Ok(None);
        };
        match body.properties.get(name).map(|p| resolve(cx.schemas, p).ty) {
            Some(Some(found)) if found == ty => Ok(Some(name.to_owned())),
            _ => Err((
                pointer_push(&at, key),
                format!("the 2xx body has no {ty} property `{name}`: fix the name"),
            )),
        }
    };
    let items = property("items", "array")?;
    if items.is_none() && body.ty != Some("array") {
        return Err((
            pointer_push(&at, "items"),
            "the 2xx body is not a list: name the property holding the items with `items: <name>`"
                .to_owned(),
        ));
    }
    let start = match declared.get("start") {
        None => u64::from(matches!(style, PageStyle::PageNumber { .. })),
        Some(value) => value.as_u64().ok_or_else(|| {
            (
                pointer_push(&at, "start"),
                "`start` is the first page or offset when the call sets none: a whole number"
                    .to_owned(),
            )
        })?,
    };
    Ok(Pagination {
        style,
        items,
        total_pages: property("totalPages", "integer")?,
        total: property("total", "integer")?,
        start,
    })
}

/// Reads an operation's `x-waiters` (`declared`).
pub fn waiters(declared: &Value, cx: &Context<'_>) -> Result<Vec<Waiter>, Fault> {
    let at = pointer_push(cx.pointer, "x-waiters");
    let list = declared.as_array().ok_or_else(|| {
        (
            at.clone(),
            "`x-waiters` must be a list of waiters".to_owned(),
        )
    })?;
    let mut out: Vec<Waiter> = Vec::new();
    for (i, waiter) in list.iter().enumerate() {
        let at = format!("{at}/{i}");
        let name = text(waiter, "name").unwrap_or_default();
        let snake = !name.is_empty()
            && name.starts_with(|c: char| c.is_ascii_lowercase())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !snake || out.iter().any(|w| w.name == name) {
            return Err((
                pointer_push(&at, "name"),
                format!(
                    "waiter name `{name}` must be unique snake_case (the method is `wait_until_<name>`)"
                ),
            ));
        }
        let status = text(waiter, "status").unwrap_or_default();
        let leads_to_a_string = cx
            .body
            .is_some_and(|b| status_is_string(cx.schemas, b, status));
        if !leads_to_a_string {
            return Err((
                pointer_push(&at, "status"),
                format!(
                    "`{status}` is not a JSON pointer to a string property of the 2xx body, e.g. \
                     `/resource/operationStatus`"
                ),
            ));
        }
        let not_found_succeeds = match text(waiter, "notFound") {
            None => None,
            Some("success") => Some(true),
            Some("failure") => Some(false),
            Some(other) => {
                return Err((
                    pointer_push(&at, "notFound"),
                    format!(
                        "`notFound: {other}`: write `success` (the resource is gone) or `failure`"
                    ),
                ));
            }
        };
        let success = strings(waiter, "success", &at)?;
        if success.is_empty() && not_found_succeeds != Some(true) {
            return Err((
                at.clone(),
                "the waiter can never succeed: list `success` values or set `notFound: success`"
                    .to_owned(),
            ));
        }
        out.push(Waiter {
            name: name.to_owned(),
            description: text(waiter, "description")
                .unwrap_or_default()
                .trim()
                .to_owned(),
            status: status.to_owned(),
            pending: strings(waiter, "pending", &at)?,
            success,
            failure: strings(waiter, "failure", &at)?,
            not_found_succeeds,
        });
    }
    Ok(out)
}

/// Whether `pointer` walks the properties of `schema` down to a string.
fn status_is_string(schemas: &BTreeMap<String, Schema>, schema: &Schema, pointer: &str) -> bool {
    let Some(path) = pointer.strip_prefix('/') else {
        return false;
    };
    let mut current = resolve(schemas, schema);
    for token in path.split('/') {
        let token = token.replace("~1", "/").replace("~0", "~");
        match current.properties.get(token.as_str()) {
            Some(next) => current = resolve(schemas, next),
            None => return false,
        }
    }
    current.ty == Some("string")
}

/// Checks a component schema's `x-required-by-document` (`declared`, on
/// `schema`), given whether responses carry the schema.
pub fn required_by_document(
    declared: &Value,
    schema: &Schema,
    in_responses: bool,
) -> Result<(), Fault> {
    let at = pointer_push(&schema.pointer, "x-required-by-document");
    match declared {
        Value::Bool(true) if !in_responses => Err((
            at,
            "no response carries this schema: the marker only applies to responses; remove it"
                .to_owned(),
        )),
        Value::Bool(true) if schema.required.is_empty() => Err((
            at,
            "the schema has no `required` list for the marker to apply to: remove it".to_owned(),
        )),
        Value::Bool(_) => Ok(()),
        _ => Err((
            at,
            "write `x-required-by-document: true` (or remove it)".to_owned(),
        )),
    }
}

/// Reads a property's `x-aliases` (`declared`) in an object whose other
/// properties are `siblings`.
pub fn aliases(
    declared: &Value,
    property: &str,
    pointer: &str,
    siblings: &serde_json::Map<String, Value>,
) -> Result<Vec<String>, Fault> {
    let valid = declared.as_array().is_some_and(|a| {
        a.iter().all(|alias| {
            alias
                .as_str()
                .is_some_and(|s| !s.is_empty() && s != property && !siblings.contains_key(s))
        })
    });
    if !valid {
        return Err((
            pointer_push(pointer, "x-aliases"),
            "`x-aliases` must list other names of this property, none of them a property of its own"
                .to_owned(),
        ));
    }
    Ok(declared
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a.as_str().map(str::to_owned))
        .collect())
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    /// A spec with one paged GET operation that has a waiter, and what reading
    /// it found wrong.
    fn read(op: Value) -> (crate::model::Spec, Vec<String>) {
        let raw = json!({"components": {"schemas": {
            "Page": {"type": "object", "properties": {
                "orders": {"type": "array", "items": {"type": "string"}},
                "totalPages": {"type": "integer"},
                "resource": {"type": "object", "properties": {"status": {"type": "string"}}}
            }}
        }}, "paths": {"/orders": {"get": op}}});
        let read = crate::model::from_value("s.yaml", "s", raw);
        let problems = read.problems.iter().map(ToString::to_string).collect();
        (read.spec, problems)
    }

    fn list_op() -> Value {
        json!({
            "operationId": "list_orders",
            "x-provenance": "confirmed",
            "parameters": [
                {"name": "page", "in": "query", "schema": {"type": "integer"}},
                {"name": "pageSize", "in": "query", "schema": {"type": "integer"}}
            ],
            "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}}}},
            "x-pagination": {"style": "page-number", "page": "page", "pageSize": "pageSize", "items": "orders", "totalPages": "totalPages"},
            "x-waiters": [{"name": "done", "status": "/resource/status", "pending": ["Busy"], "success": ["Done"]}]
        })
    }

    const AT: &str = "s.yaml:#/paths/~1orders/get";

    #[test]
    fn pagination_is_read_and_checked() {
        let mut op = list_op();
        let (spec, problems) = read(op.clone());
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(
            spec.operations[0].pagination,
            Some(Pagination {
                style: PageStyle::PageNumber {
                    page: "page".into(),
                    page_size: "pageSize".into()
                },
                items: Some("orders".into()),
                total_pages: Some("totalPages".into()),
                total: None,
                start: 1,
            })
        );
        op["x-pagination"]["pageSize"] = json!("size");
        let (spec, problems) = read(op.clone());
        assert_eq!(spec.operations[0].pagination, None);
        assert!(
            problems[0].starts_with(&format!("{AT}/x-pagination/pageSize: ")),
            "{problems:?}"
        );
        op["x-pagination"]["pageSize"] = json!("pageSize");
        op["x-pagination"]["items"] = json!("rows");
        assert!(read(op.clone()).1[0].contains("no array property `rows`"));
        op["x-pagination"]["style"] = json!("cursor");
        assert!(read(op).1[0].contains("`cursor`"));
    }

    #[test]
    fn waiters_are_read_and_checked() {
        let mut op = list_op();
        assert_eq!(
            read(op.clone()).0.operations[0].waiters[0].success,
            ["Done"]
        );
        op["x-waiters"][0]["status"] = json!("/resource/missing");
        assert!(read(op.clone()).1[0].starts_with(&format!("{AT}/x-waiters/0/status: ")));
        op["x-waiters"][0]["status"] = json!("/resource/status");
        op["x-waiters"][0]["success"] = json!([]);
        assert!(read(op.clone()).1[0].contains("can never succeed"));
        op["x-waiters"][0]["notFound"] = json!("success");
        assert_eq!(read(op).1, Vec::<String>::new());
    }

    #[test]
    fn token_exchange_extension() {
        let at = "/components/securitySchemes/x/x-token-exchange";
        assert_eq!(
            token_exchange(
                &json!({"kind": "keystone", "path": "/keystone/v3/auth/tokens"}),
                at
            ),
            Ok(TokenExchange::Keystone {
                path: "/keystone/v3/auth/tokens".into()
            })
        );
        assert_eq!(
            token_exchange(
                &json!({"kind": "client-credentials", "path": "/oauth/v1/accesstokens"}),
                at
            ),
            Ok(TokenExchange::ClientCredentials {
                path: "/oauth/v1/accesstokens".into()
            })
        );
        assert_eq!(
            token_exchange(&json!({"kind": "saml", "path": "/auth"}), at)
                .unwrap_err()
                .0,
            format!("{at}/kind")
        );
    }
}
