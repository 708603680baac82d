//! Secure by design: validate input at the edge, keep data out of SQL text, escape output, and
//! hold only the privileges (and secrets) the service needs.

pub mod html;
pub mod secret;
pub mod sql;

/// A search request that passed validation. The fields are private: the only way to get one is
/// `parse`, so every function that takes a `Search` can rely on the limits below.
#[derive(Debug, Clone, PartialEq)]
pub struct Search {
    q: String,
    limit: u32,
}

#[derive(Debug, PartialEq)]
pub struct BadRequest(pub &'static str);

impl Search {
    /// Validates `?q=…&limit=…` as they arrive from the query string. Reject, don't repair:
    /// silently trimming a 10 MB `q` to 64 characters hides a bug or an attack.
    pub fn parse(q: Option<&str>, limit: Option<&str>) -> Result<Search, BadRequest> {
        let q = q.unwrap_or("").trim();
        let len = q.chars().count(); // characters, not bytes: "é" is one character, two bytes
        if len == 0 || len > 64 {
            return Err(BadRequest("q must be 1 to 64 characters"));
        }
        if q.chars().any(char::is_control) {
            return Err(BadRequest("q must not contain control characters"));
        }
        let limit = match limit {
            None => 10,
            Some(raw) => match raw.parse::<u32>() {
                Ok(n @ 1..=50) => n,
                _ => return Err(BadRequest("limit must be a whole number from 1 to 50")),
            },
        };
        Ok(Search { q: q.to_string(), limit })
    }

    pub fn q(&self) -> &str {
        &self.q
    }

    pub fn limit(&self) -> u32 {
        self.limit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_reasonable_input_and_applies_the_default_limit() {
        let s = Search::parse(Some("  O'Brien "), None).unwrap();
        assert_eq!((s.q(), s.limit()), ("O'Brien", 10)); // a quote is fine: it is data, not SQL
        assert_eq!(Search::parse(Some("ada"), Some("50")).unwrap().limit(), 50);
    }

    #[test]
    fn rejects_what_it_cannot_vouch_for() {
        let too_long = "x".repeat(65);
        for (q, limit) in [(None, None), (Some("   "), None), (Some(too_long.as_str()), None)] {
            assert!(Search::parse(q, limit).is_err(), "{q:?} should be rejected");
        }
        assert!(Search::parse(Some("a\u{0}b"), None).is_err());
        for limit in ["0", "51", "-1", "1e3", "ten", ""] {
            assert!(Search::parse(Some("ada"), Some(limit)).is_err(), "limit {limit:?}");
        }
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert!(Search::parse(Some(&"é".repeat(64)), None).is_ok()); // 128 bytes, 64 characters
    }
}
