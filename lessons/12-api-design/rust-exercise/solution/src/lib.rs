//! `/v2/users` of a JSON API. Its wire contract:
//! - JSON keys are camelCase (`givenName`), as clients in the field expect;
//! - a request body with a field the contract does not define is refused (400 `invalid_body`),
//!   so nobody can sneak in `"isAdmin": true` or a misspelt key that would be silently ignored;
//! - every error has the same stable body: `{"error": {"code": "...", "message": "..."}}`, where
//!   `code` is for programs (it never changes) and `message` for people.

use serde::{Deserialize, Serialize};

/// The body of `POST /v2/users`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateUser {
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    /// Optional in the request, `false` when absent.
    #[serde(default)]
    pub newsletter: bool,
}

/// A user as `/v2` sends it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: u32,
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    pub newsletter: bool,
}

/// The body of every error response, `{"error": {"code": ..., "message": ...}}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
}

/// An error response: the same `ErrorBody` shape for every status and route.
fn error(status: u16, code: &str, message: String) -> (u16, String) {
    let body = ErrorBody { error: ErrorDetail { code: code.to_string(), message } };
    (status, serde_json::to_string(&body).expect("an ErrorBody always serializes"))
}

#[derive(Debug, Default)]
pub struct Service {
    users: Vec<User>,
}

impl Service {
    /// Answers one request with (status, JSON body).
    pub fn handle(&mut self, method: &str, path: &str, body: &str) -> (u16, String) {
        match (method, path.strip_prefix("/v2/users")) {
            ("POST", Some("")) => match serde_json::from_str::<CreateUser>(body) {
                Ok(new) => {
                    let user = User {
                        id: self.users.len() as u32 + 1,
                        given_name: new.given_name,
                        family_name: new.family_name,
                        email: new.email,
                        newsletter: new.newsletter,
                    };
                    let json = serde_json::to_string(&user).expect("a User always serializes");
                    self.users.push(user);
                    (201, json)
                }
                Err(e) => error(400, "invalid_body", format!("invalid request body: {e}")),
            },
            ("GET", Some(rest)) if rest.starts_with('/') => match rest[1..].parse::<u32>() {
                Ok(id) => match self.users.iter().find(|u| u.id == id) {
                    Some(user) => {
                        (200, serde_json::to_string(user).expect("a User always serializes"))
                    }
                    None => error(404, "not_found", format!("no user with id {id}")),
                },
                Err(_) => error(
                    400,
                    "invalid_id",
                    format!("user id must be a positive whole number, got {:?}", &rest[1..]),
                ),
            },
            _ => error(404, "no_route", format!("no route for {method} {path}")),
        }
    }
}
