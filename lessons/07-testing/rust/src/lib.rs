//! Three small functions and every kind of Rust test:
//! - unit tests: the `tests` module at the bottom; they may call private functions;
//! - doc tests: the examples in these `///` comments, compiled and run by `cargo test`;
//! - integration tests: `tests/api.rs`, which sees only the public API, like a user of the crate;
//! - property tests: `tests/properties.rs`, where proptest generates hundreds of inputs.

use std::ops::Range;

/// Adds two numbers, or returns `None` if the sum does not fit in an `i32`.
///
/// The article's `add` returned `a + b`: `add(i32::MAX, 1)` panics in a debug build and wraps to
/// a negative number in a release build. Its hand-picked examples never tried that; a property
/// test finds it at once (see `tests/properties.rs`).
///
/// ```
/// assert_eq!(testing::add(2, 3), Some(5));
/// assert_eq!(testing::add(i32::MAX, 1), None);
/// ```
pub fn add(a: i32, b: i32) -> Option<i32> {
    a.checked_add(b)
}

/// Turns a title into a URL slug: lowercase ASCII words joined by single dashes.
///
/// ```
/// assert_eq!(testing::slugify("  Hello, Rust World! "), "hello-rust-world");
/// assert_eq!(testing::slugify("¡¿?!"), "");
/// ```
pub fn slugify(title: &str) -> String {
    let mut slug = String::with_capacity(title.len());
    for word in words(title) {
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word.to_ascii_lowercase());
    }
    slug
}

/// Private helper: runs of ASCII letters and digits. Anything else separates words.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty())
}

/// The items shown on 1-based `page` when `total` items are split into pages of `per_page`.
/// `None` for a page that does not exist. Page 1 always exists, even for an empty list.
///
/// ```
/// assert_eq!(testing::page_range(25, 3, 10), Some(20..25));
/// assert_eq!(testing::page_range(25, 4, 10), None);
/// ```
pub fn page_range(total: usize, page: usize, per_page: usize) -> Option<Range<usize>> {
    if page == 0 || per_page == 0 {
        return None;
    }
    // `checked_mul`: a client can send `?page=99999999999999999`; that must be a 404, not a panic.
    let start = (page - 1).checked_mul(per_page)?;
    if start >= total && page != 1 {
        return None;
    }
    Some(start.min(total)..start.saturating_add(per_page).min(total))
}

/// How many pages `total` items fill (at least one).
pub fn page_count(total: usize, per_page: usize) -> usize {
    assert!(per_page > 0, "per_page must be positive");
    (total / per_page + usize::from(total % per_page != 0)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_handles_the_edges() {
        assert_eq!(add(1, 2), Some(3));
        assert_eq!(add(-1, 1), Some(0));
        assert_eq!(add(i32::MIN, -1), None);
    }

    #[test]
    fn words_splits_on_anything_but_ascii_alphanumerics() {
        assert_eq!(words("a-b  c_d").collect::<Vec<_>>(), ["a", "b", "c", "d"]);
        assert_eq!(words("naïve").collect::<Vec<_>>(), ["na", "ve"]);
    }

    #[test]
    fn first_page_of_an_empty_list_is_empty_not_missing() {
        assert_eq!(page_range(0, 1, 10), Some(0..0));
        assert_eq!(page_range(0, 2, 10), None);
        assert_eq!(page_count(0, 10), 1);
    }

    #[test]
    fn absurd_page_numbers_do_not_panic() {
        assert_eq!(page_range(10, usize::MAX, 10), None);
        assert_eq!(page_range(10, 1, usize::MAX), Some(0..10));
    }
}
