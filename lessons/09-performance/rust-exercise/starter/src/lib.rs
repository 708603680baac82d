//! Helpers on the hot path of a log ingester. They give the right answers, but each call
//! allocates more than it needs: temporary `String`s, intermediate `Vec`s, growing buffers.
//! `tests/allocations.rs` counts heap allocations (not time, which is noisy) while they run.

/// The value of `key` in a line of space-separated `key=value` pairs, borrowed from `line`.
///
/// `field("id=7 user=ada", "user") == Some("ada")`
pub fn field<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let needle = format!("{key}=");
    let parts: Vec<String> = line.split(' ').map(|p| p.to_string()).collect();
    let index = parts.iter().position(|p| p.starts_with(&needle))?;
    line.split(' ').nth(index).map(|p| &p[needle.len()..])
}

/// Sum of the `ms` fields of all lines; lines without a valid `ms` count as 0.
pub fn total_ms(lines: &[&str]) -> u64 {
    let values: Vec<u64> = lines
        .iter()
        .map(|line| field(line, "ms").and_then(|v| v.parse().ok()).unwrap_or(0))
        .collect();
    values.iter().sum()
}

/// The ids joined with commas: `join_ids(&[1, 22, 333]) == "1,22,333"`.
pub fn join_ids(ids: &[u32]) -> String {
    ids.iter().map(|id| id.to_string()).collect::<Vec<String>>().join(",")
}
