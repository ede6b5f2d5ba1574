//! `tests/leniency.rs` of a service crate: every success-response example,
//! changed in one place at a time the way a real server plausibly differs
//! from the document (see [`super::mutations`]), must still decode into the
//! operation's type and lose nothing: a value the type cannot hold comes
//! back unchanged on re-encoding, and a member the document requires that
//! is missing, `null` or unreadable is recorded as defaulted on its object.
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
        "Responses decode leniently and lose nothing: each success-response example of\n\
         `{}`, changed in one place the way a real server plausibly differs from the\n\
         document (a new enum value, `\"\"` or a broken pattern, another timestamp\n\
         spelling, `null`, a missing property, a number sent as a string or the\n\
         reverse, an unknown property at any depth, an empty list, a value of no\n\
         `oneOf`/`anyOf` branch, `\"\"` or `[]` for an object, an integer past `i64`\n\
         or a fraction), still decodes into the operation's type. A value the type\n\
         cannot hold comes back unchanged when the decoded value is encoded again. A\n\
         member the document's own response definition requires\n\
         (`x-required-by-document`) that is missing, `null` or unreadable holds a\n\
         fallback and is listed in its object's `extra.defaulted()`. Run with\n\
         `--nocapture` to see the counts per category.",
        spec.path
    );
    let doc = super::inner_doc(&doc);
    let file = quote! {
        #doc
        #![allow(clippy::all)]

        use #library::types;
        use nttcom_runtime::Object;
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

        /// The defaulted members an object of type `T` records, read from
        /// `json` (the object as the mutated response has it).
        #[allow(dead_code)]
        fn defaulted<T: serde::de::DeserializeOwned + Object>(json: &Value) -> Vec<&'static str> {
            serde_json::from_value::<T>(json.clone())
                .map(|object| object.extra().defaulted().to_vec())
                .unwrap_or_default()
        }

        /// How the object holding a member reads its defaulted members.
        type Record = fn(&Value) -> Vec<&'static str>;

        /// (category, JSON pointer, the value set there or `None` to remove it,
        /// the required member left without a usable value and how its object
        /// records it, whether the value must survive a decode/encode round trip)
        type Case = (Category, &'static str, Option<&'static str>, Option<(&'static str, Option<Record>)>, bool);

        #[derive(Default)]
        struct Tally {
            /// category -> (cases, decoded, defaulted as required)
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
                for &(category, pointer, set, defaulted, round_trips) in cases {
                    let mut mutated = original.clone();
                    edit(&mut mutated, pointer, set);
                    let counts = self.counts.entry(category).or_default();
                    counts.0 += 1;
                    // Decoded as the client decodes a body: errors name the JSON path.
                    let bytes = serde_json::to_vec(&mutated).expect("JSON encodes");
                    let what = format!("{name} {category:?} at {pointer}");
                    let typed = match nttcom_runtime::decode_slice::<T>(&bytes) {
                        Ok(typed) => typed,
                        Err(error) => {
                            self.failures.push(format!("{what}: {error}"));
                            continue;
                        }
                    };
                    counts.1 += 1;
                    let encoded = serde_json::to_value(&typed).expect("typed values encode");
                    if round_trips && encoded.pointer(pointer) != mutated.pointer(pointer) {
                        self.failures.push(format!(
                            "{what}: the value did not survive a round trip: sent {:?}, re-encoded {:?}",
                            mutated.pointer(pointer),
                            encoded.pointer(pointer)
                        ));
                    }
                    let Some((member, record)) = defaulted else {
                        continue;
                    };
                    // Nothing that was not received is written back.
                    let received = mutated.pointer(pointer).is_some_and(|v| !v.is_null());
                    if !received && encoded.pointer(pointer).is_some() {
                        self.failures.push(format!(
                            "{what}: `{member}` was not received but is written back: {:?}",
                            encoded.pointer(pointer)
                        ));
                    }
                    let parent = &pointer[..pointer.rfind('/').expect("a member's pointer")];
                    let recorded = record.map_or(true, |record| {
                        record(mutated.pointer(parent).expect("the object is in the response"))
                            .contains(&member)
                    });
                    if recorded {
                        counts.2 += 1;
                    } else {
                        self.failures.push(format!(
                            "{what}: `{member}` is not listed in its object's `extra.defaulted()`"
                        ));
                    }
                }
            }

            fn finish(self, package: &str) {
                println!("{package}: {} success-response examples", self.examples);
                println!("{:<20} {:>6} {:>8} {:>22}", "category", "cases", "decoded", "defaulted (required)");
                let mut total = (0, 0, 0);
                for (category, (cases, decoded, defaulted)) in &self.counts {
                    println!("{:<20} {cases:>6} {decoded:>8} {defaulted:>22}", format!("{category:?}"));
                    total = (total.0 + cases, total.1 + decoded, total.2 + defaulted);
                }
                println!("{:<20} {:>6} {:>8} {:>22}", "all", total.0, total.1, total.2);
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

/// `tally.example::<T>(name, json, &[(category, pointer, edit, defaulted, round_trips), …]);`
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
            let defaulted = m.defaulted.as_ref().map_or_else(
                || path("None"),
                |d| {
                    let record = d.parent.as_deref().map_or_else(
                        || path("None"),
                        |parent| {
                            let parent: syn::Type =
                                syn::parse_str(parent).expect("a component type path");
                            syn::parse_quote!(Some(defaulted::<#parent>))
                        },
                    );
                    let member = string(&d.member);
                    syn::parse_quote!(Some((#member, #record)))
                },
            );
            syn::Expr::Tuple(syn::ExprTuple {
                attrs: Vec::new(),
                paren_token: Default::default(),
                elems: [
                    path(m.category.variant()),
                    string(&m.pointer),
                    edit,
                    defaulted,
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
