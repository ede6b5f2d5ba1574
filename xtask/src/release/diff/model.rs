//! A spec read once into what the generated Rust API depends on: servers,
//! auth, operations (parameters, bodies) and named schemas with their
//! constraints. References to `#/components/schemas/*` stay names, so a change
//! inside a schema is found once, under its name.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::model::source::{RawOperation, operations, resolve};
use crate::model::spec::{Auth, Service, TokenExchange};

/// String formats and integer/number formats that pick a different Rust type
/// (`chrono::DateTime`, `uuid::Uuid`, `Ipv4Addr`, `i32`…): changing them
/// retypes a value. Other formats (`email`…) only constrain a `String`.
const TYPED_FORMATS: [&str; 17] = [
    "date",
    "date-time",
    "uuid",
    "ip",
    "ipv4",
    "ipv6",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "float",
    "double",
    "binary",
];

pub struct Model {
    pub api_version: String,
    pub servers: Vec<Server>,
    /// How credentials travel, e.g. "`X-Auth-Token` header".
    pub auth: String,
    /// `x-token-exchange`: (kind, path).
    pub token_exchange: Option<(String, String)>,
    pub operations: BTreeMap<String, Operation>,
    pub schemas: BTreeMap<String, Schema>,
}

#[derive(PartialEq)]
pub struct Server {
    pub url: String,
    /// `{name}` → allowed values.
    pub variables: BTreeMap<String, Vec<String>>,
}

pub struct Operation {
    pub method: String,
    pub path: String,
    pub params: BTreeMap<String, Param>,
    pub body: Option<Body>,
    /// The body of the 2xx responses (the lint makes them share one), with
    /// the first 2xx status, for labels.
    pub response: Option<(String, Schema)>,
    /// The body of the 4xx/5xx responses (one schema, by the lint).
    pub error: Option<Schema>,
    pub statuses: BTreeSet<String>,
    /// `x-pagination`, as compact JSON: the operation has `stream()`.
    pub pagination: Option<String>,
    /// `x-waiters` by name, each as compact JSON: `wait_until_<name>()`.
    pub waiters: BTreeMap<String, String>,
}

pub struct Param {
    /// `path`, `query` or `header`.
    pub location: String,
    pub required: bool,
    pub schema: Schema,
    /// `x-client-default`: what the client fills it with (`tenant`).
    pub client_default: Option<String>,
}

