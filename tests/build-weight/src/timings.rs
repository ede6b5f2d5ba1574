//! Reads the units of a build from cargo's `--timings` HTML report, which
//! embeds them as a JSON array (`const UNIT_DATA = [...];`).

use std::path::Path;

use serde_json::Value;

/// One compile unit: a crate's library, binary or build script, or the run
/// of a build script.
pub struct Unit {
    /// `name version target`, e.g. `ring 0.17.14 build script (run)`.
    pub label: String,
    /// Seconds from the unit's start to its end (wall time, shared with
    /// whatever else ran at the same moment).
    pub seconds: f64,
}

pub fn read(report: &Path) -> Result<Vec<Unit>, String> {
    let html = std::fs::read_to_string(report).map_err(|e| format!("{}: {e}", report.display()))?;
    let missing = || {
        format!(
            "{}: no UNIT_DATA (cargo's report changed?)",
            report.display()
        )
    };
    let start = html.find("const UNIT_DATA = ").ok_or_else(missing)? + "const UNIT_DATA = ".len();
    let end = start + html[start..].find("];").ok_or_else(missing)? + 1;
    let data: Value = serde_json::from_str(&html[start..end])
        .map_err(|e| format!("{}: UNIT_DATA: {e}", report.display()))?;
    let units = data.as_array().ok_or_else(missing)?;
    Ok(units
        .iter()
        .map(|unit| {
            let text = |key: &str| unit[key].as_str().unwrap_or_default().trim().to_owned();
            Unit {
                label: format!("{} {} {}", text("name"), text("version"), text("target"))
                    .trim()
                    .to_owned(),
                seconds: unit["duration"].as_f64().unwrap_or_default(),
            }
        })
        .collect())
}
