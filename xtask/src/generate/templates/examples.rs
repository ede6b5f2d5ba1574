//! Spec examples become tests: each decodes into its generated type and
//! encodes back to the same JSON. A wrong example is a failing test.

use std::collections::BTreeSet;

use quote::{format_ident, quote};
use serde_json::Value;

use crate::model::spec::JSON;
use crate::model::{Example as SpecExample, MediaType, Schema, Spec};

use super::rust_header;

/// One example value and the Rust type it must fit.
pub struct Example {
    /// Test function name, unique within the crate.
    pub name: String,
    /// Type path relative to the crate root, e.g. `types::ShippingAddress`.
    pub rust_type: String,
    /// The schema the example is a value of (a `$ref`, or an array of one).
    pub schema: Schema,
    /// The HTTP status when the example is a response body.
    pub response_status: Option<u16>,
    pub value: Value,
}

impl Example {
    /// A body the service sends on success, as opposed to what a client sends.
    pub fn is_success_response(&self) -> bool {
        self.response_status
            .is_some_and(|s| (200..300).contains(&s))
    }
}

/// Every example of the spec whose type has a name (the lint allows no
/// other bodies): those of each operation's parameters, request body and
/// responses, then those of the named schemas.
pub fn collect_examples(spec: &Spec) -> Vec<Example> {
    let mut out = Vec::new();
    let mut push = |name: String, schema: Option<&Schema>, status: Option<u16>, value: &Value| {
        if let Some((schema, rust_type)) = schema.and_then(|s| Some((s, s.rust_type()?))) {
            out.push(Example {
                name,
                rust_type,
                schema: schema.clone(),
                response_status: status,
                value: value.clone(),
            });
        }
    };
    for op in &spec.operations {
        let id = &op.id;
        for param in &op.parameters {
            if let Some(example) = param.example() {
                push(
                    format!("{id}_parameter_{}", heck::AsSnakeCase(&param.name)),
                    param.schema.as_ref(),
                    None,
                    &example.value,
                );
            }
        }
        if let Some(body) = &op.request_body {
            let media = body.content.as_ref().and_then(|c| c.get(JSON));
            media_examples(media, &format!("{id}_request"), None, &mut push);
        }
        for (status, response) in op.responses.iter().flatten() {
            let media = response.content.as_ref().and_then(|c| c.get(JSON));
            let prefix = format!("{id}_response_{status}");
            media_examples(media, &prefix, status.parse().ok(), &mut push);
        }
    }
    for (name, schema) in &spec.schemas {
        if let Some(example) = &schema.example {
            let reference = Schema::reference_to(name, &schema.pointer);
            push(
                format!("schema_{}", heck::AsSnakeCase(name)),
                Some(&reference),
                None,
                &example.value,
            );
        }
    }
    // Test names must be unique even when two examples share a prefix.
    let mut seen = BTreeSet::new();
    for example in &mut out {
        let base = example.name.clone();
        let mut n = 2;
        while !seen.insert(example.name.clone()) {
            example.name = format!("{base}_{n}");
            n += 1;
        }
    }
    out
}

fn media_examples(
    media: Option<&MediaType>,
    prefix: &str,
    status: Option<u16>,
    push: &mut impl FnMut(String, Option<&Schema>, Option<u16>, &Value),
) {
    let Some(media) = media else {
        return;
    };
    for SpecExample { name, value, .. } in &media.examples {
        let name = match name {
            None => prefix.to_owned(),
            Some(name) => format!("{prefix}_{}", heck::AsSnakeCase(name)),
        };
        push(name, media.schema.as_ref(), status, value);
    }
}

/// A raw string literal (`r#"…"#`), so the JSON reads as JSON in the test file.
pub fn raw_string(text: &str) -> proc_macro2::Literal {
    let hashes = "#".repeat(
        (1..)
            .find(|n| !text.contains(&format!("\"{}", "#".repeat(*n))))
            .unwrap_or(1),
    );
    format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| proc_macro2::Literal::string(text))
}

pub fn render(spec: &Spec, examples: &[Example]) -> Result<String, String> {
    let library = format_ident!("{}", spec.library());
    let tests = examples.iter().map(|example| {
        let name = format_ident!("{}", example.name);
        let ty: syn::Type = syn::parse_str(&example.rust_type).expect("type path built above");
        let json = raw_string(&serde_json::to_string_pretty(&example.value).unwrap_or_default());
        quote! {
            #[test]
            fn #name() {
                assert_round_trip::<#ty>(#json);
            }
        }
    });
    let doc = format!(
        "Every example in `{}` decodes into its generated type and encodes back to\n\
         the same JSON (`null` members and empty arrays aside, which the types omit).",
        spec.path
    );
    let doc = super::inner_doc(&doc);
    let file = quote! {
        #doc
        #![allow(clippy::all)]

        use #library::types;

        #(#tests)*

        #[track_caller]
        fn assert_round_trip<T>(json: &str)
        where
            T: serde::de::DeserializeOwned + serde::Serialize,
        {
            let original: serde_json::Value = serde_json::from_str(json).expect("example is JSON");
            let typed: T = match serde_json::from_value(original.clone()) {
                Ok(typed) => typed,
                Err(e) => panic!(
                    "example does not fit `{}`: {e}\n{json}",
                    std::any::type_name::<T>()
                ),
            };
            let encoded = serde_json::to_value(&typed).expect("generated types serialize");
            assert!(
                same_json(&original, &encoded),
                "example changed in a round trip through `{}`:\nbefore: {original}\nafter:  {encoded}",
                std::any::type_name::<T>()
            );
        }

        /// JSON equality that ignores key order, members that are `null` or `[]`
        /// (optional fields the types leave out), and `1` vs `1.0`.
        fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
            use serde_json::Value;
            let kept = |map: &serde_json::Map<String, Value>| -> Vec<(String, Value)> {
                let mut members: Vec<_> = map
                    .iter()
                    .filter(|(_, v)| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                members.sort_by(|x, y| x.0.cmp(&y.0));
                members
            };
            match (a, b) {
                (Value::Object(x), Value::Object(y)) => {
                    let (x, y) = (kept(x), kept(y));
                    x.len() == y.len()
                        && x.iter().zip(&y).all(|((kx, vx), (ky, vy))| kx == ky && same_json(vx, vy))
                }
                (Value::Array(x), Value::Array(y)) => {
                    x.len() == y.len() && x.iter().zip(y).all(|(vx, vy)| same_json(vx, vy))
                }
                (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
                _ => a == b,
            }
        }
    };
    let file: syn::File =
        syn::parse2(file).map_err(|e| format!("examples test template does not parse: {e}"))?;
    Ok(format!(
        "{}{}",
        rust_header(spec),
        prettyplease::unparse(&file)
    ))
}
