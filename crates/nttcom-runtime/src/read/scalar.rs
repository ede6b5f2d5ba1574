//! Strings, numbers, booleans and free-form JSON.
//!
//! The rule for numbers, in every generated numeric field: a value fits when
//! it is that number exactly: a JSON number in range, an integral float
//! (`12.0`, `1e3`) for an integer, or a string holding such a number
//! (`"42"`, `" 4.2e1 "`). Anything else (`2^63` in an `i64`, `12.5` in an
//! integer, `"seven"`, `""`, `true`) does not fit and is kept as received.
//! A number is never rounded, clamped or wrapped.

use std::fmt;
use std::marker::PhantomData;

use std::str::FromStr;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde_json::Value;

use super::{Lenient, Read, Sink, ToSink, absent_or_raw};
use crate::{Date, Timestamp};

/// Values read from text, keeping it.
trait FromText {
    fn from_str(text: &str) -> Self;
    fn from_string(text: String) -> Self;
}

impl FromText for String {
    fn from_str(text: &str) -> Self {
        text.to_owned()
    }
    fn from_string(text: String) -> Self {
        text
    }
}

impl FromText for Timestamp {
    fn from_str(text: &str) -> Self {
        Timestamp::from_text(text)
    }
    fn from_string(text: String) -> Self {
        Timestamp::from_text(text)
    }
}

impl FromText for Date {
    fn from_str(text: &str) -> Self {
        Date::from_text(text)
    }
    fn from_string(text: String) -> Self {
        Date::from_text(text)
    }
}

/// An open enum, through its `From<&str>`/`From<String>`.
struct Open<E>(E);

impl<E: for<'a> From<&'a str> + From<String>> FromText for Open<E> {
    fn from_str(text: &str) -> Self {
        Open(E::from(text))
    }
    fn from_string(text: String) -> Self {
        Open(E::from(text))
    }
}

/// Text: a string as sent, or a number as its text. A boolean, object or
/// array is no text and is kept raw.
struct Text<T>(PhantomData<T>);

