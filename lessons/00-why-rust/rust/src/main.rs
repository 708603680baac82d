use why_rust::{count_with_atomic, count_with_mutex, count_with_scoped_threads};

fn main() {
    let (threads, per_thread) = (4, 250_000);
    let expected = threads as u64 * per_thread;
    println!("{threads} threads x {per_thread} increments, expected {expected}");
    println!("Arc<Mutex<u64>>    -> {}", count_with_mutex(threads, per_thread));
    println!("Arc<AtomicU64>     -> {}", count_with_atomic(threads, per_thread));
    println!("thread::scope + &  -> {}", count_with_scoped_threads(threads, per_thread));
}
