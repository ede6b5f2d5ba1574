//! Checks a spec before progenitor sees it.
//!
//! Every rule here stands for a shape that makes progenitor 0.15 panic or fail,
//! or that breaks a convention the generated crates rely on (named body types,
//! credentials set once). Each problem names the JSON pointer and the fix, so a
//! spec author never meets a progenitor backtrace.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::problem::{Problem, pointer_push};
use crate::spec::{RawOperation, operations, resolve};

/// Values of the `x-provenance` extension (see README: adding a spec).
pub const PROVENANCES: [&str; 3] = ["confirmed", "inferred", "reconstructed"];

/// Header parameters that would make users pass credentials on every call.
const AUTH_HEADERS: [&str; 2] = ["x-auth-token", "authorization"];

/// Runs every rule; an empty list means progenitor can take the spec.
pub fn lint(file: &str, raw: &Value) -> Vec<Problem> {
    let mut lint = Lint {
        file,
        raw,
        problems: Vec::new(),
    };
    lint.version();
    if !lint.problems.is_empty() {
        // Everything else assumes 3.0 shapes; stop at the first decisive fault.
        return lint.problems;
    }
    lint.security();
    lint.token_exchange();
    lint.schema_names();
    lint.walk_refs_and_schemas("", raw);
    lint.nullable_types();
    for (pointer, message) in crate::extensions::check_schemas(raw) {
        lint.report(&pointer, message);
    }
    let ops = operations(raw);
    lint.operation_ids(&ops);
    for op in &ops {
        lint.operation(op);
    }
    lint.waiter_references(&ops);
    // Examples are checked against schemas that must first resolve.
    if lint.problems.is_empty() {
        lint.problems
            .extend(crate::examples_check::check(file, raw));
    }
    lint.problems.sort();
    lint.problems.dedup();
    lint.problems
}

struct Lint<'a> {
    file: &'a str,
    raw: &'a Value,
    problems: Vec<Problem>,
}

