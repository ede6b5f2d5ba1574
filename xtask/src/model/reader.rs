//! Reads the JSON tree of a spec into the model, once. The only code that
//! walks the tree: every later stage reads the [`Spec`].
//!
//! Reading is total: whatever the document holds becomes the model, and
//! what the model cannot interpret is a [`Problem`] beside it: a `$ref`
//! that is not local or points nowhere (or has keys beside it, which 3.0
//! ignores), a vendor extension that names what is not there, an operation
//! without an `operationId`, a parameter in an unknown place. What is merely
//! missing (a summary, a schema) the model leaves empty for the lint to
//! report.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::Schema;
use super::extensions::{self, Context};
use super::problem::{Problem, pointer_push};
use super::schema::AdditionalProperties;
use super::spec::{
    Auth, Example, Header, Location, MediaType, Method, Operation, Parameter, RequestBody,
    Response, SecurityScheme, Server, ServerVariable, Spec,
};
use super::usage::Usage;

/// Reads `raw`, the document of `specs/<slug>.yaml` (shown as `file`).
pub fn read(file: &str, slug: &str, raw: &Value) -> (Spec, Vec<Problem>) {
    let mut reader = Reader {
        raw,
        file,
        problems: Vec::new(),
        waiters: BTreeSet::new(),
        waiter_uses: Vec::new(),
    };
    let spec = reader.spec(slug);
    (spec, reader.problems)
}

struct Reader<'a> {
    raw: &'a Value,
    file: &'a str,
    problems: Vec<Problem>,
    /// Names in every operation's `x-waiters`.
    waiters: BTreeSet<String>,
    /// `x-waiter` of each operation that has one: where, and the value.
    waiter_uses: Vec<(String, &'a Value)>,
}

/// Trimmed text of member `key` (empty when absent or not a string).
fn text(value: &Value, key: &str) -> String {
    value
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// A `security` list: each requirement, the names of its schemes (`None`
/// when there is no list).
fn requirements(value: Option<&Value>) -> Option<Vec<Vec<String>>> {
    let list = value?.as_array()?;
    Some(
        list.iter()
            .map(|r| {
                r.as_object()
                    .into_iter()
                    .flat_map(Map::keys)
                    .cloned()
                    .collect()
            })
            .collect(),
    )
}

fn flag(map: &Map<String, Value>, key: &str) -> bool {
    map.get(key).and_then(Value::as_bool) == Some(true)
}

/// The members of the object at `key` of `value` (none when absent).
fn members<'v>(value: &'v Value, key: &str) -> impl Iterator<Item = (&'v String, &'v Value)> {
    value
        .get(key)
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
}

impl<'a> Reader<'a> {
    fn report(&mut self, pointer: &str, message: impl Into<String>) {
        self.problems.push(Problem::at(self.file, pointer, message));
    }

    fn fault(&mut self, (pointer, message): extensions::Fault) {
        self.report(&pointer, message);
    }

    fn spec(&mut self, slug: &str) -> Spec {
        let raw = self.raw;
        let components = raw.get("components").unwrap_or(&Value::Null);
        let info = raw.get("info").unwrap_or(&Value::Null);
        let mut spec = Spec {
            slug: slug.to_owned(),
            path: self.file.to_owned(),
            openapi: raw
                .get("openapi")
                .and_then(Value::as_str)
                .map(str::to_owned),
            title: text(info, "title"),
            description: text(info, "description"),
            api_version: text(info, "version"),
            servers: servers(raw),
            has_paths: raw.get("paths").is_some_and(Value::is_object),
            ..Spec::default()
        };
        for (name, schema) in members(components, "schemas") {
            let pointer = pointer_push("/components/schemas", name);
            let schema = self.schema(schema, &pointer, 0);
            spec.schemas.insert(name.clone(), schema);
        }
        for (name, parameter) in members(components, "parameters") {
            let pointer = pointer_push("/components/parameters", name);
            if let Some(parameter) = self.parameter(parameter, &pointer, &spec) {
                spec.parameters.insert(name.clone(), parameter);
            }
        }
        for (name, header) in members(components, "headers") {
            let pointer = pointer_push("/components/headers", name);
            if let Some(header) = self.header(header, &pointer, &spec) {
                spec.headers.insert(name.clone(), header);
            }
        }
        for (name, body) in members(components, "requestBodies") {
            let pointer = pointer_push("/components/requestBodies", name);
            if let Some(body) = self.request_body(body, &pointer, &spec) {
                spec.request_bodies.insert(name.clone(), body);
            }
        }
        for (name, response) in members(components, "responses") {
            let pointer = pointer_push("/components/responses", name);
            if let Some(response) = self.response(name, response, &pointer, &spec) {
                spec.responses.insert(name.clone(), response);
            }
        }
        self.security(components, &mut spec);
        spec.operations = self.operations(&spec);
        self.waiter_references();
        spec.usage = Usage::of(&spec);
        self.schema_markers(components, &spec);
        spec
    }

