use why_rust_exercise::{first_word_with, parse_entry, total};

fn main() {
    let lines = ["apples=3", "pears = 4", "=2", "plums=many", "kiwis"];
    for line in lines {
        match parse_entry(line) {
            Ok((name, count)) => println!("{line:12} -> {name}: {count}"),
            Err(error) => println!("{line:12} -> refused: {error:?}"),
        }
    }
    let (sum, rejected) = total(&lines);
    println!("total {sum}, {rejected} lines refused");
    match first_word_with("ship the rust crate", "ru") {
        Some(word) => println!("first word with ru: {word}"),
        None => println!("no word starts with ru"),
    }
}
