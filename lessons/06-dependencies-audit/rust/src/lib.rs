//! A toy `cargo audit`: read the exact versions from a Cargo.lock and check them against
//! advisories ("versions below 1.4.2 are vulnerable"). The real tool does the same with the
//! RustSec advisory database; running it in CI turns a published advisory into a failing build.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

impl Version {
    /// `"1.24.2"`. A pre-release or build suffix (`-alpha.1`, `+meta`) is not supported here.
    pub fn parse(text: &str) -> Option<Version> {
        let mut parts = text.trim().split('.').map(|p| p.parse::<u64>().ok());
        let v = Version { major: parts.next()??, minor: parts.next()??, patch: parts.next()?? };
        parts.next().is_none().then_some(v)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// A range such as `>=1.0.0, <1.4.2` (advisories) or `^0.13` / `0.13` (Cargo.toml).
#[derive(Debug, Clone)]
pub struct VersionReq(Vec<(Op, Version)>);

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    AtLeast,
    Below,
    Exactly,
}

impl VersionReq {
    pub fn parse(text: &str) -> Option<VersionReq> {
        let mut bounds = Vec::new();
        for part in text.split(',').map(str::trim) {
            if let Some(v) = part.strip_prefix(">=") {
                bounds.push((Op::AtLeast, Version::parse(v)?));
            } else if let Some(v) = part.strip_prefix('<') {
                bounds.push((Op::Below, Version::parse(v)?));
            } else if let Some(v) = part.strip_prefix('=') {
                bounds.push((Op::Exactly, Version::parse(v)?));
            } else {
                bounds.extend(caret(part.strip_prefix('^').unwrap_or(part))?);
            }
        }
        Some(VersionReq(bounds))
    }

    pub fn matches(&self, v: &Version) -> bool {
        self.0.iter().all(|(op, bound)| match op {
            Op::AtLeast => v >= bound,
            Op::Below => v < bound,
            Op::Exactly => v == bound,
        })
    }
}

/// Cargo's default requirement: `1.2` allows anything up to, not including, the next version
/// that may break the API. The leftmost non-zero number is the one that signals a break.
fn caret(text: &str) -> Option<[(Op, Version); 2]> {
    let nums: Vec<u64> = text.split('.').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let (major, minor, patch) = match nums[..] {
        [a] => (a, None, None),
        [a, b] => (a, Some(b), None),
        [a, b, c] => (a, Some(b), Some(c)),
        _ => return None,
    };
    let low = Version { major, minor: minor.unwrap_or(0), patch: patch.unwrap_or(0) };
    let (ma, mi, pa) = match (major, minor, patch) {
        (0, Some(0), Some(p)) => (0, 0, p + 1), // ^0.0.3 := <0.0.4
        (0, Some(0), None) => (0, 1, 0),        // ^0.0   := <0.1.0
        (0, Some(m), _) => (0, m + 1, 0),       // ^0.13  := <0.14.0
        (m, _, _) => (m + 1, 0, 0),             // ^1.24  := <2.0.0 (and ^0 := <1.0.0)
    };
    Some([(Op::AtLeast, low), (Op::Below, Version { major: ma, minor: mi, patch: pa })])
}

#[derive(Debug, Clone, PartialEq)]
pub struct Locked {
    pub name: String,
    pub version: Version,
}

/// Reads the `[[package]]` entries of a Cargo.lock. (A real tool would use a TOML parser; the
/// format is simple enough that two `key = "value"` lines per package are all we need here.)
pub fn parse_lockfile(text: &str) -> Vec<Locked> {
    let mut found = Vec::new();
    let mut name: Option<&str> = None;
    for line in text.lines().map(str::trim) {
        let value = |key: &str| {
            line.strip_prefix(key)?
                .trim()
                .strip_prefix('=')?
                .trim()
                .strip_prefix('"')?
                .strip_suffix('"')
        };
        if line == "[[package]]" {
            name = None;
        } else if let Some(n) = value("name") {
            name = Some(n);
        } else if let (Some(n), Some(v)) = (name, value("version").and_then(Version::parse)) {
            found.push(Locked { name: n.to_string(), version: v });
        }
    }
    found
}

pub struct Advisory {
    pub id: &'static str,
    pub package: &'static str,
    pub vulnerable: &'static str, // a VersionReq
    pub title: &'static str,
}

#[derive(Debug, PartialEq)]
pub struct Finding {
    pub advisory: &'static str,
    pub package: String,
    pub version: Version,
}

pub fn audit(locked: &[Locked], advisories: &[Advisory]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for adv in advisories {
        let range = VersionReq::parse(adv.vulnerable).expect("advisory ranges are well-formed");
        for pkg in locked.iter().filter(|p| p.name == adv.package && range.matches(&p.version)) {
            findings.push(Finding {
                advisory: adv.id,
                package: pkg.name.clone(),
                version: pkg.version.clone(),
            });
        }
    }
    findings
}

/// With the `json` feature, reports can be machine-read (e.g. by a CI step). Without it this
/// function does not exist, and neither does the serde_json dependency.
#[cfg(feature = "json")]
pub fn findings_to_json(findings: &[Finding]) -> String {
    let items: Vec<_> = findings
        .iter()
        .map(|f| {
            let version = f.version.to_string();
            serde_json::json!({ "advisory": f.advisory, "package": f.package, "version": version })
        })
        .collect();
    serde_json::Value::Array(items).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap()
    }