    /// Top-level `security`, the schemes, and what the first requirement
    /// names: how credentials travel.
    fn security(&mut self, components: &Value, spec: &mut Spec) {
        spec.security = requirements(self.raw.get("security")).unwrap_or_default();
        for (name, scheme) in members(components, "securitySchemes") {
            let pointer = pointer_push("/components/securitySchemes", name);
            spec.security_schemes.insert(
                name.clone(),
                SecurityScheme {
                    kind: text(scheme, "type"),
                    location: text(scheme, "in"),
                    name: text(scheme, "name"),
                    scheme: text(scheme, "scheme"),
                    description: text(scheme, "description"),
                    pointer,
                },
            );
        }
        let required = spec.security.first().and_then(|r| r.first());
        let Some(scheme) = required.and_then(|name| spec.security_schemes.get(name)) else {
            return;
        };
        spec.auth = match (scheme.kind.as_str(), scheme.location.as_str()) {
            ("apiKey", "header") => Auth::Header {
                name: scheme.name.clone(),
                description: scheme.description.clone(),
            },
            _ => Auth::Bearer {
                description: scheme.description.clone(),
            },
        };
        let pointer = pointer_push(&scheme.pointer, "x-token-exchange");
        let declared = self.raw.pointer(&pointer);
        spec.token_exchange = match declared.map(|d| extensions::token_exchange(d, &pointer)) {
            Some(Ok(exchange)) => Some(exchange),
            Some(Err(fault)) => {
                self.fault(fault);
                None
            }
            None => None,
        };
    }

    /// Follows a `$ref` (one or more), reporting a broken one: the value it
    /// ends at and that value's pointer, or `None` when it points nowhere.
    fn follow(&mut self, mut value: &'a Value, pointer: &str) -> Option<(&'a Value, String)> {
        let mut pointer = pointer.to_owned();
        for _ in 0..16 {
            let Some(map) = value.as_object() else {
                return Some((value, pointer));
            };
            let Some(reference) = map.get("$ref").and_then(Value::as_str) else {
                return Some((value, pointer));
            };
            let target = self.reference(map, reference, &pointer)?;
            value = self.raw.pointer(target)?;
            pointer = target.to_owned();
        }
        None
    }

