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

/// `q` is required, trimmed, then 1 to 64 characters and no control characters;
/// `limit` is optional (default 10) and must be the digits of a number from 1 to 50.
pub fn parse_search(q: Option<&str>, limit: Option<&str>) -> Result<Search, BadRequest> {
    let q = q.unwrap_or("").trim();
    let chars = q.chars().count();
    if chars == 0 || chars > 64 || q.chars().any(char::is_control) {
        return Err(BadRequest("q must be 1 to 64 characters".to_string()));
    }
    let limit = match limit {
        None => 10,
        Some(raw) => {
            let digits = !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit());
            match raw.parse::<u32>() {
                Ok(n) if digits && (1..=50).contains(&n) => n,
                _ => {
                    return Err(BadRequest("limit must be a whole number from 1 to 50".to_string()))
                }
            }
        }
    };
    Ok(Search { q: q.to_string(), limit })
}

/// Escapes the LIKE wildcards `%` and `_`, and the escape character `\` itself, with a `\`,
/// so that `50%_off` matches those characters literally.
pub fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The SQL text is a constant; the pattern `%<escaped q>%` and the limit are bound parameters.
pub fn build_query(search: &Search) -> (String, Vec<Param>) {
    let sql = r"SELECT id, name FROM users WHERE name LIKE ?1 ESCAPE '\' ORDER BY name LIMIT ?2";
    let pattern = format!("%{}%", escape_like(&search.q));
    (sql.to_string(), vec![Param::Text(pattern), Param::Int(i64::from(search.limit))])
}
