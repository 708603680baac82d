use newtypes_exercise::{greeting, Email, UserId};

fn main() {
    for raw in ["42", "0", "12abc", "+7"] {
        match UserId::try_from(raw) {
            Ok(id) => println!("/users/{raw}: {}", greeting(id)),
            Err(e) => println!("/users/{raw}: 400 {e}"),
        }
    }
    for raw in ["  Ada@Example.COM ", "ada@", "not-an-email"] {
        match Email::new(raw) {
            Ok(email) => println!("email {raw:?}: ok {}", email.as_str()),
            Err(e) => println!("email {raw:?}: 400 {e}"),
        }
    }
}
