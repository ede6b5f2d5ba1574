//! A schema seen through its references: `$ref`s followed, `allOf` merged, a
//! nullable reference (`anyOf` with a null branch) unwrapped. What the
//! extension checks, the mutation tests and the request validation need to
//! know about a value, without caring how the spec spelled it.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::Schema;

/// The facts of one schema, gathered from it and everything it refers to.
#[derive(Debug, Default, Clone)]
pub struct Resolved<'a> {
    /// The component schema this is, when reached through `$ref`s (and not
    /// merely built with `allOf` parts of other components).
    pub component: Option<&'a str>,
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
    pub properties: BTreeMap<&'a str, &'a Schema>,
    pub required: BTreeSet<&'a str>,
    /// `x-required-by-document: true`: the `required` list is the document's
    /// own response definition, so responses must honour it.
    pub required_by_document: bool,
    pub items: Option<&'a Schema>,
    /// Branches of a `oneOf`/`anyOf` (a nullable reference's null branch aside).
    pub branches: Vec<&'a Schema>,
}

/// Resolves `schema` against the named schemas `schemas`.
pub fn resolve<'a>(schemas: &'a BTreeMap<String, Schema>, schema: &'a Schema) -> Resolved<'a> {
    let mut out = Resolved::default();
    merge(schemas, schema, &mut out, 0, true);
    out
}

impl Resolved<'_> {
    /// Whether the value is a string.
    pub fn is_string(&self) -> bool {
        self.ty == Some("string")
    }

    /// Whether responses must carry property `name` (and not as `null`).
    pub fn insists_on(&self, name: &str) -> bool {
        self.required_by_document && self.required.contains(name)
    }
}

fn merge<'a>(
    schemas: &'a BTreeMap<String, Schema>,
    schema: &'a Schema,
    out: &mut Resolved<'a>,
    depth: usize,
    top: bool,
) {
    if depth > 32 {
        return; // a reference cycle
    }
    if let Some(name) = &schema.reference {
        if top {
            out.component = Some(name);
        }
        if let Some(target) = schemas.get(name) {
            merge(schemas, target, out, depth + 1, top);
        }
        return;
    }
    if let Some(reference) = schema.nullable_reference() {
        out.nullable = true;
        merge(schemas, reference, out, depth + 1, top);
        return;
    }
    // A part of an `allOf` is merged after its parent: what it says wins.
    out.ty = schema.ty.as_deref().or(out.ty);
    out.nullable |= schema.is_nullable();
    out.required_by_document |= schema.required_by_document;
    if let Some(values) = &schema.enum_values {
        out.enum_values = Some(values);
    }
    out.pattern = schema.pattern.as_deref().or(out.pattern);
    out.format = schema.format.as_deref().or(out.format);
    out.min_length = schema.min_length.or(out.min_length);
    out.max_length = schema.max_length.or(out.max_length);
    out.minimum = schema
        .minimum
        .as_ref()
        .and_then(|n| n.as_f64())
        .or(out.minimum);
    out.maximum = schema
        .maximum
        .as_ref()
        .and_then(|n| n.as_f64())
        .or(out.maximum);
    out.exclusive_minimum |= schema.exclusive_minimum;
    out.exclusive_maximum |= schema.exclusive_maximum;
    out.min_items = schema.min_items.or(out.min_items);
    out.max_items = schema.max_items.or(out.max_items);
    if let Some(items) = &schema.items {
        out.items = Some(items);
    }
    for (name, property) in &schema.properties {
        out.properties.insert(name, property);
    }
    out.required
        .extend(schema.required.iter().map(String::as_str));
    out.branches
        .extend(schema.one_of.iter().chain(&schema.any_of));
    for part in &schema.all_of {
        merge(schemas, part, out, depth + 1, false);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

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
        let spec = crate::model::from_value("s.yaml", "s", raw).spec;
        let item = spec.resolve(&spec.schemas["Item"]);
        assert_eq!(item.component, None, "built from Base, but not Base");
        assert!(item.insists_on("id"));
        assert!(!item.insists_on("parent"));
        assert_eq!(
            item.properties.keys().copied().collect::<Vec<_>>(),
            ["id", "parent"]
        );
        let parent = spec.resolve(item.properties["parent"]);
        assert!(parent.nullable);
        assert_eq!(parent.component, Some("Id"));
        assert_eq!(
            (parent.pattern, parent.max_length),
            (Some("^[0-9]+$"), Some(9))
        );
    }
}
