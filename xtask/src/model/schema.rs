//! Schema objects as the spec writes them: every keyword typed, nested
//! schemas read too, a `$ref` to a named schema kept as its name. What a
//! schema means once its references are followed is [`super::resolved`].

use std::collections::BTreeMap;

use serde_json::{Number, Value};

/// One schema object of the spec.
#[derive(Clone, Debug, Default)]
pub struct Schema {
    /// Where it is written: a JSON pointer into the spec (without `#`).
    pub pointer: String,
    /// `$ref: '#/components/schemas/<name>'`: the named schema. Every other
    /// field is then empty: OpenAPI 3.0 ignores keywords beside a `$ref`.
    pub reference: Option<String>,
    /// `type`: `string`, `integer`, `number`, `boolean`, `array` or `object`.
    pub ty: Option<String>,
    pub format: Option<String>,
    /// `nullable`, when written (`Some(false)` is written, and means nothing).
    pub nullable: Option<bool>,
    /// `enum`: the values allowed.
    pub enum_values: Option<Vec<Value>>,
    /// An ECMAScript regular expression (checked to mean the same in Rust).
    pub pattern: Option<String>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub minimum: Option<Number>,
    pub maximum: Option<Number>,
    /// OpenAPI 3.0's boolean forms: the bound itself is excluded.
    pub exclusive_minimum: bool,
    pub exclusive_maximum: bool,
    pub multiple_of: Option<Number>,
    pub items: Option<Box<Schema>>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,
    pub properties: BTreeMap<String, Schema>,
    /// Property names, as listed.
    pub required: Vec<String>,
    pub additional_properties: Option<AdditionalProperties>,
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
    pub all_of: Vec<Schema>,
    pub any_of: Vec<Schema>,
    pub one_of: Vec<Schema>,
    pub not: Option<Box<Schema>>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub default: Option<Value>,
    /// `example`: a value of this schema, and where it is written.
    pub example: Option<super::Example>,
    pub read_only: bool,
    pub write_only: bool,
    pub deprecated: bool,
    /// `x-required-by-document: true`: the `required` list is the document's
    /// own response definition, so responses must honour it.
    pub required_by_document: bool,
    /// `x-aliases` (on a property): other names responses may use for it.
    pub aliases: Vec<String>,
}

/// `additionalProperties`: a yes or no, or the schema of the other values.
#[derive(Clone, Debug)]
pub enum AdditionalProperties {
    Allowed(bool),
    Schema(Box<Schema>),
}

impl Schema {
    /// A `$ref` to component schema `name`, as if written at `pointer`.
    pub fn reference_to(name: &str, pointer: &str) -> Self {
        Self {
            pointer: pointer.to_owned(),
            reference: Some(name.to_owned()),
            ..Self::default()
        }
    }

    /// The `{$ref}` branch of a nullable reference, which OpenAPI 3.0.3
    /// spells `anyOf: [{$ref: X}, {type: T, nullable: true, enum: [null]}]`
    /// (in either order). Rust makes it `Option<X>`.
    pub fn nullable_reference(&self) -> Option<&Schema> {
        let [a, b] = self.any_of.as_slice() else {
            return None;
        };
        match (a.only_null(), b.only_null()) {
            (false, true) if a.reference.is_some() => Some(a),
            (true, false) if b.reference.is_some() => Some(b),
            _ => None,
        }
    }

    /// `{nullable: true, enum: [null], …}`: the 3.0.3 way to say "only null".
    pub fn only_null(&self) -> bool {
        self.nullable == Some(true) && self.enum_values.as_deref() == Some(&[Value::Null][..])
    }

    /// Whether `nullable: true` is written here.
    pub fn is_nullable(&self) -> bool {
        self.nullable == Some(true)
    }

    /// The name of the named schema a body refers to, `Item` or `array of
    /// Item` (`None` for an inline schema), as messages say it.
    pub fn body_name(&self) -> Option<String> {
        match (&self.reference, self.ty.as_deref(), &self.items) {
            (Some(name), _, _) => Some(name.clone()),
            (None, Some("array"), Some(items)) => {
                items.reference.as_ref().map(|n| format!("array of {n}"))
            }
            _ => None,
        }
    }

    /// The Rust type of a named schema or an array of one, relative to the
    /// crate root: `types::Item`, `Vec<types::Item>`.
    pub fn rust_type(&self) -> Option<String> {
        if let Some(name) = &self.reference {
            return Some(format!("types::{name}"));
        }
        if self.ty.as_deref() == Some("array") {
            return self
                .items
                .as_ref()?
                .rust_type()
                .map(|t| format!("Vec<{t}>"));
        }
        None
    }

