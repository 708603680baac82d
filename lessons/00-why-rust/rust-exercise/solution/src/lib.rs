//! Borrowing, `Option` and `Result`: parse "name=count" lines without copying the names.

/// Why a line is not a valid `name=count` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryError {
    /// The line has no `=`.
    MissingEquals,
    /// Nothing (or only spaces) before the `=`.
    EmptyName,
    /// The text after `=` is not a whole number from 0 to 4294967295; it carries that text.
    BadCount(String),
}

/// The first word of `text` (split on whitespace) that starts with `prefix`, borrowed from
/// `text`: no `String`, no copy. `None` when no word matches.
pub fn first_word_with<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    text.split_whitespace().find(|word| word.starts_with(prefix))
}

/// Parses `"name=count"` (spaces around either side are trimmed). The name is borrowed from `line`.
pub fn parse_entry(line: &str) -> Result<(&str, u32), EntryError> {
    let (name, count) = line.split_once('=').ok_or(EntryError::MissingEquals)?;
    let name = name.trim();
    if name.is_empty() {
        return Err(EntryError::EmptyName);
    }
    let count = count.trim();
    let count = count.parse().map_err(|_| EntryError::BadCount(count.to_string()))?;
    Ok((name, count))
}

/// Adds up the counts of the valid lines and counts the invalid ones: `(total, rejected)`.
pub fn total(lines: &[&str]) -> (u32, usize) {
    lines.iter().fold((0, 0), |(sum, rejected), line| match parse_entry(line) {
        Ok((_, count)) => (sum + count, rejected),
        Err(_) => (sum, rejected + 1),
    })
}
