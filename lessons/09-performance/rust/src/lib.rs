//! The ingest report of the lesson, twice: `naive` (correct, slow) and the improved version.
//! The wins come from the algorithm (hash lookups instead of rescans) and from borrowing instead
//! of cloning. No `unsafe` was needed: measure first, and reach for it only if a profile says so.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub id: String,
    pub user: String,
    pub ms: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserStat {
    pub user: String,
    pub count: usize,
    pub total_ms: u64,
}

pub mod naive {
    use super::*;

    /// Keeps the first event of each id. O(n²): every event is compared with every event kept
    /// so far, and each kept event is cloned (two `String` allocations each).
    pub fn dedupe(events: &[Event]) -> Vec<Event> {
        let mut kept: Vec<Event> = Vec::new();
        for e in events {
            if !kept.iter().any(|k| k.id == e.id) {
                kept.push(e.clone());
            }
        }
        kept
    }

    /// O(n × users): one full scan of the events per distinct user.
    pub fn user_stats(events: &[Event]) -> Vec<UserStat> {
        let mut users: Vec<&str> = Vec::new();
        for e in events {
            if !users.contains(&e.user.as_str()) {
                users.push(&e.user);
            }
        }
        let mut stats: Vec<UserStat> = users
            .iter()
            .map(|&user| {
                let mine = events.iter().filter(|e| e.user == user);
                let (count, total_ms) = mine.fold((0, 0), |(c, t), e| (c + 1, t + u64::from(e.ms)));
                UserStat { user: user.to_string(), count, total_ms }
            })
            .collect();
        stats.sort_by(busiest_first);
        stats
    }
}

/// O(n): `HashSet::insert` returns `false` for an id already seen. The result borrows from the
/// input (`Vec<&Event>`), so nothing is cloned; the borrow checker guarantees the input outlives it.
pub fn dedupe(events: &[Event]) -> Vec<&Event> {
    let mut seen: HashSet<&str> = HashSet::with_capacity(events.len());
    events.iter().filter(|e| seen.insert(&e.id)).collect()
}

/// One pass. The map's keys borrow the user names; a `String` is allocated once per user, at the
/// end, instead of once per event.
pub fn user_stats<'a>(events: impl IntoIterator<Item = &'a Event>) -> Vec<UserStat> {
    let mut totals: HashMap<&str, (usize, u64)> = HashMap::new();
    for e in events {
        let (count, total_ms) = totals.entry(&e.user).or_insert((0, 0));
        *count += 1;
        *total_ms += u64::from(e.ms);
    }
    let mut stats: Vec<UserStat> = totals
        .into_iter()
        .map(|(user, (count, total_ms))| UserStat { user: user.to_string(), count, total_ms })
        .collect();
    stats.sort_by(busiest_first);
    stats
}

/// Busiest first; ties in user-name order, so the output never depends on hash order.
fn busiest_first(a: &UserStat, b: &UserStat) -> Ordering {
    b.count.cmp(&a.count).then_with(|| a.user.cmp(&b.user))
}

/// A reproducible batch: `n` events from `users` users, about a quarter of them retries.
/// `seed` must not be 0 (xorshift would then only ever produce 0).
/// (A tiny xorshift generator, so the crate needs no dependency for test data.)
pub fn make_batch(n: usize, users: u64, mut seed: u64) -> Vec<Event> {
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut out: Vec<Event> = Vec::with_capacity(n);
    for i in 0..n {
        let retry = !out.is_empty() && next() % 4 == 0;
        let event = if retry {
            let earlier = &out[next() as usize % out.len()];
            Event { ms: (next() % 900) as u32 + 5, ..earlier.clone() }
        } else {
            Event {
                id: format!("evt-{i}"),
                user: format!("user-{:04}", next() % users),
                ms: (next() % 300) as u32 + 1,
            }
        };
        out.push(event);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: &str, user: &str, ms: u32) -> Event {
        Event { id: id.into(), user: user.into(), ms }
    }

    #[test]
    fn the_first_delivery_wins_and_order_is_kept() {
        let events = [event("a", "u1", 10), event("b", "u2", 20), event("a", "u1", 99)];
        let fast: Vec<Event> = dedupe(&events).into_iter().cloned().collect();
        assert_eq!(fast, vec![event("a", "u1", 10), event("b", "u2", 20)]);
        assert_eq!(fast, naive::dedupe(&events));
    }

    #[test]
    fn ties_are_broken_by_user_name() {
        let events = [
            event("1", "bob", 5),
            event("2", "amy", 7),
            event("3", "bob", 1),
            event("4", "cid", 2),
        ];
        let names: Vec<String> = user_stats(&events).into_iter().map(|s| s.user).collect();
        assert_eq!(names, ["bob", "amy", "cid"]);
    }

    // The optimisation is only allowed if it changes nothing but the speed.
    #[test]
    fn fast_and_naive_agree_on_many_batches() {
        for seed in 1..=40 {
            let batch = make_batch(300 + seed as usize * 10, 1 + seed % 17, seed);
            let fast = dedupe(&batch);
            let slow = naive::dedupe(&batch);
            assert!(fast.iter().copied().eq(slow.iter()), "dedupe differs for seed {seed}");
            assert_eq!(user_stats(fast), naive::user_stats(&slow), "stats differ for seed {seed}");
        }
    }

    #[test]
    fn empty_input_is_fine() {
        assert!(dedupe(&[]).is_empty());
        assert!(user_stats(&[]).is_empty());
    }
}
