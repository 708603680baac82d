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

const SCANS = ['includes', 'indexOf', 'lastIndexOf', 'some', 'every', 'find', 'findIndex', 'findLast',
  'findLastIndex', 'filter', 'map', 'flatMap', 'forEach', 'reduce', Symbol.iterator] as const;

/**
 * Runs `f` on copies of `events` and counts its work: how often it reads `id` and `user` (getters),
 * and how many array elements it walks through with array methods and for...of (each call counted
 * as a full pass over its array). Deterministic, unlike a stopwatch.
 */
function work(events: readonly Event[], f: (events: Event[]) => unknown) {
  const count = { id: 0, user: 0, scanned: 0 };
  const copies = events.map((e) => ({
    get id() { count.id++; return e.id; },
    get user() { count.user++; return e.user; },
    route: e.route,
    ms: e.ms,
    attempt: e.attempt,
  }));
  const proto = Array.prototype as unknown as Record<string | symbol, (...args: unknown[]) => unknown>;
  const originals = SCANS.map((name) => [name, proto[name]!] as const);
  for (const [name, original] of originals) {
    proto[name] = function (this: unknown[], ...args: unknown[]) {
      count.scanned += this.length;
      return original.apply(this, args);
    };
  }
  try {
    f(copies);
  } finally {
    for (const [name, original] of originals) proto[name] = original;
  }
  return count;
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

const fmt = (x: number) => x.toLocaleString('en');

test('dedupeEvents does a bounded amount of work per event', () => {
  const n = 4_000;
  const done = work(makeBatch(n, 400, 7), dedupeEvents);
  assert.ok(
    done.id <= 4 * n,
    `dedupeEvents read event.id ${fmt(done.id)} times for ${fmt(n)} events (budget ${fmt(4 * n)}): ` +
      'comparing each event with every kept one is O(n²); remember the ids already seen in a Set',
  );
  assert.ok(
    done.scanned <= 4 * n,
    `dedupeEvents walked ${fmt(done.scanned)} array elements for ${fmt(n)} events (budget ${fmt(4 * n)}): ` +
      'a linear search (includes, indexOf, some, find...) inside the loop is still O(n²); Set.has is not',
  );
});

test('userStats does a bounded amount of work per event', () => {
  const n = 4_000;
  const done = work(makeBatch(n, 400, 8), userStats);
  assert.ok(
    done.user <= 4 * n && done.scanned <= 4 * n,
    `userStats read event.user ${fmt(done.user)} times and walked ${fmt(done.scanned)} array elements for ` +
      `${fmt(n)} events (budget ${fmt(4 * n)} each): scanning the batch or the user list once per user is ` +
      'O(n × users); accumulate the totals in a Map in one pass',
  );
});

function time(f: () => unknown): number {
  const start = performance.now();
  f();
  return performance.now() - start;
}

test('buildReport is at least 5x faster than the naive version on 6,000 events', () => {
  const batch = makeBatch(6_000, 600, 9);
  buildReport(batch.slice(0, 1_000)); // warm up the JIT on a small batch first
  const naiveMs = time(() => naiveReport(batch));
  const fastMs = Math.min(time(() => buildReport(batch)), time(() => buildReport(batch)));
  assert.ok(
    fastMs * 5 <= naiveMs,
    `buildReport took ${fastMs.toFixed(1)} ms and the naive reference ${naiveMs.toFixed(1)} ms on the same batch; ` +
      'expected at most a fifth of the naive time (the gap between O(n) and O(n²) at this size is far larger)',
  );
});

