//! Versioned wire types. The domain model may change; each API version is its own set of structs,
//! converted from the domain at the edge, so changing the model can never silently change /v1.

pub mod openapi;

use serde::{Deserialize, Serialize};

/// The service's own model. Not `Serialize`: it never goes on the wire as it is.
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: u32,
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    pub created_at: String, // RFC 3339, UTC, e.g. "2015-12-10T09:30:00Z"
}

pub mod v1 {
    use super::*;

    /// Frozen: apps in the field parse exactly these four fields. `deny_unknown_fields` makes our
    /// own tests (and any Rust client) notice if the server ever sends more than the contract says.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct User {
        pub id: u32,
        pub name: String,
        pub email: String,
        pub created: String, // the day only: YYYY-MM-DD
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct Error {
        pub error: String,
    }

    impl From<&super::User> for User {
        fn from(u: &super::User) -> User {
            User {
                id: u.id,
                name: format!("{} {}", u.given_name, u.family_name),
                email: u.email.clone(),
                created: u.created_at.chars().take(10).collect(),
            }
        }
    }
}

pub mod v2 {
    use super::*;

    /// v2 can change shape (a structured name, a full timestamp) because it is a new URL;
    /// v1 clients never see it. `rename_all` gives JSON its customary camelCase.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct User {
        pub id: u32,
        pub name: Name,
        pub email: String,
        pub created_at: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct Name {
        pub given: String,
        pub family: String,
    }

    /// Errors as RFC 9457 problem details, served as `application/problem+json`.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct Problem {
        #[serde(rename = "type")]
        pub kind: String,
        pub title: String,
        pub status: u16,
        pub detail: String,
    }

    impl Problem {
        pub fn new(status: u16, title: &str, detail: String) -> Problem {
            Problem { kind: "about:blank".into(), title: title.into(), status, detail }
        }
    }

    impl From<&super::User> for User {
        fn from(u: &super::User) -> User {
            let name = Name { given: u.given_name.clone(), family: u.family_name.clone() };
            User { id: u.id, name, email: u.email.clone(), created_at: u.created_at.clone() }
        }
    }

    /// Downgrading is possible too (e.g. a gateway serving v1 from a v2 backend); the contract
    /// tests check that it agrees with converting from the domain model directly.
    impl From<&User> for super::v1::User {
        fn from(u: &User) -> super::v1::User {
            super::v1::User {
                id: u.id,
                name: format!("{} {}", u.name.given, u.name.family),
                email: u.email.clone(),
                created: u.created_at.chars().take(10).collect(),
            }
        }
    }
}

pub fn sample_users() -> Vec<User> {
    let user = |id, given: &str, family: &str, created: &str| User {
        id,
        given_name: given.into(),
        family_name: family.into(),
        email: format!("{}@example.com", given.to_lowercase()),
        created_at: created.into(),
    };
    vec![
        user(1, "Ada", "Lovelace", "2015-12-10T09:30:00Z"),
        user(2, "Grace", "Hopper", "2016-12-09T14:05:00Z"),
    ]
}
