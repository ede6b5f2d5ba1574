//! Deserialization helpers the generated types call.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};

/// Deserializes a string through `T::from_str` without first copying it into
/// an owned `String`: constrained newtypes (ids with a pattern or a length)
/// then cost one allocation instead of two. Used by the generated code in
/// place of `String::deserialize(d)?.parse()`.
pub fn parse_str<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr,
    T::Err: fmt::Display,
{
    struct Parse<T>(PhantomData<T>);

    impl<T> Visitor<'_> for Parse<T>
    where
        T: FromStr,
        T::Err: fmt::Display,
    {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
            value.parse().map_err(E::custom)
        }
    }

    deserializer.deserialize_str(Parse(PhantomData))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Digits(String);

    impl FromStr for Digits {
        type Err = &'static str;
        fn from_str(s: &str) -> Result<Self, Self::Err> {
            if s.chars().all(|c| c.is_ascii_digit()) {
                Ok(Self(s.to_owned()))
            } else {
                Err("not digits")
            }
        }
    }

    fn decode(json: &str) -> Result<Digits, serde_json::Error> {
        parse_str(&mut serde_json::Deserializer::from_str(json))
    }

    #[test]
    fn borrowed_escaped_and_invalid_strings() {
        assert_eq!(decode(r#""123""#).unwrap(), Digits("123".into()));
        assert_eq!(decode(r#""\u0031""#).unwrap(), Digits("1".into()));
        assert!(
            decode(r#""12a""#)
                .unwrap_err()
                .to_string()
                .contains("not digits")
        );
        assert!(decode("12").unwrap_err().to_string().contains("a string"));
    }
}
