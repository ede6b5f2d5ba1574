//! Pass: the `pattern` checks of the generated types.
//!
//! typify checks a string newtype's `pattern` in its `FromStr` with a lazily
//! compiled `regress::Regex` (an ECMAScript engine) and asks where the match
//! is. Every request checks its ids that way, twice (the setter parses the
//! value, the request check parses it again), and a regex search costs
//! microseconds: more than the rest of the client's own work on a request.
//!
//! - A *simple* pattern (anchored at both ends, a sequence of literals and
//!   character classes with `{n}`, `{n,}`, `{n,m}`, `+`, `*` or `?`, every
//!   variable repetition followed by characters it cannot take) becomes a
//!   static `nttcom_runtime::pattern::Pattern`, a table built at compile
//!   time that checks a value in one pass, without allocating.
//! - Any other pattern (groups, alternatives) keeps a regex, `regex-lite`:
//!   the spec patterns are short ASCII classes and anchors, which it reads as
//!   ECMAScript does (the lint makes sure), and it compiles in a fraction of
//!   the time of `regex` (see the README's build costs). Both are asked only
//!   whether there is a match.

use quote::quote;
use syn::visit_mut::VisitMut;

use super::attrs::module_mut;

/// One element of a simple pattern: a set of characters (ASCII ranges, or
/// anything but them), repeated `min` to `max` times (`None`: no limit).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Atom {
    pub ranges: Vec<(u8, u8)>,
    pub negated: bool,
    pub min: u32,
    pub max: Option<u32>,
}

impl Atom {
    fn literal(c: u8) -> Self {
        Self {
            ranges: vec![(c, c)],
            negated: false,
            min: 1,
            max: Some(1),
        }
    }

    /// The ASCII characters of the set, as a bitmap; the bool: whether
    /// non-ASCII characters belong to it.
    fn set(&self) -> (u128, bool) {
        let mut bits = 0u128;
        for &(first, last) in &self.ranges {
            for c in first..=last {
                bits |= 1 << c;
            }
        }
        if self.negated {
            (!bits, true)
        } else {
            (bits, false)
        }
    }

    fn overlaps(&self, other: &Atom) -> bool {
        let (a, a_other) = self.set();
        let (b, b_other) = other.set();
        a & b != 0 || (a_other && b_other)
    }
}

/// The atoms of `pattern` when it is simple (see the module docs), else
/// `None`.
pub fn compile(pattern: &str) -> Option<Vec<Atom>> {
    let body = pattern.strip_prefix('^')?.strip_suffix('$')?;
    if !body.is_ascii() || body.ends_with('\\') {
        return None;
    }
    let bytes = body.as_bytes();
    let mut atoms: Vec<Atom> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let (atom, next) = match bytes[i] {
            b'[' => class(bytes, i + 1)?,
            b'\\' => (Atom::literal(escaped(bytes[i + 1])?), i + 2),
            // Groups, alternatives, anchors inside, any-character, or a
            // quantifier with nothing before it.
            b'(' | b')' | b'|' | b'^' | b'$' | b'.' | b'{' | b'}' | b'+' | b'*' | b'?' | b']' => {
                return None;
            }
            c => (Atom::literal(c), i + 1),
        };
        let (min, max, next) = quantifier(bytes, next)?;
        atoms.push(Atom { min, max, ..atom });
        i = next;
    }
    deterministic(&atoms).then_some(atoms)
}

/// An escaped character standing for itself (`\.`, `\-`, `\/`, …); `None`
/// for a class escape (`\d`, `\w`, …) or any other letter or digit.
fn escaped(c: u8) -> Option<u8> {
    (c.is_ascii_punctuation()).then_some(c)
}

/// The class whose contents start at `bytes[start]`, and where it ends.
fn class(bytes: &[u8], start: usize) -> Option<(Atom, usize)> {
    let mut i = start;
    let negated = bytes.get(i) == Some(&b'^');
    if negated {
        i += 1;
    }
    let mut ranges: Vec<(u8, u8)> = Vec::new();
    // Whether the last item was a single character that a `-` may extend.
    let mut single = false;
    loop {
        let c = *bytes.get(i)?;
        match c {
            b']' if i > start + usize::from(negated) => {
                return Some((
                    Atom {
                        ranges,
                        negated,
                        min: 1,
                        max: Some(1),
                    },
                    i + 1,
                ));
            }
            b'-' if single && bytes.get(i + 1).is_some_and(|n| *n != b']') => {
                let (last, next) = class_char(bytes, i + 1)?;
                let range = ranges.last_mut()?;
                if last < range.0 {
                    return None;
                }
                range.1 = last;
                single = false;
                i = next;
            }
            b'[' => return None,
            _ => {
                let (c, next) = class_char(bytes, i)?;
                ranges.push((c, c));
                single = true;
                i = next;
            }
        }
    }
}

/// One character of a class (a punctuation escape allowed), and what follows.
fn class_char(bytes: &[u8], i: usize) -> Option<(u8, usize)> {
    match *bytes.get(i)? {
        b'\\' => Some((escaped(*bytes.get(i + 1)?)?, i + 2)),
        c => Some((c, i + 1)),
    }
}

