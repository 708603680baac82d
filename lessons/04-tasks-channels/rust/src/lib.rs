//! Spawning tasks and collecting their results through tokio's mpsc channel.

use std::time::Duration;

use tokio::sync::mpsc;

/// One unit of work, e.g. a call to another service. It reports through its own `Sender`.
async fn process(job: u32, work: Duration, results: mpsc::Sender<String>) {
    tokio::time::sleep(work).await;
    // `send` fails only when the receiver is gone: nobody wants the result any more, so stop
    // quietly. The article's `.unwrap()` would turn that ordinary event into a panic.
    let _ = results.send(format!("job {job} done")).await;
}

/// Fan-out: one task per job. Fan-in: every task sends into the same channel; one loop reads it.
pub async fn run_jobs(jobs: u32, work: Duration) -> Vec<String> {
    // The channel is typed. The article's bare `mpsc::Sender` (no `<String>`) does not compile.
    let (tx, mut rx) = mpsc::channel::<String>(16);
    for job in 0..jobs {
        tokio::spawn(process(job, work, tx.clone()));
    }
    // `recv()` returns `None` only after *every* Sender has been dropped. Each task drops its clone
    // when it ends, but the original `tx` lives until this function returns, so without this line
    // the loop below would wait forever: that is why the article's program never exits.
    drop(tx);

    let mut results = Vec::with_capacity(jobs as usize);
    while let Some(result) = rx.recv().await {
        results.push(result);
    }
    results
}

/// A fast producer feeding a slow consumer through a channel of `capacity` slots. When the
/// channel is full, `send().await` waits, so the backlog never exceeds `capacity`: backpressure.
/// (An unbounded channel would let the backlog, and memory, grow as long as the producer runs.)
/// Returns what the consumer received and the largest backlog the producer saw.
pub async fn pipeline(items: u32, capacity: usize) -> (Vec<u32>, usize) {
    let (tx, mut rx) = mpsc::channel::<u32>(capacity);
    let producer = tokio::spawn(async move {
        let mut max_backlog = 0;
        for item in 0..items {
            if tx.send(item).await.is_err() {
                break; // consumer gone
            }
            max_backlog = max_backlog.max(tx.max_capacity() - tx.capacity());
        }
        max_backlog
    }); // the task owns `tx`; when it ends, `tx` drops and the consumer's loop ends too

    let mut received = Vec::new();
    while let Some(item) = rx.recv().await {
        tokio::time::sleep(Duration::from_millis(5)).await; // the slow part, e.g. a database write
        received.push(item);
    }
    let max_backlog = producer.await.expect("producer task panicked");
    (received, max_backlog)
}

/// Where waiting is not an option (e.g. inside a request handler), `try_send` refuses at once when
/// the queue is full, so the handler can answer 503 instead of queueing without bound.
pub fn enqueue(queue: &mpsc::Sender<u32>, job: u32) -> Result<(), &'static str> {
    queue.try_send(job).map_err(|e| match e {
        mpsc::error::TrySendError::Full(_) => "busy: try again later",
        mpsc::error::TrySendError::Closed(_) => "shutting down",
    })
}