impl<'de, T: FromText> Visitor<'de> for Text<T> {
    type Value = Read<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Read<T>, E> {
        Ok(Read::Value(T::from_str(v)))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Read<T>, E> {
        Ok(Read::Value(T::from_string(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Read<T>, E> {
        Ok(Read::Value(T::from_string(v.to_string())))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Read<T>, E> {
        Ok(Read::Value(T::from_string(v.to_string())))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Read<T>, E> {
        Ok(Read::Value(T::from_string(v.to_string())))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Read<T>, E> {
        Ok(Read::Raw(Value::Bool(v)))
    }

    absent_or_raw!();
}

/// `Lenient` through a visitor, with `read_to` settling in the visitor.
macro_rules! through {
    ($t:ty, $visitor:expr, $fallback:expr) => {
        impl Lenient for $t {
            #[inline]
            fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Read<Self>, D::Error> {
                deserializer.deserialize_any($visitor)
            }

            #[inline]
            fn read_to<'de, D: Deserializer<'de>, S: Sink<Self>>(
                deserializer: D,
                sink: S,
            ) -> Result<(), D::Error> {
                deserializer.deserialize_any(ToSink($visitor, sink))
            }

            fn fallback() -> Self {
                $fallback
            }
        }
    };
}

through!(String, Text(PhantomData), String::new());
through!(Timestamp, Text(PhantomData), Timestamp::from_text(""));
through!(Date, Text(PhantomData), Date::from_text(""));

/// An open enum (generated: known variants plus `Unknown(String)`), read
/// like a string: any text is a value, known or not.
pub fn open_enum<'de, D, E>(deserializer: D) -> Result<Read<E>, D::Error>
where
    D: Deserializer<'de>,
    E: for<'a> From<&'a str> + From<String>,
{
    Ok(deserializer
        .deserialize_any(Text::<Open<E>>(PhantomData))?
        .map(|open| open.0))
}

/// [`open_enum`] as `Lenient::read_to`.
#[inline]
pub fn open_enum_to<'de, D, E, S>(deserializer: D, sink: S) -> Result<(), D::Error>
where
    D: Deserializer<'de>,
    E: for<'a> From<&'a str> + From<String>,
    S: Sink<E>,
{
    let sink = super::map_sink(sink, |open: Open<E>| open.0);
    deserializer.deserialize_any(ToSink(Text::<Open<E>>(PhantomData), sink))
}

/// The numbers a field may hold, and when a JSON number or numeric text is
/// exactly one of them.
trait Number: Sized + FromStr {
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

/// A float, when it holds the value exactly (an integer past 2^53 in an
/// `f64`, or a value with more precision than an `f32` has, does not fit).
macro_rules! floats {
    ($($t:ty),*) => {$(
        impl Number for $t {
            fn from_i64(value: i64) -> Option<Self> {
                let float = value as $t;
                (float as i128 == i128::from(value)).then_some(float)
            }
            fn from_u64(value: u64) -> Option<Self> {
                let float = value as $t;
                (float as i128 == i128::from(value)).then_some(float)
            }
            fn from_f64(value: f64) -> Option<Self> {
                let float = value as $t;
                (f64::from(float) == value).then_some(float)
            }
        }
    )*};
}
floats!(f32, f64);

/// `v` as an `f64`, when that holds it exactly (for the number branch of a
/// union).
pub(super) fn exact_f64_from_i64(v: i64) -> Option<f64> {
    f64::from_i64(v)
}

/// See [`exact_f64_from_i64`].
pub(super) fn exact_f64_from_u64(v: u64) -> Option<f64> {
    f64::from_u64(v)
}

/// A number under the rule of this module.
struct Numeric<N>(PhantomData<N>);

impl<'de, N: Number> Visitor<'de> for Numeric<N> {
    type Value = Read<N>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Read<N>, E> {
        Ok(N::from_i64(v).map_or(Read::Raw(v.into()), Read::Value))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Read<N>, E> {
        Ok(N::from_u64(v).map_or(Read::Raw(v.into()), Read::Value))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Read<N>, E> {
        Ok(N::from_f64(v).map_or_else(|| Read::Raw(v.into()), Read::Value))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Read<N>, E> {
        Ok(parse(v).map_or_else(|| Read::Raw(Value::String(v.to_owned())), Read::Value))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Read<N>, E> {
        Ok(parse(&v).map_or(Read::Raw(Value::String(v)), Read::Value))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Read<N>, E> {
        Ok(Read::Raw(Value::Bool(v)))
    }

    absent_or_raw!();
}

/// A numeric string, exactly; `None` for blank, non-numeric or non-finite text.
fn parse<N: Number>(text: &str) -> Option<N> {
    let trimmed = text.trim();
    trimmed.parse::<N>().ok().or_else(|| {
        trimmed
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .and_then(N::from_f64)
    })
}

macro_rules! numbers {
    ($($t:ty),*) => {$(
        through!($t, Numeric(PhantomData), 0 as $t);
    )*};
}
numbers!(i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

/// A boolean: `true`/`false`, `"true"`/`"false"` in any case, `1`/`0`,
/// `"1"`/`"0"`.
struct Boolean;

impl<'de> Visitor<'de> for Boolean {
    type Value = Read<bool>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Read<bool>, E> {
        Ok(Read::Value(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Read<bool>, E> {
        Ok(match v {
            0 => Read::Value(false),
            1 => Read::Value(true),
            _ => Read::Raw(v.into()),
        })
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Read<bool>, E> {
        Ok(match v {
            0 => Read::Value(false),
            1 => Read::Value(true),
            _ => Read::Raw(v.into()),
        })
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Read<bool>, E> {
        Ok(Read::Raw(v.into()))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Read<bool>, E> {
        let trimmed = v.trim();
        Ok(if trimmed.eq_ignore_ascii_case("true") || trimmed == "1" {
            Read::Value(true)
        } else if trimmed.eq_ignore_ascii_case("false") || trimmed == "0" {
            Read::Value(false)
        } else {
            Read::Raw(Value::String(v.to_owned()))
        })
    }

    absent_or_raw!();
}

through!(bool, Boolean, false);

/// A value parsed from its text (an IP address in a request type that
/// keeps typify's `format: ipv4`): text that parses fits; other text, and
/// any other value, is kept as received.
struct Parsed<T>(PhantomData<T>);

impl<'de, T: std::str::FromStr> Visitor<'de> for Parsed<T> {
    type Value = Read<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Read<T>, E> {
        Ok(v.trim()
            .parse()
            .map_or_else(|_| Read::Raw(Value::String(v.to_owned())), Read::Value))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Read<T>, E> {
        Ok(Read::Raw(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Read<T>, E> {
        Ok(Read::Raw(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Read<T>, E> {
        Ok(Read::Raw(v.into()))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Read<T>, E> {
        Ok(Read::Raw(Value::Bool(v)))
    }

    absent_or_raw!();
}

through!(
    std::net::Ipv4Addr,
    Parsed(PhantomData),
    std::net::Ipv4Addr::UNSPECIFIED
);
through!(
    std::net::Ipv6Addr,
    Parsed(PhantomData),
    std::net::Ipv6Addr::UNSPECIFIED
);
through!(
    std::net::IpAddr,
    Parsed(PhantomData),
    std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED)
);

/// Free-form JSON: everything fits but `null`, which is absent.
impl Lenient for Value {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Read<Self>, D::Error> {
        Ok(match Value::deserialize(deserializer)? {
            Value::Null => Read::Absent,
            value => Read::Value(value),
        })
    }

    fn fallback() -> Self {
        Value::Null
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::read::from_value;

    fn read<T: Lenient>(text: &str) -> Read<T> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        T::read(&mut deserializer).expect("well-formed JSON never fails")
    }

    #[test]
    fn text_takes_strings_and_numbers() {
        assert_eq!(read::<String>(r#""a""#), Read::Value("a".into()));
        assert_eq!(read::<String>(r#""""#), Read::Value(String::new()));
        assert_eq!(read::<String>("12"), Read::Value("12".into()));
        assert_eq!(read::<String>("-1.5"), Read::Value("-1.5".into()));
        assert_eq!(read::<String>("null"), Read::Absent);
        assert_eq!(read::<String>("false"), Read::Raw(json!(false)));
        assert_eq!(read::<String>(r#"{"a":[1]}"#), Read::Raw(json!({"a": [1]})));
        assert_eq!(read::<String>("[]"), Read::Raw(json!([])));
    }

    #[test]
    fn a_date_sent_as_false_is_kept_raw_not_as_text() {
        assert_eq!(read::<Date>("false"), Read::Raw(json!(false)));
        assert_eq!(
            read::<Timestamp>(r#""2023-11-02 09:30:00""#),
            Read::Value(Timestamp::from_text("2023-11-02 09:30:00"))
        );
    }

    #[test]
    fn numbers_that_are_exactly_a_value_of_the_type_fit() {
        assert_eq!(read::<i64>("12"), Read::Value(12));
        assert_eq!(read::<i64>("12.0"), Read::Value(12));
        assert_eq!(read::<i64>("1e3"), Read::Value(1000));
        assert_eq!(read::<i64>(r#"" 42 ""#), Read::Value(42));
        assert_eq!(read::<i64>(r#""4.2e1""#), Read::Value(42));
        assert_eq!(read::<u8>("255"), Read::Value(255));
        assert_eq!(read::<f64>("12.5"), Read::Value(12.5));
        assert_eq!(read::<f64>(r#""12.5""#), Read::Value(12.5));
        assert_eq!(read::<i64>("-9223372036854775808"), Read::Value(i64::MIN));
    }

    #[test]
    fn a_float_field_takes_only_what_it_holds_exactly() {
        assert_eq!(
            read::<f64>("9007199254740992"),
            Read::Value(9_007_199_254_740_992.0)
        );
        assert_eq!(
            read::<f64>("9007199254740993"),
            Read::Raw(json!(9_007_199_254_740_993_u64)),
            "2^53 + 1 has no f64"
        );
        assert_eq!(read::<f32>("0.5"), Read::Value(0.5));
        assert_eq!(
            read::<f32>("0.1"),
            Read::Raw(json!(0.1)),
            "0.1 as f32 is not 0.1"
        );
        assert_eq!(read::<f32>("16777217"), Read::Raw(json!(16_777_217)));
    }

    #[test]
    fn numbers_that_do_not_fit_are_kept_as_received() {
        assert_eq!(
            read::<i64>("9223372036854775808"),
            Read::Raw(json!(9_223_372_036_854_775_808_u64)),
            "2^63 is past i64 but kept exactly"
        );
        assert_eq!(read::<i64>("12.5"), Read::Raw(json!(12.5)));
        assert_eq!(read::<u8>("256"), Read::Raw(json!(256)));
        assert_eq!(read::<u32>("-1"), Read::Raw(json!(-1)));
        assert_eq!(read::<i64>(r#""seven""#), Read::Raw(json!("seven")));
        assert_eq!(read::<i64>(r#""""#), Read::Raw(json!("")));
        assert_eq!(read::<i64>(r#""NaN""#), Read::Raw(json!("NaN")));
        assert_eq!(read::<i64>("true"), Read::Raw(json!(true)));
        assert_eq!(read::<f64>("[1]"), Read::Raw(json!([1])));
        assert_eq!(read::<i64>("null"), Read::Absent);
    }

    #[test]
    fn booleans_take_their_usual_spellings() {
        for (text, value) in [
            ("true", true),
            (r#""TRUE""#, true),
            ("1", true),
            (r#""0""#, false),
            ("false", false),
        ] {
            assert_eq!(read::<bool>(text), Read::Value(value), "{text}");
        }
        assert_eq!(read::<bool>("2"), Read::Raw(json!(2)));
        assert_eq!(read::<bool>(r#""maybe""#), Read::Raw(json!("maybe")));
        assert_eq!(read::<bool>("null"), Read::Absent);
    }

    #[test]
    fn addresses_fit_when_their_text_parses() {
        use std::net::Ipv4Addr;
        assert_eq!(
            read::<Ipv4Addr>(r#"" 10.0.0.1""#),
            Read::Value(Ipv4Addr::new(10, 0, 0, 1))
        );
        assert_eq!(read::<Ipv4Addr>(r#""""#), Read::Raw(json!("")));
        assert_eq!(read::<Ipv4Addr>("167772161"), Read::Raw(json!(167772161)));
        assert_eq!(read::<Ipv4Addr>("null"), Read::Absent);
    }

    #[test]
    fn free_form_json_fits_everything_but_null() {
        assert_eq!(read::<Value>(r#"{"a":1}"#), Read::Value(json!({"a": 1})));
        assert_eq!(read::<Value>("null"), Read::Absent);
    }

    #[test]
    fn readers_work_on_values_in_memory_too() {
        assert_eq!(from_value::<i64>(&json!("42")), Read::Value(42));
        assert_eq!(from_value::<String>(&json!(7)), Read::Value("7".into()));
        assert_eq!(from_value::<i64>(&json!(0.5)), Read::Raw(json!(0.5)));
    }

    #[test]
    fn malformed_json_is_the_one_failure() {
        let mut deserializer = serde_json::Deserializer::from_str(r#"{"a": tru"#);
        assert!(<String as Lenient>::read(&mut deserializer).is_err());
    }

    #[test]
    fn fallbacks_are_the_zero_values() {
        assert_eq!(String::fallback(), "");
        assert_eq!(i64::fallback(), 0);
        assert_eq!(f64::fallback(), 0.0);
        assert!(!bool::fallback());
        assert_eq!(Value::fallback(), Value::Null);
        assert_eq!(Timestamp::fallback().as_str(), "");
    }

    /// A generated open enum: known values and the rest as sent.
    #[derive(Debug, PartialEq)]
    enum Plan {
        Basic,
        Unknown(String),
    }

    impl From<&str> for Plan {
        fn from(text: &str) -> Self {
            match text {
                "basic" => Self::Basic,
                other => Self::Unknown(other.to_owned()),
            }
        }
    }

    impl From<String> for Plan {
        fn from(text: String) -> Self {
            Self::from(text.as_str())
        }
    }

    /// Keeps what a `read_to` settled.
    struct Keep<'a, T>(&'a mut Option<Read<T>>);

    impl<T> Sink<T> for Keep<'_, T> {
        fn take(self, read: Read<T>) {
            *self.0 = Some(read);
        }
    }

    #[test]
    fn an_open_enum_reads_known_and_unknown_values_both_ways() {
        for (json, expected) in [
            (r#""basic""#, Read::Value(Plan::Basic)),
            (r#""gold""#, Read::Value(Plan::Unknown("gold".into()))),
            ("true", Read::Raw(json!(true))),
        ] {
            let mut input = serde_json::Deserializer::from_str(json);
            assert_eq!(
                open_enum::<_, Plan>(&mut input).unwrap(),
                expected,
                "{json}"
            );
            let mut settled = None;
            let mut input = serde_json::Deserializer::from_str(json);
            open_enum_to::<_, Plan, _>(&mut input, Keep(&mut settled)).unwrap();
            assert_eq!(settled, Some(expected), "{json} through a sink");
        }
    }

    #[test]
    fn booleans_from_signed_integers_of_other_formats() {
        use serde::de::IntoDeserializer;
        let read = |n: i64| {
            let input: serde::de::value::I64Deserializer<serde::de::value::Error> =
                n.into_deserializer();
            <bool as Lenient>::read(input).unwrap()
        };
        assert_eq!(read(0), Read::Value(false));
        assert_eq!(read(1), Read::Value(true));
        assert_eq!(read(-1), Read::Raw(json!(-1)));
    }
}
