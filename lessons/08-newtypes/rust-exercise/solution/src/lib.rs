//! Newtypes with one validated way in. The fields are private, so code outside this module
//! cannot write `UserId(0)`: `UserId::try_from` and `Email::new` are the only constructors, and
//! every `UserId` or `Email` anywhere in the program has passed their checks.
//!
//! The types are here, and so are the checks.

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

    /// Only ASCII digits that fit in a `u32` (else `NotANumber`), and not 0 (else `Zero`).
    fn try_from(raw: &str) -> Result<Self, IdError> {
        // `u32::from_str` alone would also accept a leading `+`.
        if raw.is_empty() || !raw.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdError::NotANumber);
        }
        match raw.parse::<u32>() {
            Ok(0) => Err(IdError::Zero),
            Ok(n) => Ok(UserId(n)),
            Err(_) => Err(IdError::NotANumber),
        }
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
    /// Trims and lowercases `raw`, then requires: at most 254 bytes, no whitespace inside,
    /// exactly one `@` with text before it, and a domain after it that contains a `.` and
    /// neither starts nor ends with one.
    pub fn new(raw: &str) -> Result<Email, EmailError> {
        let email = raw.trim().to_lowercase();
        if email.len() > 254 || email.chars().any(char::is_whitespace) {
            return Err(EmailError);
        }
        let (local, domain) = email.split_once('@').ok_or(EmailError)?;
        let domain_ok = domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.');
        if local.is_empty() || domain.contains('@') || !domain_ok {
            return Err(EmailError);
        }
        Ok(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Takes a `UserId`, not a `u32`: a caller cannot pass an unchecked number, nor an order id.
pub fn greeting(id: UserId) -> String {
    format!("hello, user {}", id.0)
}
