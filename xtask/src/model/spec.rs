//! The typed model of one spec: the service, its servers and credentials,
//! its operations with their parameters, bodies and responses, the named
//! schemas and the examples. Everything later stages know about a spec,
//! they read here.

use std::collections::BTreeMap;

use serde_json::Value;

use super::extensions::{ClientDefault, Pagination, Provenance, TokenExchange, Waiter};
use super::resolved::{Resolved, resolve};
use super::schema::Schema;
use super::usage::Usage;

/// One spec, read.
#[derive(Debug, Default)]
pub struct Spec {
    /// Service slug: the file stem (`specs/ipoe.yaml` is `ipoe`).
    pub slug: String,
    /// The spec's path as messages and generated headers show it, e.g.
    /// `specs/ipoe.yaml`.
    pub path: String,
    /// `openapi`: the version of OpenAPI the document is written in.
    pub openapi: Option<String>,
    /// `info.title`.
    pub title: String,
    /// `info.description`.
    pub description: String,
    /// `info.version`: the API revision the spec describes.
    pub api_version: String,
    /// The production server first.
    pub servers: Vec<Server>,
    /// Top-level `security`: each requirement, the names of its schemes.
    pub security: Vec<Vec<String>>,
    /// `components/securitySchemes` by name.
    pub security_schemes: BTreeMap<String, SecurityScheme>,
    /// How credentials travel: the scheme the first requirement names.
    pub auth: Auth,
    /// That scheme's `x-token-exchange`.
    pub token_exchange: Option<TokenExchange>,
    /// Whether the document has a `paths` object.
    pub has_paths: bool,
    /// Every operation, in document order (paths sorted, then methods).
    pub operations: Vec<Operation>,
    /// `components/schemas` by name.
    pub schemas: BTreeMap<String, Schema>,
    /// `components/parameters` by name.
    pub parameters: BTreeMap<String, Parameter>,
    /// `components/headers` by name.
    pub headers: BTreeMap<String, Header>,
    /// `components/requestBodies` by name.
    pub request_bodies: BTreeMap<String, RequestBody>,
    /// `components/responses` by name.
    pub responses: BTreeMap<String, Response>,
    /// Where each named schema is used: in requests, responses, or both.
    pub usage: Usage,
}

#[derive(Clone, Debug, Default)]
pub struct Server {
    /// Without a trailing `/`.
    pub url: String,
    pub description: String,
    /// `{name}` placeholders in `url`, each with its allowed values.
    pub variables: Vec<ServerVariable>,
}

#[derive(Clone, Debug, Default)]
pub struct ServerVariable {
    pub name: String,
    pub values: Vec<String>,
    pub default: String,
}

/// A `components/securitySchemes` entry.
#[derive(Clone, Debug, Default)]
pub struct SecurityScheme {
    pub pointer: String,
    /// `type`: `apiKey`, `http`…
    pub kind: String,
    /// `in` (`header` for an API key).
    pub location: String,
    /// `name`: the API key's header.
    pub name: String,
    /// `scheme` (`bearer` for `http`).
    pub scheme: String,
    pub description: String,
}

/// How credentials travel, from the spec's security scheme.
#[derive(Clone, Debug)]
pub enum Auth {
    /// An API key in a request header, e.g. `X-Auth-Token`.
    Header { name: String, description: String },
    /// `Authorization: Bearer <token>`.
    Bearer { description: String },
}

impl Default for Auth {
    fn default() -> Self {
        Self::Bearer {
            description: String::new(),
        }
    }
}

/// An HTTP method an OpenAPI path item can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    /// In the order progenitor reads a path item.
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// The key in a path item: `get`.
    pub fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }

    /// As HTTP writes it: `GET`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Debug)]
