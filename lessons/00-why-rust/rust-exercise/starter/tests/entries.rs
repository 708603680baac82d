use why_rust_exercise::{first_word_with, parse_entry, total, EntryError};

#[test]
fn first_word_with_borrows_the_matching_word() {
    let text = String::from("ship the rust crate");
    let got = first_word_with(&text, "ru");
    assert_eq!(got, Some("rust"), "the first word starting with \"ru\" in {text:?} is \"rust\"");
    if let Some(word) = got {
        let inside = text.as_ptr() as usize..text.as_ptr() as usize + text.len();
        assert!(
            inside.contains(&(word.as_ptr() as usize)),
            "the word must be a slice of the text, not a copy"
        );
    }
    assert_eq!(first_word_with(&text, "zz"), None, "no word starts with \"zz\": expected None");
}

#[test]
fn parse_entry_accepts_name_equals_count() {
    assert_eq!(
        parse_entry("apples=3"),
        Ok(("apples", 3)),
        "\"apples=3\" is the entry (\"apples\", 3)"
    );
    assert_eq!(
        parse_entry("  pears = 4 "),
        Ok(("pears", 4)),
        "spaces around the name and the count are trimmed"
    );
    assert_eq!(
        parse_entry("a=b=1"),
        Err(EntryError::BadCount("b=1".into())),
        "split at the FIRST '=' only"
    );
}

#[test]
fn parse_entry_says_why_a_line_is_refused() {
    assert_eq!(
        parse_entry("kiwis"),
        Err(EntryError::MissingEquals),
        "a line without '=' is MissingEquals"
    );
    assert_eq!(
        parse_entry(" =2"),
        Err(EntryError::EmptyName),
        "an empty name before '=' is EmptyName"
    );
    assert_eq!(
        parse_entry("plums=many"),
        Err(EntryError::BadCount("many".into())),
        "a count that is not a number is BadCount carrying the text, not 0"
    );
    assert_eq!(
        parse_entry("figs=-1"),
        Err(EntryError::BadCount("-1".into())),
        "a negative count is BadCount"
    );
}

#[test]
fn total_adds_valid_lines_and_counts_refused_ones() {
    let lines = ["apples=3", "pears = 4", "=2", "plums=many", "kiwis"];
    assert_eq!(total(&lines), (7, 3), "3 + 4 = 7 from the valid lines, and 3 lines refused");
    assert_eq!(total(&[]), (0, 0), "no lines: total 0, none refused");
}