/// The repetition after an atom, and where it ends.
fn quantifier(bytes: &[u8], i: usize) -> Option<(u32, Option<u32>, usize)> {
    let (min, max, next) = match bytes.get(i) {
        Some(b'+') => (1, None, i + 1),
        Some(b'*') => (0, None, i + 1),
        Some(b'?') => (0, Some(1), i + 1),
        Some(b'{') => {
            let close = i + bytes[i..].iter().position(|c| *c == b'}')?;
            let inside = std::str::from_utf8(&bytes[i + 1..close]).ok()?;
            let (min, max) = match inside.split_once(',') {
                None => {
                    let n = inside.parse().ok()?;
                    (n, Some(n))
                }
                Some((min, "")) => (min.parse().ok()?, None),
                Some((min, max)) => (min.parse().ok()?, Some(max.parse().ok()?)),
            };
            if max.is_some_and(|max| max < min) {
                return None;
            }
            (min, max, close + 1)
        }
        _ => return Some((1, Some(1), i)),
    };
    // A lazy or possessive form (`+?`, `{2}+`) means something else.
    if matches!(bytes.get(next), Some(b'?' | b'+' | b'*' | b'{')) {
        return None;
    }
    Some((min, max, next))
}

/// Whether matching each atom as far as it goes gives the regex's answer:
/// every atom that may repeat a variable number of times is followed by
/// characters it cannot take (the next atoms up to one that must appear).
fn deterministic(atoms: &[Atom]) -> bool {
    atoms.iter().enumerate().all(|(i, atom)| {
        if atom.max == Some(atom.min) {
            return true;
        }
        for next in &atoms[i + 1..] {
            if atom.overlaps(next) {
                return false;
            }
            if next.min > 0 {
                break;
            }
        }
        true
    })
}