pub struct Operation {
    /// `operationId`: snake_case, the client method's name.
    pub id: String,
    pub method: Method,
    pub path: String,
    /// Where it is written: `/paths/~1items/get`.
    pub pointer: String,
    /// The document's own title for the operation (a name users search for).
    pub summary: String,
    pub description: String,
    pub tags: Vec<String>,
    /// The operation's own `security`, each requirement the names of its
    /// schemes (`None`: the top-level one applies; `Some([])`: no credentials,
    /// e.g. a token endpoint listed as an operation).
    pub security: Option<Vec<Vec<String>>>,
    /// `x-provenance` (`None` when missing or unknown: a reading problem).
    pub provenance: Option<Provenance>,
    /// Every parameter, path-item ones first.
    pub parameters: Vec<Parameter>,
    pub request_body: Option<RequestBody>,
    /// `responses` by status (`None`: no `responses` object).
    pub responses: Option<BTreeMap<String, Response>>,
    /// `x-pagination`: how to walk every page.
    pub pagination: Option<Pagination>,
    /// `x-waiters`: how to wait, polling this operation.
    pub waiters: Vec<Waiter>,
    /// `x-waiter`: the waiter to use after this operation.
    pub waiter_after: Option<String>,
}

/// Where a parameter travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Location {
    Path,
    Query,
    Header,
    Cookie,
}

impl Location {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "path" => Some(Self::Path),
            "query" => Some(Self::Query),
            "header" => Some(Self::Header),
            "cookie" => Some(Self::Cookie),
            _ => None,
        }
    }

    /// As the spec writes it (`in: path`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Path => "path",
            Self::Query => "query",
            Self::Header => "header",
            Self::Cookie => "cookie",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Parameter {
    /// The name on the wire, e.g. `pageSize`.
    pub name: String,
    pub location: Location,
    pub required: bool,
    pub description: String,
    /// Where it is listed: an entry of a `parameters` list.
    pub at: String,
    /// Where it is defined: `at`, or the component a `$ref` there names.
    pub pointer: String,
    /// `None` when the parameter has none (`content` is not supported).
    pub schema: Option<Schema>,
    /// `x-client-default`: where the client fills the value from when the
    /// call does not set it (`tenant`: the client's tenant id).
    pub client_default: Option<ClientDefault>,
    /// `example` and `examples` of the parameter itself.
    pub examples: Vec<Example>,
}

impl Parameter {
    /// The name progenitor gives its builder setter and variables: `pageSize` → `page_size`.
    pub fn rust_name(&self) -> String {
        heck::AsSnakeCase(&self.name).to_string()
    }

    /// The parameter's own `example`.
    pub fn example(&self) -> Option<&Example> {
        self.examples.iter().find(|e| e.name.is_none())
    }
}

#[derive(Clone, Debug)]
pub struct RequestBody {
    /// Where it is written: the operation's `requestBody`.
    pub at: String,
    /// Where it is defined: `at`, or the component a `$ref` there names.
    pub pointer: String,
    pub required: bool,
    pub description: String,
    /// `content` by media type (`None`: no `content` object).
    pub content: Option<BTreeMap<String, MediaType>>,
}

impl RequestBody {
    /// The schema of its `application/json` content.
    pub fn json_schema(&self) -> Option<&Schema> {
        self.content.as_ref()?.get(JSON)?.schema.as_ref()
    }
}

#[derive(Clone, Debug)]
pub struct Response {
    /// `200`, `404`… as written (`default` and `4XX` are refused by the lint).
    pub status: String,
    /// Where it is written: `…/responses/<status>`.
    pub at: String,
    /// Where it is defined: `at`, or the component a `$ref` there names.
    pub pointer: String,
    pub description: Option<String>,
    /// `content` by media type (`None`: no body).
    pub content: Option<BTreeMap<String, MediaType>>,
    pub headers: BTreeMap<String, Header>,
}

impl Response {
    /// The status as a number, when it is a three-digit HTTP status.
    pub fn code(&self) -> Option<u16> {
        self.status
            .parse::<u16>()
            .ok()
            .filter(|c| (100..600).contains(c))
    }

    pub fn is_success(&self) -> bool {
        self.status.starts_with('2')
    }

    /// The schema of its `application/json` content.
    pub fn json_schema(&self) -> Option<&Schema> {
        self.content.as_ref()?.get(JSON)?.schema.as_ref()
    }

    /// The headers defined in the response itself (not through a `$ref`).
    fn own_headers(&self) -> impl Iterator<Item = &Header> {
        self.headers
            .values()
            .filter(|h| h.pointer.starts_with(&self.pointer))
    }

    /// The schema of its body, whatever the media type (the first).
    pub fn body_schema(&self) -> Option<&Schema> {
        self.content.as_ref()?.values().next()?.schema.as_ref()
    }
}

/// The media type every body of these APIs has.
pub const JSON: &str = "application/json";