    fn req(text: &str) -> VersionReq {
        VersionReq::parse(text).unwrap()
    }

    #[test]
    fn cargo_toml_requirements_are_ranges() {
        assert!(req("1.24").matches(&v("1.48.0")), "\"1.24\" accepts any later 1.x");
        assert!(!req("1.24").matches(&v("2.0.0")));
        assert!(!req("1.24").matches(&v("1.23.9")));
        assert!(req("0.13").matches(&v("0.13.4")));
        assert!(!req("0.13").matches(&v("0.14.0")), "before 1.0 the minor number breaks");
        assert!(!req("^0.0.3").matches(&v("0.0.4")));
    }

    #[test]
    fn reads_versions_from_a_lockfile() {
        let lock = r#"
version = 3

[[package]]
name = "acme-http"
version = "0.3.1"
source = "registry+https://example.invalid"
dependencies = [
 "itoa 1.0.1",
]

[[package]]
name = "itoa"
version = "1.0.1"
"#;
        let locked = parse_lockfile(lock);
        assert_eq!(
            locked,
            vec![
                Locked { name: "acme-http".into(), version: v("0.3.1") },
                Locked { name: "itoa".into(), version: v("1.0.1") },
            ]
        );
    }

    #[test]
    fn flags_only_versions_inside_the_vulnerable_range() {
        let advisories = [Advisory {
            id: "WB-0001",
            package: "acme-http",
            vulnerable: ">=0.2.0, <0.3.2",
            title: "t",
        }];
        let locked = |ver: &str| vec![Locked { name: "acme-http".into(), version: v(ver) }];
        assert_eq!(audit(&locked("0.3.1"), &advisories).len(), 1);
        assert!(audit(&locked("0.3.2"), &advisories).is_empty(), "the patched version is clean");
        assert!(audit(&locked("0.1.9"), &advisories).is_empty(), "older than the bug");
    }

    #[cfg(feature = "json")]
    #[test]
    fn json_report() {
        let f = Finding { advisory: "WB-0001", package: "acme-http".into(), version: v("0.3.1") };
        assert_eq!(
            findings_to_json(&[f]),
            r#"[{"advisory":"WB-0001","package":"acme-http","version":"0.3.1"}]"#
        );
    }

    proptest! {
        #[test]
        fn display_and_parse_round_trip(major: u64, minor: u64, patch: u64) {
            let version = Version { major, minor, patch };
            prop_assert_eq!(Version::parse(&version.to_string()), Some(version));
        }

        // Whatever version you write in Cargo.toml, that exact version satisfies it, and the next
        // major version (for 1.x and up) never does.
        #[test]
        fn a_caret_requirement_accepts_its_own_version(major in 1..u64::MAX, minor: u64, patch: u64) {
            let version = Version { major, minor, patch };
            let r = req(&version.to_string());
            prop_assert!(r.matches(&version));
            let next_major = Version { major: major + 1, minor: 0, patch: 0 };
            prop_assert!(!r.matches(&next_major));
        }
    }
}
