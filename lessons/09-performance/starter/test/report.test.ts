import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { makeBatch, type Event } from '../src/events.js';
import { buildReport, dedupeEvents, userStats, type Report, type UserStat } from '../src/report.js';

// The obviously-correct slow version, kept here as the reference the fast one must agree with.
function naiveReport(events: readonly Event[], top = 5): Report {
  const kept: Event[] = [];
  for (const e of events) if (!kept.some((k) => k.id === e.id)) kept.push(e);
  const users: string[] = [];
  for (const e of kept) if (!users.includes(e.user)) users.push(e.user);
  const stats: UserStat[] = users.map((user) => {
    const mine = kept.filter((e) => e.user === user);
    return { user, count: mine.length, totalMs: mine.reduce((sum, e) => sum + e.ms, 0) };
  });
  stats.sort((a, b) => (a.count !== b.count ? b.count - a.count : a.user < b.user ? -1 : a.user > b.user ? 1 : 0));
  return { received: events.length, unique: kept.length, top: stats.slice(0, top) };
}

/** Copies of `events` whose `id` and `user` getters count how often the code under test reads them. */
function counted(events: readonly Event[]) {
  const reads = { id: 0, user: 0 };
  const wrapped = events.map((e) => ({
    get id() { reads.id++; return e.id; },
    get user() { reads.user++; return e.user; },
    route: e.route,
    ms: e.ms,
    attempt: e.attempt,
  }));
  return { wrapped, reads };
}

test('dedupeEvents keeps the first delivery of each id, in input order', () => {
  const ev = (id: string, attempt: number, ms: number): Event => ({ id, user: 'u1', route: '/orders', ms, attempt });
  const out = dedupeEvents([ev('a', 1, 10), ev('b', 1, 20), ev('a', 2, 30), ev('c', 1, 40), ev('b', 2, 50)]);
  assert.deepEqual(
    out.map((e) => `${e.id}#${e.attempt}`),
    ['a#1', 'b#1', 'c#1'],
    'a retry (attempt 2) must not replace the first delivery, and the order of first appearance must be kept',
  );
});

test('buildReport gives the same answer as the naive reference on random batches', () => {
  const event = fc.record({
    id: fc.constantFrom('e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8'),
    user: fc.constantFrom('ann', 'bob', 'cy', 'dee'),
    route: fc.constantFrom('/a', '/b'),
    ms: fc.nat(1000),
    attempt: fc.integer({ min: 1, max: 3 }),
  });
  const details = fc.check(
    fc.property(fc.array(event, { maxLength: 40 }), fc.integer({ min: 1, max: 5 }), (events, top) =>
      isDeepStrictEqual(buildReport(events, top), naiveReport(events, top)),
    ),
    { numRuns: 300, seed: 2026 },
  );
  if (details.failed) {
    const [events, top] = details.counterexample ?? [[], 0];
    assert.deepEqual(
      buildReport(events, top),
      naiveReport(events, top),
      `faster must still be right: for this batch (top ${top}) the report differs from the reference ` +
        `(first delivery wins, busiest first, ties by name):\n${JSON.stringify(events)}`,
    );
  }
});

test('dedupeEvents does a bounded amount of work per event', () => {
  const n = 4_000;
  const { wrapped, reads } = counted(makeBatch(n, 400, 7));
  dedupeEvents(wrapped);
  assert.ok(
    reads.id <= 4 * n,
    `dedupeEvents read event.id ${reads.id.toLocaleString('en')} times for ${n.toLocaleString('en')} events ` +
      `(budget ${4 * n}): comparing each event with every kept one is O(n²); remember the ids already seen in a Set`,
  );
});

test('userStats does a bounded amount of work per event', () => {
  const n = 4_000;
  const { wrapped, reads } = counted(makeBatch(n, 400, 8));
  userStats(wrapped);
  assert.ok(
    reads.user <= 4 * n,
    `userStats read event.user ${reads.user.toLocaleString('en')} times for ${n.toLocaleString('en')} events ` +
      `(budget ${4 * n}): filtering the whole batch once per user is O(n × users); accumulate in a Map in one pass`,
  );
});

test('buildReport is at least 5x faster than the naive version on 6,000 events', () => {
  const batch = makeBatch(6_000, 600, 9);
  const time = (f: () => unknown) => {
    const start = performance.now();
    f();
    return performance.now() - start;
  };
  buildReport(batch.slice(0, 1_000)); // warm up the JIT on a small batch first
  const naiveMs = time(() => naiveReport(batch));
  const fastMs = Math.min(time(() => buildReport(batch)), time(() => buildReport(batch)));
  assert.ok(
    fastMs * 5 <= naiveMs,
    `buildReport took ${fastMs.toFixed(1)} ms and the naive reference ${naiveMs.toFixed(1)} ms on the same batch; ` +
      'expected at most a fifth of the naive time (the gap between O(n) and O(n²) at this size is far larger)',
  );
});
