//! The Rust type of each parameter, as the service's request builders take
//! it, read from the reshaped client.
//!
//! A command module parses each flag into the very type the builder field
//! holds (`args.get::<types::CustomerSiteCode>(…)`). That type is typify's
//! choice, reshaped by the type passes (runtime dates, open enums…), so it
//! is read here from the client that was just generated rather than guessed
//! again from the schema: whatever those passes make of a parameter, its
//! command parses into it.

use std::collections::BTreeMap;

use crate::generate::codegen::{module, type_text};
use crate::model::{Operation, Parameter, Spec};

/// How a builder takes one parameter.
#[derive(Clone, Debug)]
pub struct Setter {
    /// The builder's field and setter name (`customer_site_code`).
    pub name: String,
    /// The type one value is parsed into, as code (`types::CustomerSiteCode`,
    /// `String`, `i64`).
    pub ty: String,
    /// A list (`Vec<…>`): the flag may be repeated.
    pub multiple: bool,
}

/// Each operation's setters, by operationId, then by the parameter's spec
/// name.
#[derive(Debug, Default)]
pub struct Builders(BTreeMap<String, BTreeMap<String, Setter>>);

impl Builders {
    /// How the builder of `op` takes `param`.
    pub fn setter(&self, op: &Operation, param: &Parameter) -> Result<&Setter, String> {
        self.0
            .get(&op.id)
            .and_then(|setters| setters.get(&param.name))
            .ok_or_else(|| {
                format!(
                    "the request builder {} has no field for parameter `{}`",
                    op.builder_name(),
                    param.name
                )
            })
    }
}

/// Reads every operation's builder fields from the client module.
pub fn read(client: &syn::File, spec: &Spec) -> Result<Builders, String> {
    let builder = module(client, "builder")?;
    let mut out = BTreeMap::new();
    for op in &spec.operations {
        let name = op.builder_name();
        let fields = builder
            .iter()
            .find_map(|item| match item {
                syn::Item::Struct(s) if s.ident == name => Some(&s.fields),
                _ => None,
            })
            .ok_or_else(|| format!("the client has no request builder {name}"))?;
        let mut setters = BTreeMap::new();
        for param in &op.parameters {
            let wanted = param.rust_name();
            // progenitor appends `_` to a name that is a Rust keyword.
            let field = fields
                .iter()
                .find(|f| {
                    f.ident
                        .as_ref()
                        .is_some_and(|i| *i == wanted || *i == format!("{wanted}_"))
                })
                .ok_or_else(|| {
                    format!(
                        "the request builder {name} has no field `{wanted}` for parameter `{}`",
                        param.name
                    )
                })?;
            let setter = setter(field).map_err(|e| format!("{name}.{wanted}: {e}"))?;
            setters.insert(param.name.clone(), setter);
        }
        out.insert(op.id.clone(), setters);
    }
    Ok(Builders(out))
}

/// A builder field `name: Result<T, String>`, where `T` is the value, an
/// `Option` of it, or a `Vec` (or an `Option` of a `Vec`) of values.
fn setter(field: &syn::Field) -> Result<Setter, String> {
    let name = field
        .ident
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let held = wrapped(&field.ty, "Result").ok_or("not a `Result<_, String>`")?;
    let value = wrapped(held, "Option").unwrap_or(held);
    let (value, multiple) = match wrapped(value, "Vec") {
        Some(item) => (item, true),
        None => (value, false),
    };
    let written = type_text(value);
    // The command module names the service's types through its own `use
    // <library>::types`; any other relative path would not resolve there.
    let relative =
        !written.starts_with("::") && written.contains("::") && !written.starts_with("types::");
    if relative {
        return Err(format!(
            "`{written}` cannot be named from the command module"
        ));
    }
    let ty = written
        .replace("::std::string::String", "String")
        .replace("::std::vec::Vec", "Vec")
        .replace("::nttcom_runtime::", "nttcom_runtime::");
    Ok(Setter { name, ty, multiple })
}

/// `T` of `Wrapper<T, …>` (by the path's last segment).
fn wrapped<'a>(ty: &'a syn::Type, wrapper: &str) -> Option<&'a syn::Type> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != wrapper {
        return None;
    }
    match &last.arguments {
        syn::PathArguments::AngleBracketed(args) => args.args.iter().find_map(|a| match a {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_options_and_lists() {
        let fields: syn::FieldsNamed = syn::parse_quote!({
            a: Result<types::TenantId, String>,
            b: Result<Option<::std::string::String>, String>,
            c: Result<Option<::std::vec::Vec<types::OrderType>>, String>,
            d: Result<::nttcom_runtime::Date, String>,
            e: Result<Option<super::Nope>, String>,
        });
        let read: Vec<Result<(String, String, bool), String>> = fields
            .named
            .iter()
            .map(|f| setter(f).map(|s| (s.name, s.ty, s.multiple)))
            .collect();
        let ok = |name: &str, ty: &str, multiple| Ok((name.to_owned(), ty.to_owned(), multiple));
        assert_eq!(read[0], ok("a", "types::TenantId", false));
        assert_eq!(read[1], ok("b", "String", false));
        assert_eq!(read[2], ok("c", "types::OrderType", true));
        assert_eq!(read[3], ok("d", "nttcom_runtime::Date", false));
        assert!(read[4].is_err(), "{:?}", read[4]);
    }
}
