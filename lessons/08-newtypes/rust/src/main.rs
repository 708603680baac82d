use newtypes::{get_user_by_id, Email, UserId};

fn main() {
    // Input from outside (a path segment, a form field) is parsed once, at the edge.
    for raw in ["123", "456", "0", "abc"] {
        let parsed = raw.parse::<u32>().map_err(|e| e.to_string());
        match parsed.and_then(|n| UserId::try_from(n).map_err(|e| e.to_string())) {
            Ok(id) => match get_user_by_id(id) {
                Some(user) => println!("{raw}: found {}", user.email.as_str()),
                None => println!("{raw}: no such user (404)"),
            },
            Err(reason) => println!("{raw}: rejected (400): {reason}"),
        }
    }
    for raw in ["Grace@Example.ORG", "grace@", "no-at-sign"] {
        match Email::parse(raw) {
            Ok(email) => println!("{raw:?} -> {}", email.as_str()),
            Err(e) => println!("{raw:?} rejected: {e}"),
        }
    }
}
