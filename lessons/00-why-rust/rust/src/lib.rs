//! Sharing a counter between threads, three ways that compile, and the ways that don't.
//!
//! In TypeScript a worker gets a *copy* of your data (structured clone), so sharing mutable state
//! needs SharedArrayBuffer + Atomics, and nothing stops you from forgetting the Atomics. In Rust the
//! type system checks it: a value can cross to another thread only if its type is `Send`, and be
//! shared by several threads only if it is `Sync`. A data race is a compile error, not a flaky test.
//!
//! The compiler rejects this (E0373): the thread may outlive `hits`, which it borrows mutably.
//! Spawn two such threads and both would hold `&mut hits` at once, which is exactly a data race.
//!
//! ```compile_fail,E0373
//! let mut hits = 0u64;
//! let worker = std::thread::spawn(|| hits += 1);
//! worker.join().unwrap();
//! ```
//!
//! Reference counting with `Rc` is not thread-safe (its count is not atomic) and `RefCell` checks
//! borrows without locking, so `Rc<RefCell<_>>` is not `Send`: error E0277.
//!
//! ```compile_fail,E0277
//! use std::{cell::RefCell, rc::Rc};
//! let hits = Rc::new(RefCell::new(0u64));
//! let h = Rc::clone(&hits);
//! std::thread::spawn(move || *h.borrow_mut() += 1).join().unwrap();
//! ```
//!
//! `Arc` makes the *sharing* thread-safe but gives only shared (`&`) access, so you still cannot
//! mutate through it without a lock or an atomic: error E0594.
//!
//! ```compile_fail,E0594
//! use std::sync::Arc;
//! let hits = Arc::new(0u64);
//! let h = Arc::clone(&hits);
//! std::thread::spawn(move || *h += 1).join().unwrap();
//! ```

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

/// `Arc` shares ownership across threads; `Mutex` gives one thread at a time `&mut u64`.
/// The lock guard unlocks when it goes out of scope, so there is no `unlock()` to forget.
pub fn count_with_mutex(threads: usize, per_thread: u64) -> u64 {
    let hits = Arc::new(Mutex::new(0u64));
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let hits = Arc::clone(&hits); // each thread owns its own handle to the same counter
            thread::spawn(move || {
                for _ in 0..per_thread {
                    *hits.lock().expect("a thread panicked while holding the lock") += 1;
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().expect("worker thread panicked");
    }
    // Bind before returning: a guard left in the tail expression would outlive `hits` (E0597).
    let total = *hits.lock().expect("lock poisoned");
    total
}

/// For a plain counter an atomic is cheaper than a lock. `Relaxed` is enough because we only read
/// the total after `join()`, and joining a thread already orders everything it did before that.
pub fn count_with_atomic(threads: usize, per_thread: u64) -> u64 {
    let hits = Arc::new(AtomicU64::new(0));
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let hits = Arc::clone(&hits);
            thread::spawn(move || {
                for _ in 0..per_thread {
                    hits.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().expect("worker thread panicked");
    }
    hits.load(Ordering::Relaxed)
}

/// Scoped threads are guaranteed to finish before `scope` returns, so they may *borrow* a local
/// value: no `Arc`, no `'static` requirement. The borrow checker knows the borrow ends in time.
pub fn count_with_scoped_threads(threads: usize, per_thread: u64) -> u64 {
    let hits = AtomicU64::new(0);
    thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                for _ in 0..per_thread {
                    hits.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    }); // every thread spawned on `s` has been joined here
    hits.into_inner() // we own `hits` again, so no atomic read is needed
}

#[cfg(test)]
mod tests {
    use super::*;

    // If any version lost an update (the classic `count++` race), the total would come up short.
    #[test]
    fn every_increment_is_counted() {
        assert_eq!(count_with_mutex(8, 10_000), 80_000);
        assert_eq!(count_with_atomic(8, 10_000), 80_000);
        assert_eq!(count_with_scoped_threads(8, 10_000), 80_000);
    }

    #[test]
    fn zero_threads_count_nothing() {
        assert_eq!(count_with_mutex(0, 5), 0);
        assert_eq!(count_with_atomic(0, 5), 0);
        assert_eq!(count_with_scoped_threads(0, 5), 0);
    }

    // The compiler proves these facts; the test only documents them where a reader looks.
    #[test]
    fn shared_types_are_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Arc<Mutex<u64>>>();
        assert_send_sync::<Arc<AtomicU64>>();
    }
}