#[derive(Clone, Debug)]
pub struct MediaType {
    pub pointer: String,
    pub schema: Option<Schema>,
    /// `example` and `examples`.
    pub examples: Vec<Example>,
    /// Whether it has an `encoding` (not supported).
    pub has_encoding: bool,
}

#[derive(Clone, Debug)]
pub struct Header {
    pub pointer: String,
    pub description: String,
    pub required: bool,
    pub schema: Option<Schema>,
    pub examples: Vec<Example>,
}

/// An example value the spec gives.
#[derive(Clone, Debug)]
pub struct Example {
    /// `None` for `example`; the key for `examples/<key>`.
    pub name: Option<String>,
    /// Where the value is written (`…/example`, `…/examples/<key>/value`).
    pub pointer: String,
    pub value: Value,
}

/// An example and the schema it must satisfy.
#[derive(Clone, Copy, Debug)]
pub struct ExampleSite<'a> {
    pub example: &'a Example,
    pub schema: &'a Schema,
}

impl Operation {
    /// The responses, by status (none when the spec has no `responses`).
    pub fn responses(&self) -> impl Iterator<Item = &Response> {
        self.responses.iter().flat_map(BTreeMap::values)
    }

    /// The schema of the first 2xx response with a JSON body.
    pub fn success_body(&self) -> Option<&Schema> {
        self.responses()
            .filter(|r| r.is_success())
            .find_map(Response::json_schema)
    }

    /// The schema of the error (4xx/5xx) responses' JSON body (the lint makes
    /// them share one).
    pub fn error_body(&self) -> Option<&Schema> {
        self.responses()
            .filter(|r| !r.is_success())
            .find_map(Response::json_schema)
    }

    /// The documented error statuses (4xx/5xx), in order.
    pub fn error_statuses(&self) -> Vec<u16> {
        self.responses()
            .filter_map(Response::code)
            .filter(|c| *c >= 400)
            .collect()
    }

    /// The JSON schema of the request body, and whether the body is required.
    pub fn body(&self) -> Option<(&Schema, bool)> {
        let body = self.request_body.as_ref()?;
        Some((body.json_schema()?, body.required))
    }

    /// The name of the request builder progenitor generates: `ListOrders`.
    pub fn builder_name(&self) -> String {
        heck::AsUpperCamelCase(&self.id).to_string()
    }

    /// Whether the request carries the service's credentials: false when the
    /// operation's own `security` is empty (`security: []`).
    pub fn authenticated(&self) -> bool {
        self.security.as_ref().is_none_or(|s| !s.is_empty())
    }

    /// The parameters a call must set: required ones the client does not fill.
    pub fn required_parameters(&self) -> impl Iterator<Item = &Parameter> {
        self.parameters
            .iter()
            .filter(|p| p.required && p.client_default.is_none())
    }
}

impl Spec {
    /// Cargo package name, `nttcom-<slug>`.
    pub fn package(&self) -> String {
        format!("nttcom-{}", self.slug)
    }

    /// Rust library name, `nttcom_<slug with _>`.
    pub fn library(&self) -> String {
        format!("nttcom_{}", self.slug.replace('-', "_"))
    }

    /// `schema` with its references followed (see [`Resolved`]).
    pub fn resolve<'a>(&'a self, schema: &'a Schema) -> Resolved<'a> {
        resolve(&self.schemas, schema)
    }

    /// The schema a `$ref` chain ends at (the schema itself without one).
    pub fn target<'a>(&'a self, mut schema: &'a Schema) -> &'a Schema {
        for _ in 0..16 {
            match schema.reference.as_ref().and_then(|n| self.schemas.get(n)) {
                Some(target) => schema = target,
                None => break,
            }
        }
        schema
    }

    /// The operation whose request builder is called `builder`.
    pub fn operation_for_builder(&self, builder: &str) -> Option<&Operation> {
        self.operations
            .iter()
            .find(|op| op.builder_name() == builder)
    }

    /// The first server's URL: the production endpoint the client defaults to.
    pub fn default_base_url(&self) -> &str {
        self.servers
            .first()
            .map_or("https://api.ntt.com", |s| s.url.as_str())
    }

