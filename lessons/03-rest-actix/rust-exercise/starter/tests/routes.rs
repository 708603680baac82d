use rest_actix_exercise::{handle, Response, Store};
use serde_json::json;

fn store_with_one_note() -> Store {
    let mut store = Store::default();
    let created = handle(&mut store, "POST", "/notes", r#"{"title": "first"}"#);
    assert_eq!(
        created.status, 201,
        "POST /notes with a title must create the note (201): {created:?}"
    );
    store
}

#[test]
fn post_creates_a_note_with_an_id() {
    let mut store = Store::default();
    let got = handle(&mut store, "POST", "/notes", r#"{"title": "learn Rust"}"#);
    assert_eq!(
        got,
        Response::json(201, json!({"id": 1, "title": "learn Rust"})),
        "POST /notes answers 201 with the note, ids start at 1"
    );
    let got = handle(&mut store, "POST", "/notes", r#"{"title": "and Tokio"}"#);
    assert_eq!(got.body["id"], json!(2), "the second note gets id 2");
    let list = handle(&mut store, "GET", "/notes", "");
    assert_eq!(
        list.body.as_array().map(|a| a.len()),
        Some(2),
        "GET /notes lists both notes: {list:?}"
    );
}

#[test]
fn post_with_a_bad_body_is_400() {
    let mut store = Store::default();
    for body in ["not json", r#"{"name": "x"}"#, r#"{"title": 5}"#, r#"{"title": "  "}"#] {
        let got = handle(&mut store, "POST", "/notes", body);
        assert_eq!(
            got.status, 400,
            "POST /notes with body {body} must be 400 Bad Request: {got:?}"
        );
        assert!(got.body["error"].is_string(), "a 400 body is {{\"error\": \"...\"}}: {got:?}");
    }
    assert!(store.notes.is_empty(), "a refused POST must not store anything");
}

#[test]
fn get_one_note() {
    let mut store = store_with_one_note();
    assert_eq!(
        handle(&mut store, "GET", "/notes/1", ""),
        Response::json(200, json!({"id": 1, "title": "first"})),
        "GET /notes/1 returns the note"
    );
    assert_eq!(
        handle(&mut store, "GET", "/notes/99", "").status,
        404,
        "GET /notes/99: no such note is 404"
    );
    assert_eq!(
        handle(&mut store, "GET", "/notes/abc", "").status,
        400,
        "GET /notes/abc: an id that is not a number is 400"
    );
}

#[test]
fn delete_a_note() {
    let mut store = store_with_one_note();
    assert_eq!(
        handle(&mut store, "DELETE", "/notes/1", ""),
        Response::json(204, serde_json::Value::Null),
        "DELETE /notes/1 is 204 with no body"
    );
    assert_eq!(
        handle(&mut store, "GET", "/notes/1", "").status,
        404,
        "after DELETE the note is gone (404)"
    );
    assert_eq!(
        handle(&mut store, "DELETE", "/notes/1", "").status,
        404,
        "deleting it again is 404"
    );
}

#[test]
fn a_wrong_method_on_a_known_path_is_405() {
    let mut store = store_with_one_note();
    for (method, path) in [("PUT", "/notes/1"), ("DELETE", "/notes"), ("PATCH", "/notes")] {
        let got = handle(&mut store, method, path, "{}");
        assert_eq!(
            got.status, 405,
            "{method} {path}: the path exists but not with this method, so 405 (not 404): {got:?}"
        );
    }
}

#[test]
fn an_unknown_path_is_404() {
    let mut store = Store::default();
    for path in ["/", "/nothing", "/notes/1/comments"] {
        let got = handle(&mut store, "GET", path, "");
        assert_eq!(got, Response::error(404, "not found"), "GET {path} matches no route: 404");
    }
}
