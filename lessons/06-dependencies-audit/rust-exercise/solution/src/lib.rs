//! What a Cargo requirement like `serde = "1.0.152"` or `prometheus = "0.13"` really allows.
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

impl Version {
    pub fn new(major: u64, minor: u64, patch: u64) -> Version {
        Version { major, minor, patch }
    }

    /// `"1.2.3"` (exactly three numbers). Given; no pre-release or build suffixes.
    pub fn parse(text: &str) -> Option<Version> {
        let mut parts = text.trim().split('.').map(|p| p.parse::<u64>().ok());
        let version = Version::new(parts.next()??, parts.next()??, parts.next()??);
        parts.next().is_none().then_some(version)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// The range a caret requirement (Cargo's default: `"1.2"` means `^1.2`) allows, as
/// `(lowest allowed, first NOT allowed)`. The requirement has 1 to 3 numbers; missing ones are 0
/// in the lower bound. The upper bound bumps the first non-zero number the requirement gives
/// (or its last number when all are 0), because that is the one that signals a breaking change:
///   "1.2.3" -> 1.2.3 .. 2.0.0     "0.13" -> 0.13.0 .. 0.14.0     "0.0.3" -> 0.0.3 .. 0.0.4
///   "1"     -> 1.0.0 .. 2.0.0     "0"    -> 0.0.0 .. 1.0.0       "0.0"   -> 0.0.0 .. 0.1.0
/// `None` for anything that is not 1 to 3 dot-separated numbers.
pub fn caret_range(requirement: &str) -> Option<(Version, Version)> {
    let numbers: Vec<u64> =
        requirement.split('.').map(|p| p.parse::<u64>().ok()).collect::<Option<_>>()?;
    if numbers.is_empty() || numbers.len() > 3 {
        return None;
    }
    let at = |i: usize| numbers.get(i).copied().unwrap_or(0);
    let low = Version::new(at(0), at(1), at(2));
    // The number that signals a breaking change: the first non-zero one given, else the last given.
    let breaking = numbers.iter().position(|&n| n != 0).unwrap_or(numbers.len() - 1);
    let high = match breaking {
        0 => Version::new(low.major + 1, 0, 0),
        1 => Version::new(low.major, low.minor + 1, 0),
        _ => Version::new(low.major, low.minor, low.patch + 1),
    };
    Some((low, high))
}

/// Whether `version` satisfies the caret `requirement`.
pub fn allows(requirement: &str, version: &Version) -> bool {
    caret_range(requirement).is_some_and(|(low, high)| low <= *version && *version < high)
}

/// The version `cargo update` would pick: the newest of `available` that `requirement` allows.
pub fn newest_allowed(requirement: &str, available: &[&str]) -> Option<Version> {
    available
        .iter()
        .filter_map(|text| Version::parse(text))
        .filter(|v| allows(requirement, v))
        .max()
}
