//! Newtypes: a user id is not just a `u32`, an email is not just a `String`. Each type has one
//! way in, a constructor that validates, so a value of the type is valid wherever it appears.
//!
//! The article's comment is right: passing a bare integer does not compile (E0308).
//! ```compile_fail,E0308
//! newtypes::get_user_by_id(456);
//! ```
//! Nor does mixing up two kinds of id that are both `u32` underneath:
//! ```compile_fail,E0308
//! let order = newtypes::OrderId::try_from(7).unwrap();
//! newtypes::get_user_by_id(order);
//! ```
//! And the private field means code outside this module cannot skip validation (E0603):
//! ```compile_fail,E0603
//! let sneaky = newtypes::UserId(std::num::NonZeroU32::new(1).unwrap());
//! ```
//! (In the article everything sat in one file, one module, so `UserId(0)` compiled anywhere.)

use std::fmt;
use std::num::NonZeroU32;

use serde::{Deserialize, Serialize};

/// `NonZeroU32` makes 0 unrepresentable, and lets `Option<UserId>` stay 4 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct UserId(NonZeroU32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct OrderId(NonZeroU32);

/// Why an id was rejected. The article's `UserId::new` returned `Option`, which says *that* the
/// input was wrong but not *why*; an error type can become a precise 400 response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZeroId;

impl fmt::Display for ZeroId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ids start at 1")
    }
}
impl std::error::Error for ZeroId {}

// `TryFrom` is the standard conversion that can fail; `?` and `.try_into()` work with it.
impl TryFrom<u32> for UserId {
    type Error = ZeroId;
    fn try_from(raw: u32) -> Result<Self, ZeroId> {
        NonZeroU32::new(raw).map(UserId).ok_or(ZeroId)
    }
}
impl TryFrom<u32> for OrderId {
    type Error = ZeroId;
    fn try_from(raw: u32) -> Result<Self, ZeroId> {
        NonZeroU32::new(raw).map(OrderId).ok_or(ZeroId)
    }
}
impl From<UserId> for u32 {
    fn from(id: UserId) -> u32 {
        id.0.get()
    }
}
impl From<OrderId> for u32 {
    fn from(id: OrderId) -> u32 {
        id.0.get()
    }
}

/// A syntactically plausible, normalised email address (the domain is lowercased).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmailError {
    TooLong,
    MissingAt,
    BadLocalPart,
    BadDomain,
}

impl fmt::Display for EmailError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EmailError::TooLong => "email is longer than 254 characters",
            EmailError::MissingAt => "email needs an @",
            EmailError::BadLocalPart => "the part before @ is empty or has spaces",
            EmailError::BadDomain => "the part after @ is not a domain name",
        })
    }
}
impl std::error::Error for EmailError {}

impl Email {
    pub fn parse(raw: &str) -> Result<Email, EmailError> {
        let raw = raw.trim();
        if raw.len() > 254 {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = raw.rsplit_once('@').ok_or(EmailError::MissingAt)?;
        if local.is_empty() || local.contains(char::is_whitespace) {
            return Err(EmailError::BadLocalPart);
        }
        let label_ok =
            |l: &str| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !domain.contains('.') || !domain.split('.').all(label_ok) {
            return Err(EmailError::BadDomain);
        }
        Ok(Email(format!("{local}@{}", domain.to_ascii_lowercase())))
    }

    /// Read access only: there is no `&mut str` way in, so the value cannot become invalid.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = EmailError;
    fn try_from(raw: String) -> Result<Self, EmailError> {
        Email::parse(&raw)
    }
}
impl From<Email> for String {
    fn from(email: Email) -> String {
        email.0
    }
}

/// Every field is valid on its own, so every `User` is valid: no `is_valid()` to remember.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub email: Email,
}

/// Takes a `UserId`, not a `u32`: the signature itself says what it needs.
pub fn get_user_by_id(id: UserId) -> Option<User> {
    if u32::from(id) != 123 {
        return None; // a real service would query its database here
    }
    let email = Email::parse("alice@example.com").expect("a valid literal");
    Some(User { id, email })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_reject_zero_with_a_reason() {
        assert_eq!(UserId::try_from(0), Err(ZeroId));
        assert_eq!(u32::from(UserId::try_from(42).unwrap()), 42);
        let parsed: Result<UserId, _> = 7u32.try_into();
        assert!(parsed.is_ok());
        assert_eq!(std::mem::size_of::<Option<UserId>>(), 4, "the zero niche stores None for free");
    }

    #[test]
    fn emails_are_validated_and_normalised() {
        assert_eq!(Email::parse(" Ada@Example.COM ").unwrap().as_str(), "Ada@example.com");
        assert_eq!(Email::parse("ada.example.com"), Err(EmailError::MissingAt));
        assert_eq!(Email::parse("@example.com"), Err(EmailError::BadLocalPart));
        assert_eq!(Email::parse("a b@example.com"), Err(EmailError::BadLocalPart));
        assert_eq!(Email::parse("ada@localhost"), Err(EmailError::BadDomain));
        assert_eq!(Email::parse("ada@exa..mple.com"), Err(EmailError::BadDomain));
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(EmailError::TooLong));
    }

    #[test]
    fn json_input_is_validated_at_the_boundary() {
        let ok: User = serde_json::from_str(r#"{"id":123,"email":"ada@example.com"}"#).unwrap();
        assert_eq!(u32::from(ok.id), 123);
        // Invalid JSON never becomes a `User`: deserialisation goes through the same constructors.
        let zero = serde_json::from_str::<User>(r#"{"id":0,"email":"ada@example.com"}"#);
        assert!(zero.unwrap_err().to_string().contains("ids start at 1"));
        let bad = serde_json::from_str::<User>(r#"{"id":1,"email":"nope"}"#);
        assert!(bad.unwrap_err().to_string().contains("needs an @"));
        // And it serialises back as plain JSON numbers and strings.
        assert_eq!(serde_json::to_string(&ok).unwrap(), r#"{"id":123,"email":"ada@example.com"}"#);
    }

    #[test]
    fn lookup_takes_a_user_id() {
        assert!(get_user_by_id(UserId::try_from(123).unwrap()).is_some());
        assert!(get_user_by_id(UserId::try_from(456).unwrap()).is_none());
    }
}
