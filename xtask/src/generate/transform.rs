//! Rewrites of a linted spec, in memory, into the shapes from which
//! progenitor generates the Rust we want. The spec on disk stays valid
//! OpenAPI 3.0.3 for every other tool; these passes only bridge the gap to
//! what progenitor 0.15 understands. Each pass is small and named: it reads
//! the model and says what to change in the document, at the model's JSON
//! pointers.

use serde_json::json;

use crate::model::{Edit, Schema, Spec};

/// Every pass, in order: the edits that turn the document into what
/// progenitor reads.
pub fn for_progenitor(spec: &Spec) -> Vec<Edit> {
    let mut edits = Vec::new();
    let everywhere = spec.all_schemas();
    let in_responses = in_responses(spec);
    nullable_references(&everywhere, &mut edits);
    optional_in_responses(&in_responses, &mut edits);
    unbounded_numbers(&everywhere, &mut edits);
    plain_strings_in_responses(&in_responses, &mut edits);
    edits
}

/// Tolerant of what we receive: a property the spec marks `required` in a
/// schema that responses carry becomes optional (`Option<T>` in Rust), so a
/// response without it still decodes. The exception is a schema marked
/// `x-required-by-document`: its `required` list is the document's own
/// response definition, and the client insists on it. Requests still check
/// every `required` property before sending (the generated `Validate`).
fn optional_in_responses(in_responses: &[&Schema], edits: &mut Vec<Edit>) {
    for schema in in_responses {
        if !schema.required.is_empty() && !schema.required_by_document {
            edits.push(remove(schema, "required"));
        }
    }
}

/// The schemas inside the component schemas responses carry.
fn in_responses(spec: &Spec) -> Vec<&Schema> {
    spec.schemas
        .iter()
        .filter(|(name, _)| spec.usage.responses.contains(*name))
        .flat_map(|(_, schema)| schema.with_nested())
        .collect()
}

/// typify turns `minimum: 0` into `u64` and `minimum: 1` into `NonZeroU64`,
/// so a response with `-1` or `0` would not decode. Numbers stay `i64`/`f64`;
/// the generated `Validate` checks the ranges on requests.
fn unbounded_numbers(everywhere: &[&Schema], edits: &mut Vec<Edit>) {
    for schema in everywhere {
        if matches!(schema.ty.as_deref(), Some("integer" | "number")) {
            for bound in ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"] {
                edits.push(remove(schema, bound));
            }
        }
    }
}

/// typify parses `format: ipv4` into `Ipv4Addr` (and `uuid` into `Uuid`), so
/// a response with `""` would not decode. In schemas that responses carry,
/// such strings stay `String`; requests check the format before sending.
/// Dates and timestamps are left to the runtime's lenient `Timestamp`/`Date`.
fn plain_strings_in_responses(in_responses: &[&Schema], edits: &mut Vec<Edit>) {
    for schema in in_responses {
        let parsed = matches!(
            schema.format.as_deref(),
            Some("ipv4" | "ipv6" | "uuid" | "hostname" | "uri")
        );
        if parsed && schema.ty.as_deref() == Some("string") {
            edits.push(remove(schema, "format"));
        }
    }
}

/// A nullable reference is spelled, in valid 3.0.3,
/// `anyOf: [{$ref: X}, {type: T, nullable: true, enum: [null]}]`.
/// progenitor would make that an untagged enum; the older spelling
/// `nullable: true` + `allOf: [{$ref: X}]` (not valid 3.0.3: `nullable` needs
/// a `type` beside it) is what it turns into `Option<X>`. Rewrite the first
/// into the second; every other key (a description) stays.
fn nullable_references(everywhere: &[&Schema], edits: &mut Vec<Edit>) {
    for schema in everywhere {
        let Some(name) = schema
            .nullable_reference()
            .and_then(|r| r.reference.as_ref())
        else {
            continue;
        };
        edits.push(remove(schema, "anyOf"));
        edits.push(set(schema, "nullable", json!(true)));
        let reference = format!("#/components/schemas/{name}");
        edits.push(set(schema, "allOf", json!([{ "$ref": reference }])));
    }
}

fn remove(schema: &Schema, key: &'static str) -> Edit {
    Edit::Remove {
        at: schema.pointer.clone(),
        key,
    }
}

fn set(schema: &Schema, key: &'static str, value: serde_json::Value) -> Edit {
    Edit::Set {
        at: schema.pointer.clone(),
        key,
        value,
    }
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
        let spec = crate::model::from_value("s.yaml", "s", raw).spec;
        let mut edits = Vec::new();
        nullable_references(&spec.all_schemas(), &mut edits);
        let expected = |property: &str| {
            let at = format!("/components/schemas/Holder/properties/{property}");
            vec![
                Edit::Remove {
                    at: at.clone(),
                    key: "anyOf",
                },
                Edit::Set {
                    at: at.clone(),
                    key: "nullable",
                    value: json!(true),
                },
                Edit::Set {
                    at,
                    key: "allOf",
                    value: json!([{"$ref": "#/components/schemas/X"}]),
                },
            ]
        };
        // `x` keeps its description; `z` is a real union, left alone.
        assert_eq!(edits, [expected("x"), expected("y")].concat());
    }
}
