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
    // TODO: look through text.split_whitespace() for a word that starts with prefix.
    let _ = (text, prefix);
    None
}

/// Parses `"name=count"` (spaces around either side are trimmed). The name is borrowed from `line`.
pub fn parse_entry(line: &str) -> Result<(&str, u32), EntryError> {
    // TODO: split at the first '=', trim both sides, refuse an empty name, parse the count.
    let _ = line;
    Err(EntryError::MissingEquals)
}

/// Adds up the counts of the valid lines and counts the invalid ones: `(total, rejected)`.
pub fn total(lines: &[&str]) -> (u32, usize) {
    // TODO: use parse_entry on every line.
    let _ = lines;
    (0, 0)
}