impl Lint<'_> {
    fn report(&mut self, pointer: &str, message: impl Into<String>) {
        self.problems.push(Problem::at(self.file, pointer, message));
    }

    fn version(&mut self) {
        match self.raw.get("openapi").and_then(Value::as_str) {
            Some(v) if v.starts_with("3.0.") => {}
            Some(v) => self.report(
                "/openapi",
                format!(
                    "OpenAPI {v} is not supported: progenitor reads 3.0.x only; write `openapi: 3.0.3` \
                     and use 3.0 forms (`nullable: true` instead of `type: [T, \"null\"]`)"
                ),
            ),
            None => self.report(
                "/openapi",
                "missing `openapi` version: start the file with `openapi: 3.0.3`",
            ),
        }
        if self.raw.get("paths").and_then(Value::as_object).is_none() {
            self.report(
                "/paths",
                "missing `paths` object: add the operations under `paths`",
            );
        }
    }

    fn security(&mut self) {
        let schemes = self
            .raw
            .pointer("/components/securitySchemes")
            .and_then(Value::as_object);
        match self.raw.get("security").and_then(Value::as_array) {
            Some(reqs) if !reqs.is_empty() => {
                for (i, req) in reqs.iter().enumerate() {
                    for name in req.as_object().into_iter().flat_map(|o| o.keys()) {
                        if !schemes.is_some_and(|s| s.contains_key(name)) {
                            self.report(
                                &format!("/security/{i}"),
                                format!(
                                    "security scheme `{name}` is not declared: add it under \
                                     `components/securitySchemes`"
                                ),
                            );
                        }
                    }
                }
            }
            _ => self.report(
                "/security",
                "no top-level `security`: declare the scheme under `components/securitySchemes` \
                 and require it with `security: [{scheme: []}]`, so users set credentials once",
            ),
        }
    }

    /// `x-token-exchange` on the security scheme tells the runtime where tokens come from.
    fn token_exchange(&mut self) {
        if let Err((pointer, message)) = crate::service::token_exchange(self.raw) {
            self.report(&pointer, message);
        }
    }

    /// Component schema names become Rust type names verbatim.
    fn schema_names(&mut self) {
        let Some(schemas) = self
            .raw
            .pointer("/components/schemas")
            .and_then(Value::as_object)
        else {
            return;
        };
        for name in schemas.keys() {
            let pascal = name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && name.chars().all(|c| c.is_ascii_alphanumeric());
            if !pascal {
                self.report(
                    &pointer_push("/components/schemas", name),
                    format!(
                        "schema name `{name}` is not PascalCase ASCII: rename it (e.g. `{}`), \
                         it becomes the Rust type name",
                        heck::AsUpperCamelCase(name)
                    ),
                );
            }
        }
    }

    /// Every `$ref` resolves locally; no sibling keys beside a `$ref`; every
    /// `pattern` compiles with the regex engine the generated code uses.
    fn walk_refs_and_schemas(&mut self, pointer: &str, value: &Value) {
        match value {
            Value::Object(map) => {
                if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
                    self.reference(pointer, reference);
                    let siblings: Vec<&str> = map
                        .keys()
                        .map(String::as_str)
                        .filter(|k| !matches!(*k, "$ref" | "description" | "summary"))
                        .collect();
                    if siblings == ["nullable"] {
                        self.report(
                            pointer,
                            format!(
                                "`nullable` beside `$ref` is ignored in OpenAPI 3.0: write \
                                 `anyOf: [{{$ref: '{reference}'}}, {{type: <its type>, nullable: true, enum: [null]}}]`"
                            ),
                        );
                    } else if !siblings.is_empty() {
                        self.report(
                            pointer,
                            format!(
                                "`{}` beside `$ref` is ignored in OpenAPI 3.0: wrap the reference \
                                 as `allOf: [{{$ref: '{reference}'}}]` and keep `{}` beside `allOf`",
                                siblings.join("`, `"),
                                siblings.join("`, `"),
                            ),
                        );
                    }
                }
                if let Some(pattern) = map.get("pattern").and_then(Value::as_str)
                    && map.get("type").and_then(Value::as_str) == Some("string")
                    && let Some(problem) = pattern_problem(pattern)
                {
                    self.report(&pointer_push(pointer, "pattern"), problem);
                }
                for (key, child) in map {
                    // Examples are data, not schemas: a `pattern` key in one is not a regex.
                    if key != "example" && key != "examples" {
                        self.walk_refs_and_schemas(&pointer_push(pointer, key), child);
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    self.walk_refs_and_schemas(&format!("{pointer}/{i}"), child);
                }
            }
            _ => {}
        }
    }

    /// In OpenAPI 3.0.3 `nullable` only applies beside a `type`; elsewhere
    /// (e.g. beside `allOf: [{$ref}]`) other tools read the schema as not
    /// nullable at all, and reject the spec's own `null` examples.
    fn nullable_types(&mut self) {
        for pointer in crate::schemas::schema_pointers(self.raw) {
            let Some(schema) = self.raw.pointer(&pointer) else {
                continue;
            };
            // Beside a `$ref`, the sibling rule above already says what to write.
            if schema.get("nullable").is_some()
                && schema.get("type").is_none()
                && schema.get("$ref").is_none()
            {
                let fix = match schema.pointer("/allOf/0/$ref").and_then(Value::as_str) {
                    Some(reference) => format!(
                        "for a nullable reference write `anyOf: [{{$ref: '{reference}'}}, \
                         {{type: <its type>, nullable: true, enum: [null]}}]` (the generated \
                         Rust is still `Option<…>`)"
                    ),
                    None => "add the `type` the value has when it is not null".to_owned(),
                };
                self.report(
                    &pointer_push(&pointer, "nullable"),
                    format!("`nullable` without a `type` beside it has no effect in OpenAPI 3.0.3: {fix}"),
                );
            }
        }
    }

    fn reference(&mut self, pointer: &str, reference: &str) {
        let target = reference.strip_prefix('#');
        if target.is_none_or(|t| !t.starts_with("/components/")) {
            self.report(
                pointer,
                format!(
                    "`$ref: {reference}` is not a local component reference: progenitor resolves \
                     only `#/components/...`; move the target into this file's components"
                ),
            );
        } else if self.raw.pointer(target.unwrap_or_default()).is_none() {
            self.report(
                pointer,
                format!("`$ref: {reference}` points nowhere: define it or fix the name"),
            );
        }
    }

    fn operation_ids(&mut self, ops: &[RawOperation<'_>]) {
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for op in ops {
            let Some(id) = op.op.get("operationId").and_then(Value::as_str) else {
                self.report(
                    &op.pointer,
                    format!(
                        "{} {} has no operationId: add `operationId: <snake_case_name>` (it becomes \
                         the client method name)",
                        op.method.to_uppercase(),
                        op.path
                    ),
                );
                continue;
            };
            let pointer = pointer_push(&op.pointer, "operationId");
            let snake = !id.is_empty()
                && id.starts_with(|c: char| c.is_ascii_lowercase())
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !snake {
                self.report(
                    &pointer,
                    format!(
                        "operationId `{id}` is not snake_case: rename it to `{}`",
                        heck::AsSnakeCase(id)
                    ),
                );
            }
            if let Some(first) = seen.get(id) {
                self.report(
                    &pointer,
                    format!("operationId `{id}` is already used at #{first}: make it unique"),
                );
            } else {
                seen.insert(id.to_owned(), op.pointer.clone());
            }
        }
    }

    fn operation(&mut self, op: &RawOperation<'_>) {
        let p = &op.pointer;
        for key in ["summary", "description"] {
            if op
                .op
                .get(key)
                .and_then(Value::as_str)
                .is_none_or(str::is_empty)
            {
                self.report(
                    p,
                    format!("operation has no `{key}`: add one (it becomes the method's docs)"),
                );
            }
        }
        if op
            .op
            .get("tags")
            .and_then(Value::as_array)
            .is_none_or(Vec::is_empty)
        {
            self.report(
                p,
                "operation has no `tags`: add the document's section as a tag",
            );
        }
        match op.op.get("x-provenance").and_then(Value::as_str) {
            Some(v) if PROVENANCES.contains(&v) => {}
            other => self.report(
                &pointer_push(p, "x-provenance"),
                format!(
                    "`x-provenance` is {}: set it to one of {} (how the method and path are known)",
                    other.map_or("missing".to_owned(), |v| format!("`{v}`")),
                    PROVENANCES.join(", ")
                ),
            ),
        }
        self.parameters(op);
        self.request_body(op);
        self.responses(op);
        self.operation_extensions(op);
    }

    /// `x-pagination` and `x-waiters` must name what the operation has.
    fn operation_extensions(&mut self, op: &RawOperation<'_>) {
        let params = op.parameters(self.raw);
        let body = crate::service::success_body(self.raw, op.op);
        if let Err((pointer, message)) =
            crate::extensions::pagination(self.raw, op.op, &op.pointer, &params, body)
        {
            self.report(&pointer, message);
        }
        if let Err((pointer, message)) =
            crate::extensions::waiters(self.raw, op.op, &op.pointer, body)
        {
            self.report(&pointer, message);
        }
        if op.op.get("x-waiters").is_some() && op.method != "get" {
            self.report(
                &pointer_push(&op.pointer, "x-waiters"),
                "waiters poll: declare them on the GET operation that reads the resource",
            );
        }
    }

    /// `x-waiter: <name>` must name a waiter declared with `x-waiters`.
    fn waiter_references(&mut self, ops: &[RawOperation<'_>]) {
        let declared: BTreeSet<&str> = ops
            .iter()
            .flat_map(|op| {
                op.op
                    .get("x-waiters")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
            })
            .filter_map(|w| w.get("name").and_then(Value::as_str))
            .collect();
        for op in ops {
            match op.op.get("x-waiter") {
                None => {}
                Some(Value::String(name)) if declared.contains(name.as_str()) => {}
                Some(other) => self.report(
                    &pointer_push(&op.pointer, "x-waiter"),
                    format!(
                        "`x-waiter: {other}` names no waiter: declare it under `x-waiters` of the GET \
                         operation, or use one of: {}",
                        declared.iter().copied().collect::<Vec<_>>().join(", ")
                    ),
                ),
            }
        }
    }

    fn parameters(&mut self, op: &RawOperation<'_>) {
        let mut path_names = BTreeSet::new();
        let lists = [
            (op.path_params, pointer_push(&op.item_pointer, "parameters")),
            (
                op.op.get("parameters"),
                pointer_push(&op.pointer, "parameters"),
            ),
        ];
        for (list, list_pointer) in lists {
            let Some(list) = list.and_then(Value::as_array) else {
                continue;
            };
            for (i, param) in list.iter().enumerate() {
                let pointer = format!("{list_pointer}/{i}");
                let Some(param) = resolve(self.raw, param) else {
                    continue; // reported by the reference walk
                };
                let name = param.get("name").and_then(Value::as_str).unwrap_or("");
                let location = param.get("in").and_then(Value::as_str).unwrap_or("");
                match location {
                    "cookie" => self.report(
                        &pointer,
                        format!("cookie parameter `{name}`: progenitor cannot send cookies; drop it or make it a header"),
                    ),
                    "header" if AUTH_HEADERS.contains(&name.to_ascii_lowercase().as_str()) => self.report(
                        &pointer,
                        format!(
                            "header parameter `{name}` carries credentials: remove it and rely on the \
                             top-level `security` requirement (users set credentials once on the client)"
                        ),
                    ),
                    "path" => {
                        path_names.insert(name.to_owned());
                    }
                    _ => {}
                }
                if let Err((pointer, message)) = crate::extensions::client_default(param, &pointer)
                {
                    self.report(&pointer, message);
                }
                if param.get("schema").is_none() {
                    self.report(
                        &pointer,
                        format!("parameter `{name}` has no `schema`: add one (`content` is not supported)"),
                    );
                }
            }
        }
        let placeholders: BTreeSet<String> = op
            .path
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(name, _)| name.to_owned()))
            .collect();
        for missing in placeholders.difference(&path_names) {
            self.report(
                &op.pointer,
                format!("path placeholder `{{{missing}}}` has no `in: path` parameter: declare it"),
            );
        }
        for extra in path_names.difference(&placeholders) {
            self.report(
                &op.pointer,
                format!("path parameter `{extra}` does not appear in `{}`: add `{{{extra}}}` to the path or drop the parameter", op.path),
            );
        }
    }

    fn request_body(&mut self, op: &RawOperation<'_>) {
        let pointer = pointer_push(&op.pointer, "requestBody");
        let Some(body) = op.op.get("requestBody").and_then(|b| resolve(self.raw, b)) else {
            return;
        };
        let Some(content) = body.get("content").and_then(Value::as_object) else {
            self.report(
                &pointer,
                "request body has no `content`: add `application/json` with a schema",
            );
            return;
        };
        let types: Vec<&String> = content.keys().collect();
        if types.len() != 1 || types[0] != "application/json" {
            self.report(
                &pointer_push(&pointer, "content"),
                format!(
                    "request body media types {types:?}: progenitor takes exactly one; keep only \
                     `application/json` (multipart and form bodies are not supported)"
                ),
            );
        }
        for (media, value) in content {
            self.media_type(
                &pointer_push(&pointer_push(&pointer, "content"), media),
                value,
            );
        }
    }

    fn responses(&mut self, op: &RawOperation<'_>) {
        let pointer = pointer_push(&op.pointer, "responses");
        let Some(responses) = op.op.get("responses").and_then(Value::as_object) else {
            self.report(
                &pointer,
                "operation has no `responses`: list every documented status code",
            );
            return;
        };
        // status -> body schema (None: no body), per success and error class.
        let mut success: Vec<(&str, Option<&Value>)> = Vec::new();
        let mut errors: Vec<(&str, Option<&Value>)> = Vec::new();
        for (status, response) in responses {
            let rp = pointer_push(&pointer, status);
            if status == "default" {
                self.report(
                    &rp,
                    "`default` response: progenitor treats it as both a success and an error type; \
                     list the status codes it stands for instead",
                );
                continue;
            }
            let code = status
                .parse::<u16>()
                .ok()
                .filter(|c| (100..600).contains(c));
            let Some(code) = code else {
                self.report(
                    &rp,
                    format!(
                        "status `{status}` is not a three-digit HTTP status: write e.g. `'404'`"
                    ),
                );
                continue;
            };
            let Some(response) = resolve(self.raw, response) else {
                continue;
            };
            if response
                .get("description")
                .and_then(Value::as_str)
                .is_none_or(str::is_empty)
            {
                self.report(
                    &rp,
                    "response has no `description`: say what the status means",
                );
            }
            let content = response.get("content").and_then(Value::as_object);
            let schema = match content {
                None => None,
                Some(content) => {
                    let types: Vec<&String> = content.keys().collect();
                    if types.len() != 1 || types[0] != "application/json" {
                        self.report(
                            &pointer_push(&rp, "content"),
                            format!("response media types {types:?}: keep exactly one, `application/json`"),
                        );
                    }
                    for (media, value) in content {
                        self.media_type(&pointer_push(&pointer_push(&rp, "content"), media), value);
                    }
                    content.values().next().and_then(|m| m.get("schema"))
                }
            };
            match code {
                200..=299 => success.push((status, schema)),
                400..=599 => errors.push((status, schema)),
                _ => {}
            }
        }
        if success.is_empty() {
            self.report(&pointer, "no 2xx response: document the success status");
        }
        self.one_body_type(&pointer, "success (2xx)", &success);
        self.one_body_type(&pointer, "error (4xx/5xx)", &errors);
    }

    /// progenitor builds one Rust type per class of responses; mixing shapes panics.
    fn one_body_type(&mut self, pointer: &str, class: &str, bodies: &[(&str, Option<&Value>)]) {
        let Some((first_status, first)) = bodies.first() else {
            return;
        };
        for (status, schema) in &bodies[1..] {
            let rp = pointer_push(pointer, status);
            match (first, schema) {
                (None, None) => {}
                (Some(_), None) | (None, Some(_)) => self.report(
                    &rp,
                    format!(
                        "{class} responses mix a body and no body ({first_status} {}, {status} {}): \
                         progenitor needs one {class} type; give every {class} status the same body, or none",
                        if first.is_some() { "has one" } else { "has none" },
                        if schema.is_some() { "has one" } else { "has none" },
                    ),
                ),
                (Some(a), Some(b)) if a != b => self.report(
                    &rp,
                    format!(
                        "{class} responses have different body schemas ({first_status}: {}, {status}: {}): \
                         progenitor needs one {class} type; use the same schema for both",
                        describe_schema(a),
                        describe_schema(b)
                    ),
                ),
                _ => {}
            }
        }
    }

    /// A body must be a named schema (or an array of one) so that its Rust type
    /// has a stable name that generated tests and users can refer to.
    fn media_type(&mut self, pointer: &str, media: &Value) {
        if media.get("encoding").is_some() {
            self.report(
                &pointer_push(pointer, "encoding"),
                "`encoding` is not supported by progenitor: remove it",
            );
        }
        let Some(schema) = media.get("schema") else {
            self.report(
                pointer,
                "media type has no `schema`: add `$ref: '#/components/schemas/...'`",
            );
            return;
        };
        let named = schema.get("$ref").is_some()
            || (schema.get("type").and_then(Value::as_str) == Some("array")
                && schema.pointer("/items/$ref").is_some());
        if !named {
            self.report(
                &pointer_push(pointer, "schema"),
                "inline body schema: move it to `components/schemas` and `$ref` it (or use an array \
                 whose `items` is a `$ref`), so its Rust type has a stable name",
            );
        }
    }
}