pub struct Body {
    pub required: bool,
    pub schema: Schema,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Schema {
    pub ty: Ty,
    pub nullable: bool,
    /// `enum` values as text (strings as they are, others as JSON).
    pub values: Option<Vec<String>>,
    pub constraints: Constraints,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    /// A named schema, `#/components/schemas/<name>`.
    Ref(String),
    Object(Object),
    Array(Box<Schema>),
    /// `string`, `integer`, `number` or `boolean`, with a format that picks
    /// the Rust type.
    Scalar {
        name: String,
        format: Option<String>,
    },
    /// `oneOf`, `anyOf`, or `allOf` of several schemas.
    Composite {
        keyword: String,
        variants: Vec<Schema>,
    },
    Any,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Object {
    pub properties: BTreeMap<String, Schema>,
    pub required: BTreeSet<String>,
    /// `x-required-by-document: true`: required, non-nullable response
    /// fields are plain `T` rather than `Option<T>`.
    pub document_required: bool,
}

/// Constraints checked on requests before sending (responses are lenient).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Constraints {
    pub pattern: Option<String>,
    /// A format that does not change the Rust type (`email`…).
    pub format: Option<String>,
    /// `minLength`, `minimum`, `minItems` by keyword.
    pub lower: BTreeMap<&'static str, Bound>,
    /// `maxLength`, `maximum`, `maxItems` by keyword.
    pub upper: BTreeMap<&'static str, Bound>,
}

#[derive(Clone, Debug)]
pub struct Bound {
    pub value: f64,
    pub exclusive: bool,
    /// As written in the spec, for messages.
    pub text: String,
}

/// `10` and `10.0` are the same bound.
impl PartialEq for Bound {
    fn eq(&self, other: &Self) -> bool {
        (self.value, self.exclusive) == (other.value, other.exclusive)
    }
}

impl Model {
    pub fn read(raw: &Value) -> Self {
        let service = Service::from_spec("", "", raw);
        let auth = match &service.auth {
            Auth::Header { name, .. } => format!("`{name}` header"),
            Auth::Bearer { .. } => "bearer token".to_owned(),
        };
        let token_exchange = service.token_exchange.as_ref().map(|e| match e {
            TokenExchange::Keystone { path } => ("keystone".to_owned(), path.clone()),
            TokenExchange::ClientCredentials { path } => {
                ("client-credentials".to_owned(), path.clone())
            }
        });
        Self {
            api_version: service.api_version.clone(),
            servers: service
                .servers
                .iter()
                .map(|s| Server {
                    url: s.url.clone(),
                    variables: s
                        .variables
                        .iter()
                        .map(|v| (v.name.clone(), v.values.clone()))
                        .collect(),
                })
                .collect(),
            auth,
            token_exchange,
            operations: operations(raw)
                .iter()
                .filter_map(|op| {
                    let id = op.op.get("operationId")?.as_str()?.to_owned();
                    Some((id, operation(raw, op)))
                })
                .collect(),
            schemas: named_schemas(raw, raw.pointer("/components/schemas")),
        }
    }
}

fn flag(value: &Value, key: &str) -> bool {
    value.get(key).and_then(Value::as_bool) == Some(true)
}

fn operation(raw: &Value, op: &RawOperation<'_>) -> Operation {
    let params = op
        .parameters(raw)
        .into_iter()
        .filter_map(|p| {
            let name = p.get("name")?.as_str()?.to_owned();
            let param = Param {
                location: p.get("in").and_then(Value::as_str).unwrap_or("").to_owned(),
                required: flag(p, "required"),
                schema: p.get("schema").map_or_else(any, |s| schema(raw, s)),
                client_default: p
                    .get("x-client-default")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            };
            Some((name, param))
        })
        .collect();
    let body = op
        .op
        .get("requestBody")
        .and_then(|b| resolve(raw, b))
        .map(|b| Body {
            required: flag(b, "required"),
            schema: media_schema(raw, b).unwrap_or_else(any),
        });
    let mut response = None;
    let mut error = None;
    let mut statuses = BTreeSet::new();
    let responses = op.op.get("responses").and_then(Value::as_object);
    for (status, r) in responses.into_iter().flatten() {
        statuses.insert(status.clone());
        let Some(body) = resolve(raw, r).and_then(|r| media_schema(raw, r)) else {
            continue;
        };
        if status.starts_with('2') {
            response.get_or_insert((status.clone(), body));
        } else {
            error.get_or_insert(body);
        }
    }
    Operation {
        method: op.method.to_uppercase(),
        path: op.path.to_owned(),
        params,
        body,
        response,
        error,
        statuses,
        pagination: op.op.get("x-pagination").map(Value::to_string),
        waiters: op
            .op
            .get("x-waiters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|w| Some((w.get("name")?.as_str()?.to_owned(), w.to_string())))
            .collect(),
    }
}

/// The schema of a request body or response: JSON when offered, else the first media type.
fn media_schema(raw: &Value, holder: &Value) -> Option<Schema> {
    let content = holder.get("content")?.as_object()?;
    let media = content
        .get("application/json")
        .or_else(|| content.values().next())?;
    Some(schema(raw, media.get("schema")?))
}

fn any() -> Schema {
    Schema {
        ty: Ty::Any,
        nullable: false,
        values: None,
        constraints: Constraints::default(),
    }
}

/// Reads one schema; named references stay names, others are followed.
pub fn schema(raw: &Value, value: &Value) -> Schema {
    if let Some(reference) = value.get("$ref").and_then(Value::as_str) {
        return match reference.strip_prefix("#/components/schemas/") {
            Some(name) if !name.contains('/') => Schema {
                ty: Ty::Ref(name.to_owned()),
                ..any()
            },
            _ => resolve(raw, value).map_or_else(any, |v| schema(raw, v)),
        };
    }
    // A nullable reference, spelled `anyOf: [{$ref}, <only null>]` (3.0.3,
    // see `transform`) or `nullable: true` + `allOf: [{$ref}]`: the reference,
    // nullable. Either way the Rust type is `Option<T>`.
    if let Some(reference) = value
        .as_object()
        .and_then(crate::generate::transform::nullable_reference)
    {
        let mut inner = schema(raw, &reference);
        inner.nullable = true;
        return inner;
    }
    let nullable = flag(value, "nullable");
    if let Some([single]) = value
        .get("allOf")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
    {
        let mut inner = schema(raw, single);
        inner.nullable |= nullable;
        return inner;
    }
    let composite = ["oneOf", "anyOf", "allOf"].into_iter().find_map(|keyword| {
        let variants = value.get(keyword)?.as_array()?;
        Some(Ty::Composite {
            keyword: keyword.to_owned(),
            variants: variants.iter().map(|v| schema(raw, v)).collect(),
        })
    });
    let type_name = value.get("type").and_then(Value::as_str);
    let format = value.get("format").and_then(Value::as_str);
    let typed_format = format.filter(|f| TYPED_FORMATS.contains(f));
    let ty = match (composite, type_name) {
        (Some(composite), _) => composite,
        (None, Some("array")) => Ty::Array(Box::new(
            value.get("items").map_or_else(any, |i| schema(raw, i)),
        )),
        (None, Some("object")) => object(raw, value),
        (None, None) if value.get("properties").is_some() => object(raw, value),
        (None, Some(name)) => Ty::Scalar {
            name: name.to_owned(),
            format: typed_format.map(str::to_owned),
        },
        (None, None) if value.get("enum").is_some() => Ty::Scalar {
            name: "string".to_owned(),
            format: None,
        },
        (None, None) => Ty::Any,
    };
    let values = value.get("enum").and_then(Value::as_array).map(|values| {
        values
            .iter()
            .filter(|v| !v.is_null())
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            .collect()
    });
    Schema {
        ty,
        nullable,
        values,
        constraints: Constraints {
            pattern: value
                .get("pattern")
                .and_then(Value::as_str)
                .map(str::to_owned),
            format: format
                .filter(|f| !TYPED_FORMATS.contains(f))
                .map(str::to_owned),
            lower: bounds(
                value,
                &["minLength", "minimum", "minItems"],
                "exclusiveMinimum",
            ),
            upper: bounds(
                value,
                &["maxLength", "maximum", "maxItems"],
                "exclusiveMaximum",
            ),
        },
    }
}

/// The schemas of a map (`components/schemas`, `properties`) by name.
fn named_schemas(raw: &Value, map: Option<&Value>) -> BTreeMap<String, Schema> {
    let map = map.and_then(Value::as_object);
    map.into_iter()
        .flatten()
        .map(|(name, s)| (name.clone(), schema(raw, s)))
        .collect()
}

fn object(raw: &Value, value: &Value) -> Ty {
    Ty::Object(Object {
        properties: named_schemas(raw, value.get("properties")),
        required: value
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|r| r.as_str().map(str::to_owned))
            .collect(),
        document_required: flag(value, "x-required-by-document"),
    })
}

fn bounds(
    value: &Value,
    keywords: &[&'static str],
    exclusive: &str,
) -> BTreeMap<&'static str, Bound> {
    keywords
        .iter()
        .filter_map(|keyword| {
            let number = value.get(*keyword)?.as_number()?;
            Some((
                *keyword,
                Bound {
                    value: number.as_f64()?,
                    // OpenAPI 3.0: `exclusiveMinimum: true` qualifies `minimum`.
                    exclusive: matches!(*keyword, "minimum" | "maximum") && flag(value, exclusive),
                    text: number.to_string(),
                },
            ))
        })
        .collect()
}
