//! Strict on what we send: every value of a request is checked against its
//! spec's constraints before anything leaves the machine.
//!
//! Responses decode leniently (see [`crate::read`]), so a value read from a
//! response may break its spec (an unknown enum value, an id in the wrong
//! case, a value kept as received in an object's [`crate::Extra`]). Sending such a value back fails here, with
//! `Error::InvalidRequest` naming the field. The generated crates implement
//! [`Validate`] for every type from its spec; the operation's `send()` calls
//! [`param`] and [`body`].

use std::collections::BTreeMap;
use std::fmt;

pub use crate::extra::validate as extra;

/// A value that can tell whether it satisfies its spec's constraints.
///
/// The generated types implement [`Validate::validate`] from their spec (every
/// field, enum value, pattern); [`Validate::validate_with`] adds the rules the
/// spec states where the value is used (a range on a parameter, `required`
/// on a property), which plain numbers, strings, options and lists apply.
pub trait Validate {
    /// `Ok` when the value may be sent; otherwise where and why not.
    fn validate(&self) -> Result<(), Invalid>;

    /// [`Self::validate`], plus the `rules` of the place the value is used.
    fn validate_with(&self, rules: &Rules) -> Result<(), Invalid> {
        let _ = rules;
        self.validate()
    }
}

/// The constraints a spec puts on a value where it is used.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rules {
    /// The property must be set (its Rust field is an `Option` because
    /// responses may leave it out).
    pub required: bool,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: bool,
    pub exclusive_maximum: bool,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    /// `ipv4`, `ipv6`, `email`, `uuid`, `date`, `date-time`; others are documentation.
    pub format: Option<&'static str>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    /// The rules of each item of a list.
    pub items: Option<&'static Rules>,
}

impl Rules {
    /// No constraint: `Rules { minimum: Some(1.0), ..Rules::NONE }`.
    pub const NONE: Rules = Rules {
        required: false,
        minimum: None,
        maximum: None,
        exclusive_minimum: false,
        exclusive_maximum: false,
        min_length: None,
        max_length: None,
        format: None,
        min_items: None,
        max_items: None,
        items: None,
    };
}

/// Why a value may not be sent, and where in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid {
    /// Path segments, innermost first (they are added on the way out).
    path: Vec<Segment>,
    message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    Field(String),
    Index(usize),
}

