use std::time::Duration;

use tasks_channels::{enqueue, pipeline, run_jobs};
use tokio::sync::mpsc;
use tokio::time::{timeout, Instant};

// With `start_paused`, tokio's clock only moves when every task is waiting on a timer, and then
// jumps straight to the next one: these tests take milliseconds yet measure "seconds" exactly.

#[tokio::test(start_paused = true)]
async fn every_result_arrives_and_the_loop_ends() {
    let started = Instant::now();
    let results = timeout(Duration::from_secs(60), run_jobs(10, Duration::from_secs(1)))
        .await
        .expect("the receive loop never ended: is a Sender still alive?");
    assert_eq!(results.len(), 10);
    for job in 0..10 {
        assert!(results.contains(&format!("job {job} done")), "missing job {job}");
    }
    // Ten one-second jobs ran side by side, not one after another.
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
}

#[tokio::test(start_paused = true)]
async fn keeping_the_original_sender_alive_hangs_the_loop() {
    // The article's version, reproduced: results arrive, but `recv()` never returns `None`.
    let (tx, mut rx) = mpsc::channel::<String>(10);
    for _ in 0..3 {
        let tx = tx.clone();
        tokio::spawn(async move { tx.send("done".to_string()).await.unwrap() });
    }
    let mut received = 0;
    let outcome = timeout(Duration::from_secs(5), async {
        while rx.recv().await.is_some() {
            received += 1;
        }
    })
    .await;
    assert_eq!(received, 3, "all results did arrive");
    assert!(outcome.is_err(), "yet the loop only stopped because of the timeout");
    drop(tx);
}

#[tokio::test(start_paused = true)]
async fn a_bounded_channel_caps_the_backlog() {
    let (received, max_backlog) = pipeline(100, 4).await;
    assert_eq!(received, (0..100).collect::<Vec<_>>(), "all items, in order");
    // The producer ran ahead until all 4 slots were full, then waited: never a 5th item queued.
    assert_eq!(max_backlog, 4);
}

#[tokio::test]
async fn a_full_queue_refuses_instead_of_waiting() {
    let (queue, mut worker) = mpsc::channel(2);
    assert_eq!(enqueue(&queue, 1), Ok(()));
    assert_eq!(enqueue(&queue, 2), Ok(()));
    assert_eq!(enqueue(&queue, 3), Err("busy: try again later"));
    assert_eq!(worker.recv().await, Some(1)); // a slot frees up
    assert_eq!(enqueue(&queue, 3), Ok(()));
    drop(worker);
    assert_eq!(enqueue(&queue, 4), Err("shutting down"));
}
