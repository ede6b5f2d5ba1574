//! The spec's simple `pattern`s, checked without a regex engine.
//!
//! Most patterns in the specs are a sequence of character classes or
//! literals, each repeated a number of times, anchored at both ends:
//! `^[0-9a-f]{32}$`, `^u[0-9]{10}$`, `^[!-~]+$`. The code generator compiles
//! each such pattern into a [`Pattern`]: a static table of [`Atom`]s, built at
//! compile time. Checking a value is one pass over its characters, with no
//! allocation and no state beyond a position: tens of nanoseconds for a
//! 32-character id, where a regex engine's search takes microseconds. (The
//! few patterns with groups or alternatives keep `regex-lite`.)
//!
//! The generator only compiles a pattern whose every variable repetition is
//! followed by characters it cannot take (`[0-9]+` then `$`, or `[a-z]+` then
//! `@`): matching each atom as far as it goes is then exactly what the regex
//! means, and nothing needs to be tried again.
//!
//! ```
//! use nttcom_runtime::pattern::{Atom, Pattern};
//!
//! // ^u[0-9]{10}$
//! static USER: Pattern = Pattern::new(&[
//!     Atom::any_of(&[(b'u', b'u')]),
//!     Atom::any_of(&[(b'0', b'9')]).times(10, 10),
//! ]);
//! assert!(USER.is_match("u0123456789"));
//! assert!(!USER.is_match("u012345678"));
//! assert!(!USER.is_match("u01234567890"));
//! assert!(!USER.is_match("x0123456789"));
//! ```

/// One element of a [`Pattern`]: a set of characters, and how many of them
/// in a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Atom {
    /// Bit `c` set: ASCII character `c` belongs to the set.
    ascii: u128,
    /// Whether every non-ASCII character belongs to the set (a negated class).
    other: bool,
    min: u32,
    max: u32,
}

impl Atom {
    /// One of the characters in the inclusive ASCII ranges (`[0-9a-f]`:
    /// `&[(b'0', b'9'), (b'a', b'f')]`; a literal `u`: `&[(b'u', b'u')]`),
    /// once.
    pub const fn any_of(ranges: &[(u8, u8)]) -> Self {
        Self {
            ascii: bits(ranges),
            other: false,
            min: 1,
            max: 1,
        }
    }

    /// Any character but those in the ranges (`[^"']`), non-ASCII ones
    /// included, once.
    pub const fn none_of(ranges: &[(u8, u8)]) -> Self {
        Self {
            ascii: !bits(ranges) & ASCII,
            other: true,
            min: 1,
            max: 1,
        }
    }

    /// Repeated `min` to `max` times (`{n,m}`; `?` is `times(0, 1)`).
    pub const fn times(mut self, min: u32, max: u32) -> Self {
        self.min = min;
        self.max = max;
        self
    }

    /// Repeated at least `min` times, without limit (`+` is `at_least(1)`,
    /// `*` is `at_least(0)`).
    pub const fn at_least(mut self, min: u32) -> Self {
        self.min = min;
        self.max = u32::MAX;
        self
    }

    fn contains(&self, c: char) -> bool {
        match u32::from(c) {
            code @ 0..128 => self.ascii & (1 << code) != 0,
            _ => self.other,
        }
    }
}

/// Every ASCII character.
const ASCII: u128 = u128::MAX;

const fn bits(ranges: &[(u8, u8)]) -> u128 {
    let mut set = 0u128;
    let mut i = 0;
    while i < ranges.len() {
        let (mut c, last) = ranges[i];
        assert!(last < 128, "ASCII ranges only");
        while c <= last {
            set |= 1 << c;
            c += 1;
        }
        i += 1;
    }
    set
}

/// A pattern anchored at both ends (`^…$`): its atoms, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pattern {
    atoms: &'static [Atom],
}

impl Pattern {
    pub const fn new(atoms: &'static [Atom]) -> Self {
        Self { atoms }
    }

    /// Whether the whole of `value` matches.
    pub fn is_match(&self, value: &str) -> bool {
        let mut rest = value.chars();
        for atom in self.atoms {
            let mut count = 0u32;
            while count < atom.max {
                let before = rest.clone();
                match rest.next() {
                    Some(c) if atom.contains(c) => count += 1,
                    _ => {
                        rest = before;
                        break;
                    }
                }
            }
            if count < atom.min {
                return false;
            }
        }
        rest.as_str().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_counts_and_anchors() {
        // ^[0-9a-f]{32}$
        static TENANT: Pattern =
            Pattern::new(&[Atom::any_of(&[(b'0', b'9'), (b'a', b'f')]).times(32, 32)]);
        assert!(TENANT.is_match("550e8400e29b41d4a716446655440000"));
        assert!(!TENANT.is_match("550E8400E29B41D4A716446655440000"));
        assert!(!TENANT.is_match("550e8400e29b41d4a71644665544000"));
        assert!(!TENANT.is_match("550e8400e29b41d4a7164466554400000"));
        assert!(!TENANT.is_match(""));

        // ^[a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+\.[a-zA-Z0-9-.]+$
        static EMAIL: Pattern = Pattern::new(&[
            Atom::any_of(&[
                (b'a', b'z'),
                (b'A', b'Z'),
                (b'0', b'9'),
                (b'_', b'_'),
                (b'.', b'.'),
                (b'+', b'+'),
                (b'-', b'-'),
            ])
            .at_least(1),
            Atom::any_of(&[(b'@', b'@')]),
            Atom::any_of(&[(b'a', b'z'), (b'A', b'Z'), (b'0', b'9'), (b'-', b'-')]).at_least(1),
            Atom::any_of(&[(b'.', b'.')]),
            Atom::any_of(&[(b'a', b'z'), (b'A', b'Z'), (b'0', b'9'), (b'-', b'.')]).at_least(1),
        ]);
        assert!(EMAIL.is_match("test@example.com"));
        assert!(EMAIL.is_match("a.b+c@mail.example.co.jp"));
        assert!(!EMAIL.is_match("test@example"));
        assert!(!EMAIL.is_match("@example.com"));
        assert!(!EMAIL.is_match("tést@example.com"));
    }

    #[test]
    fn a_negated_class_takes_any_other_character_non_ascii_too() {
        // ^[^"']*$
        static QUOTELESS: Pattern =
            Pattern::new(&[Atom::none_of(&[(b'"', b'"'), (b'\'', b'\'')]).at_least(0)]);
        assert!(QUOTELESS.is_match(""));
        assert!(QUOTELESS.is_match("東京都 千代田区"));
        assert!(!QUOTELESS.is_match("it's"));
        assert!(!QUOTELESS.is_match("\""));
    }

    #[test]
    fn counts_are_characters_not_bytes() {
        // ^[^x]{2}$
        static TWO: Pattern = Pattern::new(&[Atom::none_of(&[(b'x', b'x')]).times(2, 2)]);
        assert!(TWO.is_match("東京"));
        assert!(!TWO.is_match("東"));
        assert!(!TWO.is_match("東京都"));
    }
}
