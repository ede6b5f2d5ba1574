//! Lenient deserialization: what the generated types use to read responses.
//!
//! The real services are looser than their documents: numbers arrive as
//! strings and strings as numbers, lists as `null`, enums grow new values.
//! These functions accept every such spelling and keep the value the server
//! sent; checking a value against the spec's constraints is for requests
//! ([`crate::validate`]), not for what comes back.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, Deserialize, Deserializer, Visitor};

/// A string, or a number or boolean kept as its JSON text.
pub fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    deserializer.deserialize_any(Text)
}

/// Like [`string`]; `null` (or nothing) is `None`.
pub fn optional_string<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    deserializer.deserialize_option(OptionOf(Text, Blank::Kept))
}

/// A number, or a string holding one (`"42"`, `" 42 "`, `"4.2e1"`).
pub fn number<'de, D, N>(deserializer: D) -> Result<N, D::Error>
where
    D: Deserializer<'de>,
    N: Number,
{
    deserializer.deserialize_any(NumberVisitor(PhantomData))
}

/// Like [`number`]; `null`, nothing, or an empty or blank string is `None`.
pub fn optional_number<'de, D, N>(deserializer: D) -> Result<Option<N>, D::Error>
where
    D: Deserializer<'de>,
    N: Number,
{
    deserializer.deserialize_option(OptionOf(NumberVisitor(PhantomData), Blank::None))
}

/// A boolean, or `"true"`/`"false"` (any case), or `1`/`0`.
pub fn boolean<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    deserializer.deserialize_any(BoolVisitor)
}

/// Like [`boolean`]; `null` or nothing is `None`.
pub fn optional_boolean<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<bool>, D::Error> {
    deserializer.deserialize_option(OptionOf(BoolVisitor, Blank::None))
}

/// A list; `null` is an empty one. (A missing list is `#[serde(default)]`.)
pub fn list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// A list of strings, numbers or booleans, each read leniently (see
/// [`string`], [`number`], [`boolean`]); `null` is an empty list.
pub fn list_of<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Scalar,
{
    let items = Option::<Vec<Lenient<T>>>::deserialize(deserializer)?;
    Ok(items
        .unwrap_or_default()
        .into_iter()
        .map(|item| item.0)
        .collect())
}

/// Like [`list_of`], for a list the document requires: `null` is an error.
pub fn required_list_of<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Scalar,
{
    let items = Vec::<Lenient<T>>::deserialize(deserializer)?;
    Ok(items.into_iter().map(|item| item.0).collect())
}

/// Values [`list_of`] reads leniently.
pub trait Scalar: Sized {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

impl Scalar for String {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        string(deserializer)
    }
}

impl Scalar for bool {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        boolean(deserializer)
    }
}

macro_rules! scalar_numbers {
    ($($t:ty),*) => {$(
        impl Scalar for $t {
            fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                number(deserializer)
            }
        }
    )*};
}
scalar_numbers!(i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

/// One item of a [`list_of`].
struct Lenient<T>(T);

impl<'de, T: Scalar> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::read(deserializer).map(Lenient)
    }
}

/// An open enum: any string (or number or boolean, as text) becomes a known
/// value or the enum's `Unknown` variant, through `From<&str>`/`From<String>`.
pub fn open_enum<'de, D, E>(deserializer: D) -> Result<E, D::Error>
where
    D: Deserializer<'de>,
    E: for<'a> From<&'a str> + From<String>,
{
    struct Open<E>(PhantomData<E>);

    impl<E: for<'a> From<&'a str> + From<String>> Visitor<'_> for Open<E> {
        type Value = E;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<Er: de::Error>(self, value: &str) -> Result<E, Er> {
            Ok(E::from(value))
        }

        fn visit_string<Er: de::Error>(self, value: String) -> Result<E, Er> {
            Ok(E::from(value))
        }

        fn visit_i64<Er: de::Error>(self, value: i64) -> Result<E, Er> {
            Ok(E::from(value.to_string()))
        }

        fn visit_u64<Er: de::Error>(self, value: u64) -> Result<E, Er> {
            Ok(E::from(value.to_string()))
        }

        fn visit_f64<Er: de::Error>(self, value: f64) -> Result<E, Er> {
            Ok(E::from(value.to_string()))
        }

        fn visit_bool<Er: de::Error>(self, value: bool) -> Result<E, Er> {
            Ok(E::from(if value { "true" } else { "false" }))
        }
    }

    deserializer.deserialize_any(Open(PhantomData))
}

