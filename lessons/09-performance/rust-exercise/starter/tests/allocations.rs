//! Lesson-owned check. A counting global allocator: it counts the heap allocations (and
//! reallocations) made by the current thread while `allocations` runs a closure. Counts are
//! per thread, so tests running in parallel do not disturb each other. No timing involved.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use performance_exercise::{field, join_ids, total_ms};

struct Counting;

thread_local! {
    static ACTIVE: Cell<bool> = const { Cell::new(false) };
    static COUNT: Cell<usize> = const { Cell::new(0) };
}

fn bump() {
    if ACTIVE.with(Cell::get) {
        COUNT.with(|c| c.set(c.get() + 1));
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        bump();
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        bump();
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `f` and returns its result with the number of allocations it made on this thread.
fn allocations<T>(f: impl FnOnce() -> T) -> (T, usize) {
    COUNT.with(|c| c.set(0));
    ACTIVE.with(|a| a.set(true));
    let out = f();
    ACTIVE.with(|a| a.set(false));
    (out, COUNT.with(Cell::get))
}

const LINES: [&str; 4] =
    ["id=7 user=ada ms=12", "id=42 user=bob ms=30", "id=9 user=ada", "ms=5 user=eve"];

#[test]
fn field_finds_values() {
    assert_eq!(field("id=7 user=ada ms=12", "user"), Some("ada"));
    assert_eq!(field("id=7 user=ada ms=12", "ms"), Some("12"));
    assert_eq!(field("id=7 user=ada ms=12", "id"), Some("7"));
    assert_eq!(field("id=7 user=ada", "us"), None, "`us` is not `user`: keys match exactly");
    assert_eq!(field("id=7 username=ada", "user"), None, "`username` is not `user`");
    assert_eq!(field("id=7 user=ada", "ms"), None);
    assert_eq!(
        field("path=/a=b", "path"),
        Some("/a=b"),
        "the value is everything after the first `=`"
    );
}

#[test]
fn field_allocates_nothing() {
    let (value, count) = allocations(|| field(LINES[1], "user"));
    assert_eq!(value, Some("bob"));
    assert_eq!(
        count, 0,
        "field() made {count} heap allocations; it can borrow from `line` and allocate none"
    );
}

#[test]
fn total_ms_sums_in_one_pass_without_allocating() {
    let (total, count) = allocations(|| total_ms(&LINES));
    assert_eq!(total, 47, "12 + 30 + 0 + 5");
    assert_eq!(total_ms(&[]), 0);
    assert_eq!(total_ms(&["ms=abc", "ms=3"]), 3, "an `ms` that is not a number counts as 0");
    assert_eq!(
        count, 0,
        "total_ms() made {count} heap allocations; sum as you go, without collecting a Vec"
    );
}

#[test]
fn join_ids_joins_with_commas() {
    assert_eq!(join_ids(&[1, 22, 333]), "1,22,333");
    assert_eq!(join_ids(&[5]), "5");
    assert_eq!(join_ids(&[]), "");
    assert_eq!(join_ids(&[u32::MAX, 0]), "4294967295,0");
}

#[test]
fn join_ids_allocates_once() {
    let ids: Vec<u32> = (0..200).map(|i| 4_000_000_000 + i).collect();
    let (joined, count) = allocations(|| join_ids(&ids));
    assert_eq!(joined.len(), 200 * 10 + 199);
    assert!(
        count <= 1,
        "join_ids() made {count} heap allocations for 200 ids; reserve the whole output once (a u32 has at most 10 digits) and write into it"
    );
}
