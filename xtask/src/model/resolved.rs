//! A schema object seen through its references: `$ref`s followed, `allOf`
//! merged, a nullable reference (`anyOf` with a null branch) unwrapped. What
//! the mutation tests and the request validation need to know about a value,
//! without caring how the spec spelled it.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::generate::transform::nullable_reference;

/// The facts of one schema, gathered from it and everything it refers to.
#[derive(Debug, Default, Clone)]
pub struct Resolved<'a> {
    /// The component schema this is, when reached through `$ref`s (and not
    /// merely built with `allOf` parts of other components).
    pub component: Option<String>,
    pub ty: Option<&'a str>,
    pub nullable: bool,
    pub enum_values: Option<&'a [Value]>,
    pub pattern: Option<&'a str>,
    pub format: Option<&'a str>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: bool,
    pub exclusive_maximum: bool,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub properties: BTreeMap<&'a str, &'a Value>,
    pub required: BTreeSet<&'a str>,
    /// `x-required-by-document: true`: the `required` list is the document's
    /// own response definition, so responses must honour it.
    pub required_by_document: bool,
    pub items: Option<&'a Value>,
    /// Branches of a `oneOf`/`anyOf` (a nullable reference's null branch aside).
    pub branches: Vec<&'a Value>,
}

/// Resolves `schema` (a schema object of `raw`).
pub fn resolve<'a>(raw: &'a Value, schema: &'a Value) -> Resolved<'a> {
    let mut out = Resolved::default();
    merge(raw, schema, &mut out, 0, true);
    out
}

impl Resolved<'_> {
    /// Whether the value may be a string (declared so, or an enum of strings).
    pub fn is_string(&self) -> bool {
        self.ty == Some("string")
    }

    /// Whether responses must carry property `name` (and not as `null`).
    pub fn insists_on(&self, name: &str) -> bool {
        self.required_by_document && self.required.contains(name)
    }
}

fn merge<'a>(raw: &'a Value, schema: &'a Value, out: &mut Resolved<'a>, depth: usize, top: bool) {
    if depth > 32 {
        return; // a reference cycle; the lint reports dangling ones
    }
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        if let Some(name) = reference.strip_prefix("#/components/schemas/")
            && top
        {
            out.component = Some(name.to_owned());
        }
        if let Some(target) = reference.strip_prefix('#').and_then(|p| raw.pointer(p)) {
            merge(raw, target, out, depth + 1, top);
        }
        return;
    }
    let Some(map) = schema.as_object() else {
        return;
    };
    if let Some(reference) = nullable_reference(map) {
        out.nullable = true;
        // The reference lives in `raw`; find it there to keep the lifetime.
        if let Some(branch) = map
            .get("anyOf")
            .and_then(Value::as_array)
            .and_then(|b| b.iter().find(|b| **b == reference))
        {
            merge(raw, branch, out, depth + 1, top);
        }
        return;
    }
    let text = |key: &str| map.get(key).and_then(Value::as_str);
    let number = |key: &str| map.get(key).and_then(Value::as_f64);
    let count = |key: &str| map.get(key).and_then(Value::as_u64);
    let flag = |key: &str| map.get(key).and_then(Value::as_bool) == Some(true);
    out.ty = text("type").or(out.ty);
    out.nullable |= flag("nullable");
    out.required_by_document |= flag("x-required-by-document");
    if let Some(values) = map.get("enum").and_then(Value::as_array) {
        out.enum_values = Some(values);
    }
    out.pattern = text("pattern").or(out.pattern);
    out.format = text("format").or(out.format);
    out.min_length = count("minLength").or(out.min_length);
    out.max_length = count("maxLength").or(out.max_length);
    out.minimum = number("minimum").or(out.minimum);
    out.maximum = number("maximum").or(out.maximum);
    out.exclusive_minimum |= flag("exclusiveMinimum");
    out.exclusive_maximum |= flag("exclusiveMaximum");
    out.min_items = count("minItems").or(out.min_items);
    out.max_items = count("maxItems").or(out.max_items);
    if let Some(items) = map.get("items") {
        out.items = Some(items);
    }
    for (name, property) in map
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        out.properties.insert(name, property);
    }
    for name in map
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(name) = name.as_str() {
            out.required.insert(name);
        }
    }
    for keyword in ["oneOf", "anyOf"] {
        out.branches.extend(
            map.get(keyword)
                .and_then(Value::as_array)
                .into_iter()
                .flatten(),
        );
    }
    for part in map
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        merge(raw, part, out, depth + 1, false);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn references_all_of_and_nullable_references_are_seen_through() {
        let raw = json!({"components": {"schemas": {
            "Id": {"type": "string", "pattern": "^[0-9]+$", "maxLength": 9},
            "Base": {"type": "object", "required": ["id"], "properties": {"id": {"$ref": "#/components/schemas/Id"}}},
            "Item": {
                "x-required-by-document": true,
                "allOf": [{"$ref": "#/components/schemas/Base"}],
                "properties": {"parent": {"anyOf": [{"$ref": "#/components/schemas/Id"}, {"type": "string", "nullable": true, "enum": [null]}]}}
            }
        }}});
        let item = resolve(&raw, &raw["components"]["schemas"]["Item"]);
        assert_eq!(item.component, None, "built from Base, but not Base");
        assert!(item.insists_on("id"));
        assert!(!item.insists_on("parent"));
        assert_eq!(
            item.properties.keys().copied().collect::<Vec<_>>(),
            ["id", "parent"]
        );
        let parent = resolve(&raw, item.properties["parent"]);
        assert!(parent.nullable);
        assert_eq!(parent.component.as_deref(), Some("Id"));
        assert_eq!(
            (parent.pattern, parent.max_length),
            (Some("^[0-9]+$"), Some(9))
        );
    }
}
