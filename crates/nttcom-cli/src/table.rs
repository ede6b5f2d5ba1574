//! `-o table`: rows of scalar fields, aligned by display width (Japanese
//! text takes two columns a character).

use std::io::{self, Write};

use serde_json::{Map, Value};
use unicode_width::UnicodeWidthStr;

/// The items of a list: one row each, one column per field that holds a
/// scalar in some item, in the order fields first appear (JSON objects keep
/// their fields in alphabetical order). Nested objects
/// and arrays are left out (`-o json` shows them).
pub fn rows(items: &[Value], out: &mut dyn Write) -> io::Result<()> {
    let mut columns: Vec<&str> = Vec::new();
    for item in items {
        for (key, value) in item.as_object().into_iter().flatten() {
            if is_scalar(value) && !columns.contains(&key.as_str()) {
                columns.push(key);
            }
        }
    }
    if columns.is_empty() {
        return Ok(());
    }
    let header: Vec<String> = columns.iter().map(|c| (*c).to_owned()).collect();
    let mut lines = vec![header];
    for item in items {
        let fields = item.as_object();
        let cell = |column: &str| {
            fields
                .and_then(|f| f.get(column))
                .map_or(String::new(), text)
        };
        lines.push(columns.iter().map(|c| cell(c)).collect());
    }
    aligned(&lines, out)
}

/// A single resource: `field  value` lines, nested fields as dotted paths,
/// arrays as their length.
pub fn fields(value: &Value, out: &mut dyn Write) -> io::Result<()> {
    let mut lines = Vec::new();
    match value {
        Value::Object(map) => flatten("", map, &mut lines),
        Value::Null => {}
        scalar => lines.push(vec!["value".to_owned(), text(scalar)]),
    }
    aligned(&lines, out)
}

fn flatten(prefix: &str, map: &Map<String, Value>, lines: &mut Vec<Vec<String>>) {
    for (key, value) in map {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            Value::Object(inner) => flatten(&path, inner, lines),
            other => lines.push(vec![path, text(other)]),
        }
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Object(_) | Value::Array(_))
}

/// A cell: strings without quotes, `null` empty, line breaks as spaces.
fn text(value: &Value) -> String {
    let raw = match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Array(items) => match items.len() {
            1 => "[1 item]".to_owned(),
            n => format!("[{n} items]"),
        },
        Value::Object(_) => "{…}".to_owned(),
        other => other.to_string(),
    };
    raw.replace(['\n', '\r', '\t'], " ")
}

/// Columns padded to their widest cell, two spaces apart; the last one is
/// not padded.
fn aligned(lines: &[Vec<String>], out: &mut dyn Write) -> io::Result<()> {
    let count = lines.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..count)
        .map(|i| {
            lines
                .iter()
                .filter_map(|l| l.get(i))
                .map(|c| c.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for line in lines {
        let mut text = String::new();
        for (i, cell) in line.iter().enumerate() {
            text.push_str(cell);
            if i + 1 < line.len() {
                let pad = widths[i] - cell.width() + 2;
                text.extend(std::iter::repeat_n(' ', pad));
            }
        }
        writeln!(out, "{}", text.trim_end())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn render(f: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        f(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn rows_align_wide_characters_and_skip_nested_fields() {
        let items = [
            json!({"code": "int-1", "name": "東京拠点", "detail": {"x": 1}, "endAt": null}),
            json!({"code": "int-22", "name": "Osaka", "extra": true}),
        ];
        let text = render(|out| rows(&items, out));
        assert_eq!(
            text,
            "code    endAt  name      extra\n\
             int-1          東京拠点\n\
             int-22         Osaka     true\n"
        );
    }

    #[test]
    fn a_resource_is_field_value_lines() {
        let value = json!({"order": {"code": "A1", "contracts": [{}, {}]}, "ok": true});
        let text = render(|out| fields(&value, out));
        assert_eq!(
            text,
            "ok               true\norder.code       A1\norder.contracts  [2 items]\n"
        );
    }
}
