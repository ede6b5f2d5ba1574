//! Whole objects, written the way the generator emits them.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Value, json};

use super::object::{self, FromMap, Reader, Writer};
use super::{Lenient, Read, Shape, Sink, Union, from_value, map_sink};
use crate::{Extra, Object};

/// An order: one required member (`x-required-by-document`), optional
/// scalars, a list, a nested object.
#[derive(Clone, Debug, PartialEq)]
struct Order {
    code: String,
    count: Option<i64>,
    note: Option<String>,
    sizes: Vec<i64>,
    site: Option<Site>,
    extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq)]
struct Site {
    name: Option<String>,
    extra: Extra,
}

impl FromMap for Order {
    fn from_map<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        let mut object = Reader::new(map);
        let (mut code, mut count, mut note, mut sizes, mut site) = (None, None, None, None, None);
        while object.next_key()? {
            match object.key() {
                "code" => object.field(&mut code)?,
                "orderCode" => object.field_as("code", &mut code)?,
                "count" => object.field(&mut count)?,
                "note" => object.field(&mut note)?,
                "sizes" => object.field(&mut sizes)?,
                "site" => object.field(&mut site)?,
                _ => object.unknown()?,
            }
        }
        Ok(Self {
            code: object.required(code, "code"),
            count,
            note,
            sizes: sizes.unwrap_or_default(),
            site,
            extra: object.finish()?,
        })
    }
}

impl<'de> Deserialize<'de> for Order {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        object::deserialize(deserializer)
    }
}

impl Lenient for Order {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Read<Self>, D::Error> {
        object::object(deserializer)
    }

    fn fallback() -> Self {
        Self {
            code: Lenient::fallback(),
            count: None,
            note: None,
            sizes: Vec::new(),
            site: None,
            extra: Extra::new(),
        }
    }
}

impl Serialize for Order {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = Writer::new(serializer.serialize_map(None)?, &self.extra);
        out.field("code", &self.code)?;
        out.optional("count", &self.count)?;
        out.optional("note", &self.note)?;
        // A type requests use too: an empty list is left out, as today.
        if !self.sizes.is_empty() {
            out.field("sizes", &self.sizes)?;
        }
        out.optional("site", &self.site)?;
        out.end()
    }
}

impl Object for Order {
    const PROPERTIES: &'static [&'static str] = &["code", "count", "note", "sizes", "site"];

    fn extra(&self) -> &Extra {
        &self.extra
    }

    fn extra_mut(&mut self) -> &mut Extra {
        &mut self.extra
    }
}

impl FromMap for Site {
    fn from_map<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        let mut object = Reader::new(map);
        let mut name = None;
        while object.next_key()? {
            match object.key() {
                "name" => object.field(&mut name)?,
                _ => object.unknown()?,
            }
        }
        Ok(Self {
            name,
            extra: object.finish()?,
        })
    }
}

impl Lenient for Site {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Read<Self>, D::Error> {
        object::object(deserializer)
    }

    fn read_to<'de, D: Deserializer<'de>, S: Sink<Self>>(
        deserializer: D,
        sink: S,
    ) -> Result<(), D::Error> {
        object::object_to(deserializer, sink)
    }

    fn fallback() -> Self {
        Self::default()
    }
}

impl Serialize for Site {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = Writer::new(serializer.serialize_map(None)?, &self.extra);
        out.optional("name", &self.name)?;
        out.end()
    }
}

impl Object for Site {
    const PROPERTIES: &'static [&'static str] = &["name"];

    fn extra(&self) -> &Extra {
        &self.extra
    }

    fn extra_mut(&mut self) -> &mut Extra {
        &mut self.extra
    }
}

fn orders(body: Value) -> Vec<Order> {
    serde_json::from_value(body).expect("a list of objects always decodes")
}

fn order(body: Value) -> Order {
    serde_json::from_value(body).expect("an object always decodes")
}

/// Decoding then encoding gives back exactly what was received.
fn round_trips(body: Value) {
    let text = body.to_string();
    let decoded: Order = serde_json::from_str(&text).expect("decodes");
    assert_eq!(serde_json::to_value(&decoded).unwrap(), body);
}

#[test]
fn a_plain_object_reads_into_its_fields_with_nothing_extra() {
    let o = order(json!({"code": "A1", "count": "3", "sizes": [1, 2.0], "site": {"name": "x"}}));
    assert_eq!(o.code, "A1");
    assert_eq!(o.count, Some(3));
    assert_eq!(o.sizes, [1, 2]);
    assert_eq!(o.site.as_ref().and_then(|s| s.name.as_deref()), Some("x"));
    assert!(o.extra.is_empty() && o.is_complete());
    assert_eq!(order(json!({"orderCode": "A2"})).code, "A2", "an alias");
}

