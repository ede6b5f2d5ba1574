//! Writing answers to stdout in the format `-o/--output` asks for.
//!
//! - `json` (default): pretty on a terminal, compact (one line) when piped.
//! - `yaml`.
//! - `table`: the items of a list as rows of their scalar fields; a single
//!   resource as `field  value` lines (nested fields as dotted paths).
//! - `jsonl`: one item of a list per line (a single resource is one line).
//!
//! The items of a list are the answer itself when it is an array, or the
//! one array of objects an answer object wraps them in
//! (`{"customerSite": [...]}`).

use std::io::{self, Write};

use serde_json::Value;

use crate::table;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
    Table,
    Jsonl,
}

impl Format {
    pub const NAMES: [&'static str; 4] = ["json", "yaml", "table", "jsonl"];

    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "json" => Some(Format::Json),
            "yaml" => Some(Format::Yaml),
            "table" => Some(Format::Table),
            "jsonl" => Some(Format::Jsonl),
            _ => None,
        }
    }
}

/// How answers are written.
#[derive(Clone, Copy, Debug)]
pub struct Output {
    pub format: Format,
    /// Pretty JSON: stdout is a terminal.
    pub pretty: bool,
}

impl Output {
    /// Writes one whole answer.
    pub fn write(&self, value: &Value, out: &mut dyn Write) -> io::Result<()> {
        match self.format {
            Format::Json => {
                if self.pretty {
                    serde_json::to_writer_pretty(&mut *out, value)?;
                } else {
                    serde_json::to_writer(&mut *out, value)?;
                }
                writeln!(out)
            }
            Format::Yaml => {
                let text = serde_yaml::to_string(value).map_err(io::Error::other)?;
                out.write_all(text.as_bytes())
            }
            Format::Table => match items(value) {
                Some(rows) => table::rows(rows, out),
                None => table::fields(value, out),
            },
            Format::Jsonl => match items(value) {
                Some(rows) => rows.iter().try_for_each(|row| line(row, out)),
                None => line(value, out),
            },
        }
    }

    /// Whether items of a walk are written as they arrive (one per line)
    /// rather than gathered into one array first.
    pub fn streams(&self) -> bool {
        self.format == Format::Jsonl
    }
}

/// One JSON value on one line.
pub fn line(value: &Value, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    writeln!(out)
}

/// The items of a list answer, if it is one.
pub fn items(value: &Value) -> Option<&[Value]> {
    match value {
        Value::Array(items) => Some(items),
        Value::Object(fields) => {
            let mut lists = fields.values().filter(|v| v.is_array());
            let list = lists.next()?.as_array()?;
            let only = lists.next().is_none();
            (only && list.iter().all(Value::is_object)).then_some(list.as_slice())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn render(format: Format, pretty: bool, value: &Value) -> String {
        let mut out = Vec::new();
        Output { format, pretty }.write(value, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn json_is_compact_when_piped_and_pretty_on_a_terminal() {
        let value = json!({"a": 1, "b": [true]});
        assert_eq!(
            render(Format::Json, false, &value),
            "{\"a\":1,\"b\":[true]}\n"
        );
        assert_eq!(
            render(Format::Json, true, &value),
            "{\n  \"a\": 1,\n  \"b\": [\n    true\n  ]\n}\n"
        );
    }

    #[test]
    fn lists_are_found_bare_or_wrapped_once() {
        assert_eq!(items(&json!([1, 2])).map(<[_]>::len), Some(2));
        assert_eq!(
            items(&json!({"sites": [{"a": 1}], "total": 3})).map(<[_]>::len),
            Some(1)
        );
        assert!(
            items(&json!({"a": [{}], "b": [{}]})).is_none(),
            "two lists: a resource"
        );
        assert!(
            items(&json!({"tags": ["x"]})).is_none(),
            "a list of scalars: a field"
        );
        assert!(items(&json!({"id": 1})).is_none());
    }

    #[test]
    fn jsonl_writes_one_item_per_line() {
        let value = json!({"orders": [{"id": 1}, {"id": 2}]});
        assert_eq!(
            render(Format::Jsonl, true, &value),
            "{\"id\":1}\n{\"id\":2}\n"
        );
        assert_eq!(
            render(Format::Jsonl, true, &json!({"id": 1})),
            "{\"id\":1}\n"
        );
    }

    #[test]
    fn yaml() {
        assert_eq!(render(Format::Yaml, false, &json!({"a": "x"})), "a: x\n");
    }
}
