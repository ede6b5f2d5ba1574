//! Help texts from the spec data: what each parameter accepts, and what an
//! operation sends and may answer.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use crate::spec::{ClientDefault, OperationSpec, PageStyle, ParamSpec, ServiceSpec};

/// The first sentence of a description (up to `. ` or the end; the dots of
/// "e.g." and "i.e." end no sentence).
pub fn first_sentence(text: &str) -> &str {
    let text = text.trim();
    let end = text
        .match_indices(". ")
        .map(|(at, _)| at)
        .find(|&at| !text[..at].ends_with("e.g") && !text[..at].ends_with("i.e"));
    match end {
        Some(end) => &text[..=end],
        None => text,
    }
}

/// The width `nttcom <service> --help` is laid out for.
pub const WIDTH: usize = 100;

/// The operation's line in `nttcom <service> --help`: the document's title,
/// padded to `title_width` columns, then the English summary, cut to fit
/// the line after a name column of `name_width`.
pub fn operation_about(operation: &OperationSpec, name_width: usize, title_width: usize) -> String {
    let pad = title_width.saturating_sub(operation.title.width());
    // Two spaces of indent and two after the name column, two after the title.
    let room = WIDTH.saturating_sub(name_width + title_width + 6);
    format!(
        "{}{}  {}",
        operation.title,
        " ".repeat(pad),
        cut(operation.summary, room)
    )
}

/// `text` cut to `room` columns, ending with `…` when cut.
fn cut(text: &str, room: usize) -> String {
    if text.width() <= room {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        if out.width() + c.to_string().width() + 1 > room {
            break;
        }
        out.push(c);
    }
    format!("{}…", out.trim_end())
}

/// The longest operation name of a service.
pub fn name_width(service: &ServiceSpec) -> usize {
    service
        .operations
        .iter()
        .map(|op| op.name.len())
        .max()
        .unwrap_or(0)
}

/// The widest title among a service's operations.
pub fn title_width(service: &ServiceSpec) -> usize {
    service
        .operations
        .iter()
        .map(|op| op.title.width())
        .max()
        .unwrap_or(0)
}

/// `<integer>`, `<CustomerSiteCode>`, `<1|2>`, `<date>` (a plain string's
/// format says more than `string`).
pub fn value_name(param: &ParamSpec) -> String {
    if !param.enum_values.is_empty() && param.enum_values.len() <= 6 {
        return param.enum_values.join("|");
    }
    match (param.type_name, param.format) {
        ("string", Some(format)) => format.to_owned(),
        (name, _) => name.to_owned(),
    }
}

/// `-h`: the first sentence of the description.
pub fn short(param: &ParamSpec) -> String {
    let mut text = first_sentence(param.description).to_owned();
    if param.client_default == Some(ClientDefault::Tenant) {
        text.push_str(" [default: the tenant]");
    } else if let Some(default) = param.default {
        let _ = write!(text, " [default: {default}]");
    }
    text
}

/// `--help`: the description, then one line of what the value must be.
pub fn long(param: &ParamSpec) -> String {
    let mut text = param.description.trim().to_owned();
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(&constraints(param));
    text
}

/// `CustomerSiteCode: a string of 1 to 256 characters matching ^[!-~]+$ ·
/// query `customerSiteCode` · optional`.
pub fn constraints(param: &ParamSpec) -> String {
    let mut parts = Vec::new();
    let mut kind = String::new();
    if !matches!(param.type_name, "string" | "integer" | "number" | "boolean") {
        let _ = write!(kind, "{}: ", param.type_name);
    }
    kind.push_str(base_type(param));
    if let Some(format) = param.format {
        let _ = write!(kind, " ({format})");
    }
    if let Some(length) = length(param) {
        let _ = write!(kind, ", {length}");
    }
    if let Some(pattern) = param.pattern {
        let _ = write!(kind, " matching {pattern}");
    }
    if let Some(range) = range(param) {
        let _ = write!(kind, " {range}");
    }
    if !param.enum_values.is_empty() {
        let _ = write!(kind, ", one of {}", param.enum_values.join(", "));
    }
    parts.push(kind);
    if let Some(default) = param.default {
        parts.push(format!("default {default}"));
    }
    parts.push(format!("{} `{}`", param.location.as_str(), param.name));
    parts.push(
        match (param.required, param.client_default) {
            (_, Some(ClientDefault::Tenant)) => {
                "optional: defaults to the tenant of the credentials"
            }
            (true, None) => "required",
            (false, None) => "optional",
        }
        .to_owned(),
    );
    if param.multiple {
        parts.push("repeat the flag for several values".into());
    }
    let mut line = String::from("[");
    line.push_str(&parts.join(" · "));
    line.push(']');
    line
}

