//! Rewrites of a linted spec, in memory, into the shapes from which
//! progenitor generates the Rust we want. The spec on disk stays valid
//! OpenAPI 3.0.3 for every other tool; these passes only bridge the gap to
//! what progenitor 0.15 understands. Each pass is small and named.

use serde_json::{Value, json};

use crate::model::schemas::{Usage, schema_pointers, usage};

/// Applies every pass, in order.
pub fn for_progenitor(raw: &Value) -> Value {
    let usage = usage(raw);
    let mut spec = raw.clone();
    nullable_references(&mut spec);
    optional_in_responses(&mut spec, &usage);
    unbounded_numbers(&mut spec);
    plain_strings_in_responses(&mut spec, &usage);
    spec
}

/// Tolerant of what we receive: a property the spec marks `required` in a
/// schema that responses carry becomes optional (`Option<T>` in Rust), so a
/// response without it still decodes. The exception is a schema marked
/// `x-required-by-document`: its `required` list is the document's own
/// response definition, and the client insists on it. Requests still check
/// every `required` property before sending (the generated `Validate`).
fn optional_in_responses(spec: &mut Value, usage: &Usage) {
    for pointer in in_responses(spec, usage) {
        let Some(schema) = spec.pointer_mut(&pointer).and_then(Value::as_object_mut) else {
            continue;
        };
        if schema.get("x-required-by-document") != Some(&Value::Bool(true)) {
            schema.remove("required");
        }
    }
}

/// Pointers of the schemas inside the component schemas responses carry.
fn in_responses(spec: &Value, usage: &Usage) -> Vec<String> {
    schema_pointers(spec)
        .into_iter()
        .filter(|p| {
            p.strip_prefix("/components/schemas/")
                .map(|rest| rest.split('/').next().unwrap_or(rest))
                .is_some_and(|name| {
                    usage
                        .responses
                        .contains(&name.replace("~1", "/").replace("~0", "~"))
                })
        })
        .collect()
}

/// typify turns `minimum: 0` into `u64` and `minimum: 1` into `NonZeroU64`,
/// so a response with `-1` or `0` would not decode. Numbers stay `i64`/`f64`;
/// the generated `Validate` checks the ranges on requests.
fn unbounded_numbers(spec: &mut Value) {
    for pointer in schema_pointers(spec) {
        let Some(schema) = spec.pointer_mut(&pointer).and_then(Value::as_object_mut) else {
            continue;
        };
        if matches!(
            schema.get("type").and_then(Value::as_str),
            Some("integer" | "number")
        ) {
            for bound in ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"] {
                schema.remove(bound);
            }
        }
    }
}

/// typify parses `format: ipv4` into `Ipv4Addr` (and `uuid` into `Uuid`), so
/// a response with `""` would not decode. In schemas that responses carry,
/// such strings stay `String`; requests check the format before sending.
/// Dates and timestamps are left to the runtime's lenient `Timestamp`/`Date`.
fn plain_strings_in_responses(spec: &mut Value, usage: &Usage) {
    for pointer in in_responses(spec, usage) {
        let Some(schema) = spec.pointer_mut(&pointer).and_then(Value::as_object_mut) else {
            continue;
        };
        let parsed = matches!(
            schema.get("format").and_then(Value::as_str),
            Some("ipv4" | "ipv6" | "uuid" | "hostname" | "uri")
        );
        if parsed && schema.get("type").and_then(Value::as_str) == Some("string") {
            schema.remove("format");
        }
    }
}

/// A nullable reference is spelled, in valid 3.0.3,
/// `anyOf: [{$ref: X}, {type: T, nullable: true, enum: [null]}]`.
/// progenitor would make that an untagged enum; the older spelling
/// `nullable: true` + `allOf: [{$ref: X}]` (not valid 3.0.3: `nullable` needs
/// a `type` beside it) is what it turns into `Option<X>`. Rewrite the first
/// into the second; every other key (a description) stays.
fn nullable_references(spec: &mut Value) {
    for pointer in schema_pointers(spec) {
        let Some(schema) = spec.pointer_mut(&pointer).and_then(Value::as_object_mut) else {
            continue;
        };
        let Some(reference) = nullable_reference(schema) else {
            continue;
        };
        schema.remove("anyOf");
        schema.insert("nullable".into(), Value::Bool(true));
        schema.insert("allOf".into(), json!([reference]));
    }
}

/// The `{$ref: X}` of an `anyOf: [{$ref: X}, <null>]` (either order), where
/// `<null>` is a schema admitting only null.
pub fn nullable_reference(schema: &serde_json::Map<String, Value>) -> Option<Value> {
    let branches = schema.get("anyOf")?.as_array()?;
    let [a, b] = branches.as_slice() else {
        return None;
    };
    match (is_null_schema(a), is_null_schema(b)) {
        (false, true) if a.get("$ref").is_some() => Some(a.clone()),
        (true, false) if b.get("$ref").is_some() => Some(b.clone()),
        _ => None,
    }
}

/// `{nullable: true, enum: [null], …}`: the 3.0.3 way to say "only null".
fn is_null_schema(schema: &Value) -> bool {
    schema.get("nullable") == Some(&Value::Bool(true)) && schema.get("enum") == Some(&json!([null]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nullable_reference_becomes_the_shape_progenitor_makes_an_option_of() {
        let raw = json!({"components": {"schemas": {
            "X": {"type": "string"},
            "Holder": {"type": "object", "properties": {
                "x": {
                    "description": "Maybe an X.",
                    "anyOf": [{"$ref": "#/components/schemas/X"}, {"type": "string", "nullable": true, "enum": [null]}]
                },
                "y": {"anyOf": [{"type": "string", "nullable": true, "enum": [null]}, {"$ref": "#/components/schemas/X"}]},
                "z": {"anyOf": [{"$ref": "#/components/schemas/X"}, {"type": "integer"}]}
            }}
        }}});
        let spec = for_progenitor(&raw);
        let properties = &spec["components"]["schemas"]["Holder"]["properties"];
        assert_eq!(
            properties["x"],
            json!({"description": "Maybe an X.", "nullable": true, "allOf": [{"$ref": "#/components/schemas/X"}]})
        );
        assert_eq!(
            properties["y"],
            json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/X"}]})
        );
        assert_eq!(
            properties["z"],
            raw["components"]["schemas"]["Holder"]["properties"]["z"]
        );
    }
}
