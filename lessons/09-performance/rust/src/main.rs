//! A minimal timing harness: run each version several times on the same batch, keep the best
//! time (the least disturbed by other processes). Use `cargo run --release`: debug builds skip
//! optimisations and can be 10-50x slower, which says nothing about production.
//! For statistics and regression tracking, use a benchmark crate such as criterion.

use std::hint::black_box;
use std::time::{Duration, Instant};

use performance::{dedupe, make_batch, naive, user_stats};

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            // black_box: stop the optimiser from deleting work whose result nobody reads.
            black_box(f());
            start.elapsed()
        })
        .min()
        .expect("at least one run")
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(12_000);
    let batch = make_batch(n, 1_200, 42);
    let build = if cfg!(debug_assertions) {
        "debug build: numbers are pessimistic"
    } else {
        "release build"
    };
    println!("{} events ({build})", batch.len());

    let unique_naive = naive::dedupe(&batch);
    let unique = dedupe(&batch);
    assert_eq!(unique.len(), unique_naive.len(), "both versions must agree before we time them");

    let rows = [
        ("dedupe     naive", best_of(3, || naive::dedupe(&batch))),
        ("dedupe     fast ", best_of(3, || dedupe(&batch))),
        ("user_stats naive", best_of(3, || naive::user_stats(&unique_naive))),
        ("user_stats fast ", best_of(3, || user_stats(unique.iter().copied()))),
    ];
    for (name, time) in rows {
        println!("{name}  {:>10.3} ms", time.as_secs_f64() * 1e3);
    }
    println!("top users:");
    for s in user_stats(unique).iter().take(3) {
        println!("  {}  {} events  {} ms", s.user, s.count, s.total_ms);
    }
}
