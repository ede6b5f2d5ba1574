//! The rules a spec must follow before progenitor sees it, over the model.
//!
//! Every rule here stands for a shape that makes progenitor 0.15 panic or fail,
//! or that breaks a convention the generated crates rely on (named body types,
//! credentials set once). Each problem names the JSON pointer and the fix, so a
//! spec author never meets a progenitor backtrace.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::problem::{Problem, pointer_push};
use crate::model::{Location, MediaType, Operation, Schema, Spec};

/// The field every generated object type keeps its unknown properties in
/// (the generator's `codegen::EXTRA`; a test holds them equal).
pub const RESERVED_FIELD: &str = "extra";
/// The variant every generated union keeps a value of no branch in
/// (`codegen::OTHER`).
pub const RESERVED_VARIANT: &str = "Other";

/// Header parameters that would make users pass credentials on every call.
const AUTH_HEADERS: [&str; 2] = ["x-auth-token", "authorization"];

/// Methods every generated operation builder has besides its parameters'
/// setters: progenitor's `new` and `send`, `stream` of paged operations, and
/// the per-call overrides (`generate::codegen::overrides`). A parameter with
/// one of these Rust names would collide with it.
pub const BUILDER_METHODS: [&str; 6] = ["new", "send", "stream", "timeout", "header", "retry"];

/// The methods a waiter's builder adds to the setters it forwards from the
/// operation it polls (`generate::codegen::extras`).
pub const WAITER_METHODS: [&str; 5] = [
    "max_wait",
    "poll_interval",
    "max_interval",
    "initial_delay",
    "on_poll",
];

/// The document's OpenAPI version and its `paths`: when these are wrong,
/// nothing else can be judged.
pub fn document(spec: &Spec) -> Vec<Problem> {
    let mut lint = Lint::new(spec);
    lint.version();
    lint.problems
}

/// Every other rule.
pub fn rules(spec: &Spec) -> Vec<Problem> {
    let mut lint = Lint::new(spec);
    lint.security();
    lint.schema_names();
    lint.schemas();
    lint.operation_ids();
    for op in &spec.operations {
        lint.operation(op);
    }
    lint.problems
}

struct Lint<'a> {
    spec: &'a Spec,
    problems: Vec<Problem>,
}

impl<'a> Lint<'a> {
    fn new(spec: &'a Spec) -> Self {
        Self {
            spec,
            problems: Vec::new(),
        }
    }

    fn report(&mut self, pointer: &str, message: impl Into<String>) {
        self.problems
            .push(Problem::at(&self.spec.path, pointer, message));
    }

