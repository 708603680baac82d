//! `GET /api/users?q=...&limit=...`: validate the untrusted query string, then build the SQL.
//! The SQL text must be a constant and every user-supplied value a bound parameter; the driver
//! sends the two separately (`stmt.bind`, sqlx `.bind()`, rusqlite `params![]`), so no input can
//! change what the statement means.

use std::fmt;

/// A value bound to a `?N` placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Param {
    Text(String),
    Int(i64),
}

/// A validated search: `q` is 1 to 64 characters after trimming, `limit` is 1 to 50.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    pub q: String,
    pub limit: u32,
}

/// Answered with `400 Bad Request`; the message names the offending parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRequest(pub String);

impl fmt::Display for BadRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for BadRequest {}

/// TODO: `q` is required, trimmed, then 1 to 64 characters and no control characters;
/// `limit` is optional (default 10) and must be the digits of a number from 1 to 50.
/// Errors: `BadRequest` with a message that contains `q` or `limit`.
pub fn parse_search(q: Option<&str>, limit: Option<&str>) -> Result<Search, BadRequest> {
    let q = q.unwrap_or("").trim().to_string();
    let limit = limit.and_then(|l| l.parse().ok()).unwrap_or(10);
    Ok(Search { q, limit })
}

/// TODO: escape the LIKE wildcards `%` and `_`, and the escape character `\` itself, with a `\`,
/// so that `50%_off` matches those characters literally.
pub fn escape_like(text: &str) -> String {
    text.to_string()
}

/// TODO: return a constant SQL text that uses `LIKE ?1 ESCAPE '\'` and `LIMIT ?2`, with the
/// pattern `%<escaped q>%` and the limit as parameters.
pub fn build_query(search: &Search) -> (String, Vec<Param>) {
    let sql = format!(
        "SELECT id, name FROM users WHERE name LIKE '%{}%' ORDER BY name LIMIT {}",
        search.q, search.limit
    );
    (sql, Vec::new())
}
