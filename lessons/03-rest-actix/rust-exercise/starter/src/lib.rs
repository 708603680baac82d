//! The heart of a REST handler without the framework: method + path + body in, status + JSON out.
//! actix-web or axum would do the parsing of the request line; the decisions are the same.
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub id: u64,
    pub title: String,
}

/// The body `POST /notes` accepts: `{"title": "..."}`.
#[derive(Debug, Deserialize)]
pub struct NewNote {
    pub title: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: u16,
    /// The JSON body; `Value::Null` for 204 No Content.
    pub body: Value,
}

impl Response {
    pub fn json(status: u16, body: Value) -> Response {
        Response { status, body }
    }
    pub fn error(status: u16, message: &str) -> Response {
        Response { status, body: json!({ "error": message }) }
    }
}

#[derive(Debug, Default)]
pub struct Store {
    pub notes: Vec<Note>,
    pub next_id: u64,
}

/// The routes:
///   GET    /notes        200, the list of notes
///   POST   /notes        201, the new note; 400 for a body that is not {"title": <non-empty string>}
///   GET    /notes/{id}   200, the note; 404 if there is none; 400 if {id} is not a number
///   DELETE /notes/{id}   204 (body null); 404 if there is none; 400 if {id} is not a number
/// A path that exists with another method: 405. Any other path: 404. Errors are {"error": "..."}.
pub fn handle(store: &mut Store, method: &str, path: &str, body: &str) -> Response {
    let _ = body;
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match (method, segments.as_slice()) {
        ("GET", ["notes"]) => Response::json(200, json!(store.notes)),
        // TODO: POST /notes, GET and DELETE /notes/{id}, 400 for bad input, 405 for a wrong method.
        _ => Response::error(404, "not found"),
    }
}