fn base_type(param: &ParamSpec) -> &'static str {
    match param.type_name {
        "integer" => "integer",
        "number" => "number",
        "boolean" => "boolean",
        _ if param.minimum.is_some() || param.maximum.is_some() => "number",
        _ => "string",
    }
}

fn length(param: &ParamSpec) -> Option<String> {
    Some(match (param.min_length, param.max_length) {
        (Some(min), Some(max)) if min == max => format!("exactly {min} characters"),
        (Some(min), Some(max)) => format!("{min} to {max} characters"),
        (Some(min), None) => format!("at least {min} characters"),
        (None, Some(max)) => format!("at most {max} characters"),
        (None, None) => return None,
    })
}

fn range(param: &ParamSpec) -> Option<String> {
    let number = |n: f64| {
        if n.fract() == 0.0 {
            format!("{n:.0}")
        } else {
            n.to_string()
        }
    };
    Some(match (param.minimum, param.maximum) {
        (Some(min), Some(max)) => format!("from {} to {}", number(min), number(max)),
        (Some(min), None) => format!("of at least {}", number(min)),
        (None, Some(max)) => format!("of at most {}", number(max)),
        (None, None) => return None,
    })
}

/// After the options in `--help`: the request, the body, paging or waiting,
/// and the documented error statuses.
pub fn details(operation: &OperationSpec) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "Request:");
    let _ = writeln!(text, "  {} {}", operation.method, operation.path);
    let _ = writeln!(
        text,
        "  operationId {} (x-provenance: {})",
        operation.operation_id, operation.provenance
    );
    if let Some(body) = operation.body {
        let _ = writeln!(
            text,
            "  Body: {} JSON {} (--body FILE, or --body - for stdin)",
            if body.required { "a" } else { "an optional" },
            body.schema
        );
    }
    if !operation.authenticated {
        let _ = writeln!(text, "  Sent without a token.");
    }
    if let Some(paged) = operation.paged {
        let how = match paged.style {
            PageStyle::PageNumber => "page by page",
            PageStyle::Offset => "offset by offset",
        };
        // The cursor's flag as the command has it (the generator names it).
        let cursor = operation
            .parameters
            .iter()
            .find(|p| p.name == paged.cursor)
            .map_or_else(|| kebab(paged.cursor), |p| p.flag.to_owned());
        let items = paged
            .items
            .map_or_else(|| "its items".to_owned(), |i| format!("the items of `{i}`"));
        let _ = writeln!(
            text,
            "  Paged: --all walks every page ({how}, moving --{cursor}) and prints {items}."
        );
    }
    if let Some(waiter) = operation.waiter {
        // The status field by its own name (the pointer's last segment).
        let field = waiter.status.rsplit('/').next().unwrap_or(waiter.status);
        let mut done = Vec::new();
        if !waiter.success.is_empty() {
            done.push(format!("{field} is {}", waiter.success.join(" or ")));
        }
        if waiter.gone_is_success {
            done.push("it is gone (404)".to_owned());
        }
        let _ = writeln!(
            text,
            "  --wait polls {} until {}",
            waiter.polls,
            done.join(" or ")
        );
        if !waiter.failure.is_empty() {
            let _ = writeln!(
                text,
                "  ({field} {} fails the wait).",
                waiter.failure.join(" or ")
            );
        }
    }
    if !operation.errors.is_empty() {
        let _ = writeln!(text, "\nDocumented errors (exit code 4):");
        for error in operation.errors {
            let _ = writeln!(
                text,
                "  {}  {}",
                error.status,
                first_sentence(error.description)
            );
        }
    }
    text
}

/// `pageSize` → `page-size`, as the generator names flags.
pub fn kebab(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else if c == '_' {
            out.push('-');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_and_names() {
        assert_eq!(
            first_sentence("Too many requests. Not listed."),
            "Too many requests."
        );
        assert_eq!(first_sentence("One sentence only"), "One sentence only");
        assert_eq!(first_sentence("Uses e.g. commas"), "Uses e.g. commas");
        assert_eq!(kebab("customerSiteCode"), "customer-site-code");
        assert_eq!(kebab("data_update_date_to"), "data-update-date-to");
    }

    #[test]
    fn a_parameter_without_description_shows_its_rules_alone() {
        let param = ParamSpec {
            flag: "id",
            name: "id",
            format: Some("date"),
            ..ParamSpec::DEFAULT
        };
        assert_eq!(long(&param), "[string (date) · query `id` · optional]");
        assert_eq!(value_name(&param), "date");
    }

    #[test]
    fn summaries_are_cut_by_display_width() {
        assert_eq!("契約者別商品一覧取得".width(), 20);
        assert_eq!(cut("Lists the sites.", 40), "Lists the sites.");
        assert_eq!(cut("Lists the sites.", 10), "Lists the…");
        assert_eq!(cut("拠点一覧取得です", 7), "拠点一…");
    }
}
