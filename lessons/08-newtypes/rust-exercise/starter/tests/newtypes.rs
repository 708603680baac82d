//! Lesson-owned check: the only ways into `UserId` and `Email` validate their input.

use newtypes_exercise::{greeting, Email, EmailError, IdError, UserId};

#[test]
fn user_id_accepts_positive_decimal_numbers() {
    for (raw, value) in [("1", 1), ("42", 42), ("4294967295", u32::MAX)] {
        let id = UserId::try_from(raw)
            .unwrap_or_else(|e| panic!("UserId::try_from({raw:?}) should be Ok, got Err({e})"));
        assert_eq!(id.get(), value, "UserId::try_from({raw:?}).get()");
    }
    assert_eq!(greeting(UserId::try_from("7").unwrap()), "hello, user 7");
}

#[test]
fn user_id_rejects_zero() {
    assert_eq!(
        UserId::try_from("0"),
        Err(IdError::Zero),
        "ids start at 1: \"0\" must be Err(IdError::Zero)"
    );
    assert_eq!(UserId::try_from("000"), Err(IdError::Zero), "\"000\" is zero too");
}

#[test]
fn user_id_rejects_anything_but_ascii_digits() {
    for raw in ["", "12abc", "abc", "-1", "+7", " 5", "5 ", "1.0", "4294967296", "٣"] {
        assert_eq!(
            UserId::try_from(raw),
            Err(IdError::NotANumber),
            "UserId::try_from({raw:?}) must be Err(IdError::NotANumber): only the digits 0-9, and it must fit in a u32"
        );
    }
}

#[test]
fn email_is_trimmed_and_lowercased() {
    let email = Email::new("  Ada@Example.COM ")
        .expect("\"  Ada@Example.COM \" is a valid email once trimmed");
    assert_eq!(email.as_str(), "ada@example.com", "Email::new trims and lowercases");
    assert_eq!(
        Email::new("a.b+tag@mail.example.org").map(|e| e.as_str().to_string()),
        Ok("a.b+tag@mail.example.org".to_string())
    );
}

#[test]
fn email_rejects_malformed_addresses() {
    for raw in [
        "",
        "   ",
        "ada",
        "ada@",
        "@example.com",
        "ada@example",
        "ada@@example.com",
        "a@b@example.com",
        "ada@.com",
        "ada@example.",
        "a da@example.com",
    ] {
        assert_eq!(Email::new(raw), Err(EmailError), "Email::new({raw:?}) must be Err(EmailError)");
    }
    let long = format!("{}@example.com", "a".repeat(250));
    assert_eq!(Email::new(&long), Err(EmailError), "emails longer than 254 bytes are rejected");
}