#[test]
fn unknown_properties_are_kept_at_every_depth_and_written_back() {
    let body = json!({
        "code": "A1",
        "addedLater": {"nested": [1, "two", null], "flag": true},
        "site": {"name": "x", "floor": 3},
    });
    let o = order(body.clone());
    assert_eq!(
        o.unknown_properties().collect::<Vec<_>>(),
        [(
            "addedLater",
            &json!({"nested": [1, "two", null], "flag": true})
        )]
    );
    assert_eq!(o.site.as_ref().unwrap().extra.get("floor"), Some(&json!(3)));
    assert_eq!(o.unread_properties().count(), 0);
    round_trips(body);
}

#[test]
fn a_value_that_does_not_fit_reads_as_absent_and_is_kept_as_received() {
    for (name, value) in [
        ("count", json!(9_223_372_036_854_775_808_u64)),
        ("count", json!(12.5)),
        ("count", json!("seven")),
        ("note", json!(false)),
        ("note", json!({"text": "x"})),
        ("site", json!("")),
        ("site", json!([])),
        ("site", json!("N/A")),
    ] {
        let body = json!({"code": "A1", name: value});
        let o = order(body.clone());
        assert!(
            o.count.is_none() && o.note.is_none() && o.site.is_none(),
            "{body}"
        );
        assert_eq!(
            o.unread_properties().collect::<Vec<_>>(),
            [(name, &value)],
            "{body}"
        );
        assert!(o.is_complete(), "an optional field is never defaulted");
        round_trips(body);
    }
}

#[test]
fn a_list_keeps_the_items_that_fit_and_is_written_back_as_received() {
    let body = json!({"code": "A1", "sizes": [1, 9_223_372_036_854_775_808_u64, 3]});
    let o = order(body.clone());
    assert_eq!(o.sizes, [1, 3]);
    assert_eq!(o.extra.get("sizes"), Some(&body["sizes"]));
    round_trips(body);
}

#[test]
fn one_item_s_gap_in_a_required_member_leaves_the_list_readable() {
    let list = orders(json!([
        {"code": "A1"},
        {"count": 2},
        {"code": null},
        {"code": {"not": "text"}},
        {"code": "A5"},
    ]));
    assert_eq!(list.len(), 5);
    let incomplete: Vec<usize> = (0..5).filter(|i| !list[*i].is_complete()).collect();
    assert_eq!(incomplete, [1, 2, 3]);
    assert_eq!(list[1].code, "", "the fallback of a string");
    assert_eq!(list[1].extra.defaulted(), ["code"]);
    assert_eq!(list[4].code, "A5");
    // Nothing that was not received is written back; what was, is.
    assert_eq!(serde_json::to_value(&list[1]).unwrap(), json!({"count": 2}));
    assert_eq!(serde_json::to_value(&list[2]).unwrap(), json!({}));
    assert_eq!(
        serde_json::to_value(&list[3]).unwrap(),
        json!({"code": {"not": "text"}})
    );
}

#[test]
fn null_is_absent() {
    let o = order(json!({"code": "A1", "count": null, "sizes": null, "site": null}));
    assert_eq!((o.count, o.sizes.len(), o.site), (None, 0, None));
    assert!(o.extra.is_empty());
}

