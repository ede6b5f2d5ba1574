//! The project's vendor extensions: what each means, read into types, and
//! checked (a malformed one is `(JSON pointer, what to change)` for the
//! lint). The generator reads them through [`crate::model::spec::Service`].
//!
//! | extension | where | meaning |
//! |---|---|---|
//! | `x-required-by-document: true` | component schema | its `required` list is the document's own response definition: responses must honour it |
//! | `x-aliases: [name]` | property | other names responses may use for it |
//! | `x-client-default: tenant` | parameter | the client's tenant fills it when the call does not |
//! | `x-pagination` | operation | how to walk every page (see [`Pagination`]) |
//! | `x-waiters` | GET operation | how to wait for a resource to settle (see [`Waiter`]) |
//! | `x-waiter: name` | operation | the waiter to use after it |

use serde_json::Value;

use crate::model::problem::pointer_push;
use crate::model::resolved::resolve;
use crate::model::spec::ClientDefault;

/// A fault in an extension: where, and what to change.
pub type Fault = (String, String);

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

/// Reads an operation's `x-pagination` (`op` is the operation object at
/// `pointer`). `parameters` are its parameters (resolved), `body` the
/// schema of its 2xx response.
pub fn pagination(
    raw: &Value,
    op: &Value,
    pointer: &str,
    parameters: &[&Value],
    body: Option<&Value>,
) -> Result<Option<Pagination>, Fault> {
    let Some(declared) = op.get("x-pagination") else {
        return Ok(None);
    };
    let at = pointer_push(pointer, "x-pagination");
    let query_param = |key: &str| -> Result<String, Fault> {
        let name = text(declared, key).ok_or_else(|| {
            (
                pointer_push(&at, key),
                format!("name the query parameter with `{key}: <its name>`"),
            )
        })?;
        let found = parameters
            .iter()
            .any(|p| text(p, "name") == Some(name) && text(p, "in") == Some("query"));
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
    let body = body.map(|b| resolve(raw, b)).ok_or_else(|| {
        (
            at.clone(),
            "the operation has no 2xx body to take the items from".to_owned(),
        )
    })?;
    let property = |key: &str, ty: &str| -> Result<Option<String>, Fault> {
        let Some(name) = text(declared, key) else {
            return Ok(None);
        };
        match body.properties.get(name).map(|p| resolve(raw, p).ty) {
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
    Ok(Some(Pagination {
        style,
        items,
        total_pages: property("totalPages", "integer")?,
        total: property("total", "integer")?,
        start,
    }))
}

/// Reads an operation's `x-waiters`; `body` is the schema of its 2xx
/// response.
pub fn waiters(
    raw: &Value,
    op: &Value,
    pointer: &str,
    body: Option<&Value>,
) -> Result<Vec<Waiter>, Fault> {
    let Some(declared) = op.get("x-waiters") else {
        return Ok(Vec::new());
    };
    let at = pointer_push(pointer, "x-waiters");
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
        let leads_to_a_string = body.is_some_and(|b| status_is_string(raw, b, status));
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
fn status_is_string(raw: &Value, schema: &Value, pointer: &str) -> bool {
    let Some(path) = pointer.strip_prefix('/') else {
        return false;
    };
    let mut current = resolve(raw, schema);
    for token in path.split('/') {
        let token = token.replace("~1", "/").replace("~0", "~");
        match current.properties.get(token.as_str()) {
            Some(next) => current = resolve(raw, next),
            None => return false,
        }
    }
    current.ty == Some("string")
}

/// Checks the extensions that sit outside operations; returns every fault.
pub fn check_schemas(raw: &Value) -> Vec<Fault> {
    let mut faults = Vec::new();
    let usage = crate::model::schemas::usage(raw);
    for (name, schema) in raw
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let at = pointer_push("/components/schemas", name);
        match schema.get("x-required-by-document") {
            None => {}
            Some(Value::Bool(true)) if !usage.responses.contains(name) => faults.push((
                pointer_push(&at, "x-required-by-document"),
                "no response carries this schema: the marker only applies to responses; remove it"
                    .to_owned(),
            )),
            Some(Value::Bool(true)) if schema.get("required").is_none() => faults.push((
                pointer_push(&at, "x-required-by-document"),
                "the schema has no `required` list for the marker to apply to: remove it"
                    .to_owned(),
            )),
            Some(Value::Bool(_)) => {}
            Some(_) => faults.push((
                pointer_push(&at, "x-required-by-document"),
                "write `x-required-by-document: true` (or remove it)".to_owned(),
            )),
        }
        for (property, value) in schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let Some(aliases) = value.get("x-aliases") else {
                continue;
            };
            let valid = aliases.as_array().is_some_and(|a| {
                a.iter().all(|alias| {
                    alias.as_str().is_some_and(|s| {
                        !s.is_empty()
                            && s != property
                            && schema.pointer(&pointer_push("/properties", s)).is_none()
                    })
                })
            });
            if !valid {
                faults.push((
                    pointer_push(&pointer_push(&pointer_push(&at, "properties"), property), "x-aliases"),
                    "`x-aliases` must list other names of this property, none of them a property of its own"
                        .to_owned(),
                ));
            }
        }
    }
    faults
}

/// Checks a parameter's `x-client-default`.
pub fn client_default(parameter: &Value, pointer: &str) -> Result<Option<ClientDefault>, Fault> {
    let Some(value) = parameter.get("x-client-default") else {
        return Ok(None);
    };
    value
        .as_str()
        .and_then(ClientDefault::parse)
        .map(Some)
        .ok_or_else(|| {
            (
                pointer_push(pointer, "x-client-default"),
                format!(
                    "`x-client-default` must be one of {}: where the client takes the value from",
                    ClientDefault::NAMES.join(", ")
                ),
            )
        })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn list_op() -> (Value, Value) {
        let raw = json!({"components": {"schemas": {
            "Page": {"type": "object", "properties": {
                "orders": {"type": "array", "items": {"type": "string"}},
                "totalPages": {"type": "integer"},
                "resource": {"type": "object", "properties": {"status": {"type": "string"}}}
            }}
        }}});
        let op = json!({
            "parameters": [{"name": "page", "in": "query"}, {"name": "pageSize", "in": "query"}],
            "x-pagination": {"style": "page-number", "page": "page", "pageSize": "pageSize", "items": "orders", "totalPages": "totalPages"},
            "x-waiters": [{"name": "done", "status": "/resource/status", "pending": ["Busy"], "success": ["Done"]}]
        });
        (raw, op)
    }

    fn read(raw: &Value, op: &Value) -> Result<Option<Pagination>, Fault> {
        let parameters: Vec<&Value> = op["parameters"].as_array().unwrap().iter().collect();
        pagination(
            raw,
            op,
            "/op",
            &parameters,
            Some(&json!({"$ref": "#/components/schemas/Page"})),
        )
    }

    #[test]
    fn pagination_is_read_and_checked() {
        let (raw, mut op) = list_op();
        assert_eq!(
            read(&raw, &op).unwrap().unwrap(),
            Pagination {
                style: PageStyle::PageNumber {
                    page: "page".into(),
                    page_size: "pageSize".into()
                },
                items: Some("orders".into()),
                total_pages: Some("totalPages".into()),
                total: None,
                start: 1,
            }
        );
        op["x-pagination"]["pageSize"] = json!("size");
        assert_eq!(read(&raw, &op).unwrap_err().0, "/op/x-pagination/pageSize");
        op["x-pagination"]["pageSize"] = json!("pageSize");
        op["x-pagination"]["items"] = json!("rows");
        assert!(
            read(&raw, &op)
                .unwrap_err()
                .1
                .contains("no array property `rows`")
        );
        op["x-pagination"]["style"] = json!("cursor");
        assert!(read(&raw, &op).unwrap_err().1.contains("`cursor`"));
    }

    #[test]
    fn waiters_are_read_and_checked() {
        let (raw, mut op) = list_op();
        let body = json!({"$ref": "#/components/schemas/Page"});
        let waiters = waiters(&raw, &op, "/op", Some(&body)).unwrap();
        assert_eq!(waiters[0].success, ["Done"]);
        op["x-waiters"][0]["status"] = json!("/resource/missing");
        assert_eq!(
            super::waiters(&raw, &op, "/op", Some(&body)).unwrap_err().0,
            "/op/x-waiters/0/status"
        );
        op["x-waiters"][0]["status"] = json!("/resource/status");
        op["x-waiters"][0]["success"] = json!([]);
        assert!(
            super::waiters(&raw, &op, "/op", Some(&body))
                .unwrap_err()
                .1
                .contains("can never succeed")
        );
        op["x-waiters"][0]["notFound"] = json!("success");
        assert!(super::waiters(&raw, &op, "/op", Some(&body)).is_ok());
    }
}
