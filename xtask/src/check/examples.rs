//! Every example in a spec must satisfy its own schema, under OpenAPI 3.0
//! rules (`nullable`, `format`). The generated clients decode responses
//! leniently, so decoding an example proves little: this check is what keeps
//! the examples honest.
//!
//! The spec's schemas are turned into JSON Schema (draft 4, which OpenAPI 3.0
//! extends) and each example is validated with the `jsonschema` crate.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::model::problem::Problem;
use crate::model::schemas::{example_sites, schema_pointers};

/// Base URI under which the converted document is registered.
const DOCUMENT: &str = "urn:nttcom:spec";

/// A problem for each example that its schema rejects.
pub fn check(file: &str, raw: &Value) -> Vec<Problem> {
    let at_top = |message: String| vec![Problem::at(file, "", message)];
    // The whole document is one registered resource, so that
    // `#/components/...` references resolve inside it; each example is then
    // checked against `{"$ref": "<document>#<pointer of its schema>"}`.
    let registry = jsonschema::Registry::new()
        .draft(jsonschema::Draft::Draft4)
        .add(DOCUMENT, to_json_schema(raw))
        .and_then(|builder| builder.prepare());
    let registry = match registry {
        Ok(registry) => registry,
        Err(error) => return at_top(format!("the schemas are not valid JSON Schema: {error}")),
    };
    let options = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .with_registry(&registry);
    let mut validators = BTreeMap::new();
    let mut problems = Vec::new();
    for site in example_sites(raw) {
        let Some(example) = raw.pointer(&site.example) else {
            continue;
        };
        let validator = validators.entry(site.schema.clone()).or_insert_with(|| {
            let reference = format!("{DOCUMENT}#{}", uri_fragment(&site.schema));
            options.build(&serde_json::json!({ "$ref": reference }))
        });
        let message = match validator {
            Ok(validator) => validator.iter_errors(example).next().map(|error| {
                let at = error.instance_path().to_string();
                let at = if at.is_empty() {
                    "the top".to_owned()
                } else {
                    format!("`{at}`")
                };
                format!(
                    "example does not satisfy its schema (#{}) at {at}: {error}; fix the \
                     example, or the schema if the example shows what the service sends",
                    site.schema
                )
            }),
            Err(error) => Some(format!(
                "the schema of this example (#{}) is not valid JSON Schema: {error}",
                site.schema
            )),
        };
        if let Some(message) = message {
            problems.push(Problem::at(file, &site.example, message));
        }
    }
    problems
}

/// A JSON pointer as a URI fragment: characters a URI may not hold (`{` in
/// `/paths/~1items~1{id}`, non-ASCII) are percent-encoded.
fn uri_fragment(pointer: &str) -> String {
    let mut out = String::with_capacity(pointer.len());
    for byte in pointer.bytes() {
        if byte.is_ascii_alphanumeric() || b"/~-._!$&'()*+,;=:@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The document with every schema object rewritten from OpenAPI 3.0 to JSON
/// Schema draft 4: `nullable: true` admits `null` (added to `type` and, when
/// there is one, to `enum`). Other 3.0 keywords (`example`, `x-…`) are not JSON
/// Schema keywords and are ignored by the validator.
pub fn to_json_schema(raw: &Value) -> Value {
    let mut document = raw.clone();
    for pointer in schema_pointers(raw) {
        let Some(schema) = document
            .pointer_mut(&pointer)
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        if schema.remove("nullable") != Some(Value::Bool(true)) {
            continue;
        }
        if let Some(Value::String(ty)) = schema.get("type") {
            let types = vec![Value::String(ty.clone()), Value::String("null".into())];
            schema.insert("type".into(), Value::Array(types));
        }
        if let Some(Value::Array(values)) = schema.get_mut("enum")
            && !values.contains(&Value::Null)
        {
            values.push(Value::Null);
        }
    }
    document
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

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
        check("s.yaml", &spec(example))
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