/// Numbers the lenient readers produce.
pub trait Number: Sized + FromStr {
    fn from_i64(value: i64) -> Option<Self>;
    fn from_u64(value: u64) -> Option<Self>;
    fn from_f64(value: f64) -> Option<Self>;
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl Number for $t {
            fn from_i64(value: i64) -> Option<Self> {
                <$t>::try_from(value).ok()
            }
            fn from_u64(value: u64) -> Option<Self> {
                <$t>::try_from(value).ok()
            }
            fn from_f64(value: f64) -> Option<Self> {
                // 3.0 is 3; 3.5 is not an integer.
                (value.fract() == 0.0 && value.is_finite())
                    .then(|| value as i128)
                    .and_then(|v| <$t>::try_from(v).ok())
            }
        }
    )*};
}
integers!(i8, i16, i32, i64, u8, u16, u32, u64);

impl Number for f64 {
    fn from_i64(value: i64) -> Option<Self> {
        Some(value as f64)
    }
    fn from_u64(value: u64) -> Option<Self> {
        Some(value as f64)
    }
    fn from_f64(value: f64) -> Option<Self> {
        Some(value)
    }
}

impl Number for f32 {
    fn from_i64(value: i64) -> Option<Self> {
        Some(value as f32)
    }
    fn from_u64(value: u64) -> Option<Self> {
        Some(value as f32)
    }
    fn from_f64(value: f64) -> Option<Self> {
        Some(value as f32)
    }
}

#[derive(Clone, Copy)]
struct Text;

impl Visitor<'_> for Text {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string (or a number)")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<String, E> {
        Ok(value.to_owned())
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<String, E> {
        Ok(value)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<String, E> {
        Ok(value.to_string())
    }
}

struct NumberVisitor<N>(PhantomData<N>);

impl<N: Number> Visitor<'_> for NumberVisitor<N> {
    type Value = N;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a number (or a string holding one) that fits {}",
            std::any::type_name::<N>()
        )
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<N, E> {
        N::from_i64(value).ok_or_else(|| E::invalid_value(de::Unexpected::Signed(value), &self))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<N, E> {
        N::from_u64(value).ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(value), &self))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<N, E> {
        N::from_f64(value).ok_or_else(|| E::invalid_value(de::Unexpected::Float(value), &self))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<N, E> {
        let trimmed = value.trim();
        trimmed
            .parse::<N>()
            .ok()
            .or_else(|| trimmed.parse::<f64>().ok().and_then(N::from_f64))
            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(value), &self))
    }
}

#[derive(Clone, Copy)]
struct BoolVisitor;

impl Visitor<'_> for BoolVisitor {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean (or \"true\"/\"false\", 1/0)")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<bool, E> {
        Ok(value)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<bool, E> {
        match value {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(E::invalid_value(de::Unexpected::Signed(value), &self)),
        }
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<bool, E> {
        match value {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(E::invalid_value(de::Unexpected::Unsigned(value), &self)),
        }
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<bool, E> {
        match value.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            _ => Err(E::invalid_value(de::Unexpected::Str(value), &self)),
        }
    }
}

/// What a blank string inside an option means.
#[derive(Clone, Copy)]
enum Blank {
    /// A value: text keeps `""`.
    Kept,
    /// No value: numbers and booleans read `""` as absent.
    None,
}

/// `null` or nothing is `None`, a blank string per [`Blank`]; anything else
/// goes to `V`.
struct OptionOf<V>(V, Blank);

impl<'de, V: Visitor<'de> + Copy> Visitor<'de> for OptionOf<V> {
    type Value = Option<V::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)?;
        f.write_str(" or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(Inner(self))
    }
}

/// The value inside an option (`OptionOf` after `visit_some`).
struct Inner<V>(OptionOf<V>);

