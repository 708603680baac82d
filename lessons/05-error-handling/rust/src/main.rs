use std::collections::HashMap;

use error_handling::{fetch_user, nightly_report, to_http, FakeRepo, RepoError};

fn main() {
    let healthy = FakeRepo { users: HashMap::from([(1, "Ada".to_string())]), failure: None };
    let down =
        FakeRepo { users: HashMap::new(), failure: Some(|| RepoError::Timeout { after_ms: 500 }) };

    // What an HTTP handler would answer for each case.
    for (repo, id) in [(&healthy, 1), (&healthy, 0), (&healthy, 42), (&down, 1)] {
        match fetch_user(repo, id) {
            Ok(name) => println!("GET /users/{id} -> 200 {name}"),
            Err(err) => {
                let (status, body) = to_http(&err);
                println!("GET /users/{id} -> {status} {body}    (log: {err:?})");
            }
        }
    }

    // What a batch job logs when it fails: the whole chain, outermost context first.
    if let Err(err) = nightly_report(&down, &[1]) {
        println!("nightly report failed: {err:#}");
    }
}
