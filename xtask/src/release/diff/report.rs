//! Wording changes for people: one line per change, and where it shows.

use super::Change;
use super::compare::Subject;

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