impl<'de, V: Visitor<'de> + Copy> Visitor<'de> for Inner<V> {
    type Value = Option<V::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.0.expecting(f)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        self.0.0.visit_bool(v).map(Some)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.0.0.visit_i64(v).map(Some)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.0.0.visit_u64(v).map(Some)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.0.0.visit_f64(v).map(Some)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        // The cheap test first: most strings are kept whatever they hold.
        if matches!(self.0.1, Blank::None) && v.trim().is_empty() {
            return Ok(None);
        }
        self.0.0.visit_str(v).map(Some)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        if matches!(self.0.1, Blank::None) && v.trim().is_empty() {
            return Ok(None);
        }
        self.0.0.visit_string(v).map(Some)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

// Derived `Clone` would require `N: Clone`; the visitors hold no data.
impl<N> Clone for NumberVisitor<N> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<N> Copy for NumberVisitor<N> {}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Row {
        #[serde(deserialize_with = "string")]
        name: String,
        #[serde(default, deserialize_with = "optional_string")]
        note: Option<String>,
        #[serde(deserialize_with = "number")]
        count: i64,
        #[serde(default, deserialize_with = "optional_number")]
        price: Option<u32>,
        #[serde(default, deserialize_with = "optional_boolean")]
        flag: Option<bool>,
        #[serde(default, deserialize_with = "list")]
        tags: Vec<String>,
        #[serde(default, deserialize_with = "list_of")]
        sizes: Vec<u32>,
    }

    fn row(value: serde_json::Value) -> Result<Row, serde_json::Error> {
        serde_json::from_value(value)
    }

    #[test]
    fn numbers_and_strings_cross_over() {
        let r =
            row(json!({"name": 12, "note": 1.5, "count": " 7 ", "price": "3.0", "flag": "TRUE"}))
                .unwrap();
        assert_eq!(
            r,
            Row {
                name: "12".into(),
                note: Some("1.5".into()),
                count: 7,
                price: Some(3),
                flag: Some(true),
                tags: vec![],
                sizes: vec![]
            }
        );
        assert_eq!(row(json!({"name": "x", "count": 7.0})).unwrap().count, 7);
        let r = row(json!({"name": "x", "count": 1, "sizes": [1, "2", 3.0]})).unwrap();
        assert_eq!(r.sizes, [1, 2, 3]);
        assert!(
            row(json!({"name": "x", "count": 1, "sizes": null}))
                .unwrap()
                .sizes
                .is_empty()
        );
    }

    #[test]
    fn null_blank_and_missing() {
        let r = row(
            json!({"name": "", "note": "", "count": 1, "price": "", "flag": null, "tags": null}),
        )
        .unwrap();
        assert_eq!(r.name, "");
        assert_eq!(r.note.as_deref(), Some(""), "a string keeps an empty value");
        assert_eq!(
            (r.price, r.flag),
            (None, None),
            "an empty number is no number"
        );
        assert!(r.tags.is_empty());
        let r = row(json!({"name": "x", "count": 1, "note": null})).unwrap();
        assert_eq!((r.note, r.price), (None, None));
    }

    #[test]
    fn what_cannot_be_read_is_still_an_error() {
        for bad in [
            json!({"name": "x", "count": "seven"}),
            json!({"name": "x", "count": 7.5}),
            json!({"name": "x", "count": 1, "price": -1}),
            json!({"name": "x", "count": 1, "flag": "maybe"}),
            json!({"name": null, "count": 1}),
            json!({"name": "x"}),
        ] {
            assert!(row(bad.clone()).is_err(), "{bad}");
        }
    }

    #[derive(Debug, PartialEq)]
    enum Colour {
        Red,
        Unknown(String),
    }
    impl From<&str> for Colour {
        fn from(value: &str) -> Self {
            match value {
                "red" => Colour::Red,
                other => Colour::Unknown(other.to_owned()),
            }
        }
    }
    impl From<String> for Colour {
        fn from(value: String) -> Self {
            match value.as_str() {
                "red" => Colour::Red,
                _ => Colour::Unknown(value),
            }
        }
    }

    #[test]
    fn open_enums_keep_unknown_values() {
        let read = |v: serde_json::Value| open_enum::<_, Colour>(v).unwrap();
        assert_eq!(read(json!("red")), Colour::Red);
        assert_eq!(read(json!("teal")), Colour::Unknown("teal".into()));
        assert_eq!(read(json!(3)), Colour::Unknown("3".into()));
        assert!(open_enum::<_, Colour>(json!(null)).is_err());
    }
}
