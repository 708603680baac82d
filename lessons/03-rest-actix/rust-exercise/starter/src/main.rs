use rest_actix_exercise::{handle, Store};

fn main() {
    let mut store = Store::default();
    let requests = [
        ("POST", "/notes", r#"{"title": "learn Rust"}"#),
        ("POST", "/notes", r#"{"title": ""}"#),
        ("GET", "/notes/1", ""),
        ("PUT", "/notes/1", "{}"),
        ("DELETE", "/notes/1", ""),
        ("GET", "/notes/1", ""),
        ("GET", "/nothing", ""),
    ];
    for (method, path, body) in requests {
        let response = handle(&mut store, method, path, body);
        println!("{method:6} {path:9} -> {} {}", response.status, response.body);
    }
}
