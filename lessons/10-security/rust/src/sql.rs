//! Keep data out of SQL text. A query is SQL with `?` placeholders plus a separate list of
//! values; the database parses the SQL first, then binds the values, so a value can never
//! change what the statement does.

use crate::Search;

#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    Text(String),
    Int(i64),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub sql: String,
    pub params: Vec<Param>,
}

impl Query {
    /// SQL fragments must be `&'static str`, i.e. string literals written in the source code.
    /// Request data lives in a `String` created at run time, so the compiler refuses to let it
    /// become SQL text:
    ///
    /// ```compile_fail,E0597
    /// let from_request = String::from("x' OR '1'='1");
    /// security::sql::Query::new("SELECT 1 WHERE name = '").push_sql(&from_request);
    /// ```
    pub fn new(sql: &'static str) -> Query {
        Query { sql: sql.to_string(), params: Vec::new() }
    }

    pub fn push_sql(mut self, sql: &'static str) -> Query {
        self.sql.push_str(sql);
        self
    }

    pub fn bind(mut self, value: Param) -> Query {
        self.sql.push('?');
        self.params.push(value);
        self
    }
}

/// `%` and `_` are wildcards inside LIKE even when bound as a parameter: escape them, or a
/// search for "%" returns every row.
fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

pub fn search_users(search: &Search) -> Query {
    Query::new("SELECT id, name FROM users WHERE name LIKE ")
        .bind(Param::Text(format!("%{}%", escape_like(search.q()))))
        .push_sql(" ESCAPE '\\' ORDER BY name LIMIT ")
        .bind(Param::Int(i64::from(search.limit())))
}

/// DON'T: the request's text becomes part of the SQL program itself.
pub fn search_users_by_concatenation(q: &str, limit: &str) -> String {
    format!("SELECT id, name FROM users WHERE name LIKE '%{q}%' ORDER BY name LIMIT {limit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAYLOADS: [&str; 3] = ["' OR '1'='1", "x'; DROP TABLE users; --", "O'Brien"];

    #[test]
    fn concatenation_lets_input_rewrite_the_query() {
        let sql = search_users_by_concatenation("' OR '1'='1", "10");
        assert!(
            sql.contains("LIKE '%' OR '1'='1%'"),
            "the WHERE clause now matches every row: {sql}"
        );
        let sql = search_users_by_concatenation("x'; DROP TABLE users; --", "10");
        assert!(sql.contains("; DROP TABLE users;"), "a second statement rides along: {sql}");
    }

    #[test]
    fn parameters_keep_the_sql_text_constant() {
        let expected_sql =
            "SELECT id, name FROM users WHERE name LIKE ? ESCAPE '\\' ORDER BY name LIMIT ?";
        for payload in PAYLOADS {
            let query = search_users(&Search::parse(Some(payload), None).unwrap());
            assert_eq!(query.sql, expected_sql, "input must never change the SQL text");
            assert_eq!(
                query.params[0],
                Param::Text(format!("%{payload}%")),
                "the value travels intact"
            );
        }
    }

    #[test]
    fn like_wildcards_in_input_are_literal() {
        let query = search_users(&Search::parse(Some("100%_off"), Some("5")).unwrap());
        assert_eq!(query.params, vec![Param::Text("%100\\%\\_off%".into()), Param::Int(5)]);
    }
}
