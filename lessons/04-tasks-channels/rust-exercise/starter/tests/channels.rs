use std::time::Duration;
use tasks_channels_exercise::{item, start_producers, sum_all};
use tokio::time::timeout;

#[tokio::test(start_paused = true)]
async fn a_full_channel_makes_producers_wait() {
    let mut rx = start_producers(3, 10, 4);
    // Let the producers run as far as they can while nobody receives.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut queued = 0;
    while rx.try_recv().is_ok() {
        queued += 1;
    }
    assert_eq!(queued, 4, "with capacity 4 and nobody receiving, exactly 4 messages may be queued (the producers wait for room)");
}

#[tokio::test(start_paused = true)]
async fn no_message_is_lost_and_the_channel_ends() {
    let mut rx = start_producers(3, 10, 2);
    let mut received = Vec::new();
    let ended = timeout(Duration::from_secs(10), async {
        while let Some(value) = rx.recv().await {
            received.push(value);
        }
    })
    .await;
    assert!(
        ended.is_ok(),
        "the receiver must end (recv() returns None) once every producer has finished"
    );
    assert_eq!(
        received.len(),
        30,
        "3 producers x 10 messages through a channel of 2: none may be dropped, got {received:?}"
    );
    for p in 0..3 {
        let from_p: Vec<u32> = received.iter().copied().filter(|v| v / 1_000 == p).collect();
        let want: Vec<u32> = (0..10).map(|i| item(p, i)).collect();
        assert_eq!(from_p, want, "producer {p}'s messages must arrive all and in order");
    }
}

#[tokio::test(start_paused = true)]
async fn sum_all_returns_when_every_sender_is_gone() {
    let got = timeout(Duration::from_secs(10), sum_all(3, 100, 8)).await;
    let want: u64 = (0..3).flat_map(|p| (0..100).map(move |i| u64::from(item(p, i)))).sum();
    assert_eq!(got.ok(), Some(want), "sum_all never returned (None) or summed wrong: recv() ends only when every Sender, the original too, is dropped");
}
