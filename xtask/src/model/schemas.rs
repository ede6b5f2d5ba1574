//! Where schema objects and examples sit in an OpenAPI 3.0 document.
//!
//! The lint, the example check and the transforms all need "every schema
//! object, with its JSON pointer": this module is the one place that knows the
//! OpenAPI layout (components, parameters, bodies, responses, headers) and the
//! schema keywords that hold further schemas.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::model::problem::pointer_push;

/// Keywords whose value is one schema.
const SCHEMA_KEYWORDS: [&str; 3] = ["items", "not", "additionalProperties"];
/// Keywords whose value is a list of schemas.
const SCHEMA_LIST_KEYWORDS: [&str; 3] = ["allOf", "anyOf", "oneOf"];

/// Pointers of every schema object in the document, outermost first, in
/// document order. `$ref` objects are included (they are schemas too);
/// examples are never entered.
pub fn schema_pointers(raw: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for root in schema_roots(raw) {
        collect(raw, &root, &mut out);
    }
    out
}

/// An example value and the schema it must satisfy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleSite {
    /// Pointer of the example value itself (`…/example` or `…/examples/<name>/value`).
    pub example: String,
    /// Pointer of the schema object it is checked against.
    pub schema: String,
}

/// Every example of the document: schema-level `example`s, and the
/// `example`/`examples` of parameters, headers and media types.
pub fn example_sites(raw: &Value) -> Vec<ExampleSite> {
    let mut out = Vec::new();
    for holder in example_holders(raw) {
        let Some(value) = raw.pointer(&holder) else {
            continue;
        };
        let schema = pointer_push(&holder, "schema");
        if raw.pointer(&schema).is_none() {
            continue;
        }
        if value.get("example").is_some() {
            out.push(ExampleSite {
                example: pointer_push(&holder, "example"),
                schema: schema.clone(),
            });
        }
        for (name, example) in value
            .get("examples")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if example.get("value").is_some() {
                out.push(ExampleSite {
                    example: pointer_push(&pointer_push(&holder, "examples"), name) + "/value",
                    schema: schema.clone(),
                });
            }
        }
    }
    for schema in schema_pointers(raw) {
        if raw
            .pointer(&schema)
            .and_then(|s| s.get("example"))
            .is_some()
        {
            out.push(ExampleSite {
                example: pointer_push(&schema, "example"),
                schema,
            });
        }
    }
    out
}

/// Which component schemas a client sends and which it receives.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Usage {
    /// Reachable from a parameter or a request body.
    pub requests: BTreeSet<String>,
    /// Reachable from a response body (success or error).
    pub responses: BTreeSet<String>,
}

impl Usage {
    /// Received, never sent: such types may re-encode what they decoded
    /// exactly (an empty list stays `[]`), with no request to protect.
    pub fn response_only(&self, schema: &str) -> bool {
        self.responses.contains(schema) && !self.requests.contains(schema)
    }
}

/// The component schemas each direction reaches, through any depth of `$ref`.
pub fn usage(raw: &Value) -> Usage {
    let mut usage = Usage::default();
    for holder in example_holders(raw) {
        let into = if holder.contains("/responses/") {
            &mut usage.responses
        } else {
            &mut usage.requests
        };
        if let Some(schema) = raw.pointer(&pointer_push(&holder, "schema")) {
            reach(raw, schema, into);
        }
    }
    usage
}

/// Adds every component schema `value` refers to, directly or not.
fn reach(raw: &Value, value: &Value, into: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            if let Some(name) = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
                && into.insert(name.to_owned())
                && let Some(target) = raw.pointer(&pointer_push("/components/schemas", name))
            {
                reach(raw, target, into);
            }
            for (key, child) in map {
                if key != "example" && key != "examples" {
                    reach(raw, child, into);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| reach(raw, item, into)),
        _ => {}
    }
}

/// Pointers of the schemas at the top of the document's structure: component
/// schemas and the `schema` of every parameter, header and media type.
fn schema_roots(raw: &Value) -> Vec<String> {
    let mut roots: Vec<String> = entries(raw, "/components/schemas")
        .map(|name| pointer_push("/components/schemas", name))
        .collect();
    roots.extend(
        example_holders(raw)
            .into_iter()
            .map(|holder| pointer_push(&holder, "schema"))
            .filter(|pointer| raw.pointer(pointer).is_some()),
    );
    roots
}

/// Parameters, headers and media types: the objects holding a `schema` and
/// their own `example`/`examples`.
fn example_holders(raw: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for name in entries(raw, "/components/parameters") {
        out.push(pointer_push("/components/parameters", name));
    }
    for name in entries(raw, "/components/headers") {
        out.push(pointer_push("/components/headers", name));
    }
    for name in entries(raw, "/components/requestBodies") {
        media_types(
            raw,
            &pointer_push("/components/requestBodies", name),
            &mut out,
        );
    }
    for name in entries(raw, "/components/responses") {
        response(raw, &pointer_push("/components/responses", name), &mut out);
    }
    for path in entries(raw, "/paths") {
        let item = pointer_push("/paths", path);
        parameters(raw, &item, &mut out);
        for method in crate::model::source::METHODS {
            let op = pointer_push(&item, method);
            if raw.pointer(&op).is_none() {
                continue;
            }
            parameters(raw, &op, &mut out);
            media_types(raw, &pointer_push(&op, "requestBody"), &mut out);
            for status in entries(raw, &pointer_push(&op, "responses")) {
                response(
                    raw,
                    &pointer_push(&pointer_push(&op, "responses"), status),
                    &mut out,
                );
            }
        }
    }
    out
}

