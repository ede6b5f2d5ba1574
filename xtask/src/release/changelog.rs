//! `changelogs/<slug>.md` (Keep a Changelog): a crate's release history,
//! and the source of its version: the newest `## [x.y.z] - YYYY-MM-DD`
//! heading. It lives outside the crate, which `generate` owns: deleting a
//! crate to regenerate it loses no history.
//!
//! `cargo xtask generate` starts the file for a new crate, copies it into the
//! crate as `CHANGELOG.md` and its version into the crate's Cargo.toml;
//! `cargo xtask diff --changelog` writes a release section from a diff. Text
//! outside the release section being written is left as it is.

use std::path::Path;

use crate::release::diff::Change;
use crate::release::diff::report::{headline, used_by};
use crate::release::diff::rules::{Class, Kind};
use crate::release::version::{INITIAL, Version};

/// The folder of the release histories, at the workspace root.
pub const DIR: &str = "changelogs";

/// A release heading: version and date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Release {
    pub version: Version,
    pub date: String,
}

/// `changelogs/<slug>.md`, relative to the workspace root: as shown in
/// messages and read from git.
pub fn path(slug: &str) -> String {
    format!("{DIR}/{slug}.md")
}

/// Where the history of crate `slug` is, and where it was before it moved
/// out of the crate (for revisions from then), newest first.
pub fn paths(slug: &str) -> [String; 2] {
    [path(slug), format!("crates/{slug}/CHANGELOG.md")]
}

/// A crate's release history as the working tree has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Changelog {
    pub text: String,
    /// The newest release: the crate's version.
    pub version: Version,
}

/// The release history of crate `slug`, `None` without one.
pub fn read(root: &Path, slug: &str) -> Result<Option<Changelog>, String> {
    let display = path(slug);
    match std::fs::read_to_string(root.join(&display)) {
        Ok(text) => {
            let version = newest(&display, &text)?.version;
            Ok(Some(Changelog { text, version }))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read {display}: {e}")),
    }
}

/// Reads `## [0.2.0] - 2026-11-24`; `None` for other lines, including `## [Unreleased]`.
fn release_heading(line: &str) -> Option<Release> {
    let rest = line.strip_prefix("## [")?;
    let (version, date) = rest.split_once(']')?;
    Some(Release {
        version: Version::parse(version)?,
        date: date.trim().trim_start_matches('-').trim().to_owned(),
    })
}

/// The newest release of a changelog, or what to fix.
pub fn newest(file: &str, text: &str) -> Result<Release, String> {
    text.lines().find_map(release_heading).ok_or_else(|| {
        format!(
            "{file} has no release heading like `## [0.1.0] - 2026-01-31`: add one (the \
             newest heading is the crate's version), or delete the file to start again at \
             {INITIAL}"
        )
    })
}

fn header(package: &str, spec: &str) -> String {
    format!(
        "# Changelog\n\n\
         All notable changes to `{package}`, generated from `{spec}`.\n\
         `cargo xtask diff --changelog` writes each release section; the newest\n\
         release heading is the crate's version (see the repository README,\n\
         \"Changing or adding a spec\"). The format follows\n\
         [Keep a Changelog](https://keepachangelog.com/en/1.1.0/).\n"
    )
}

/// The changelog of a new crate.
pub fn initial(package: &str, spec: &str, api_version: &str, date: &str) -> String {
    format!(
        "{}\n## [{INITIAL}] - {date}\n\n\
         Initial release generated from `{spec}` (API version {api_version}).\n",
        header(package, spec)
    )
}

/// Keep a Changelog section of a change.
fn section(kind: Kind) -> &'static str {
    use Kind::*;
    match kind {
        ServiceAdded
        | ServerAdded
        | TokenExchangeAdded
        | OperationAdded
        | ResponseStatusAdded
        | ParameterAdded
        | RequiredParameterAdded
        | RequestBodyAdded
        | RequiredRequestBodyAdded
        | SchemaAdded
        | PropertyAdded
        | RequiredPropertyAdded
        | EnumValueAdded => "Added",
        ServiceRemoved
        | ServerRemoved
        | TokenExchangeRemoved
        | OperationRemoved
        | ResponseStatusRemoved
        | ParameterRemoved
        | RequestBodyRemoved
        | SchemaRemoved
        | PropertyRemoved
        | EnumValueRemoved => "Removed",
        _ => "Changed",
    }
}

