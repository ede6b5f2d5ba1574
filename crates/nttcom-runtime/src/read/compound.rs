//! `Option`, `Box`, lists and maps of lenient values.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::Serialize;
use serde::de::{self, DeserializeSeed, Deserializer, SeqAccess, Visitor};
use serde_json::Value;

use super::{Lenient, Read, Seed, Sink, raw_map, raw_seq};

/// `null` is `None`; anything else as `T` reads it.
impl<T: Lenient> Lenient for Option<T> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Read<Self>, D::Error> {
        Ok(match T::read(deserializer)? {
            Read::Absent => Read::Value(None),
            read => read.map(Some),
        })
    }

    fn fallback() -> Self {
        None
    }
}

impl<T: Lenient> Lenient for Box<T> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Read<Self>, D::Error> {
        Ok(T::read(deserializer)?.map(Box::new))
    }

    fn fallback() -> Self {
        Box::new(T::fallback())
    }
}

/// A list keeps the items that fit. When one does not (`null`, a number
/// past its type, a string where an object belongs), the outcome is
/// [`Read::Partial`]: those items, and the whole list, which is what
/// encoding writes back: the odd items as received, the others as their
/// typed value encodes (a number sent as text in a string field stays
/// text). Anything but a list (`""` included) is kept raw; `null` is
/// absent.
impl<T: Lenient + Serialize> Lenient for Vec<T> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Read<Self>, D::Error> {
        deserializer.deserialize_any(List(PhantomData))
    }

    fn fallback() -> Self {
        Vec::new()
    }
}

struct List<T>(PhantomData<T>);

impl<'de, T: Lenient + Serialize> Visitor<'de> for List<T> {
    type Value = Read<Vec<T>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // Capped: the hint comes from the input.
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        let mut odd = Vec::new();
        let mut position = 0;
        while seq
            .next_element_seed(Item {
                items: &mut items,
                odd: &mut odd,
                position,
            })?
            .is_some()
        {
            position += 1;
        }
        if odd.is_empty() {
            return Ok(Read::Value(items));
        }
        let received = as_received(&items, odd, position);
        Ok(Read::Partial(items, Box::new(received)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Read::Raw(Value::String(v.to_owned())))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Read::Raw(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Read::Raw(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Read::Raw(v.into()))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Read::Raw(Value::Bool(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Read::Absent)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Read::Absent)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        raw_map(map).map(Read::Raw)
    }
}

/// Reads one item straight into the list (see `object::field` for why not
/// through a returned `Read<T>`).
struct Item<'a, T> {
    items: &'a mut Vec<T>,
    /// Positions of the items that did not fit entirely, with their value
    /// as received and whether a typed item stands for them in `items`.
    odd: &'a mut Vec<(usize, Value, bool)>,
    position: usize,
}

impl<'de, T: Lenient> DeserializeSeed<'de> for Item<'_, T> {
    type Value = ();

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        T::read_to(deserializer, self)
    }
}

impl<T> Sink<T> for Item<'_, T> {
    // Always: the item is then pushed where it is made (see `ToSink`).
    #[inline(always)]
    fn take(self, read: Read<T>) {
        match read {
            Read::Value(item) => self.items.push(item),
            Read::Absent => self.odd.push((self.position, Value::Null, false)),
            Read::Raw(raw) => self.odd.push((self.position, raw, false)),
            Read::Partial(item, raw) => {
                self.items.push(item);
                self.odd.push((self.position, *raw, true));
            }
        }
    }
}

/// The list as received: the odd items as they came, the others encoded
/// again from their typed value (only on this rare path).
fn as_received<T: Serialize>(items: &[T], odd: Vec<(usize, Value, bool)>, len: usize) -> Value {
    let mut typed = items.iter();
    let mut odd = odd.into_iter().peekable();
    let mut out = Vec::with_capacity(len);
    for position in 0..len {
        match odd.next_if(|(at, _, _)| *at == position) {
            Some((_, raw, stands_in)) => {
                if stands_in {
                    typed.next();
                }
                out.push(raw);
            }
            None => out.push(
                typed
                    .next()
                    .and_then(|item| serde_json::to_value(item).ok())
                    .unwrap_or(Value::Null),
            ),
        }
    }
    Value::Array(out)
}

/// A map (`additionalProperties` with a schema) keeps the entries whose
/// value fits; when one does not, the outcome is [`Read::Partial`] with the
/// whole object as received, like a list. Anything but an object is kept
/// raw; `null` is absent.
impl<T: Lenient + Serialize> Lenient for BTreeMap<String, T> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Read<Self>, D::Error> {
        deserializer.deserialize_any(Entries(PhantomData))
    }

    fn fallback() -> Self {
        BTreeMap::new()
    }
}

struct Entries<T>(PhantomData<T>);

