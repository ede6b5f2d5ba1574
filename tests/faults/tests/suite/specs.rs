//! What the suite derives its cases from: the repository's own specs
//! (`specs/*.yaml`), read once. Operations, their parameters (with the
//! spec's examples as values), request body examples and documented
//! statuses.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use serde_json::Value;

/// Path parameters whose spec gives no example: a valid value from the
/// service's documentation.
const FALLBACK_VALUES: &[(&str, &str)] = &[
    ("customerSiteCode", "int-10000001"),
    ("orderCode", "A1000010100000001"),
];

pub struct Spec {
    pub slug: String,
    pub operations: Vec<Operation>,
}

pub struct Operation {
    pub id: String,
    /// Upper case, e.g. `GET`.
    pub method: String,
    /// The path template, e.g. `/tenants/{tenantId}/orders/{orderId}`.
    pub path: String,
    pub parameters: Vec<Parameter>,
    pub body_example: Option<Value>,
    /// Documented statuses of 400 and above.
    pub error_statuses: Vec<u16>,
}

pub struct Parameter {
    pub name: String,
    /// `path`, `query` or `header`.
    pub location: String,
    pub example: Option<String>,
}

impl Operation {
    pub fn path_parameters(&self) -> impl Iterator<Item = &Parameter> {
        self.parameters.iter().filter(|p| p.location == "path")
    }

    /// The spec's example values of every parameter that has one.
    pub fn example_values(&self) -> BTreeMap<String, String> {
        self.parameters
            .iter()
            .filter_map(|p| Some((p.name.clone(), p.example.clone()?)))
            .collect()
    }
}

/// Every spec of the repository, by slug.
pub fn all() -> &'static [Spec] {
    static SPECS: OnceLock<Vec<Spec>> = OnceLock::new();
    SPECS.get_or_init(read_all)
}

pub fn operation(slug: &str, id: &str) -> &'static Operation {
    all()
        .iter()
        .find(|s| s.slug == slug)
        .and_then(|s| s.operations.iter().find(|o| o.id == id))
        .unwrap_or_else(|| panic!("no operation {id} in specs/{slug}.yaml"))
}

fn read_all() -> Vec<Spec> {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs");
    let mut specs = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(&directory)
        .expect("specs/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("yaml"))
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let raw: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        let raw: Value = serde_json::to_value(raw).unwrap();
        let slug = path.file_stem().unwrap().to_str().unwrap().to_owned();
        specs.push(Spec {
            slug,
            operations: operations(&raw),
        });
    }
    assert!(!specs.is_empty(), "no spec in {}", directory.display());
    specs
}

/// Follows `$ref`s within the document.
fn resolve<'a>(raw: &'a Value, mut value: &'a Value) -> &'a Value {
    while let Some(reference) = value.get("$ref").and_then(Value::as_str) {
        let pointer = reference.trim_start_matches('#');
        value = raw
            .pointer(pointer)
            .unwrap_or_else(|| panic!("unresolved {reference}"));
    }
    value
}

fn operations(raw: &Value) -> Vec<Operation> {
    let mut all = Vec::new();
    for (path, item) in raw["paths"].as_object().expect("paths") {
        let shared = item.get("parameters").and_then(Value::as_array);
        for (method, operation) in item.as_object().unwrap() {
            let Some(id) = operation.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            let own = operation.get("parameters").and_then(Value::as_array);
            let parameters = shared
                .into_iter()
                .chain(own)
                .flatten()
                .map(|p| parameter(raw, resolve(raw, p)))
                .collect();
            let body_example = operation.get("requestBody").and_then(|body| {
                let content = resolve(raw, body)["content"].as_object()?;
                let media = content.values().next()?;
                media.get("example").cloned().or_else(|| {
                    media
                        .get("examples")?
                        .as_object()?
                        .values()
                        .next()
                        .map(|e| resolve(raw, e)["value"].clone())
                })
            });
            let error_statuses = operation["responses"]
                .as_object()
                .unwrap()
                .keys()
                .filter_map(|code| code.parse::<u16>().ok())
                .filter(|code| *code >= 400)
                .collect();
            all.push(Operation {
                id: id.to_owned(),
                method: method.to_ascii_uppercase(),
                path: path.clone(),
                parameters,
                body_example,
                error_statuses,
            });
        }
    }
    all
}

fn parameter(raw: &Value, p: &Value) -> Parameter {
    let name = p["name"].as_str().unwrap().to_owned();
    let schema = resolve(raw, &p["schema"]);
    let example = p
        .get("example")
        .or_else(|| schema.get("example"))
        .map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .or_else(|| {
            FALLBACK_VALUES
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        });
    Parameter {
        name,
        location: p["in"].as_str().unwrap().to_owned(),
        example,
    }
}