    /// The example value of a parameter: its own, else its schema's.
    pub fn parameter_example<'a>(&'a self, parameter: &'a Parameter) -> Option<&'a Value> {
        parameter.example().map(|e| &e.value).or_else(|| {
            let schema = self.target(parameter.schema.as_ref()?);
            schema.example.as_ref().map(|e| &e.value)
        })
    }

    /// Setter calls for the parameters an operation's call must set, with the
    /// spec's examples, for doc examples: `.from("2024-06-10").to("2024-06-10")`.
    pub fn example_args(&self, op: &Operation) -> String {
        op.required_parameters()
            .map(|p| {
                let value = match self.parameter_example(p) {
                    Some(Value::String(text)) => format!("{text:?}"),
                    Some(other) => other.to_string(),
                    None => "\"…\"".to_owned(),
                };
                format!(".{}({value})", p.rust_name())
            })
            .collect()
    }

    /// The other names (`x-aliases`) under which responses may carry
    /// property `property` of component schema `schema`.
    pub fn aliases(&self, schema: &str, property: &str) -> &[String] {
        self.schemas
            .get(schema)
            .and_then(|s| s.properties.get(property))
            .map_or(&[], |p| p.aliases.as_slice())
    }

    /// The parameters, headers, request bodies and responses defined in
    /// place (not through a `$ref`), components first: each exactly once.
    fn holders(&self) -> Holders<'_> {
        let mut parameters: Vec<&Parameter> = self.parameters.values().collect();
        let mut headers: Vec<&Header> = self.headers.values().collect();
        let mut media: Vec<(&MediaType, bool)> = Vec::new();
        for body in self.request_bodies.values() {
            media.extend(
                body.content
                    .iter()
                    .flat_map(|c| c.values())
                    .map(|m| (m, false)),
            );
        }
        for response in self.responses.values() {
            media.extend(
                response
                    .content
                    .iter()
                    .flat_map(|c| c.values())
                    .map(|m| (m, true)),
            );
            headers.extend(response.own_headers());
        }
        let mut response_headers: Vec<&Header> = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for op in &self.operations {
            // A path item's parameters are listed with each of its operations.
            parameters.extend(
                op.parameters
                    .iter()
                    .filter(|p| p.at == p.pointer && seen.insert(p.pointer.as_str())),
            );
            if let Some(body) = op.request_body.as_ref().filter(|b| b.at == b.pointer) {
                media.extend(
                    body.content
                        .iter()
                        .flat_map(|c| c.values())
                        .map(|m| (m, false)),
                );
            }
            for response in op.responses().filter(|r| r.at == r.pointer) {
                media.extend(
                    response
                        .content
                        .iter()
                        .flat_map(|c| c.values())
                        .map(|m| (m, true)),
                );
                response_headers.extend(response.own_headers());
            }
        }
        Holders {
            parameters,
            headers,
            response_headers,
            media,
        }
    }

    /// The schemas at the top of the document's structure, each once:
    /// component schemas, then the schema of every parameter, header and
    /// media type.
    pub fn root_schemas(&self) -> Vec<&Schema> {
        let holders = self.holders();
        let mut out: Vec<&Schema> = self.schemas.values().collect();
        out.extend(holders.parameters.iter().filter_map(|p| p.schema.as_ref()));
        out.extend(
            holders
                .headers
                .iter()
                .chain(&holders.response_headers)
                .filter_map(|h| h.schema.as_ref()),
        );
        out.extend(holders.media.iter().filter_map(|(m, _)| m.schema.as_ref()));
        out
    }

    /// Every schema object of the document, each once, outermost first.
    pub fn all_schemas(&self) -> Vec<&Schema> {
        self.root_schemas()
            .into_iter()
            .flat_map(Schema::with_nested)
            .collect()
    }

    /// Every example of the document with the schema it must satisfy, each
    /// once: those of parameters, headers and media types, then those of
    /// schemas.
    pub fn examples(&self) -> Vec<ExampleSite<'_>> {
        let holders = self.holders();
        let mut sites: Vec<(&[Example], Option<&Schema>)> = Vec::new();
        sites.extend(
            holders
                .parameters
                .iter()
                .map(|p| (&p.examples[..], p.schema.as_ref())),
        );
        sites.extend(
            holders
                .headers
                .iter()
                .chain(&holders.response_headers)
                .map(|h| (&h.examples[..], h.schema.as_ref())),
        );
        sites.extend(
            holders
                .media
                .iter()
                .map(|(m, _)| (&m.examples[..], m.schema.as_ref())),
        );
        let mut out: Vec<ExampleSite<'_>> = sites
            .into_iter()
            .filter_map(|(examples, schema)| Some((examples, schema?)))
            .flat_map(|(examples, schema)| {
                examples
                    .iter()
                    .map(move |example| ExampleSite { example, schema })
            })
            .collect();
        for schema in self.all_schemas() {
            if let Some(example) = &schema.example {
                out.push(ExampleSite { example, schema });
            }
        }
        out
    }

    /// The schemas requests carry and those responses carry, at the top of
    /// each (before following references): what [`Usage`] starts from.
    pub(super) fn schemas_by_direction(&self) -> (Vec<&Schema>, Vec<&Schema>) {
        let holders = self.holders();
        let mut requests: Vec<&Schema> = holders
            .parameters
            .iter()
            .filter_map(|p| p.schema.as_ref())
            .collect();
        // Component headers count as sent, as they did before the model:
        // only those written under a response are received.
        requests.extend(
            holders
                .headers
                .iter()
                .filter(|h| !h.pointer.contains("/responses/"))
                .filter_map(|h| h.schema.as_ref()),
        );
        let mut responses: Vec<&Schema> = holders
            .headers
            .iter()
            .filter(|h| h.pointer.contains("/responses/"))
            .chain(&holders.response_headers)
            .filter_map(|h| h.schema.as_ref())
            .collect();
        for (m, received) in &holders.media {
            if let Some(schema) = &m.schema {
                if *received {
                    &mut responses
                } else {
                    &mut requests
                }
                .push(schema);
            }
        }
        (requests, responses)
    }
}