#[test]
fn a_property_sent_twice_keeps_both_values() {
    let o: Order = serde_json::from_str(r#"{"code": "A1", "count": 0.5, "count": 2}"#).unwrap();
    assert_eq!(o.count, Some(2), "the last value that fits");
    assert_eq!(
        o.extra.get("count"),
        Some(&json!(0.5)),
        "the one that did not"
    );
    assert_eq!(
        serde_json::to_value(&o).unwrap(),
        json!({"code": "A1", "count": 0.5})
    );
}

#[test]
fn an_extra_property_added_by_the_user_is_sent() {
    let mut o = order(json!({"code": "A1"}));
    o.extra_mut().insert("addedByUser", json!(1));
    assert_eq!(
        serde_json::to_value(&o).unwrap(),
        json!({"code": "A1", "addedByUser": 1})
    );
}

#[test]
fn only_malformed_input_or_a_body_that_is_no_object_fails() {
    assert!(serde_json::from_str::<Order>(r#"{"code": "A1", "count": }"#).is_err());
    let error = serde_json::from_str::<Order>(r#""A1""#).unwrap_err();
    assert!(
        error.to_string().contains("expected a JSON object"),
        "{error}"
    );
}

#[test]
fn the_path_of_a_malformed_value_is_the_innermost_one() {
    let body = br#"[{"code": "A1"}, {"code": "A2", "site": {"name": tru}}]"#;
    let error = crate::decode_slice::<Vec<Order>>(body).unwrap_err();
    assert!(error.to_string().starts_with("[1].site.name: "), "{error}");
}

/// icms `PolicyLimits`: plain KB values, or upload/download pairs.
#[derive(Debug, PartialEq)]
enum Limits {
    Plain(Vec<i64>),
    Pairs(Vec<Site>),
    Other(Value),
}

impl Lenient for Limits {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
        Ok(Union::read(d)?
            .shaped(&Shape::List(&Shape::Integer), Self::Plain)
            .shaped(&Shape::List(&Shape::Object), Self::Pairs)
            .lenient(Self::Plain)
            .lenient(Self::Pairs)
            .or_other(Self::Other))
    }

    fn fallback() -> Self {
        Self::Other(Value::Null)
    }
}

#[test]
fn a_union_value_takes_the_branch_of_its_shape() {
    let limits = |v: Value| from_value::<Limits>(&v);
    assert_eq!(
        limits(json!([1, 2])),
        Read::Value(Limits::Plain(vec![1, 2]))
    );
    let Read::Value(Limits::Pairs(pairs)) = limits(json!([{"name": "a", "up": 1}])) else {
        panic!("pairs");
    };
    assert_eq!(pairs[0].name.as_deref(), Some("a"));
    assert_eq!(pairs[0].extra.get("up"), Some(&json!(1)));
    assert_eq!(limits(json!([])), Read::Value(Limits::Plain(vec![])));
}

#[test]
fn a_union_value_of_no_documented_shape_is_read_leniently_or_kept() {
    let limits = |v: Value| from_value::<Limits>(&v);
    assert_eq!(
        limits(json!([1, "2"])),
        Read::Value(Limits::Plain(vec![1, 2]))
    );
    assert_eq!(
        limits(json!("unlimited")),
        Read::Value(Limits::Other(json!("unlimited")))
    );
    // Mixed items: no branch holds them all, so nothing is dropped.
    assert_eq!(
        limits(json!([1, {"up": 1}])),
        Read::Value(Limits::Other(json!([1, {"up": 1}])))
    );
    assert_eq!(limits(json!(null)), Read::Absent);
}

#[test]
fn a_list_of_objects_keeps_its_odd_items_as_received() {
    let body = json!([{"name": "a"}, null, "", {"name": 7, "floor": 2}, [1]]);
    let read = from_value::<Vec<Site>>(&body);
    let Read::Partial(sites, received) = read else {
        panic!("partial: {read:?}");
    };
    let names: Vec<Option<&str>> = sites.iter().map(|s| s.name.as_deref()).collect();
    assert_eq!(names, [Some("a"), Some("7")]);
    assert_eq!(sites[1].extra.get("floor"), Some(&json!(2)));
    // The odd items exactly as received; the others as their typed value
    // encodes (the name sent as a number is text now).
    assert_eq!(
        *received,
        json!([{"name": "a"}, null, "", {"name": "7", "floor": 2}, [1]])
    );
}

/// A string newtype, as the generator emits one.
#[derive(Debug, PartialEq, Serialize)]
struct Code(String);

impl Lenient for Code {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Read<Self>, D::Error> {
        Ok(String::read(deserializer)?.map(Self))
    }

    fn read_to<'de, D: Deserializer<'de>, S: Sink<Self>>(
        deserializer: D,
        sink: S,
    ) -> Result<(), D::Error> {
        String::read_to(deserializer, map_sink(sink, Self))
    }

    fn fallback() -> Self {
        Self(String::new())
    }
}

#[test]
fn newtypes_read_through_their_inner_type() {
    let read = from_value::<Vec<Code>>(&json!(["a", 1, false]));
    assert_eq!(
        read,
        Read::Partial(
            vec![Code("a".into()), Code("1".into())],
            Box::new(json!(["a", "1", false]))
        )
    );
}

#[test]
fn read_strictly_what_would_be_kept_is_an_error_at_its_path() {
    use super::strictly;
    let decode = |body: &str| {
        strictly(|| crate::decode_slice::<Vec<Order>>(body.as_bytes()))
            .map(|_| ())
            .map_err(|e| e.to_string())
    };
    assert_eq!(decode(r#"[{"code": "A1", "site": {"name": "x"}}]"#), Ok(()));
    let unknown = decode(r#"[{"code": "A1", "site": {"name": "x", "nmae": "y"}}]"#);
    assert!(
        unknown
            .as_ref()
            .unwrap_err()
            .starts_with("[0].site.nmae: not a property of this type"),
        "{unknown:?}"
    );
    let unfit = decode(r#"[{"code": "A1", "count": 12.5}]"#);
    assert!(
        unfit
            .as_ref()
            .unwrap_err()
            .starts_with("[0]: `count` holds 12.5, which its type cannot"),
        "{unfit:?}"
    );
    let missing = decode(r#"[{"count": 1}]"#);
    assert!(
        missing
            .as_ref()
            .unwrap_err()
            .starts_with("[0]: missing field `code`"),
        "{missing:?}"
    );
    // Only inside `strictly`, and however it ends.
    assert!(crate::decode_slice::<Vec<Order>>(br#"[{"count": 1}]"#).is_ok());
}

#[test]
fn only_a_value_that_fitted_entirely_is_a_value() {
    assert!(from_value::<i64>(&json!(3)).is_value());
    assert!(!from_value::<i64>(&json!("three")).is_value());
    assert!(!from_value::<i64>(&json!(null)).is_value());
}

#[test]
fn a_property_name_with_escapes_is_read_unescaped() {
    let o: Order = serde_json::from_str(r#"{"co\u0064e": "A1", "n\u00f6te": 1}"#).unwrap();
    assert_eq!(o.code, "A1");
    assert_eq!(o.extra.get("nöte"), Some(&json!(1)));
}

#[test]
fn booleans_read_from_zero_and_one_only() {
    assert_eq!(from_value::<bool>(&json!(0)), Read::Value(false));
    assert_eq!(from_value::<bool>(&json!(1)), Read::Value(true));
    assert_eq!(from_value::<bool>(&json!(2)), Read::Raw(json!(2)));
}

#[test]
fn a_whole_value_of_another_shape_names_the_type() {
    let error = |json: &str| {
        let mut input = serde_json::Deserializer::from_str(json);
        super::deserialize::<_, crate::Timestamp>(&mut input)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(error("true"), "true is not a value of type `Timestamp`");
}

/// The slot a `read_to` fills: its outcome, if it gave one.
struct Slot<'a, T>(&'a mut Option<Read<T>>);

impl<T> Sink<T> for Slot<'_, T> {
    fn take(self, read: Read<T>) {
        *self.0 = Some(read);
    }
}

/// What `read_to` hands its sink for input from `deserializer`.
fn read_to<'de, T: Lenient, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Read<T>>, D::Error> {
    let mut slot = None;
    T::read_to(deserializer, Slot(&mut slot))?;
    Ok(slot)
}

/// A format with options of its own (not JSON): a present value, or none.
struct Optional(Option<Value>);

impl<'de> Deserializer<'de> for Optional {
    type Error = serde_json::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        match self.0 {
            Some(value) => visitor.visit_some(value),
            None => visitor.visit_none(),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

#[test]
fn a_format_s_own_options_read_as_their_value_or_absent() {
    assert_eq!(
        read_to::<i64, _>(Optional(Some(json!("12")))).unwrap(),
        Some(Read::Value(12))
    );
    assert_eq!(
        read_to::<String, _>(Optional(Some(json!(false)))).unwrap(),
        Some(Read::Raw(json!(false)))
    );
    assert_eq!(
        read_to::<i64, _>(Optional(None)).unwrap(),
        Some(Read::Absent)
    );
}

#[test]
fn input_json_cannot_hold_is_refused_naming_what_was_expected() {
    use serde::de::value::{BytesDeserializer, Error, MapDeserializer};
    fn bytes<T: Lenient + std::fmt::Debug>() -> String {
        read_to::<T, _>(BytesDeserializer::<Error>::new(b"12"))
            .unwrap_err()
            .to_string()
    }
    let expected = "invalid type: byte array, expected any JSON value";
    assert_eq!(bytes::<String>(), expected, "text");
    assert_eq!(bytes::<i64>(), expected, "numbers");
    assert_eq!(bytes::<bool>(), expected, "booleans");
    assert_eq!(bytes::<std::net::Ipv4Addr>(), expected, "parsed text");
    assert_eq!(bytes::<Vec<i64>>(), expected, "lists");
    assert_eq!(
        bytes::<std::collections::BTreeMap<String, i64>>(),
        expected,
        "maps"
    );
    assert_eq!(bytes::<Site>(), expected, "objects");
    let keys = MapDeserializer::<_, Error>::new([(1u8, 2u8)].into_iter());
    let error = Order::deserialize(keys).unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid type: integer `1`, expected a property name"
    );
}
