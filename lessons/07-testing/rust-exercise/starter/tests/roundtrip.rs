//! Lesson-owned check: properties that must hold for every string, run on a fixed seed so every
//! run tries the same inputs, plus a few examples with readable messages.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use testing_exercise::{decode_component, encode_component};

fn runner() -> TestRunner {
    let config = Config { cases: 64, failure_persistence: None, ..Config::default() };
    TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Runs `property` on every generated string and panics with the (shrunk) counterexample.
fn check(strategy: impl Strategy<Value = String>, property: fn(&str) -> Result<(), TestCaseError>) {
    if let Err(e) = runner().run(&strategy, |s| property(&s)) {
        panic!("{e}");
    }
}

fn round_trips(s: &str) -> Result<(), TestCaseError> {
    let encoded = encode_component(s);
    prop_assert_eq!(
        decode_component(&encoded),
        Some(s.to_string()),
        "decode_component(encode_component(s)) must give s back; encode_component({:?}) = {:?}",
        s,
        encoded
    );
    Ok(())
}

fn only_safe_bytes(s: &str) -> Result<(), TestCaseError> {
    let encoded = encode_component(s);
    prop_assert!(
        encoded.bytes().all(|b| is_unreserved(b) || b == b'%'),
        "encode_component({:?}) = {:?} must contain only A-Z a-z 0-9 - . _ ~ and %XX escapes",
        s,
        encoded
    );
    Ok(())
}

#[test]
fn property_ascii_strings_round_trip() {
    check("[\\x00-\\x7f]{0,30}", round_trips);
}

#[test]
fn property_any_strings_round_trip() {
    check(any::<String>(), round_trips);
}

#[test]
fn property_encoded_text_is_url_safe() {
    check(any::<String>(), only_safe_bytes);
}

#[test]
fn examples() {
    assert_eq!(
        encode_component("a-b_c.d~e"),
        "a-b_c.d~e",
        "unreserved characters stay as they are"
    );
    assert_eq!(encode_component("a b&c"), "a%20b%26c", "space and & become %20 and %26");
    assert_eq!(encode_component("100%"), "100%25", "a literal % must be escaped too");
    assert_eq!(encode_component("\t"), "%09", "each byte is exactly two uppercase hex digits");
    assert_eq!(encode_component("é"), "%C3%A9", "non-ASCII text is escaped byte by byte (UTF-8)");
}