impl Invalid {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            path: Vec::new(),
            message: message.into(),
        }
    }

    /// The same fault, inside field `name` (its name on the wire).
    #[must_use]
    pub fn in_field(mut self, name: &str) -> Self {
        self.path.push(Segment::Field(name.to_owned()));
        self
    }

    /// The same fault, inside item `index` of a list.
    #[must_use]
    pub fn in_item(mut self, index: usize) -> Self {
        self.path.push(Segment::Index(index));
        self
    }

    /// Where the fault is, e.g. `products[0].zipCode` (empty at the top).
    pub fn path(&self) -> String {
        let mut out = String::new();
        for segment in self.path.iter().rev() {
            match segment {
                Segment::Field(name) if out.is_empty() => out.push_str(name),
                Segment::Field(name) => {
                    out.push('.');
                    out.push_str(name);
                }
                Segment::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.path() {
            path if path.is_empty() => f.write_str(&self.message),
            path => write!(f, "{path}: {}", self.message),
        }
    }
}

impl std::error::Error for Invalid {}

/// Checks a request parameter; the message names it (`pageSize: …`).
pub fn param<T: Validate + ?Sized>(name: &str, value: &T, rules: &Rules) -> Result<(), String> {
    value
        .validate_with(rules)
        .map_err(|e| e.in_field(name).to_string())
}

/// Checks a request body; the message names the field (`body.zipCode: …`).
pub fn body<T: Validate + ?Sized>(value: &T) -> Result<(), String> {
    value.validate().map_err(|e| e.in_field("body").to_string())
}

/// Checks field `name` of a struct under its `rules`.
pub fn field<T: Validate + ?Sized>(name: &str, value: &T, rules: &Rules) -> Result<(), Invalid> {
    value.validate_with(rules).map_err(|e| e.in_field(name))
}

/// A string newtype's own check: its `FromStr` (the spec's pattern and
/// lengths) accepts `text`. What the generated newtypes' `Validate` runs.
pub fn parses<T>(text: &str) -> Result<(), Invalid>
where
    T: std::str::FromStr,
    T::Err: fmt::Display,
{
    text.parse::<T>()
        .map(drop)
        .map_err(|e| Invalid::new(format!("`{text}`: {e}")))
}

/// `minimum`/`maximum` (and their exclusive forms) of a number.
fn range(value: f64, shown: &dyn fmt::Display, rules: &Rules) -> Result<(), Invalid> {
    let below = rules.minimum.is_some_and(|m| {
        if rules.exclusive_minimum {
            value <= m
        } else {
            value < m
        }
    });
    let above = rules.maximum.is_some_and(|m| {
        if rules.exclusive_maximum {
            value >= m
        } else {
            value > m
        }
    });
    if !(below || above) {
        return Ok(());
    }
    let bound = |b: Option<f64>, strict: bool, word: &str, strict_word: &str| {
        b.map(|b| format!("{} {}", if strict { strict_word } else { word }, b))
    };
    let bounds: Vec<String> = [
        bound(
            rules.minimum,
            rules.exclusive_minimum,
            "at least",
            "more than",
        ),
        bound(
            rules.maximum,
            rules.exclusive_maximum,
            "at most",
            "less than",
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    Err(Invalid::new(format!(
        "{shown} is out of range: must be {}",
        bounds.join(" and ")
    )))
}

/// `minLength`/`maxLength` (in characters) and `format` of a string.
fn text(value: &str, rules: &Rules) -> Result<(), Invalid> {
    let length = value.chars().count();
    if rules.min_length.is_some_and(|m| length < m) || rules.max_length.is_some_and(|m| length > m)
    {
        return Err(Invalid::new(format!(
            "`{value}` has {length} characters: {}",
            bounds(rules.min_length, rules.max_length)
        )));
    }
    rules.format.map_or(Ok(()), |f| format(value, f))
}

/// "between 1 and 3", "at least 1", "at most 3".
fn bounds(minimum: Option<usize>, maximum: Option<usize>) -> String {
    match (minimum, maximum) {
        (Some(a), Some(b)) => format!("must be between {a} and {b}"),
        (Some(a), None) => format!("must be at least {a}"),
        (None, Some(b)) => format!("must be at most {b}"),
        (None, None) => "no bound".to_owned(),
    }
}

/// A string `format` the types do not already enforce (`ipv4`, `ipv6`,
/// `email`, `uuid`, `date`, `date-time`); other formats are documentation.
pub fn format(value: &str, format: &str) -> Result<(), Invalid> {
    let ok = match format {
        "ipv4" => value.parse::<std::net::Ipv4Addr>().is_ok(),
        "ipv6" => value.parse::<std::net::Ipv6Addr>().is_ok(),
        "email" => is_email(value),
        "uuid" => is_uuid(value),
        "date" => crate::Date::from_text(value).is_strict(),
        "date-time" => crate::Timestamp::from_text(value).is_strict(),
        _ => true,
    };
    if ok {
        Ok(())
    } else {
        Err(Invalid::new(format!("`{value}` is not a valid {format}")))
    }
}

/// `local@domain` with a dot in the domain and no spaces: what a server
/// refuses is caught here, the rest is the server's to judge.
fn is_email(value: &str) -> bool {
    match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !value.contains(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    }
}

fn is_uuid(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

macro_rules! numbers {
    ($($t:ty),*) => {$(
        impl Validate for $t {
            fn validate(&self) -> Result<(), Invalid> {
                Ok(())
            }

            #[allow(clippy::cast_precision_loss, clippy::cast_lossless)]
            fn validate_with(&self, rules: &Rules) -> Result<(), Invalid> {
                // Exact for every bound the specs use (|n| < 2^53).
                range(*self as f64, self, rules)
            }
        }
    )*};
}
numbers!(i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

impl Validate for String {
    fn validate(&self) -> Result<(), Invalid> {
        Ok(())
    }

    fn validate_with(&self, rules: &Rules) -> Result<(), Invalid> {
        text(self, rules)
    }
}

impl Validate for str {
    fn validate(&self) -> Result<(), Invalid> {
        Ok(())
    }

    fn validate_with(&self, rules: &Rules) -> Result<(), Invalid> {
        text(self, rules)
    }
}

// Values without constraints of their own.
macro_rules! always_valid {
    ($($t:ty),*) => {$(
        impl Validate for $t {
            fn validate(&self) -> Result<(), Invalid> {
                Ok(())
            }
        }
    )*};
}
always_valid!(
    bool,
    (),
    serde_json::Value,
    std::net::Ipv4Addr,
    std::net::Ipv6Addr
);

/// `None` is fine unless the rules require a value.
impl<T: Validate> Validate for Option<T> {
    fn validate(&self) -> Result<(), Invalid> {
        self.as_ref().map_or(Ok(()), Validate::validate)
    }

    fn validate_with(&self, rules: &Rules) -> Result<(), Invalid> {
        match self {
            Some(value) => value.validate_with(rules),
            None if rules.required => Err(Invalid::new("required, but not set")),
            None => Ok(()),
        }
    }
}

/// Each item is checked (under `rules.items`), and the count.
impl<T: Validate> Validate for Vec<T> {
    fn validate(&self) -> Result<(), Invalid> {
        self.validate_with(&Rules::NONE)
    }

    fn validate_with(&self, rules: &Rules) -> Result<(), Invalid> {
        let n = self.len();
        if rules.min_items.is_some_and(|m| n < m) || rules.max_items.is_some_and(|m| n > m) {
            return Err(Invalid::new(format!(
                "{n} items: the list {}",
                bounds(rules.min_items, rules.max_items)
            )));
        }
        let items = rules.items.unwrap_or(&Rules::NONE);
        for (i, item) in self.iter().enumerate() {
            item.validate_with(items).map_err(|e| e.in_item(i))?;
        }
        Ok(())
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate(&self) -> Result<(), Invalid> {
        (**self).validate()
    }

    fn validate_with(&self, rules: &Rules) -> Result<(), Invalid> {
        (**self).validate_with(rules)
    }
}

impl<T: Validate + ?Sized> Validate for &T {
    fn validate(&self) -> Result<(), Invalid> {
        (**self).validate()
    }

    fn validate_with(&self, rules: &Rules) -> Result<(), Invalid> {
        (**self).validate_with(rules)
    }
}

impl<K: fmt::Display, V: Validate> Validate for BTreeMap<K, V> {
    fn validate(&self) -> Result<(), Invalid> {
        for (key, value) in self {
            value.validate().map_err(|e| e.in_field(&key.to_string()))?;
        }
        Ok(())
    }
}

/// A free-form object (`type: object` without properties): nothing to
/// check.
impl Validate for serde_json::Map<String, serde_json::Value> {
    fn validate(&self) -> Result<(), Invalid> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Product {
        zip: Option<String>,
        prices: Vec<i64>,
    }

    impl Validate for Product {
        fn validate(&self) -> Result<(), Invalid> {
            const PRICE: Rules = Rules {
                minimum: Some(0.0),
                maximum: Some(999_999.0),
                ..Rules::NONE
            };
            field(
                "zipCode",
                &self.zip,
                &Rules {
                    required: true,
                    min_length: Some(7),
                    max_length: Some(7),
                    ..Rules::NONE
                },
            )?;
            field(
                "prices",
                &self.prices,
                &Rules {
                    min_items: Some(1),
                    items: Some(&PRICE),
                    ..Rules::NONE
                },
            )
        }
    }

    #[test]
    fn messages_name_the_path_of_the_fault() {
        let good = || Product {
            zip: Some("1000001".into()),
            prices: vec![1],
        };
        assert_eq!(body(&vec![good()]), Ok(()));
        let bad = |zip: Option<&str>, prices: Vec<i64>| {
            body(&vec![
                good(),
                Product {
                    zip: zip.map(Into::into),
                    prices,
                },
            ])
            .unwrap_err()
        };
        assert_eq!(bad(None, vec![1]), "body[1].zipCode: required, but not set");
        let fault = vec![
            good(),
            Product {
                zip: None,
                prices: vec![1],
            },
        ]
        .validate()
        .unwrap_err();
        assert_eq!(fault.path(), "[1].zipCode");
        assert_eq!(fault.message(), "required, but not set");
        assert_eq!(
            bad(Some("1"), vec![1]),
            "body[1].zipCode: `1` has 1 characters: must be between 7 and 7"
        );
        assert_eq!(
            bad(Some("1000001"), vec![5, 1_000_000]),
            "body[1].prices[1]: 1000000 is out of range: must be at least 0 and at most 999999"
        );
        assert_eq!(
            bad(Some("1000001"), vec![]),
            "body[1].prices: 0 items: the list must be at least 1"
        );
    }

    #[test]
    fn parameters_and_their_ranges() {
        let page_size = Rules {
            minimum: Some(1.0),
            maximum: Some(10_000.0),
            ..Rules::NONE
        };
        assert_eq!(param("pageSize", &Some(10_000i64), &page_size), Ok(()));
        assert_eq!(param("pageSize", &None::<i64>, &page_size), Ok(()));
        assert_eq!(
            param("pageSize", &Some(10_001i64), &page_size),
            Err("pageSize: 10001 is out of range: must be at least 1 and at most 10000".to_owned())
        );
        let limit = Rules {
            minimum: Some(0.0),
            maximum: Some(9999.0),
            ..Rules::NONE
        };
        assert!(
            param("limit", &-1i64, &limit)
                .unwrap_err()
                .starts_with("limit: -1 is out of range")
        );
        let open = Rules {
            minimum: Some(0.0),
            exclusive_minimum: true,
            ..Rules::NONE
        };
        assert!(
            param("ratio", &0.0f64, &open)
                .unwrap_err()
                .contains("more than 0")
        );
    }

    #[test]
    fn a_newtype_is_checked_by_its_from_str() {
        struct Digits;
        impl std::str::FromStr for Digits {
            type Err = &'static str;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                if s.bytes().all(|b| b.is_ascii_digit()) {
                    Ok(Digits)
                } else {
                    Err("not digits")
                }
            }
        }
        assert_eq!(parses::<Digits>("123"), Ok(()));
        assert_eq!(
            parses::<Digits>("12a").unwrap_err().to_string(),
            "`12a`: not digits"
        );
    }

    #[test]
    fn formats() {
        for (value, fmt, ok) in [
            ("192.0.2.1", "ipv4", true),
            ("192.0.2.256", "ipv4", false),
            ("a@example.com", "email", true),
            ("a@example", "email", false),
            ("550e8400-e29b-41d4-a716-446655440000", "uuid", true),
            ("550e8400e29b41d4a716446655440000", "uuid", false),
            ("2026-11-24", "date", true),
            ("2026-02-30", "date", false),
            ("2026-11-24T10:00:00Z", "date-time", true),
            ("2026-11-24 10:00:00", "date-time", false),
            ("anything", "int64", true),
        ] {
            assert_eq!(format(value, fmt).is_ok(), ok, "{value} as {fmt}");
        }
        let ipv4 = Rules {
            format: Some("ipv4"),
            ..Rules::NONE
        };
        assert!(
            param("dns1", &"8.8.8.x".to_owned(), &ipv4)
                .unwrap_err()
                .starts_with("dns1: `8.8.8.x` is not a valid ipv4")
        );
    }

    /// `Ok` or the message, for short assertions.
    fn check<T: Validate + ?Sized>(value: &T, rules: &Rules) -> Result<(), String> {
        value.validate_with(rules).map_err(|e| e.to_string())
    }

    #[test]
    fn bounds_are_inclusive_unless_said_exclusive() {
        let closed = Rules {
            minimum: Some(1.0),
            maximum: Some(3.0),
            ..Rules::NONE
        };
        let open = Rules {
            exclusive_minimum: true,
            exclusive_maximum: true,
            ..closed
        };
        for (value, in_closed, in_open) in [
            (0.5, false, false),
            (1.0, true, false),
            (2.0, true, true),
            (3.0, true, false),
            (3.5, false, false),
        ] {
            assert_eq!(
                check(&value, &closed).is_ok(),
                in_closed,
                "{value} in [1, 3]"
            );
            assert_eq!(check(&value, &open).is_ok(), in_open, "{value} in (1, 3)");
        }
        assert_eq!(
            check(&3.0, &open).unwrap_err(),
            "3 is out of range: must be more than 1 and less than 3"
        );
        assert_eq!(
            check(
                &2.5,
                &Rules {
                    maximum: Some(1.5),
                    ..Rules::NONE
                }
            )
            .unwrap_err(),
            "2.5 is out of range: must be at most 1.5"
        );
    }

    #[test]
    fn lengths_count_characters_and_include_their_bounds() {
        let code = Rules {
            min_length: Some(2),
            max_length: Some(3),
            ..Rules::NONE
        };
        for (value, ok) in [
            ("a", false),
            ("ab", true),
            ("東京都", true),
            ("abcd", false),
        ] {
            assert_eq!(check(value, &code).is_ok(), ok, "{value}");
            assert_eq!(check(&value.to_owned(), &code).is_ok(), ok, "{value}");
        }
        assert_eq!(
            check(
                "abcd",
                &Rules {
                    max_length: Some(3),
                    ..Rules::NONE
                }
            )
            .unwrap_err(),
            "`abcd` has 4 characters: must be at most 3"
        );
        let list = Rules {
            min_items: Some(1),
            max_items: Some(2),
            ..Rules::NONE
        };
        for (n, ok) in [(0, false), (1, true), (2, true), (3, false)] {
            assert_eq!(check(&vec![0u8; n], &list).is_ok(), ok, "{n} items");
        }
        assert_eq!(
            check(
                &vec![0u8; 3],
                &Rules {
                    max_items: Some(2),
                    ..Rules::NONE
                }
            )
            .unwrap_err(),
            "3 items: the list must be at most 2"
        );
    }

    /// A value whose own check always fails, to see that wrappers reach it.
    struct Broken;

    impl Validate for Broken {
        fn validate(&self) -> Result<(), Invalid> {
            Err(Invalid::new("broken"))
        }
    }

    #[test]
    fn wrappers_check_what_they_hold() {
        let small = Rules {
            maximum: Some(1.0),
            ..Rules::NONE
        };
        assert_eq!(check(&Some(Broken), &Rules::NONE).unwrap_err(), "broken");
        assert_eq!(Some(Broken).validate().unwrap_err().to_string(), "broken");
        assert!(check(&Some(2i64), &small).is_err());
        assert_eq!(check(&None::<Broken>, &Rules::NONE), Ok(()));
        assert_eq!(
            Box::new(Broken).validate().unwrap_err().to_string(),
            "broken"
        );
        assert!(check(&Box::new(2i64), &small).is_err());
        assert_eq!(
            <&Broken as Validate>::validate(&&Broken)
                .unwrap_err()
                .to_string(),
            "broken"
        );
        assert!(check(&&2i64, &small).is_err());
        assert_eq!(
            vec![Broken].validate().unwrap_err().to_string(),
            "[0]: broken"
        );
        let map = BTreeMap::from([("ok", Some(1i64)), ("zone", None)]);
        assert_eq!(map.validate(), Ok(()));
        let map = BTreeMap::from([("zone", Broken)]);
        assert_eq!(map.validate().unwrap_err().to_string(), "zone: broken");
    }

    #[test]
    fn formats_refuse_near_misses() {
        for (value, fmt, ok) in [
            ("2001:db8::1", "ipv6", true),
            ("2001:db8::g", "ipv6", false),
            ("192.0.2.1", "ipv6", false),
            ("550e8400-e29b-41d4-a716-44665544000", "uuid", false),
            ("550e8400-e29b-41d4-a716-4466554400000", "uuid", false),
            ("550e8400-e29b-41d4-a716-44665544000g", "uuid", false),
            ("550e8400+e29b-41d4-a716-446655440000", "uuid", false),
            ("@example.com", "email", false),
            ("a@.example.com", "email", false),
            ("a@example.com.", "email", false),
            ("a b@example.com", "email", false),
            ("a@b@example.com", "email", false),
        ] {
            assert_eq!(format(value, fmt).is_ok(), ok, "{value} as {fmt}");
        }
    }
}
