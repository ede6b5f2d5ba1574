//! Every example in a spec must satisfy its own schema, under OpenAPI 3.0
//! rules (`nullable`, `format`). The generated clients decode responses
//! leniently, so decoding an example proves little: this check is what keeps
//! the examples honest.
//!
//! The named schemas are written as JSON Schema (draft 4, which OpenAPI 3.0
//! extends, see [`Schema::to_json_schema`]) into one registered document;
//! each distinct schema an example must satisfy is compiled once, and each
//! example checked once, with the `jsonschema` crate.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::model::problem::pointer_push;
use crate::model::{Problem, Schema, Spec};

/// Base URI under which the named schemas are registered.
const DOCUMENT: &str = "urn:nttcom:spec";

/// A problem for each example that its schema rejects.
pub fn check(spec: &Spec) -> Vec<Problem> {
    let at_top = |message: String| vec![Problem::at(&spec.path, "", message)];
    // Inside the document, references stay relative (`#/components/...`).
    let schemas: Map<String, Value> = spec
        .schemas
        .iter()
        .map(|(name, schema)| (name.clone(), schema.to_json_schema("")))
        .collect();
    let document = serde_json::json!({ "components": { "schemas": schemas } });
    let registry = jsonschema::Registry::new()
        .draft(jsonschema::Draft::Draft4)
        .add(DOCUMENT, document)
        .and_then(|builder| builder.prepare());
    let registry = match registry {
        Ok(registry) => registry,
        Err(error) => return at_top(format!("the schemas are not valid JSON Schema: {error}")),
    };
    let options = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .with_registry(&registry);
    let mut validators = HashMap::new();
    let mut problems = Vec::new();
    for site in spec.examples() {
        let validator = validators
            .entry(key(site.schema))
            .or_insert_with(|| options.build(&json_schema(site.schema)));
        let message = match validator {
            Ok(validator) => validator
                .iter_errors(&site.example.value)
                .next()
                .map(|error| {
                    let at = error.instance_path().to_string();
                    let at = if at.is_empty() {
                        "the top".to_owned()
                    } else {
                        format!("`{at}`")
                    };
                    format!(
                        "example does not satisfy its schema (#{}) at {at}: {error}; fix the \
                     example, or the schema if the example shows what the service sends",
                        site.schema.pointer
                    )
                }),
            Err(error) => Some(format!(
                "the schema of this example (#{}) is not valid JSON Schema: {error}",
                site.schema.pointer
            )),
        };
        if let Some(message) = message {
            problems.push(Problem::at(&spec.path, &site.example.pointer, message));
        }
    }
    problems
}

/// Schemas that validate alike share a validator: a named schema, and every
/// reference to it, are one; any other schema is itself.
fn key(schema: &Schema) -> String {
    let named = schema
        .pointer
        .strip_prefix("/components/schemas/")
        .filter(|name| !name.contains('/'));
    match (&schema.reference, named) {
        (Some(name), _) => format!("#{}", pointer_push("/components/schemas", name)),
        (None, Some(_)) => format!("#{}", schema.pointer),
        (None, None) => schema.pointer.clone(),
    }
}

/// The JSON Schema validating the values of `schema`, to compile on its own:
/// a named schema as a reference into the registered document.
fn json_schema(schema: &Schema) -> Value {
    match key(schema).strip_prefix('#') {
        Some(pointer) => serde_json::json!({ "$ref": format!("{DOCUMENT}#{pointer}") }),
        None => schema.to_json_schema(DOCUMENT),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    fn spec(example: Value) -> Value {
        json!({"components": {"schemas": {
            "Day": {"type": "string", "format": "date"},
            "Item": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "string", "pattern": "^[0-9]+$"},
                    "day": {"anyOf": [{"$ref": "#/components/schemas/Day"}, {"type": "string", "nullable": true, "enum": [null]}]},
                    "count": {"type": "integer", "nullable": true, "minimum": 0}
                },
                "example": example
            }
        }}})
    }

    fn problems(example: Value) -> Vec<String> {
        let read = crate::model::from_value("s.yaml", "s", spec(example));
        super::check(&read.spec)
            .into_iter()
            .map(|p| p.to_string())
            .collect()
    }

    #[test]
    fn valid_examples_pass_with_nulls_where_nullable() {
        assert_eq!(
            problems(json!({"id": "1", "day": "2026-11-24", "count": 3})),
            Vec::<String>::new()
        );
        assert_eq!(
            problems(json!({"id": "1", "day": null, "count": null})),
            Vec::<String>::new()
        );
    }

    #[test]
    fn each_kind_of_fault_is_reported_at_the_example() {
        for (example, expected) in [
            (json!({"day": null}), "\"id\" is a required property"),
            (json!({"id": "x1"}), "does not match"),
            (
                json!({"id": "1", "day": "24/11/2026"}),
                "not valid under any of the schemas",
            ),
            (json!({"id": "1", "count": -1}), "minimum of 0"),
        ] {
            let found = problems(example.clone());
            assert_eq!(found.len(), 1, "{example}: {found:?}");
            assert!(
                found[0].starts_with(
                    "s.yaml:#/components/schemas/Item/example: example does not satisfy its schema"
                ),
                "{}",
                found[0]
            );
            assert!(found[0].contains(expected), "{example}: {}", found[0]);
        }
    }
}
