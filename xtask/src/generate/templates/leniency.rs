//! `tests/leniency.rs` of a service crate: every success-response example,
//! changed in one place at a time the way a real server plausibly differs
//! from the document (see [`super::mutations`]), must still decode into the
//! operation's type, except where the document itself requires the property.
//! The test prints how many mutations of each category decoded.

use quote::{format_ident, quote};

use crate::generate::templates::mutations::{Category, Edit, of_example};
use crate::model::Spec;

use super::examples::{Example, raw_string};
use super::rust_header;

pub fn render(spec: &Spec, examples: &[Example]) -> Result<String, String> {
    let library = format_ident!("{}", spec.library());
    let calls: Vec<syn::Stmt> = examples
        .iter()
        .filter(|e| e.is_success_response())
        .map(|example| call(spec, example))
        .collect();
    let categories: Vec<_> = Category::ALL
        .iter()
        .map(|c| format_ident!("{}", c.variant()))
        .collect();
    let doc = format!(
        "Responses decode leniently: each success-response example of `{}`, changed in\n\
         one place the way a real server plausibly differs from the document (a new\n\
         enum value, `\"\"` or a broken pattern, another timestamp spelling, `null`, a\n\
         missing property, a number sent as a string or the reverse, an unknown\n\
         property, an empty list), still decodes into the operation's type. Only a\n\
         null or missing property that the document's own response definition\n\
         requires (`x-required-by-document`) must fail, naming the field. Run with\n\
         `--nocapture` to see the counts per category.",
        spec.path
    );
    let doc = super::inner_doc(&doc);
    let file = quote! {
        #doc
        #![allow(clippy::all)]

        use #library::types;
        use serde_json::Value;
        use Category::*;

        #[test]
        fn mutated_responses_decode() {
            let mut tally = Tally::default();
            tally.finish(env!("CARGO_PKG_NAME"));
        }

        /// Not every spec gives rise to every category.
        #[allow(dead_code)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
        enum Category {
            #(#categories,)*
        }

        /// (category, JSON pointer, the value set there or `None` to remove it,
        /// the property whose absence must be refused, whether the value must
        /// survive a decode/encode round trip)
        type Case = (Category, &'static str, Option<&'static str>, Option<&'static str>, bool);

        #[derive(Default)]
        struct Tally {
            /// category -> (cases, decoded, refused as required)
            counts: std::collections::BTreeMap<Category, (usize, usize, usize)>,
            failures: Vec<String>,
            examples: usize,
        }

        impl Tally {
            fn example<T>(&mut self, name: &str, json: &str, cases: &[Case])
            where
                T: serde::de::DeserializeOwned + serde::Serialize,
            {
                self.examples += 1;
                let original: Value = serde_json::from_str(json).expect("example is JSON");
                for &(category, pointer, set, refused, round_trips) in cases {
                    let mut mutated = original.clone();
                    edit(&mut mutated, pointer, set);
                    let counts = self.counts.entry(category).or_default();
                    counts.0 += 1;
                    // Decoded as the client decodes a body: errors name the JSON path.
                    let bytes = serde_json::to_vec(&mutated).expect("JSON encodes");
                    let outcome = nttcom_runtime::decode_slice::<T>(&bytes);
                    let what = format!("{name} {category:?} at {pointer}");
                    match (outcome, refused) {
                        (Ok(typed), None) => {
                            counts.1 += 1;
                            if round_trips {
                                let encoded = serde_json::to_value(&typed).expect("typed values encode");
                                if encoded.pointer(pointer) != mutated.pointer(pointer) {
                                    self.failures.push(format!(
                                        "{what}: the value did not survive a round trip: sent {:?}, re-encoded {:?}",
                                        mutated.pointer(pointer),
                                        encoded.pointer(pointer)
                                    ));
                                }
                            }
                        }
                        (Err(error), None) => self.failures.push(format!("{what}: {error}")),
                        (Err(error), Some(field)) if error.to_string().contains(field) => counts.2 += 1,
                        (Err(error), Some(field)) => self.failures.push(format!(
                            "{what}: refused, but the error does not name `{field}`: {error}"
                        )),
                        (Ok(_), Some(field)) => self.failures.push(format!(
                            "{what}: decoded, but the document requires `{field}`"
                        )),
                    }
                }
            }

            fn finish(self, package: &str) {
                println!("{package}: {} success-response examples", self.examples);
                println!("{:<20} {:>6} {:>8} {:>20}", "category", "cases", "decoded", "refused (required)");
                let mut total = (0, 0, 0);
                for (category, (cases, decoded, refused)) in &self.counts {
                    println!("{:<20} {cases:>6} {decoded:>8} {refused:>20}", format!("{category:?}"));
                    total = (total.0 + cases, total.1 + decoded, total.2 + refused);
                }
                println!("{:<20} {:>6} {:>8} {:>20}", "all", total.0, total.1, total.2);
                if !self.failures.is_empty() {
                    let shown: Vec<&String> = self.failures.iter().take(40).collect();
                    panic!(
                        "{} of {} mutated responses were not handled as expected:\n{:#?}",
                        self.failures.len(),
                        total.0,
                        shown
                    );
                }
            }
        }

        /// Sets (`Some(json)`) or removes (`None`) the value at `pointer`.
        fn edit(value: &mut Value, pointer: &str, set: Option<&str>) {
            if pointer.is_empty() {
                *value = serde_json::from_str(set.expect("the top is replaced, not removed")).expect("a JSON value");
                return;
            }
            let (parent, key) = pointer.rsplit_once('/').expect("a pointer below the top");
            let key = key.replace("~1", "/").replace("~0", "~");
            let parent = value.pointer_mut(parent).expect("the parent exists in the example");
            let new = set.map(|json| serde_json::from_str::<Value>(json).expect("a JSON value"));
            match (parent, new) {
                (Value::Object(map), Some(new)) => {
                    map.insert(key, new);
                }
                (Value::Object(map), None) => {
                    map.remove(&key);
                }
                (Value::Array(items), Some(new)) => {
                    items[key.parse::<usize>().expect("an index")] = new;
                }
                (other, _) => panic!("cannot edit {pointer} in {other}"),
            }
        }
    };
    let mut file: syn::File =
        syn::parse2(file).map_err(|e| format!("leniency test template does not parse: {e}"))?;
    // The cases go in as syntax trees: thousands of them would take long to
    // print as tokens and parse back.
    let test = file.items.iter_mut().find_map(|item| match item {
        syn::Item::Fn(f) if f.sig.ident == "mutated_responses_decode" => Some(f),
        _ => None,
    });
    let test = test.ok_or("leniency test template has no `mutated_responses_decode`")?;
    test.block.stmts.splice(1..1, calls);
    Ok(format!(
        "{}{}",
        rust_header(spec),
        prettyplease::unparse(&file)
    ))
}

/// `tally.example::<T>(name, json, &[(category, pointer, edit, refused, round_trips), …]);`
fn call(spec: &Spec, example: &Example) -> syn::Stmt {
    let ty: syn::Type = syn::parse_str(&example.rust_type).expect("type path built by examples");
    let name = &example.name;
    let json = raw_string(&serde_json::to_string(&example.value).unwrap_or_default());
    let mut call: syn::Stmt = syn::parse_quote!(tally.example::<#ty>(#name, #json, &[]););
    let cases = of_example(spec, &example.schema, &example.value)
        .into_iter()
        .map(|m| {
            let edit = match &m.edit {
                Edit::Set(value) => some(string(&value.to_string())),
                Edit::Remove => path("None"),
            };
            let refused = m
                .refused
                .as_deref()
                .map_or_else(|| path("None"), |f| some(string(f)));
            syn::Expr::Tuple(syn::ExprTuple {
                attrs: Vec::new(),
                paren_token: Default::default(),
                elems: [
                    path(m.category.variant()),
                    string(&m.pointer),
                    edit,
                    refused,
                    literal(syn::Lit::Bool(syn::LitBool::new(m.round_trips, span()))),
                ]
                .into_iter()
                .collect(),
            })
        });
    if let syn::Stmt::Expr(syn::Expr::MethodCall(method), _) = &mut call
        && let Some(syn::Expr::Reference(reference)) = method.args.last_mut()
        && let syn::Expr::Array(array) = &mut *reference.expr
    {
        array.elems.extend(cases);
    }
    call
}

fn span() -> proc_macro2::Span {
    proc_macro2::Span::call_site()
}

fn literal(lit: syn::Lit) -> syn::Expr {
    syn::Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit,
    })
}

fn string(text: &str) -> syn::Expr {
    literal(syn::Lit::Str(syn::LitStr::new(text, span())))
}

fn path(ident: &str) -> syn::Expr {
    syn::Expr::Path(syn::ExprPath {
        attrs: Vec::new(),
        qself: None,
        path: syn::Ident::new(ident, span()).into(),
    })
}

fn some(value: syn::Expr) -> syn::Expr {
    syn::Expr::Call(syn::ExprCall {
        attrs: Vec::new(),
        func: Box::new(path("Some")),
        paren_token: Default::default(),
        args: std::iter::once(value).collect(),
    })
}
