//! Crate versions and the project's bump rule.
//!
//! 0.x crates: a breaking change bumps the minor version (0.1.3 → 0.2.0),
//! any other change the patch version (0.1.3 → 0.1.4). From 1.0 on: major for
//! breaking, minor otherwise. No change, no bump.

use std::fmt;

use crate::release::diff::rules::Class;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

/// Every crate's first release.
pub const INITIAL: Version = Version {
    major: 0,
    minor: 1,
    patch: 0,
};

impl Version {
    /// Parses `MAJOR.MINOR.PATCH` (no pre-release or build suffix: the
    /// generated crates do not use them).
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.trim().split('.').map(|p| {
            if p.is_empty() || (p.len() > 1 && p.starts_with('0')) {
                None
            } else {
                p.parse::<u64>().ok()
            }
        });
        let version = Self {
            major: parts.next()??,
            minor: parts.next()??,
            patch: parts.next()??,
        };
        parts.next().is_none().then_some(version)
    }

    /// The version after a change of this class.
    pub fn bump(self, class: Class) -> Self {
        match (self.major, class) {
            (0, Class::Breaking) => Self::new(0, self.minor + 1, 0),
            (0, Class::Compatible) => Self::new(0, self.minor, self.patch + 1),
            (major, Class::Breaking) => Self::new(major + 1, 0, 0),
            (major, Class::Compatible) => Self::new(major, self.minor + 1, 0),
        }
    }

    /// Whether going from `self` to `next` is at least the bump `class` needs.
    pub fn allows(self, next: Self, class: Class) -> bool {
        next >= self.bump(class)
    }

    /// The requirement users write in their Cargo.toml: `0.2` or `1`.
    pub fn requirement(self) -> String {
        if self.major == 0 {
            format!("0.{}", self.minor)
        } else {
            self.major.to_string()
        }
    }

    const fn new(major: u64, minor: u64, patch: u64) -> Self {
        Self {
            major,
            minor,
            patch,
        }
    }
}

impl serde::Serialize for Version {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).expect(text)
    }

    #[test]
    fn bump_rule() {
        assert_eq!(v("0.1.3").bump(Class::Breaking), v("0.2.0"));
        assert_eq!(v("0.1.3").bump(Class::Compatible), v("0.1.4"));
        assert_eq!(v("1.4.2").bump(Class::Breaking), v("2.0.0"));
        assert_eq!(v("1.4.2").bump(Class::Compatible), v("1.5.0"));
        assert!(v("0.1.3").allows(v("0.2.0"), Class::Breaking));
        assert!(v("0.1.3").allows(v("0.3.0"), Class::Breaking));
        assert!(!v("0.1.3").allows(v("0.1.4"), Class::Breaking));
        assert!(v("0.1.3").allows(v("0.2.0"), Class::Compatible));
        assert_eq!(v("0.2.0").requirement(), "0.2");
        assert_eq!(v("3.2.0").requirement(), "3");
    }

    #[test]
    fn parse_rejects_what_cargo_would_not_publish_here() {
        for bad in ["", "1", "1.2", "1.2.3.4", "01.2.3", "1.2.x", "1.2.3-beta"] {
            assert_eq!(Version::parse(bad), None, "{bad}");
        }
    }
}