fn entry(change: &Change) -> String {
    let mark = if change.class == Class::Breaking {
        "**Breaking:** "
    } else {
        ""
    };
    let used = used_by(change, 3);
    let used = if used.is_empty() {
        String::new()
    } else {
        format!(" Used by {}.", used.join(", "))
    };
    format!(
        "- {mark}{}. {}.{used}\n",
        headline(change),
        capitalize(change.reason)
    )
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

/// The body of a release section: the spec at `spec`, its API version
/// before and after, and what changed.
pub fn release_body(
    spec: &str,
    api_version: &(Option<String>, Option<String>),
    changes: &[Change],
) -> String {
    let api = match api_version {
        (Some(old), Some(new)) if old != new => format!("API version {old} → {new}"),
        (_, Some(new)) => format!("API version {new}"),
        (Some(old), None) => format!("API version {old}"),
        (None, None) => String::new(),
    };
    let mut out = format!("Generated from `{spec}` ({api}).\n");
    for name in ["Added", "Changed", "Removed"] {
        let entries: String = changes
            .iter()
            .filter(|c| section(c.kind) == name)
            .map(entry)
            .collect();
        if !entries.is_empty() {
            out.push_str(&format!("\n### {name}\n\n{entries}"));
        }
    }
    out
}

/// `text` with a release section for `version` holding `body`.
///
/// When the newest release is newer than `base` (the version the diff started
/// from), that section is the one being prepared: it is replaced, keeping its
/// version if higher and its date if the version stays. Otherwise the section
/// is inserted above the newest release. Running it twice changes nothing.
pub fn with_release(
    text: &str,
    base: Option<Version>,
    version: Version,
    date: &str,
    body: &str,
) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let newest = lines.iter().position(|l| release_heading(l).is_some());
    let pending = newest.and_then(|i| {
        let release = release_heading(lines[i])?;
        base.is_none_or(|b| release.version > b)
            .then_some((i, release))
    });
    let (start, end, heading) = match pending {
        Some((i, release)) => {
            let end = lines[i + 1..]
                .iter()
                .position(|l| l.starts_with("## "))
                .map_or(lines.len(), |j| i + 1 + j);
            let (version, date) = if release.version >= version {
                let date = if release.version == version {
                    release.date.as_str()
                } else {
                    date
                };
                (release.version, date.to_owned())
            } else {
                (version, date.to_owned())
            };
            (i, end, format!("## [{version}] - {date}"))
        }
        None => {
            let at = newest.unwrap_or(lines.len());
            (at, at, format!("## [{version}] - {date}"))
        }
    };
    let mut out: String = lines[..start].iter().map(|l| format!("{l}\n")).collect();
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
    out.push_str(&format!("{heading}\n\n{}", body.trim_end()));
    out.push('\n');
    if end < lines.len() {
        out.push('\n');
        out.extend(lines[end..].iter().map(|l| format!("{l}\n")));
    }
    out
}

/// The history of a new crate generated from `spec`: its first release,
/// dated as [`date`] says.
pub fn start(spec: &crate::model::Spec, date: Option<&str>) -> Result<Changelog, String> {
    let text = initial(
        &spec.package(),
        &spec.path,
        &spec.api_version,
        &self::date(date)?,
    );
    Ok(Changelog {
        text,
        version: INITIAL,
    })
}

/// The date to write: `--date`, else `SOURCE_DATE_EPOCH`, else today (UTC),
/// as `YYYY-MM-DD`.
pub fn date(flag: Option<&str>) -> Result<String, String> {
    if let Some(date) = flag {
        let parts: Vec<&str> = date.split('-').collect();
        let number = |i: usize, len: usize, range: std::ops::RangeInclusive<u32>| {
            parts.get(i).is_some_and(|p| {
                p.len() == len && p.parse::<u32>().is_ok_and(|n| range.contains(&n))
            })
        };
        let ok = parts.len() == 3
            && number(0, 4, 0..=9999)
            && number(1, 2, 1..=12)
            && number(2, 2, 1..=31);
        return if ok {
            Ok(date.to_owned())
        } else {
            Err(format!("`--date {date}`: write the date as YYYY-MM-DD"))
        };
    }
    let seconds = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(epoch) => epoch.trim().parse::<i64>().map_err(|_| {
            format!("SOURCE_DATE_EPOCH=`{epoch}` is not a number of seconds: fix or unset it")
        })?,
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    };
    Ok(civil_date(seconds.div_euclid(86_400)))
}

/// `YYYY-MM-DD` of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).expect(text)
    }

    #[test]
    fn dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_416), "2025-11-24");
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert_eq!(date(Some("2026-01-31")).as_deref(), Ok("2026-01-31"));
        for bad in [
            "31.01.2026",
            "2026-13-01",
            "2026-01-32",
            "2026-1-31",
            "26-01-31",
        ] {
            assert!(date(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn newest_release_is_the_version() {
        let text = initial("nttcom-x", "specs/x.yaml", "1.0", "2026-01-31");
        assert_eq!(
            newest("CHANGELOG.md", &text),
            Ok(Release {
                version: v("0.1.0"),
                date: "2026-01-31".into()
            })
        );
        assert!(newest("CHANGELOG.md", "# Changelog\n## [Unreleased]\n").is_err());
    }

    #[test]
    fn release_sections_are_inserted_once_and_then_replaced() {
        let start = initial("nttcom-x", "specs/x.yaml", "1.0", "2026-01-31");
        let base = Some(v("0.1.0"));
        let once = with_release(&start, base, v("0.1.1"), "2026-02-01", "First body.\n");
        assert!(once.contains("## [0.1.1] - 2026-02-01\n\nFirst body.\n\n## [0.1.0] - 2026-01-31"));
        // Same diff, another day: unchanged.
        assert_eq!(
            with_release(&once, base, v("0.1.1"), "2026-02-02", "First body.\n"),
            once
        );
        // The spec changed again, now breaking: the pending section grows to 0.2.0.
        let twice = with_release(&once, base, v("0.2.0"), "2026-02-03", "Second body.\n");
        assert!(twice.contains("## [0.2.0] - 2026-02-03\n\nSecond body.\n\n## [0.1.0]"));
        assert!(!twice.contains("0.1.1") && !twice.contains("First body"));
        // Released at 0.2.0 (the base moved on): a new section goes on top.
        let next = with_release(
            &twice,
            Some(v("0.2.0")),
            v("0.2.1"),
            "2026-03-01",
            "Third.\n",
        );
        assert!(next.contains("## [0.2.1] - 2026-03-01\n\nThird.\n\n## [0.2.0]"));
    }
}