    fn version(&mut self) {
        match self.spec.openapi.as_deref() {
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
        if !self.spec.has_paths {
            self.report(
                "/paths",
                "missing `paths` object: add the operations under `paths`",
            );
        }
    }

    fn security(&mut self) {
        let spec = self.spec;
        if spec.security.is_empty() {
            self.report(
                "/security",
                "no top-level `security`: declare the scheme under `components/securitySchemes` \
                 and require it with `security: [{scheme: []}]`, so users set credentials once",
            );
        }
        for (i, requirement) in spec.security.iter().enumerate() {
            for name in requirement {
                if !spec.security_schemes.contains_key(name) {
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

    /// Component schema names become Rust type names verbatim.
    fn schema_names(&mut self) {
        for name in self.spec.schemas.keys() {
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

    /// Every schema object: its `pattern` compiles with the regex engine the
    /// generated code uses; its `nullable` has a `type` beside it.
    fn schemas(&mut self) {
        for schema in self.spec.all_schemas() {
            if let Some(pattern) = &schema.pattern
                && schema.ty.as_deref() == Some("string")
                && let Some(problem) = pattern_problem(pattern)
            {
                self.report(&pointer_push(&schema.pointer, "pattern"), problem);
            }
            self.nullable_type(schema);
            self.generated_names(schema);
        }
    }

    /// Every generated object type keeps its unknown properties in a field
    /// named `extra`, and every union a value of no branch in a variant
    /// named `Other`: a property or branch that would take either name
    /// would collide with it.
    fn generated_names(&mut self, schema: &Schema) {
        let extra = RESERVED_FIELD;
        for name in schema.properties.keys() {
            if heck::AsSnakeCase(name).to_string() == extra {
                self.report(
                    &pointer_push(&pointer_push(&schema.pointer, "properties"), name),
                    format!(
                        "property `{name}` would be the Rust field `{extra}`, which every generated \
                         object type keeps its unknown properties in: rename the property (the \
                         wire name can stay: list it in the renamed property's `x-aliases`)"
                    ),
                );
            }
        }
        let other = RESERVED_VARIANT;
        for (key, branches) in [("oneOf", &schema.one_of), ("anyOf", &schema.any_of)] {
            for (i, branch) in branches.iter().enumerate() {
                if branch.reference.as_deref() == Some(other) {
                    self.report(
                        &format!("{}/{key}/{i}", schema.pointer),
                        format!(
                            "a branch referring to schema `{other}` would be the union's variant \
                             `{other}`, which keeps a value of no branch: rename the schema"
                        ),
                    );
                }
            }
        }
    }

    /// In OpenAPI 3.0.3 `nullable` only applies beside a `type`; elsewhere
    /// (e.g. beside `allOf: [{$ref}]`) other tools read the schema as not
    /// nullable at all, and reject the spec's own `null` examples. (Beside a
    /// `$ref`, the reader already says what to write.)
    fn nullable_type(&mut self, schema: &Schema) {
        if schema.nullable.is_none() || schema.ty.is_some() || schema.reference.is_some() {
            return;
        }
        let fix = match schema.all_of.first().and_then(|s| s.reference.as_ref()) {
            Some(name) => format!(
                "for a nullable reference write `anyOf: [{{$ref: '#/components/schemas/{name}'}}, \
                 {{type: <its type>, nullable: true, enum: [null]}}]` (the generated \
                 Rust is still `Option<…>`)"
            ),
            None => "add the `type` the value has when it is not null".to_owned(),
        };
        self.report(
            &pointer_push(&schema.pointer, "nullable"),
            format!("`nullable` without a `type` beside it has no effect in OpenAPI 3.0.3: {fix}"),
        );
    }

    fn operation_ids(&mut self) {
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for op in &self.spec.operations {
            let id = op.id.as_str();
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
                seen.insert(id, &op.pointer);
            }
        }
    }

    fn operation(&mut self, op: &Operation) {
        let p = &op.pointer;
        for (key, value) in [("summary", &op.summary), ("description", &op.description)] {
            if value.is_empty() {
                self.report(
                    p,
                    format!("operation has no `{key}`: add one (it becomes the method's docs)"),
                );
            }
        }
        if op.tags.is_empty() {
            self.report(
                p,
                "operation has no `tags`: add the document's section as a tag",
            );
        }
        self.parameters(op);
        self.request_body(op);
        self.responses(op);
    }

    fn parameters(&mut self, op: &Operation) {
        let mut path_names = BTreeSet::new();
        for param in &op.parameters {
            let name = &param.name;
            match param.location {
                Location::Cookie => self.report(
                    &param.at,
                    format!("cookie parameter `{name}`: progenitor cannot send cookies; drop it or make it a header"),
                ),
                Location::Header if AUTH_HEADERS.contains(&name.to_ascii_lowercase().as_str()) => self.report(
                    &param.at,
                    format!(
                        "header parameter `{name}` carries credentials: remove it and rely on the \
                         top-level `security` requirement (users set credentials once on the client)"
                    ),
                ),
                Location::Path => {
                    path_names.insert(name.clone());
                }
                _ => {}
            }
            if param.schema.is_none() {
                self.report(
                    &param.at,
                    format!(
                        "parameter `{name}` has no `schema`: add one (`content` is not supported)"
                    ),
                );
            }
            let rust = param.rust_name();
            let taken = BUILDER_METHODS.contains(&rust.as_str())
                || (!op.waiters.is_empty() && WAITER_METHODS.contains(&rust.as_str()));
            if taken {
                self.report(
                    &pointer_push(&param.at, "name"),
                    format!(
                        "parameter `{name}` would be set with `.{rust}(…)`, a method every \
                         generated {} has for itself: its setter cannot be generated. Remove the \
                         parameter if the service does not take it; if it does, the generator \
                         needs a rename for it (not supported yet: report the parameter)",
                        if BUILDER_METHODS.contains(&rust.as_str()) {
                            "operation builder"
                        } else {
                            "waiter builder"
                        }
                    ),
                );
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

    fn request_body(&mut self, op: &Operation) {
        let Some(body) = &op.request_body else {
            return;
        };
        let Some(content) = &body.content else {
            self.report(
                &body.at,
                "request body has no `content`: add `application/json` with a schema",
            );
            return;
        };
        let types: Vec<&String> = content.keys().collect();
        if types.len() != 1 || types[0] != "application/json" {
            self.report(
                &pointer_push(&body.pointer, "content"),
                format!(
                    "request body media types {types:?}: progenitor takes exactly one; keep only \
                     `application/json` (multipart and form bodies are not supported)"
                ),
            );
        }
        for media in content.values() {
            self.media_type(media);
        }
    }

    fn responses(&mut self, op: &Operation) {
        let pointer = pointer_push(&op.pointer, "responses");
        let Some(responses) = &op.responses else {
            self.report(
                &pointer,
                "operation has no `responses`: list every documented status code",
            );
            return;
        };
        // status -> body schema (None: no body), per success and error class.
        let mut success: Vec<(&str, Option<&Schema>)> = Vec::new();
        let mut errors: Vec<(&str, Option<&Schema>)> = Vec::new();
        for (status, response) in responses {
            let rp = &response.at;
            if status == "default" {
                self.report(
                    rp,
                    "`default` response: progenitor treats it as both a success and an error type; \
                     list the status codes it stands for instead",
                );
                continue;
            }
            let Some(code) = response.code() else {
                self.report(
                    rp,
                    format!(
                        "status `{status}` is not a three-digit HTTP status: write e.g. `'404'`"
                    ),
                );
                continue;
            };
            if response.description.as_deref().is_none_or(str::is_empty) {
                self.report(
                    rp,
                    "response has no `description`: say what the status means",
                );
            }
            if let Some(content) = &response.content {
                let types: Vec<&String> = content.keys().collect();
                if types.len() != 1 || types[0] != "application/json" {
                    self.report(
                        &pointer_push(&response.pointer, "content"),
                        format!(
                            "response media types {types:?}: keep exactly one, `application/json`"
                        ),
                    );
                }
                for media in content.values() {
                    self.media_type(media);
                }
            }
            let schema = response.body_schema();
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
    fn one_body_type(&mut self, pointer: &str, class: &str, bodies: &[(&str, Option<&Schema>)]) {
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
                (Some(a), Some(b)) if a.to_json_schema("") != b.to_json_schema("") => self.report(
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
    fn media_type(&mut self, media: &MediaType) {
        if media.has_encoding {
            self.report(
                &pointer_push(&media.pointer, "encoding"),
                "`encoding` is not supported by progenitor: remove it",
            );
        }
        let Some(schema) = &media.schema else {
            self.report(
                &media.pointer,
                "media type has no `schema`: add `$ref: '#/components/schemas/...'`",
            );
            return;
        };
        if schema.body_name().is_none() {
            self.report(
                &schema.pointer,
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

fn describe_schema(schema: &Schema) -> String {
    schema
        .body_name()
        .unwrap_or_else(|| "an inline schema".to_owned())
}
