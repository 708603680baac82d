//! Lesson-owned check: validation of untrusted input, and SQL that never contains it.

use security_exercise::{build_query, escape_like, parse_search, Param, Search};

const SQL: &str =
    r"SELECT id, name FROM users WHERE name LIKE ?1 ESCAPE '\' ORDER BY name LIMIT ?2";

fn search(q: &str, limit: u32) -> Search {
    Search { q: q.to_string(), limit }
}

#[test]
fn sql_text_is_constant_and_values_are_bound() {
    let (sql, params) = build_query(&search("ada", 10));
    assert_eq!(sql, SQL, "build_query must return this exact SQL text, whatever the input");
    assert_eq!(
        params,
        vec![Param::Text("%ada%".to_string()), Param::Int(10)],
        "params: the LIKE pattern, then the limit"
    );
}

#[test]
fn injection_attempt_stays_data() {
    let attack = "' OR '1'='1";
    let (sql, params) = build_query(&search(attack, 5));
    assert!(!sql.contains(attack), "the SQL text must never contain user input, got: {sql}");
    assert_eq!(sql, SQL, "the SQL text is the same for every input");
    assert_eq!(params, vec![Param::Text(format!("%{attack}%")), Param::Int(5)]);
}

#[test]
fn like_wildcards_are_escaped() {
    assert_eq!(escape_like("ada"), "ada");
    assert_eq!(
        escape_like("50%_off"),
        r"50\%\_off",
        "% and _ are wildcards in LIKE: prefix each with \\"
    );
    assert_eq!(
        escape_like(r"C:\temp"),
        r"C:\\temp",
        "the escape character \\ itself must be escaped too"
    );
    assert_eq!(escape_like(r"\%"), r"\\\%", "escape \\ first, then %");
    let (_, params) = build_query(&search("100%", 3));
    assert_eq!(params[0], Param::Text(r"%100\%%".to_string()), "the pattern uses the escaped q");
}

#[test]
fn valid_input_is_accepted() {
    assert_eq!(
        parse_search(Some("  ada "), None),
        Ok(search("ada", 10)),
        "q is trimmed; limit defaults to 10"
    );
    assert_eq!(parse_search(Some("ada"), Some("50")), Ok(search("ada", 50)));
    assert_eq!(parse_search(Some("ada"), Some("1")), Ok(search("ada", 1)));
    let q64 = "é".repeat(64);
    assert_eq!(
        parse_search(Some(&q64), None).map(|s| s.q),
        Ok(q64.clone()),
        "64 characters (not bytes) is allowed"
    );
}

#[test]
fn bad_q_is_rejected() {
    let too_long = "a".repeat(65);
    for q in [None, Some(""), Some("   "), Some(too_long.as_str()), Some("ada\0"), Some("a\nb")] {
        match parse_search(q, None) {
            Err(e) => assert!(e.0.contains('q'), "the message should name `q`, got {e:?}"),
            Ok(s) => panic!("parse_search({q:?}, None) must be Err(BadRequest), got Ok({s:?})"),
        }
    }
}

#[test]
fn bad_limit_is_rejected() {
    for limit in ["0", "51", "1000", "-1", "+5", "ten", "", "99999999999999999999"] {
        match parse_search(Some("ada"), Some(limit)) {
            Err(e) => assert!(e.0.contains("limit"), "the message should name `limit`, got {e:?}"),
            Ok(s) => panic!("parse_search(Some(\"ada\"), Some({limit:?})) must be Err(BadRequest), got Ok({s:?})"),
        }
    }
}