/// The runtime table of `atoms`, as Rust.
fn table(atoms: &[Atom]) -> proc_macro2::TokenStream {
    let atoms = atoms.iter().map(|atom| {
        let ranges = atom.ranges.iter().map(|&(first, last)| {
            let first = proc_macro2::Literal::byte_character(first);
            let last = proc_macro2::Literal::byte_character(last);
            quote!((#first, #last))
        });
        let set = if atom.negated {
            quote!(none_of)
        } else {
            quote!(any_of)
        };
        let count = proc_macro2::Literal::u32_unsuffixed;
        let repeat = match (atom.min, atom.max) {
            (1, Some(1)) => quote!(),
            (min, Some(max)) => {
                let (min, max) = (count(min), count(max));
                quote!(.times(#min, #max))
            }
            (min, None) => {
                let min = count(min);
                quote!(.at_least(#min))
            }
        };
        quote!(nttcom_runtime::pattern::Atom::#set(&[#(#ranges),*])#repeat)
    });
    quote!(nttcom_runtime::pattern::Pattern::new(&[#(#atoms),*]))
}

/// Rewrites every pattern check in `types`.
pub fn reshape(file: &mut syn::File) -> Result<(), String> {
    for item in module_mut(file, "types")? {
        Checks.visit_item_mut(item);
    }
    Ok(())
}

struct Checks;

impl VisitMut for Checks {
    fn visit_item_static_mut(&mut self, item: &mut syn::ItemStatic) {
        if item.ident != "PATTERN" {
            return;
        }
        let Some(pattern) = regex_source(&item.expr) else {
            return;
        };
        match compile(&pattern) {
            Some(atoms) => {
                let doc = format!("`{pattern}`");
                item.attrs.push(syn::parse_quote!(#[doc = #doc]));
                *item.ty = syn::parse_quote!(nttcom_runtime::pattern::Pattern);
                *item.expr = syn::parse2(table(&atoms)).expect("a table parses");
            }
            None => syn::visit_mut::visit_item_static_mut(self, item),
        }
    }

    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        // `::regress::Regex` and `::regress::Regex::new`.
        let regress = path.leading_colon.is_some()
            && path.segments.len() >= 2
            && path.segments[0].ident == "regress"
            && path.segments[1].ident == "Regex";
        if regress {
            path.segments[0].ident = quote::format_ident!("regex_lite");
        }
        syn::visit_mut::visit_path_mut(self, path);
    }

    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        syn::visit_mut::visit_expr_mut(self, expr);
        // `PATTERN.find(value).is_none()` → `!PATTERN.is_match(value)`
        if let syn::Expr::MethodCall(is_none) = expr
            && is_none.method == "is_none"
            && let syn::Expr::MethodCall(find) = &*is_none.receiver
            && find.method == "find"
            && matches!(&*find.receiver, syn::Expr::Path(p) if p.path.is_ident("PATTERN"))
        {
            let args = &find.args;
            *expr = syn::parse_quote!(!PATTERN.is_match(#args));
        }
    }
}

/// The pattern of `LazyLock::new(|| { Regex::new("…").unwrap() })`.
fn regex_source(init: &syn::Expr) -> Option<String> {
    struct Find(Option<String>);
    impl VisitMut for Find {
        fn visit_expr_call_mut(&mut self, call: &mut syn::ExprCall) {
            if let syn::Expr::Path(p) = &*call.func
                && p.path.segments.last().is_some_and(|s| s.ident == "new")
                && p.path.segments.iter().any(|s| s.ident == "Regex")
                && let Some(syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                })) = call.args.first()
            {
                self.0 = Some(s.value());
            }
            syn::visit_mut::visit_expr_call_mut(self, call);
        }
    }
    // (syn's read-only visitor is not compiled in; this one reads a copy.)
    let mut find = Find(None);
    find.visit_expr_mut(&mut init.clone());
    find.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn atom(ranges: &[(u8, u8)], min: u32, max: Option<u32>) -> Atom {
        Atom {
            ranges: ranges.to_vec(),
            negated: false,
            min,
            max,
        }
    }

    #[test]
    fn the_specs_simple_patterns_compile() {
        assert_eq!(
            compile("^[0-9a-f]{32}$"),
            Some(vec![atom(&[(b'0', b'9'), (b'a', b'f')], 32, Some(32))])
        );
        assert_eq!(
            compile("^u[0-9]{10}$"),
            Some(vec![
                atom(&[(b'u', b'u')], 1, Some(1)),
                atom(&[(b'0', b'9')], 10, Some(10))
            ])
        );
        assert_eq!(
            compile("^[!-~]+$"),
            Some(vec![atom(&[(b'!', b'~')], 1, None)])
        );
        assert_eq!(
            compile("^[0-9]{1,15}$"),
            Some(vec![atom(&[(b'0', b'9')], 1, Some(15))])
        );
        let email = compile(r"^[a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+\.[a-zA-Z0-9-.]+$").unwrap();
        assert_eq!(email.len(), 5);
        assert_eq!(
            email[4].ranges,
            [
                (b'a', b'z'),
                (b'A', b'Z'),
                (b'0', b'9'),
                (b'-', b'-'),
                (b'.', b'.')
            ]
        );
        assert_eq!(email[0].ranges.last(), Some(&(b'-', b'-')));
        let quoteless = compile(r#"^[^"']*$"#).unwrap();
        assert!(quoteless[0].negated);
        assert_eq!(quoteless[0].ranges, [(b'"', b'"'), (b'\'', b'\'')]);
        assert_eq!((quoteless[0].min, quoteless[0].max), (0, None));
    }

    #[test]
    fn anything_else_keeps_a_regex() {
        for pattern in [
            "^([1-9][0-9]*|0)$",
            "^[0-9]{6}([0-9]{2})?$",
            r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?$",
            "[0-9]+",
            "^[0-9]+",
            "^a.b$",
            r"^\d+$",
            "^[0-9]+?$",
            "^[a-z]+[a-f]$",
            "^[0-9.]+[.]{2}$",
            "^[a-z]*[a-z]$",
            "^東京$",
            "^[z-a]$",
        ] {
            assert_eq!(compile(pattern), None, "{pattern}");
        }
    }

    #[test]
    fn a_variable_repetition_may_precede_an_optional_atom_it_cannot_take() {
        assert!(compile("^[0-9]+x?y$").is_some());
        assert!(compile("^[0-9]+x?[0-9]$").is_none());
        assert!(compile("^[0-9]{2,3}x$").is_some());
    }

    #[test]
    fn the_check_becomes_a_table_or_keeps_regex_lite() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                impl ::std::str::FromStr for TenantId {
                    type Err = E;
                    fn from_str(value: &str) -> Result<Self, E> {
                        static PATTERN: ::std::sync::LazyLock<::regress::Regex> =
                            ::std::sync::LazyLock::new(|| { ::regress::Regex::new("^[0-9a-f]{32}$").unwrap() });
                        if PATTERN.find(value).is_none() {
                            return Err("doesn't match".into());
                        }
                        Ok(Self(value.to_string()))
                    }
                }
                impl ::std::str::FromStr for Count {
                    type Err = E;
                    fn from_str(value: &str) -> Result<Self, E> {
                        static PATTERN: ::std::sync::LazyLock<::regress::Regex> =
                            ::std::sync::LazyLock::new(|| { ::regress::Regex::new("^([1-9][0-9]*|0)$").unwrap() });
                        if PATTERN.find(value).is_none() {
                            return Err("doesn't match".into());
                        }
                        Ok(Self(value.to_string()))
                    }
                }
            }
        };
        reshape(&mut file).unwrap();
        let text = prettyplease::unparse(&file);
        let compact: String = text.split_whitespace().collect();
        assert!(
            compact.contains("staticPATTERN:nttcom_runtime::pattern::Pattern=nttcom_runtime::pattern::Pattern::new(")
                && compact.contains("Atom::any_of(&[(b'0',b'9'),(b'a',b'f')]).times(32,32)"),
            "{text}"
        );
        assert!(
            text.contains("::regex_lite::Regex::new(\"^([1-9][0-9]*|0)$\")"),
            "{text}"
        );
        assert!(!text.contains("regress"), "{text}");
        assert_eq!(
            text.matches("if !PATTERN.is_match(value)").count(),
            2,
            "{text}"
        );
    }
}