    /// Checks the `$ref` of `map` (at `pointer`): local, pointing somewhere,
    /// alone. The pointer of its target when there is one.
    fn reference(
        &mut self,
        map: &Map<String, Value>,
        reference: &'a str,
        pointer: &str,
    ) -> Option<&'a str> {
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
        let target = reference.strip_prefix('#');
        match target {
            Some(target) if target.starts_with("/components/") => {
                if self.raw.pointer(target).is_some() {
                    return Some(target);
                }
                self.report(
                    pointer,
                    format!("`$ref: {reference}` points nowhere: define it or fix the name"),
                );
            }
            _ => self.report(
                pointer,
                format!(
                    "`$ref: {reference}` is not a local component reference: progenitor resolves \
                     only `#/components/...`; move the target into this file's components"
                ),
            ),
        }
        None
    }

    /// Reads the schema `value` written at `pointer`, and all inside it.
    fn schema(&mut self, value: &'a Value, pointer: &str, depth: usize) -> Schema {
        let mut schema = Schema {
            pointer: pointer.to_owned(),
            ..Schema::default()
        };
        let Some(map) = value.as_object() else {
            return schema;
        };
        if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
            let target = self.reference(map, reference, pointer);
            match reference.strip_prefix("#/components/schemas/") {
                Some(name) if !name.contains('/') => {
                    schema.reference = Some(name.replace("~1", "/").replace("~0", "~"));
                }
                // Another local target (a property of a component, say):
                // its schema, read where it is written.
                _ => {
                    if let Some(target) = target.filter(|_| depth < 16) {
                        let value = self.raw.pointer(target).unwrap_or(&Value::Null);
                        return self.schema(value, target, depth + 1);
                    }
                }
            }
            return schema;
        }
        let string = |key: &str| map.get(key).and_then(Value::as_str).map(str::to_owned);
        let count = |key: &str| map.get(key).and_then(Value::as_u64);
        let number = |key: &str| map.get(key).and_then(Value::as_number).cloned();
        schema.ty = string("type");
        schema.format = string("format");
        schema.nullable = map.get("nullable").map(|v| v.as_bool() == Some(true));
        schema.enum_values = map.get("enum").and_then(Value::as_array).cloned();
        schema.pattern = string("pattern");
        schema.min_length = count("minLength");
        schema.max_length = count("maxLength");
        schema.minimum = number("minimum");
        schema.maximum = number("maximum");
        schema.exclusive_minimum = flag(map, "exclusiveMinimum");
        schema.exclusive_maximum = flag(map, "exclusiveMaximum");
        schema.multiple_of = number("multipleOf");
        schema.min_items = count("minItems");
        schema.max_items = count("maxItems");
        schema.unique_items = flag(map, "uniqueItems");
        schema.min_properties = count("minProperties");
        schema.max_properties = count("maxProperties");
        schema.title = string("title");
        schema.description = string("description");
        schema.default = map.get("default").cloned();
        schema.read_only = flag(map, "readOnly");
        schema.write_only = flag(map, "writeOnly");
        schema.deprecated = flag(map, "deprecated");
        schema.required_by_document = flag(map, "x-required-by-document");
        schema.required = map
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|r| r.as_str().map(str::to_owned))
            .collect();
        schema.example = map.get("example").map(|value| Example {
            name: None,
            pointer: pointer_push(pointer, "example"),
            value: value.clone(),
        });
        let depth = depth + 1;
        if let Some(items) = map.get("items").filter(|i| i.is_object()) {
            let at = pointer_push(pointer, "items");
            schema.items = Some(Box::new(self.schema(items, &at, depth)));
        }
        if let Some(not) = map.get("not").filter(|n| n.is_object()) {
            let at = pointer_push(pointer, "not");
            schema.not = Some(Box::new(self.schema(not, &at, depth)));
        }
        schema.additional_properties = match map.get("additionalProperties") {
            Some(Value::Bool(allowed)) => Some(AdditionalProperties::Allowed(*allowed)),
            Some(other @ Value::Object(_)) => {
                let at = pointer_push(pointer, "additionalProperties");
                Some(AdditionalProperties::Schema(Box::new(
                    self.schema(other, &at, depth),
                )))
            }
            _ => None,
        };
        if let Some(properties) = map.get("properties").and_then(Value::as_object) {
            let base = pointer_push(pointer, "properties");
            for (name, property) in properties {
                let at = pointer_push(&base, name);
                let mut read = self.schema(property, &at, depth);
                if let Some(declared) = property.get("x-aliases") {
                    match extensions::aliases(declared, name, &at, properties) {
                        Ok(aliases) => read.aliases = aliases,
                        Err(fault) => self.fault(fault),
                    }
                }
                schema.properties.insert(name.clone(), read);
            }
        }
        for (keyword, list) in [
            ("allOf", &mut schema.all_of),
            ("anyOf", &mut schema.any_of),
            ("oneOf", &mut schema.one_of),
        ] {
            let Some(parts) = map.get(keyword).and_then(Value::as_array) else {
                continue;
            };
            let base = pointer_push(pointer, keyword);
            for (i, part) in parts.iter().enumerate() {
                if part.is_object() {
                    list.push(self.schema(part, &format!("{base}/{i}"), depth));
                }
            }
        }
        schema
    }

    /// `example` and `examples` of a parameter, header or media type.
    fn examples(&mut self, holder: &Value, pointer: &str) -> Vec<Example> {
        let mut out: Vec<Example> = holder
            .get("example")
            .map(|value| Example {
                name: None,
                pointer: pointer_push(pointer, "example"),
                value: value.clone(),
            })
            .into_iter()
            .collect();
        let base = pointer_push(pointer, "examples");
        for (name, example) in members(holder, "examples") {
            // A `$ref` to `components/examples` has no value to check here.
            if let Some(value) = example.get("value") {
                out.push(Example {
                    name: Some(name.clone()),
                    pointer: pointer_push(&pointer_push(&base, name), "value"),
                    value: value.clone(),
                });
            }
        }
        out
    }

    /// A parameter listed at `at` (inline, or a `$ref`).
    fn parameter(&mut self, value: &'a Value, at: &str, spec: &Spec) -> Option<Parameter> {
        if let Some(name) = component(value, "/components/parameters/")
            && let Some(known) = spec.parameters.get(name)
        {
            return Some(Parameter {
                at: at.to_owned(),
                ..known.clone()
            });
        }
        let (value, pointer) = self.follow(value, at)?;
        let name = text(value, "name");
        let written = value.get("in").and_then(Value::as_str).unwrap_or_default();
        let Some(location) = Location::parse(written) else {
            self.report(
                at,
                format!(
                    "parameter `{name}` has `in: {written}`: write `path`, `query` or `header`"
                ),
            );
            return None;
        };
        let client_default = match value.get("x-client-default") {
            None => None,
            Some(declared) => {
                let at = pointer_push(&pointer, "x-client-default");
                match extensions::client_default(declared, &at) {
                    Ok(default) => Some(default),
                    Err(fault) => {
                        self.fault(fault);
                        None
                    }
                }
            }
        };
        Some(Parameter {
            location,
            required: value.get("required").and_then(Value::as_bool) == Some(true),
            description: text(value, "description"),
            at: at.to_owned(),
            schema: value
                .get("schema")
                .map(|s| self.schema(s, &pointer_push(&pointer, "schema"), 0)),
            client_default,
            examples: self.examples(value, &pointer),
            pointer,
            name,
        })
    }

    fn header(&mut self, value: &'a Value, at: &str, spec: &Spec) -> Option<Header> {
        if let Some(name) = component(value, "/components/headers/")
            && let Some(known) = spec.headers.get(name)
        {
            return Some(known.clone());
        }
        let (value, pointer) = self.follow(value, at)?;
        Some(Header {
            description: text(value, "description"),
            required: value.get("required").and_then(Value::as_bool) == Some(true),
            schema: value
                .get("schema")
                .map(|s| self.schema(s, &pointer_push(&pointer, "schema"), 0)),
            examples: self.examples(value, &pointer),
            pointer,
        })
    }

    /// `content`: each media type.
    fn content(&mut self, holder: &'a Value, pointer: &str) -> Option<BTreeMap<String, MediaType>> {
        let content = holder.get("content")?.as_object()?;
        let base = pointer_push(pointer, "content");
        let mut out = BTreeMap::new();
        for (media, value) in content {
            let pointer = pointer_push(&base, media);
            let media_type = MediaType {
                schema: value
                    .get("schema")
                    .map(|s| self.schema(s, &pointer_push(&pointer, "schema"), 0)),
                examples: self.examples(value, &pointer),
                has_encoding: value.get("encoding").is_some(),
                pointer,
            };
            out.insert(media.clone(), media_type);
        }
        Some(out)
    }

    fn request_body(&mut self, value: &'a Value, at: &str, spec: &Spec) -> Option<RequestBody> {
        if let Some(name) = component(value, "/components/requestBodies/")
            && let Some(known) = spec.request_bodies.get(name)
        {
            return Some(RequestBody {
                at: at.to_owned(),
                ..known.clone()
            });
        }
        let (value, pointer) = self.follow(value, at)?;
        Some(RequestBody {
            at: at.to_owned(),
            required: value.get("required").and_then(Value::as_bool) == Some(true),
            description: text(value, "description"),
            content: self.content(value, &pointer),
            pointer,
        })
    }

    fn response(
        &mut self,
        status: &str,
        value: &'a Value,
        at: &str,
        spec: &Spec,
    ) -> Option<Response> {
        if let Some(name) = component(value, "/components/responses/")
            && let Some(known) = spec.responses.get(name)
        {
            return Some(Response {
                status: status.to_owned(),
                at: at.to_owned(),
                ..known.clone()
            });
        }
        let (value, pointer) = self.follow(value, at)?;
        let mut headers = BTreeMap::new();
        let base = pointer_push(&pointer, "headers");
        for (name, header) in members(value, "headers") {
            if let Some(header) = self.header(header, &pointer_push(&base, name), spec) {
                headers.insert(name.clone(), header);
            }
        }
        Some(Response {
            status: status.to_owned(),
            at: at.to_owned(),
            description: value
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned),
            content: self.content(value, &pointer),
            headers,
            pointer,
        })
    }

    /// A `parameters` list at `pointer` of `holder`.
    fn parameters(&mut self, holder: &'a Value, pointer: &str, spec: &Spec) -> Vec<Parameter> {
        let list = pointer_push(pointer, "parameters");
        holder
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
            .filter_map(|(i, p)| self.parameter(p, &format!("{list}/{i}"), spec))
            .collect()
    }

    fn operations(&mut self, spec: &Spec) -> Vec<Operation> {
        let mut out = Vec::new();
        let paths = self.raw.get("paths").and_then(Value::as_object);
        for (path, item) in paths.into_iter().flatten() {
            let item_pointer = pointer_push("/paths", path);
            let shared = self.parameters(item, &item_pointer, spec);
            for method in Method::ALL {
                let Some(op) = item.get(method.key()) else {
                    continue;
                };
                let pointer = pointer_push(&item_pointer, method.key());
                if let Some(op) = self.operation(op, method, path, &pointer, &shared, spec) {
                    out.push(op);
                }
            }
        }
        out
    }

    fn operation(
        &mut self,
        op: &'a Value,
        method: Method,
        path: &str,
        pointer: &str,
        shared: &[Parameter],
        spec: &Spec,
    ) -> Option<Operation> {
        let Some(id) = op.get("operationId").and_then(Value::as_str) else {
            self.report(
                pointer,
                format!(
                    "{method} {path} has no operationId: add `operationId: <snake_case_name>` (it \
                     becomes the client method name)"
                ),
            );
            return None;
        };
        let provenance = match extensions::provenance(
            op.get("x-provenance"),
            &pointer_push(pointer, "x-provenance"),
        ) {
            Ok(provenance) => Some(provenance),
            Err(fault) => {
                self.fault(fault);
                None
            }
        };
        let mut parameters = shared.to_vec();
        parameters.extend(self.parameters(op, pointer, spec));
        let request_body = op
            .get("requestBody")
            .and_then(|b| self.request_body(b, &pointer_push(pointer, "requestBody"), spec));
        let responses = op.get("responses").and_then(Value::as_object).map(|list| {
            let base = pointer_push(pointer, "responses");
            list.iter()
                .filter_map(|(status, r)| {
                    let response = self.response(status, r, &pointer_push(&base, status), spec)?;
                    Some((status.clone(), response))
                })
                .collect()
        });
        let mut operation = Operation {
            id: id.to_owned(),
            method,
            path: path.to_owned(),
            pointer: pointer.to_owned(),
            summary: text(op, "summary"),
            description: text(op, "description"),
            tags: op
                .get("tags")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|t| t.as_str().map(str::to_owned))
                .collect(),
            security: requirements(op.get("security")),
            provenance,
            parameters,
            request_body,
            responses,
            pagination: None,
            waiters: Vec::new(),
            waiter_after: op
                .get("x-waiter")
                .and_then(Value::as_str)
                .map(str::to_owned),
        };
        self.operation_extensions(op, &mut operation, spec);
        Some(operation)
    }

    /// `x-pagination` and `x-waiters` name what the operation has; `x-waiter`
    /// names a waiter (checked once every operation is read).
    fn operation_extensions(&mut self, op: &'a Value, operation: &mut Operation, spec: &Spec) {
        let cx = Context {
            pointer: &operation.pointer,
            parameters: &operation.parameters,
            body: operation.success_body(),
            schemas: &spec.schemas,
        };
        let pagination = op
            .get("x-pagination")
            .map(|d| extensions::pagination(d, &cx));
        let waiters = op.get("x-waiters").map(|d| extensions::waiters(d, &cx));
        match pagination {
            Some(Ok(pagination)) => operation.pagination = Some(pagination),
            Some(Err(fault)) => self.fault(fault),
            None => {}
        }
        match waiters {
            Some(Ok(waiters)) => operation.waiters = waiters,
            Some(Err(fault)) => self.fault(fault),
            None => {}
        }
        if op.get("x-waiters").is_some() && operation.method != Method::Get {
            self.report(
                &pointer_push(&operation.pointer, "x-waiters"),
                "waiters poll: declare them on the GET operation that reads the resource",
            );
        }
        self.waiters.extend(
            op.get("x-waiters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|w| w.get("name").and_then(Value::as_str).map(str::to_owned)),
        );
        if let Some(used) = op.get("x-waiter") {
            self.waiter_uses
                .push((pointer_push(&operation.pointer, "x-waiter"), used));
        }
    }

    /// `x-waiter: <name>` must name a waiter declared with `x-waiters`.
    fn waiter_references(&mut self) {
        for (pointer, used) in std::mem::take(&mut self.waiter_uses) {
            if used
                .as_str()
                .is_some_and(|name| self.waiters.contains(name))
            {
                continue;
            }
            let declared: Vec<&str> = self.waiters.iter().map(String::as_str).collect();
            let message = format!(
                "`x-waiter: {used}` names no waiter: declare it under `x-waiters` of the GET \
                 operation, or use one of: {}",
                declared.join(", ")
            );
            self.report(&pointer, message);
        }
    }

    /// `x-required-by-document` on component schemas, which needs to know
    /// which schemas responses carry.
    fn schema_markers(&mut self, components: &Value, spec: &Spec) {
        for (name, value) in members(components, "schemas") {
            let (Some(declared), Some(schema)) =
                (value.get("x-required-by-document"), spec.schemas.get(name))
            else {
                continue;
            };
            let in_responses = spec.usage.responses.contains(name);
            if let Err(fault) = extensions::required_by_document(declared, schema, in_responses) {
                self.fault(fault);
            }
        }
    }
}

/// The name of the component `value` refers to with `$ref: '#<prefix><name>'`.
fn component<'v>(value: &'v Value, prefix: &str) -> Option<&'v str> {
    let map = value.as_object()?;
    if map.len() != 1 {
        return None; // siblings beside the `$ref`: read it the long way, to report them
    }
    map.get("$ref")?
        .as_str()?
        .strip_prefix('#')?
        .strip_prefix(prefix)
        .filter(|name| !name.contains('/'))
}

fn servers(raw: &Value) -> Vec<Server> {
    let list = raw.get("servers").and_then(Value::as_array);
    list.into_iter()
        .flatten()
        .map(|s| Server {
            url: text(s, "url").trim_end_matches('/').to_owned(),
            description: text(s, "description"),
            variables: members(s, "variables")
                .map(|(name, v)| ServerVariable {
                    name: name.clone(),
                    values: v
                        .get("enum")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(|x| x.as_str().map(str::to_owned))
                        .collect(),
                    default: text(v, "default"),
                })
                .collect(),
        })
        .collect()
}
