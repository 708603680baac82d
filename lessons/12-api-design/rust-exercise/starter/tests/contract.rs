//! Lesson-owned check: the /v2 wire contract, compared as parsed JSON.

use api_design_exercise::Service;
use serde_json::{json, Value};

const ADA: &str = r#"{"givenName":"Ada","familyName":"Lovelace","email":"ada@example.com"}"#;

fn parse(status: u16, body: &str) -> Value {
    serde_json::from_str(body)
        .unwrap_or_else(|e| panic!("the {status} response body is not JSON ({e}): {body:?}"))
}

/// Asserts the stable error body and returns its `code`.
fn error_code(status: u16, body: &str) -> String {
    let value = parse(status, body);
    let detail = value.get("error").and_then(Value::as_object).unwrap_or_else(|| {
        panic!("a {status} body must be {{\"error\": {{\"code\": ..., \"message\": ...}}}}, got {body}")
    });
    assert_eq!(
        value.as_object().map(|o| o.len()),
        Some(1),
        "the error body has only the key `error`: {body}"
    );
    let mut keys: Vec<&str> = detail.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, ["code", "message"], "`error` has exactly `code` and `message`: {body}");
    assert!(detail["message"].is_string(), "`message` is a string: {body}");
    detail["code"].as_str().unwrap_or_else(|| panic!("`code` is a string: {body}")).to_string()
}

#[test]
fn create_and_get_use_camel_case() {
    let mut service = Service::default();
    let (status, body) = service.handle("POST", "/v2/users", ADA);
    assert_eq!(
        status, 201,
        "POST /v2/users with a camelCase body should succeed; got {status} {body}"
    );
    let expected = json!({"id": 1, "givenName": "Ada", "familyName": "Lovelace", "email": "ada@example.com", "newsletter": false});
    assert_eq!(parse(status, &body), expected, "the response uses camelCase keys");
    let (status, body) = service.handle("GET", "/v2/users/1", "");
    assert_eq!(
        (status, parse(status, &body)),
        (200, expected),
        "GET /v2/users/1 returns the created user"
    );
}

#[test]
fn newsletter_is_optional_but_read_when_given() {
    let mut service = Service::default();
    let body = r#"{"givenName":"Grace","familyName":"Hopper","email":"grace@example.com","newsletter":true}"#;
    let (status, response) = service.handle("POST", "/v2/users", body);
    assert_eq!(status, 201, "got {status} {response}");
    assert_eq!(parse(status, &response)["newsletter"], json!(true));
}

#[test]
fn unknown_fields_are_refused() {
    let mut service = Service::default();
    let sneaky = r#"{"givenName":"Eve","familyName":"X","email":"eve@example.com","isAdmin":true}"#;
    let (status, body) = service.handle("POST", "/v2/users", sneaky);
    assert_eq!(status, 400, "a body with a field the contract does not define (isAdmin) must be refused; got {status} {body}");
    assert_eq!(error_code(status, &body), "invalid_body");

    let snake = r#"{"given_name":"Ada","family_name":"Lovelace","email":"ada@example.com"}"#;
    let (status, body) = service.handle("POST", "/v2/users", snake);
    assert_eq!(status, 400, "snake_case keys are not the v2 contract; got {status} {body}");
    assert_eq!(error_code(status, &body), "invalid_body");
}

#[test]
fn errors_have_one_stable_shape() {
    let mut service = Service::default();
    let cases = [
        ("POST", "/v2/users", "not json", 400, "invalid_body"),
        ("GET", "/v2/users/9", "", 404, "not_found"),
        ("GET", "/v2/users/abc", "", 400, "invalid_id"),
        ("GET", "/v3/users/1", "", 404, "no_route"),
        ("DELETE", "/v2/users/1", "", 404, "no_route"),
    ];
    for (method, path, body, want_status, want_code) in cases {
        let (status, response) = service.handle(method, path, body);
        assert_eq!(status, want_status, "{method} {path}: {response}");
        assert_eq!(error_code(status, &response), want_code, "{method} {path}");
    }
}
