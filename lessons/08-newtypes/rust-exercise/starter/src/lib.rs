//! Newtypes with one validated way in. The fields are private, so code outside this module
//! cannot write `UserId(0)`: `UserId::try_from` and `Email::new` are the only constructors, and
//! every `UserId` or `Email` anywhere in the program has passed their checks.
//!
//! The types are here; the checks are not. Make the constructors validate.

use std::fmt;

/// A user id from a URL path segment such as `/users/42`: decimal digits only, at least 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UserId(u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdError {
    /// Empty, a character other than `0`-`9`, or too large for a `u32`.
    NotANumber,
    /// Ids start at 1.
    Zero,
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdError::NotANumber => f.write_str("id must be a whole number"),
            IdError::Zero => f.write_str("ids start at 1"),
        }
    }
}
impl std::error::Error for IdError {}

impl TryFrom<&str> for UserId {
    type Error = IdError;

    /// TODO: accept only ASCII digits that fit in a `u32` (else `NotANumber`) and are not 0 (else `Zero`).
    fn try_from(raw: &str) -> Result<Self, IdError> {
        Ok(UserId(raw.parse().unwrap_or_default()))
    }
}

impl UserId {
    pub fn get(self) -> u32 {
        self.0
    }
}

/// A normalised email address: trimmed, lowercase, `local@domain.tld`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmailError;

impl fmt::Display for EmailError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("email must look like name@example.com")
    }
}
impl std::error::Error for EmailError {}

impl Email {
    /// TODO: trim and lowercase `raw`, then require: at most 254 bytes, no whitespace inside,
    /// exactly one `@` with text before it, and a domain after it that contains a `.` and
    /// neither starts nor ends with one.
    pub fn new(raw: &str) -> Result<Email, EmailError> {
        Ok(Email(raw.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Takes a `UserId`, not a `u32`: a caller cannot pass an unchecked number, nor an order id.
pub fn greeting(id: UserId) -> String {
    format!("hello, user {}", id.0)
}