struct Holders<'a> {
    parameters: Vec<&'a Parameter>,
    /// Component headers and those of component responses.
    headers: Vec<&'a Header>,
    /// Headers of responses written in operations.
    response_headers: Vec<&'a Header>,
    /// Media types, and whether a response carries each.
    media: Vec<(&'a MediaType, bool)>,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{Location, Method};
    use crate::model::extensions::{ClientDefault, Provenance};
    use crate::model::usage::Direction;

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
                    "operationId": "get_a",
                    "x-provenance": "confirmed",
                    "parameters": [{"$ref": "#/components/parameters/P"}],
                    "responses": {"200": {"content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/A"},
                        "examples": {"one": {"value": {"x": []}}, "noValue": {"summary": "-"}}
                    }}}}
                }
            }}
        });
        let read = crate::model::from_value("s.yaml", "s", raw);
        let spec = &read.spec;
        let pointers: Vec<&str> = spec
            .all_schemas()
            .iter()
            .map(|s| s.pointer.as_str())
            .collect();
        assert_eq!(
            pointers,
            [
                "/components/schemas/A",
                "/components/schemas/A/properties/x",
                "/components/schemas/A/properties/x/items",
                "/components/schemas/A/anyOf/0",
                "/paths/~1a~1{id}/parameters/0/schema",
                "/paths/~1a~1{id}/get/responses/200/content/application~1json/schema",
            ]
        );
        let sites: Vec<(&str, &str)> = spec
            .examples()
            .into_iter()
            .map(|s| (s.example.pointer.as_str(), s.schema.pointer.as_str()))
            .collect();
        let get = "/paths/~1a~1{id}/get/responses/200/content/application~1json";
        let one = format!("{get}/examples/one/value");
        let schema = format!("{get}/schema");
        assert_eq!(
            sites,
            [
                (
                    "/paths/~1a~1{id}/parameters/0/example",
                    "/paths/~1a~1{id}/parameters/0/schema"
                ),
                (one.as_str(), schema.as_str()),
                ("/components/schemas/A/example", "/components/schemas/A"),
                (
                    "/components/schemas/A/properties/x/items/example",
                    "/components/schemas/A/properties/x/items"
                ),
            ]
        );
        let problems: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            [
                "s.yaml:#/paths/~1a~1{id}/get/parameters/0: `$ref: #/components/parameters/P` points nowhere: define it or fix the name"
            ]
        );
    }

    /// What a command-line front end reads of an operation: every fact of
    /// its parameters, its body, its responses and documented errors.
    #[test]
    fn an_operation_reads_as_a_command() {
        let raw = json!({
            "components": {"schemas": {
                "Status": {"type": "string", "enum": ["active", "done"]},
                "NewThing": {"type": "object", "properties": {"name": {"type": "string"}}},
                "Thing": {"type": "object"},
                "ApiError": {"type": "object"}
            }},
            "paths": {"/tenants/{tenantId}/things": {"post": {
                "operationId": "create_thing",
                "summary": "モノの作成",
                "description": "Creates a thing.",
                "tags": ["things"],
                "x-provenance": "inferred",
                "parameters": [
                    {"name": "tenantId", "in": "path", "required": true, "x-client-default": "tenant",
                     "schema": {"type": "string", "pattern": "^[0-9a-f]{32}$"}},
                    {"name": "pageSize", "in": "query", "description": "Items per page.",
                     "schema": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 100, "default": 20}},
                    {"name": "status", "in": "query", "schema": {"$ref": "#/components/schemas/Status"}}
                ],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewThing"}}}},
                "responses": {
                    "201": {"description": "Created.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                    "400": {"description": "Bad.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}},
                    "404": {"description": "Gone.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}}
                }
            }}}
        });
        let read = crate::model::from_value("s.yaml", "s", raw);
        assert!(read.problems.is_empty(), "{:?}", read.problems);
        let spec = &read.spec;
        let op = &spec.operations[0];
        assert_eq!(
            (
                op.id.as_str(),
                op.method,
                op.path.as_str(),
                op.summary.as_str()
            ),
            (
                "create_thing",
                Method::Post,
                "/tenants/{tenantId}/things",
                "モノの作成"
            )
        );
        assert_eq!(op.provenance, Some(Provenance::Inferred));
        assert_eq!(op.tags, ["things"]);
        let [tenant, page_size, status] = &op.parameters[..] else {
            panic!("three parameters");
        };
        assert_eq!(tenant.client_default, Some(ClientDefault::Tenant));
        assert_eq!(
            op.required_parameters().count(),
            0,
            "the client fills the tenant"
        );
        assert_eq!(
            (page_size.location, page_size.rust_name()),
            (Location::Query, "page_size".to_owned())
        );
        assert_eq!(page_size.description, "Items per page.");
        let schema = page_size.schema.as_ref().expect("a schema");
        assert_eq!(
            (schema.ty.as_deref(), schema.format.as_deref()),
            (Some("integer"), Some("int32"))
        );
        let range = spec.resolve(schema);
        assert_eq!((range.minimum, range.maximum), (Some(1.0), Some(100.0)));
        assert_eq!(schema.default, Some(json!(20)));
        let values = spec
            .resolve(status.schema.as_ref().expect("a schema"))
            .enum_values;
        assert_eq!(values, Some(&[json!("active"), json!("done")][..]));
        let (body, required) = op.body().expect("a body");
        assert_eq!(
            (body.reference.as_deref(), required),
            (Some("NewThing"), true)
        );
        assert_eq!(
            op.success_body().and_then(|s| s.reference.as_deref()),
            Some("Thing")
        );
        assert_eq!(
            op.error_body().and_then(|s| s.reference.as_deref()),
            Some("ApiError")
        );
        assert_eq!(op.error_statuses(), [400, 404]);
        assert!(op.authenticated(), "the top-level security applies");
        assert_eq!(spec.usage.direction("NewThing"), Direction::Request);
        assert_eq!(spec.usage.direction("ApiError"), Direction::Response);
    }

    /// An operation's own `security: []` sends no credentials (a token
    /// endpoint listed as an operation); one that says nothing inherits.
    #[test]
    fn an_operation_s_own_security_says_whether_it_carries_credentials() {
        let raw = json!({
            "security": [{"key": []}],
            "paths": {"/token": {
                "post": {"operationId": "token", "security": [], "responses": {}},
                "get": {"operationId": "peek", "security": [{"key": []}], "responses": {}},
                "put": {"operationId": "plain", "responses": {}}
            }}
        });
        let spec = crate::model::from_value("s.yaml", "s", raw).spec;
        let by_id = |id: &str| spec.operations.iter().find(|o| o.id == id).unwrap();
        assert!(!by_id("token").authenticated());
        assert_eq!(by_id("token").security, Some(vec![]));
        assert!(by_id("peek").authenticated());
        assert!(by_id("plain").authenticated());
        assert_eq!(by_id("plain").security, None);
    }
}