fn parameters(raw: &Value, holder: &str, out: &mut Vec<String>) {
    let list = pointer_push(holder, "parameters");
    let count = raw
        .pointer(&list)
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    // `$ref` parameters are visited where they are defined, in components.
    out.extend(
        (0..count)
            .map(|i| format!("{list}/{i}"))
            .filter(|p| raw.pointer(p).is_some_and(|v| v.get("$ref").is_none())),
    );
}

fn response(raw: &Value, pointer: &str, out: &mut Vec<String>) {
    media_types(raw, pointer, out);
    let headers = pointer_push(pointer, "headers");
    out.extend(entries(raw, &headers).map(|name| pointer_push(&headers, name)));
}

fn media_types(raw: &Value, holder: &str, out: &mut Vec<String>) {
    let content = pointer_push(holder, "content");
    out.extend(entries(raw, &content).map(|media| pointer_push(&content, media)));
}

/// Keys of the object at `pointer` (none when it is absent or not an object).
fn entries<'a>(raw: &'a Value, pointer: &str) -> impl Iterator<Item = &'a String> {
    raw.pointer(pointer)
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|map| map.keys())
}

fn collect(raw: &Value, pointer: &str, out: &mut Vec<String>) {
    let Some(schema) = raw.pointer(pointer).filter(|s| s.is_object()) else {
        return;
    };
    out.push(pointer.to_owned());
    for name in entries(raw, &pointer_push(pointer, "properties")) {
        collect(
            raw,
            &pointer_push(&pointer_push(pointer, "properties"), name),
            out,
        );
    }
    for keyword in SCHEMA_KEYWORDS {
        if schema.get(keyword).is_some_and(Value::is_object) {
            collect(raw, &pointer_push(pointer, keyword), out);
        }
    }
    for keyword in SCHEMA_LIST_KEYWORDS {
        let count = schema
            .get(keyword)
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        for i in 0..count {
            collect(raw, &format!("{}/{i}", pointer_push(pointer, keyword)), out);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn usage_follows_references_in_both_directions() {
        let raw = json!({
            "components": {
                "schemas": {
                    "Id": {"type": "string"},
                    "Item": {"type": "object", "properties": {"id": {"$ref": "#/components/schemas/Id"}}},
                    "Error": {"type": "object"},
                    "Unused": {"type": "object"}
                },
                "parameters": {"P": {"name": "id", "in": "path", "schema": {"$ref": "#/components/schemas/Id"}}}
            },
            "paths": {"/a": {"get": {
                "responses": {
                    "200": {"content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}}}},
                    "400": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                }
            }}}
        });
        let usage = usage(&raw);
        assert_eq!(usage.requests, BTreeSet::from(["Id".to_owned()]));
        assert_eq!(
            usage.responses,
            BTreeSet::from(["Error".to_owned(), "Id".to_owned(), "Item".to_owned()])
        );
        assert!(usage.response_only("Item"));
        assert!(!usage.response_only("Id"), "parameters send it");
    }

    #[test]
    fn finds_nested_schemas_and_every_kind_of_example() {
        let raw = json!({
            "components": {"schemas": {"A": {
                "type": "object",
                "example": {"x": [1]},
                "properties": {"x": {"type": "array", "items": {"type": "integer", "example": 1}}},
                "anyOf": [{"$ref": "#/components/schemas/A"}]
            }}},
            "paths": {"/a/{id}": {
                "parameters": [{"name": "id", "in": "path", "schema": {"type": "string"}, "example": "7"}],
                "get": {
                    "parameters": [{"$ref": "#/components/parameters/P"}],
                    "responses": {"200": {"content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/A"},
                        "examples": {"one": {"value": {"x": []}}, "noValue": {"summary": "-"}}
                    }}}}
                }
            }}
        });
        assert_eq!(
            schema_pointers(&raw),
            [
                "/components/schemas/A",
                "/components/schemas/A/properties/x",
                "/components/schemas/A/properties/x/items",
                "/components/schemas/A/anyOf/0",
                "/paths/~1a~1{id}/parameters/0/schema",
                "/paths/~1a~1{id}/get/responses/200/content/application~1json/schema",
            ]
        );
        let sites: Vec<(String, String)> = example_sites(&raw)
            .into_iter()
            .map(|s| (s.example, s.schema))
            .collect();
        let get = "/paths/~1a~1{id}/get/responses/200/content/application~1json";
        assert_eq!(
            sites,
            [
                (
                    "/paths/~1a~1{id}/parameters/0/example".to_owned(),
                    "/paths/~1a~1{id}/parameters/0/schema".to_owned()
                ),
                (format!("{get}/examples/one/value"), format!("{get}/schema")),
                (
                    "/components/schemas/A/example".to_owned(),
                    "/components/schemas/A".to_owned()
                ),
                (
                    "/components/schemas/A/properties/x/items/example".to_owned(),
                    "/components/schemas/A/properties/x/items".to_owned()
                ),
            ]
        );
    }
}
