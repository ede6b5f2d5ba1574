//! Printing diffs: text for people, JSON for tools. Both are deterministic:
//! services by slug, changes breaking first, then by subject and place.

use super::compare::Subject;
use super::rules::Class;
use super::{Change, ServiceDiff};

/// `operation `list_orders`, parameter `status`: parameter now required`.
pub fn headline(change: &Change) -> String {
    let at = match (change.place.is_empty(), change.path.is_empty()) {
        (true, true) => String::new(),
        (true, false) => format!("`{}`", change.path),
        (false, true) => change.place.clone(),
        (false, false) => format!("{} `{}`", change.place, change.path),
    };
    let mut out = match (&change.subject, at.is_empty()) {
        (Subject::Service, true) => String::new(),
        (Subject::Service, false) => format!("{at}: "),
        (subject, true) => format!("{subject}: "),
        (subject, false) => format!("{subject}, {at}: "),
    };
    out.push_str(change.kind.label());
    if !change.detail.is_empty() {
        out.push_str(": ");
        out.push_str(&change.detail);
    }
    out
}

/// Where a schema change shows, at most about `limit` places:
/// `` `list_orders` response 200 `orders[].status` ``, …, `and 2 more`.
pub fn used_by(change: &Change, limit: usize) -> Vec<String> {
    let all = &change.used_by;
    // "and 1 more" would take the line the last place needs.
    let shown = if all.len() <= limit + 1 {
        all.len()
    } else {
        limit
    };
    let mut out: Vec<String> = all[..shown]
        .iter()
        .map(|u| {
            let path = if u.path.is_empty() {
                String::new()
            } else {
                format!(" `{}`", u.path)
            };
            format!("`{}` {}{path}", u.operation, u.place)
        })
        .collect();
    if shown < all.len() {
        out.push(format!("and {} more", all.len() - shown));
    }
    out
}

/// `nttcom-ipoe  0.1.0 → 0.2.0  breaking` and what to do about it.
fn version_line(diff: &ServiceDiff, width: usize) -> String {
    let v = &diff.versions;
    let show = |v: Option<crate::release::version::Version>| {
        v.map_or("none".to_owned(), |v| v.to_string())
    };
    let (versions, what) = match (diff.class, v.next) {
        (None, _) => (show(v.base), "no change".to_owned()),
        (Some(_), None) => (
            show(v.base),
            "removed: the crate is no longer generated".to_owned(),
        ),
        (Some(class), Some(next)) => {
            let todo = if v.changelog.is_some_and(|c| c >= next) {
                format!("CHANGELOG.md has {}", show(v.changelog))
            } else {
                format!(
                    "CHANGELOG.md has {}: run `cargo xtask diff --changelog {}`",
                    show(v.changelog),
                    diff.slug
                )
            };
            let from = if v.base.is_some() {
                show(v.base)
            } else {
                "new".to_owned()
            };
            (
                format!("{from} → {next}"),
                format!("{}; {todo}", class.as_str()),
            )
        }
    };
    format!("  {:<width$}  {versions:<15}  {what}\n", diff.package)
}

/// One entry per change: class, what changed, why, and where it shows.
pub fn changes_text(changes: &[Change]) -> String {
    let mut out = String::new();
    for change in changes {
        out.push_str(&format!(
            "  {:<10}  {}\n              {}\n",
            change.class.as_str(),
            headline(change),
            change.reason
        ));
        for (i, place) in used_by(change, 3).iter().enumerate() {
            let lead = if i == 0 { "used by" } else { "       " };
            out.push_str(&format!("              {lead} {place}\n"));
        }
        if change.used_by.is_empty() && matches!(change.subject, Subject::Schema(_)) {
            // Still a public type, so held to the request and the response rules.
            out.push_str("              used by no operation\n");
        }
    }
    out
}

pub fn text(diffs: &[ServiceDiff], base: &str) -> String {
    let mut out = String::new();
    for diff in diffs {
        let api = match &diff.api_version {
            (Some(old), Some(new)) if old != new => format!(", API version {old} → {new}"),
            (_, Some(v)) | (Some(v), None) => format!(", API version {v}"),
            (None, None) => String::new(),
        };
        let count = |class| diff.changes.iter().filter(|c| c.class == class).count();
        let summary = match diff.class {
            None => format!("no change since {base}"),
            Some(_) => format!(
                "{} breaking, {} compatible",
                count(Class::Breaking),
                count(Class::Compatible)
            ),
        };
        out.push_str(&format!("{} ({}{api}): {summary}\n", diff.slug, diff.spec));
        out.push_str(&changes_text(&diff.changes));
        out.push('\n');
    }
    let width = diffs.iter().map(|d| d.package.len()).max().unwrap_or(0);
    out.push_str("Versions (0.x: breaking → minor bump, otherwise patch; no change, no bump):\n");
    for diff in diffs {
        out.push_str(&version_line(diff, width));
    }
    out
}

pub fn json(diffs: &[ServiceDiff], base: &str) -> String {
    let value = serde_json::json!({ "base": base, "services": diffs });
    let mut text = serde_json::to_string_pretty(&value).expect("diffs serialize");
    text.push('\n');
    text
}
