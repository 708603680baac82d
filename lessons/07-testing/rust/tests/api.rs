//! An integration test: compiled as a separate crate that depends on ours, so it can use only
//! what `src/lib.rs` exports. (Lessons 02 and 03 show integration tests against a real server.)

use testing::{page_count, page_range, slugify};

#[test]
fn builds_the_links_of_a_paginated_article_list() {
    let titles: Vec<String> = (1..=23).map(|n| format!("Post #{n}: Rust & You")).collect();
    let per_page = 10;

    let pages: Vec<Vec<String>> = (1..=page_count(titles.len(), per_page))
        .map(|page| {
            let range = page_range(titles.len(), page, per_page).expect("page exists");
            titles[range].iter().map(|t| format!("/posts/{}", slugify(t))).collect()
        })
        .collect();

    assert_eq!(pages.len(), 3);
    assert_eq!(pages[2].len(), 3, "the last page holds the remainder");
    assert_eq!(pages[0][0], "/posts/post-1-rust-you");
    assert_eq!(page_range(titles.len(), 4, per_page), None, "no page after the last");
}