impl<'de, T: Lenient + Serialize> Visitor<'de> for Entries<T> {
    type Value = Read<BTreeMap<String, T>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut typed = BTreeMap::new();
        // In the order received: each value as sent when it did not fit.
        let mut received: Vec<(String, Option<Value>)> = Vec::new();
        let mut odd = false;
        while let Some(key) = map.next_key::<String>()? {
            match map.next_value_seed(Seed::<T>::new())? {
                Read::Value(value) => {
                    typed.insert(key.clone(), value);
                    received.push((key, None));
                }
                Read::Absent => {
                    odd = true;
                    received.push((key, Some(Value::Null)));
                }
                Read::Raw(raw) => {
                    odd = true;
                    received.push((key, Some(raw)));
                }
                Read::Partial(value, raw) => {
                    odd = true;
                    typed.insert(key.clone(), value);
                    received.push((key, Some(*raw)));
                }
            }
        }
        if !odd {
            return Ok(Read::Value(typed));
        }
        let whole = received
            .into_iter()
            .map(|(key, raw)| {
                let value = raw.unwrap_or_else(|| {
                    typed
                        .get(&key)
                        .and_then(|v| serde_json::to_value(v).ok())
                        .unwrap_or(Value::Null)
                });
                (key, value)
            })
            .collect();
        Ok(Read::Partial(typed, Box::new(Value::Object(whole))))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        raw_seq(seq).map(Read::Raw)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Read::Raw(Value::String(v.to_owned())))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Read::Raw(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Read::Raw(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Read::Raw(v.into()))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Read::Raw(Value::Bool(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Read::Absent)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Read::Absent)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// A free-form object (`type: object` without properties): any object
/// fits; anything else is kept raw, `null` is absent.
impl Lenient for serde_json::Map<String, Value> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Read<Self>, D::Error> {
        use serde::Deserialize;
        Ok(match Value::deserialize(deserializer)? {
            Value::Object(map) => Read::Value(map),
            Value::Null => Read::Absent,
            other => Read::Raw(other),
        })
    }

    fn fallback() -> Self {
        serde_json::Map::new()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn read<T: Lenient>(text: &str) -> Read<T> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        T::read(&mut deserializer).expect("well-formed JSON never fails")
    }

    #[test]
    fn a_list_that_fits_is_a_value() {
        assert_eq!(
            read::<Vec<i64>>(r#"[1, "2", 3.0]"#),
            Read::Value(vec![1, 2, 3])
        );
        assert_eq!(read::<Vec<i64>>("[]"), Read::Value(vec![]));
        assert_eq!(read::<Vec<i64>>("null"), Read::Absent);
    }

    #[test]
    fn one_odd_item_keeps_the_others_and_the_list_as_received() {
        assert_eq!(
            read::<Vec<i64>>(r#"[1, 9223372036854775808, null, "x", 5]"#),
            Read::Partial(
                vec![1, 5],
                Box::new(json!([1, 9_223_372_036_854_775_808_u64, null, "x", 5]))
            )
        );
        // A nested list that is partial itself stands in its place.
        assert_eq!(
            read::<Vec<Vec<i64>>>(r#"[[1], [2, 0.5], [3]]"#),
            Read::Partial(
                vec![vec![1], vec![2], vec![3]],
                Box::new(json!([[1], [2, 0.5], [3]]))
            )
        );
    }

    #[test]
    fn anything_but_a_list_is_kept_raw() {
        assert_eq!(read::<Vec<i64>>(r#""""#), Read::Raw(json!("")));
        assert_eq!(read::<Vec<i64>>("7"), Read::Raw(json!(7)));
        assert_eq!(read::<Vec<i64>>(r#"{"a":1}"#), Read::Raw(json!({"a": 1})));
    }

    #[test]
    fn a_map_keeps_the_entries_that_fit_and_the_object_as_received() {
        let read_map = |text: &str| read::<BTreeMap<String, i64>>(text);
        assert_eq!(
            read_map(r#"{"a": 1, "b": "2"}"#),
            Read::Value(BTreeMap::from([("a".into(), 1), ("b".into(), 2)]))
        );
        assert_eq!(
            read_map(r#"{"z": 1, "a": 0.5, "m": "3"}"#),
            Read::Partial(
                BTreeMap::from([("z".into(), 1), ("m".into(), 3)]),
                Box::new(json!({"z": 1, "a": 0.5, "m": 3}))
            )
        );
        assert_eq!(read_map("[]"), Read::Raw(json!([])));
        assert_eq!(read_map("null"), Read::Absent);
        let free = read::<serde_json::Map<String, Value>>(r#"{"x": [1]}"#);
        assert_eq!(
            free,
            Read::Value(json!({"x": [1]}).as_object().unwrap().clone())
        );
        assert_eq!(
            read::<serde_json::Map<String, Value>>(r#""""#),
            Read::Raw(json!(""))
        );
    }

    #[test]
    fn options_and_boxes_follow_their_inner_type() {
        assert_eq!(read::<Option<i64>>("null"), Read::Value(None));
        assert_eq!(read::<Option<i64>>("4"), Read::Value(Some(4)));
        assert_eq!(read::<Option<i64>>("4.5"), Read::Raw(json!(4.5)));
        assert_eq!(read::<Box<i64>>("4"), Read::Value(Box::new(4)));
        assert_eq!(<Option<i64>>::fallback(), None);
    }
}