    /// Every schema written inside this one (properties, items, branches…),
    /// outermost first, in the order the lint and the transforms visit them.
    pub fn nested(&self) -> Vec<&Schema> {
        let mut out = Vec::new();
        self.collect_nested(&mut out);
        out
    }

    fn collect_nested<'a>(&'a self, out: &mut Vec<&'a Schema>) {
        for child in self.children() {
            out.push(child);
            child.collect_nested(out);
        }
    }

    /// The schemas written directly inside this one.
    pub fn children(&self) -> impl Iterator<Item = &Schema> {
        let additional = match &self.additional_properties {
            Some(AdditionalProperties::Schema(s)) => Some(&**s),
            _ => None,
        };
        self.properties
            .values()
            .chain(self.items.as_deref())
            .chain(self.not.as_deref())
            .chain(additional)
            .chain(&self.all_of)
            .chain(&self.any_of)
            .chain(&self.one_of)
    }

    /// This schema and every schema inside it.
    pub fn with_nested(&self) -> impl Iterator<Item = &Schema> {
        std::iter::once(self).chain(self.nested())
    }

    /// The JSON Schema (draft 4, which OpenAPI 3.0 extends) that validates
    /// the values of this schema: `nullable: true` admits `null`, and a
    /// reference to a named schema points to `{base}#/components/schemas/<name>`.
    pub fn to_json_schema(&self, base: &str) -> Value {
        let mut out = serde_json::Map::new();
        if let Some(name) = &self.reference {
            out.insert(
                "$ref".into(),
                Value::String(format!("{base}#/components/schemas/{name}")),
            );
            return Value::Object(out);
        }
        let nullable = self.is_nullable();
        let mut put = |key: &str, value: Value| {
            out.insert(key.to_owned(), value);
        };
        if let Some(ty) = &self.ty {
            let ty = Value::String(ty.clone());
            put(
                "type",
                if nullable {
                    Value::Array(vec![ty, Value::String("null".into())])
                } else {
                    ty
                },
            );
        }
        if let Some(values) = &self.enum_values {
            let mut values = values.clone();
            if nullable && !values.contains(&Value::Null) {
                values.push(Value::Null);
            }
            put("enum", Value::Array(values));
        }
        let text = |t: &Option<String>| t.clone().map(Value::String);
        let count = |n: Option<u64>| n.map(Value::from);
        let number = |n: &Option<Number>| n.clone().map(Value::Number);
        let flag = |b: bool| b.then_some(Value::Bool(true));
        let keywords = [
            ("format", text(&self.format)),
            ("pattern", text(&self.pattern)),
            ("minLength", count(self.min_length)),
            ("maxLength", count(self.max_length)),
            ("minimum", number(&self.minimum)),
            ("maximum", number(&self.maximum)),
            ("exclusiveMinimum", flag(self.exclusive_minimum)),
            ("exclusiveMaximum", flag(self.exclusive_maximum)),
            ("multipleOf", number(&self.multiple_of)),
            ("minItems", count(self.min_items)),
            ("maxItems", count(self.max_items)),
            ("uniqueItems", flag(self.unique_items)),
            ("minProperties", count(self.min_properties)),
            ("maxProperties", count(self.max_properties)),
        ];
        for (key, value) in keywords {
            if let Some(value) = value {
                put(key, value);
            }
        }
        if let Some(items) = &self.items {
            put("items", items.to_json_schema(base));
        }
        if !self.properties.is_empty() {
            let properties = self
                .properties
                .iter()
                .map(|(name, s)| (name.clone(), s.to_json_schema(base)))
                .collect();
            put("properties", Value::Object(properties));
        }
        if !self.required.is_empty() {
            let names = self.required.iter().cloned().map(Value::String).collect();
            put("required", Value::Array(names));
        }
        match &self.additional_properties {
            Some(AdditionalProperties::Allowed(allowed)) => {
                put("additionalProperties", Value::Bool(*allowed));
            }
            Some(AdditionalProperties::Schema(s)) => {
                put("additionalProperties", s.to_json_schema(base));
            }
            None => {}
        }
        for (key, list) in [
            ("allOf", &self.all_of),
            ("anyOf", &self.any_of),
            ("oneOf", &self.one_of),
        ] {
            if !list.is_empty() {
                put(
                    key,
                    Value::Array(list.iter().map(|s| s.to_json_schema(base)).collect()),
                );
            }
        }
        if let Some(not) = &self.not {
            put("not", not.to_json_schema(base));
        }
        Value::Object(out)
    }
}
