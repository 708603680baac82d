//! Producers and a consumer joined by a bounded `tokio::sync::mpsc` channel.
use tokio::sync::mpsc;

/// The item producer `p` sends as its `i`-th message.
pub fn item(p: u32, i: u32) -> u32 {
    p * 1_000 + i
}

/// Starts `producers` tasks that each send `item(p, 0)`, `item(p, 1)`, … `item(p, per_producer - 1)`
/// into ONE channel that holds at most `capacity` messages, and returns its receiving end.
///
/// Backpressure: when the channel is full a producer must WAIT for room, never drop a message and
/// never queue more than `capacity`.
pub fn start_producers(producers: u32, per_producer: u32, capacity: usize) -> mpsc::Receiver<u32> {
    let (tx, rx) = mpsc::channel(capacity);
    for p in 0..producers {
        let tx = tx.clone();
        tokio::spawn(async move {
            for i in 0..per_producer {
                // send().await waits while the channel is full: that wait is the backpressure.
                if tx.send(item(p, i)).await.is_err() {
                    return; // the receiver is gone
                }
            }
        });
    }
    // `tx` is dropped here; each task drops its clone when it finishes, and then recv() ends.
    rx
}

/// Spawns `producers` producers like `start_producers`, receives every message in this task and
/// returns their sum once the channel has ENDED (every producer finished).
pub async fn sum_all(producers: u32, per_producer: u32, capacity: usize) -> u64 {
    let (tx, mut rx) = mpsc::channel(capacity);
    for p in 0..producers {
        let tx = tx.clone();
        tokio::spawn(async move {
            for i in 0..per_producer {
                if tx.send(item(p, i)).await.is_err() {
                    return; // the receiver is gone
                }
            }
        });
    }
    // Only the producers may hold Senders now, or the loop below would wait forever.
    drop(tx);
    let mut sum = 0u64;
    while let Some(value) = rx.recv().await {
        sum += u64::from(value);
    }
    sum
}