/// A `pattern` is ECMAScript (OpenAPI's dialect); the generated code checks it
/// with `regex-lite`. Accept only patterns both read, with the classes that
/// mean the same in both (`\d`, `\w`, `\s`, `\b` differ at the edges).
fn pattern_problem(pattern: &str) -> Option<String> {
    if let Err(e) = regress::Regex::new(pattern) {
        return Some(format!(
            "pattern `{pattern}` is not a valid ECMAScript regex ({e}): fix it"
        ));
    }
    if let Err(e) = regex_lite::Regex::new(pattern) {
        let reason = e.to_string().lines().last().unwrap_or_default().to_owned();
        return Some(format!(
            "pattern `{pattern}` uses a construct the generated code's regex engine lacks \
             ({reason}): rewrite it without lookaround or backreferences"
        ));
    }
    if ["\\d", "\\w", "\\s", "\\b", "\\D", "\\W", "\\S"]
        .iter()
        .any(|class| pattern.replace("\\\\", "").contains(class))
    {
        return Some(format!(
            "pattern `{pattern}` uses \\d, \\w, \\s or \\b, which do not match the same in Rust \
             as in ECMAScript: spell the class out, e.g. `[0-9]`"
        ));
    }
    None
}

fn describe_schema(schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().unwrap_or(r).to_owned();
    }
    if let Some(r) = schema.pointer("/items/$ref").and_then(Value::as_str) {
        return format!("array of {}", r.rsplit('/').next().unwrap_or(r));
    }
    "an inline schema".to_owned()
}
