//! Helpers on the hot path of a log ingester: they borrow instead of copying, sum as they go,
//! and reserve an output buffer once.

/// The value of `key` in a line of space-separated `key=value` pairs, borrowed from `line`.
///
/// `field("id=7 user=ada", "user") == Some("ada")`
pub fn field<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    line.split(' ').find_map(|pair| match pair.split_once('=') {
        Some((k, value)) if k == key => Some(value),
        _ => None,
    })
}

/// Sum of the `ms` fields of all lines; lines without a valid `ms` count as 0.
pub fn total_ms(lines: &[&str]) -> u64 {
    lines
        .iter()
        .map(|line| field(line, "ms").and_then(|v| v.parse::<u64>().ok()).unwrap_or(0))
        .sum()
}

/// The ids joined with commas: `join_ids(&[1, 22, 333]) == "1,22,333"`.
pub fn join_ids(ids: &[u32]) -> String {
    use std::fmt::Write;
    // At most 10 digits per id, plus a comma between ids.
    let mut out = String::with_capacity(ids.len() * 11);
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write!(out, "{id}").expect("writing to a String cannot fail");
    }
    out
}
