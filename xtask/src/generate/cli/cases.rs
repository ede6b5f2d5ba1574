//! `tests/operations/<slug>.json`: each operation of a service called with
//! the spec's own examples, as test data for the CLI's tests (one test runs
//! every case through the built binary against a loopback server). A case
//! says what to type, what the server must receive (method, path, query,
//! headers, body), what it answers (the success example) and, when the spec
//! allows, an error answer (exit code 4) and an invalid value (exit code 2,
//! nothing sent) with the names the refusal must give.

use serde_json::{Value, json};

use crate::model::{Location, MediaType, Operation, Parameter, Response, Spec};

use super::data::Facts;
use super::{flag, kebab};

/// The test data of one service, as pretty JSON.
pub fn render(spec: &Spec) -> String {
    let examples: Vec<&Value> = spec.examples().iter().map(|e| &e.example.value).collect();
    let operations: Vec<Value> = spec
        .operations
        .iter()
        .map(|op| case(spec, &examples, op))
        .collect();
    let file = json!({
        "@generated": format!(
            "by cargo xtask from {}: each operation with the spec's examples. Do not edit.",
            spec.path
        ),
        "service": spec.slug,
        "operations": operations,
    });
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

/// The case of `op`; `examples` are every example value of the spec.
fn case(spec: &Spec, examples: &[&Value], op: &Operation) -> Value {
    let given: Vec<(&Parameter, Vec<String>)> = op
        .parameters
        .iter()
        .filter_map(|p| Some((p, values(spec, examples, op, p)?)))
        .collect();
    let mut path = op.path.clone();
    let mut query = Vec::new();
    let mut headers = Vec::new();
    for (param, values) in &given {
        match param.location {
            Location::Path => {
                let first = values.first().map_or("", String::as_str);
                path = path.replace(&format!("{{{}}}", param.name), &segment(first));
            }
            Location::Query => {
                query.extend(values.iter().map(|v| json!([param.name, v])));
            }
            Location::Header => headers.push(json!([param.name, values.join(",")])),
            Location::Cookie => {}
        }
    }
    let body = op
        .request_body
        .as_ref()
        .and_then(|b| example(b.content.as_ref()?.values().next()?));
    // The first success status with an example, else the first one.
    let mut successes: Vec<&Response> = op.responses().filter(|r| r.is_success()).collect();
    successes.sort_by_key(|r| r.code());
    let success = successes
        .iter()
        .find(|r| response_example(r).is_some())
        .or(successes.first());
    let answer = success.map(|r| json!({"status": r.code(), "body": response_example(r)}));
    json!({
        "operation": kebab(&op.id),
        "args": arguments(&given),
        "body": body,
        "request": {
            "method": op.method.as_str(),
            "path": path,
            "query": query,
            "headers": headers,
            "body": body,
        },
        "answer": answer,
        "error": error(op),
        "invalid": invalid(spec, op, &given, body),
    })
}

/// `--flag value` for each value (a list repeats the flag).
fn arguments(given: &[(&Parameter, Vec<String>)]) -> Vec<String> {
    given
        .iter()
        .flat_map(|(param, values)| {
            values
                .iter()
                .flat_map(move |v| [format!("--{}", flag(param)), v.clone()])
        })
        .collect()
}

/// The values a case gives a parameter: its example (its own, else its
/// schema's, else its items'); else a value of the same name in the spec's
/// examples (the operation's answer first) that the parameter accepts;
/// else for a required one a value the spec allows (its default, first enum
/// value or minimum). `None` leaves it out.
fn values(
    spec: &Spec,
    examples: &[&Value],
    op: &Operation,
    param: &Parameter,
) -> Option<Vec<String>> {
    let example = spec.parameter_example(param).cloned().or_else(|| {
        let schema = spec.target(param.schema.as_ref()?);
        let items = spec.target(schema.items.as_deref()?);
        Some(json!([items.example.as_ref()?.value.clone()]))
    });
    if let Some(example) = example {
        return Some(match example {
            Value::Array(items) => items.iter().map(text).collect(),
            other => vec![text(&other)],
        });
    }
    let facts = Facts::of(spec, param);
    let pattern = facts.pattern.and_then(|p| regex_lite::Regex::new(p).ok());
    let fits = |value: &str| accepts(&facts, pattern.as_ref(), value);
    let mut answer = op
        .responses()
        .filter(|r| r.is_success())
        .filter_map(response_example);
    let found = answer
        .find_map(|example| named(&example, &param.name, &fits))
        .or_else(|| {
            examples
                .iter()
                .find_map(|example| named(example, &param.name, &fits))
        });
    if let Some(found) = found {
        return Some(vec![found]);
    }
    if !param.required || param.client_default.is_some() {
        return None;
    }
    let value = facts
        .default
        .or_else(|| facts.enum_values.first().cloned())
        .or_else(|| facts.minimum.map(|m| format!("{m}")))?;
    Some(vec![value])
}

/// The first scalar under a property called `name` (case and `_` aside:
/// `webentry_id` is `webEntryId`) anywhere in `value` that `fits`.
fn named(value: &Value, name: &str, fits: &dyn Fn(&str) -> bool) -> Option<String> {
    let squash = |s: &str| s.replace(['_', '-'], "").to_ascii_lowercase();
    match value {
        Value::Object(members) => members.iter().find_map(|(key, member)| {
            let scalar = match member {
                Value::String(text) if text != "null" => Some(text.clone()),
                Value::Number(number) => Some(number.to_string()),
                _ => None,
            };
            scalar
                .filter(|s| squash(key) == squash(name) && fits(s))
                .or_else(|| named(member, name, fits))
        }),
        Value::Array(items) => items.iter().find_map(|item| named(item, name, fits)),
        _ => None,
    }
}

/// Whether the parameter's rules take `value` (`pattern`: its pattern,
/// compiled).
fn accepts(facts: &Facts<'_>, pattern: Option<&regex_lite::Regex>, value: &str) -> bool {
    let length = value.chars().count() as u64;
    let number = value.parse::<f64>().ok();
    let numeric = matches!(facts.type_name.as_str(), "integer" | "number");
    (facts.enum_values.is_empty() || facts.enum_values.iter().any(|v| v == value))
        && (facts.pattern.is_none() || pattern.is_some_and(|r| r.is_match(value)))
        && facts.min_length.is_none_or(|min| length >= min)
        && facts.max_length.is_none_or(|max| length <= max)
        && (!numeric || number.is_some())
        && facts
            .minimum
            .is_none_or(|min| number.is_some_and(|n| n >= min))
        && facts
            .maximum
            .is_none_or(|max| number.is_some_and(|n| n <= max))
}

fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// A path segment as the client writes it: everything but unreserved
/// characters percent-encoded.
fn segment(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The media type's example: `example`, else the first of `examples`.
fn example(media: &MediaType) -> Option<Value> {
    media
        .examples
        .iter()
        .find(|e| e.name.is_none())
        .or_else(|| media.examples.first())
        .map(|e| e.value.clone())
}

fn response_example(response: &Response) -> Option<Value> {
    example(response.content.as_ref()?.values().next()?)
}

/// The first documented error status that has an example (else the first
/// one, answered without a body): the command exits 4 either way. Statuses
/// the runtime retries (408, 429, 5xx) come last, so that one answer is the
/// whole exchange.
fn error(op: &Operation) -> Option<Value> {
    let mut errors: Vec<&Response> = op
        .responses()
        .filter(|r| r.code().is_some_and(|c| c >= 400))
        .collect();
    errors.sort_by_key(|r| {
        let code = r.code().unwrap_or_default();
        (matches!(code, 408 | 429) || code >= 500, code)
    });
    let chosen = errors
        .iter()
        .find(|r| response_example(r).is_some())
        .or(errors.first())?;
    Some(json!({"status": chosen.code(), "body": response_example(chosen)}))
}

/// A value the spec refuses for the first parameter that has a rule to
/// break, the other values as in the case; else a body that lacks a
/// required property. With the names the refusal must give.
fn invalid(
    spec: &Spec,
    op: &Operation,
    given: &[(&Parameter, Vec<String>)],
    body: Option<Value>,
) -> Option<Value> {
    // The operation's own parameters before those the client fills.
    let mut params: Vec<&Parameter> = op.parameters.iter().collect();
    params.sort_by_key(|p| p.client_default.is_some());
    for param in params {
        let Some(bad) = breaking(spec, param) else {
            continue;
        };
        let mut args: Vec<(&Parameter, Vec<String>)> = given
            .iter()
            .filter(|(p, _)| p.name != param.name)
            .cloned()
            .collect();
        args.push((param, vec![bad]));
        return Some(json!({
            "args": arguments(&args),
            "body": body,
            "names": [format!("--{}", flag(param)), param.name],
        }));
    }
    let mut body = body?;
    let (schema, _) = op.body()?;
    let resolved = spec.resolve(schema);
    let object = body.as_object_mut()?;
    let property = resolved
        .required
        .iter()
        .find(|name| object.contains_key(**name))?;
    object.remove(*property);
    Some(json!({
        "args": arguments(given),
        "body": body,
        "names": ["--body", property],
    }))
}

/// A value breaking one of the parameter's rules: an enum value it does
/// not list, a number out of its range or not a number, a string its
/// pattern refuses or longer than allowed, a date that is none.
fn breaking(spec: &Spec, param: &Parameter) -> Option<String> {
    let facts = Facts::of(spec, param);
    if !facts.enum_values.is_empty() {
        return Some("not-a-listed-value".to_owned());
    }
    match facts.type_name.as_str() {
        "integer" | "number" => {
            return Some(match facts.maximum {
                Some(max) => format!("{}", max + 1.0),
                None => "ten".to_owned(),
            });
        }
        "boolean" => return Some("perhaps".to_owned()),
        _ => {}
    }
    if let Some(pattern) = facts.pattern {
        let regex = regex_lite::Regex::new(pattern).ok()?;
        let candidates = ["x y", "-", "!", "0", "x", "ä"];
        if let Some(bad) = candidates.iter().find(|c| !regex.is_match(c)) {
            return Some((*bad).to_owned());
        }
    }
    if let Some(max) = facts.max_length {
        return Some("x".repeat(usize::try_from(max).ok()? + 1));
    }
    match facts.format {
        Some("date" | "date-time") => Some("not-a-date".to_owned()),
        Some("uuid") => Some("not-a-uuid".to_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_encoded() {
        assert_eq!(segment("int-1_0.~"), "int-1_0.~");
        assert_eq!(segment("a b/c"), "a%20b%2Fc");
        assert_eq!(segment("拠"), "%E6%8B%A0");
    }

    #[test]
    fn a_case_takes_the_spec_s_examples() {
        let raw = json!({
            "components": {"schemas": {
                "Id": {"type": "string", "pattern": "^[0-9]+$", "example": "42"},
                "Kind": {"type": "string", "enum": ["a", "b"]},
                "Thing": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}
            }},
            "paths": {"/things/{id}": {"put": {
                "operationId": "put_thing",
                "x-provenance": "confirmed",
                "parameters": [
                    {"name": "id", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/Id"}},
                    {"name": "kinds", "in": "query", "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Kind"}}, "example": ["a", "b"]},
                    {"name": "size", "in": "query", "required": true, "schema": {"type": "integer", "minimum": 1}}
                ],
                "requestBody": {"required": true, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Thing"},
                    "example": {"name": "x"}
                }}},
                "responses": {
                    "200": {"description": "OK.", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Thing"}, "example": {"name": "y"}}}},
                    "404": {"description": "Gone."}
                }
            }}}
        });
        let spec = crate::model::from_value("s.yaml", "s", raw).spec;
        let case = case(&spec, &[], &spec.operations[0]);
        assert_eq!(
            case,
            json!({
                "operation": "put-thing",
                "args": ["--id", "42", "--kinds", "a", "--kinds", "b", "--size", "1"],
                "body": {"name": "x"},
                "request": {
                    "method": "PUT",
                    "path": "/things/42",
                    "query": [["kinds", "a"], ["kinds", "b"], ["size", "1"]],
                    "headers": [],
                    "body": {"name": "x"}
                },
                "answer": {"status": 200, "body": {"name": "y"}},
                "error": {"status": 404, "body": null},
                "invalid": {
                    "args": ["--kinds", "a", "--kinds", "b", "--size", "1", "--id", "x y"],
                    "body": {"name": "x"},
                    "names": ["--id", "id"]
                }
            })
        );
    }
}
