//! Property tests: state what must hold for *every* input and let proptest search for a
//! counterexample. When it finds one, it shrinks it to a minimal case before reporting.

use proptest::prelude::*;
use testing::{add, page_count, page_range, slugify};

proptest! {
    #[test]
    fn add_agrees_with_wider_arithmetic(a: i32, b: i32) {
        let exact = i64::from(a) + i64::from(b);
        prop_assert_eq!(add(a, b), i32::try_from(exact).ok());
    }

    #[test]
    fn slugs_are_url_safe_and_stable(title in "\\PC{0,40}") {
        let slug = slugify(&title);
        let allowed = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-';
        prop_assert!(slug.bytes().all(allowed));
        prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
        prop_assert_eq!(slugify(&slug), slug.clone(), "slugify is idempotent");
    }

    // The pages, in order, cover every item exactly once: no gaps, no overlaps, nothing extra.
    #[test]
    fn pages_partition_the_items(total in 0usize..500, per_page in 1usize..50) {
        let pages = page_count(total, per_page);
        let covered: Vec<usize> =
            (1..=pages).flat_map(|p| page_range(total, p, per_page).unwrap()).collect();
        prop_assert_eq!(covered, (0..total).collect::<Vec<_>>());
        prop_assert_eq!(page_range(total, pages + 1, per_page), None);
    }
}

/// The article's `add`, kept to show what a property test does with it.
fn naive_add(a: i32, b: i32) -> i32 {
    a + b
}

proptest! {
    // Don't record this expected failure in a proptest-regressions/ file.
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    // This test *passes* because proptest finds an overflow (typically shrunk to a sum just past
    // i32::MAX) and fails the inner property; `should_panic` turns that failure into the success.
    #[test]
    #[should_panic]
    fn naive_add_is_caught_overflowing(a: i32, b: i32) {
        prop_assert_eq!(i64::from(naive_add(a, b)), i64::from(a) + i64::from(b));
    }
}
