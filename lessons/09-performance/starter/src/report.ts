import type { Event } from './events.js';

export interface UserStat {
  user: string;
  count: number;
  totalMs: number;
}

export interface Report {
  received: number;
  unique: number;
  top: UserStat[];
}

/**
 * Keeps the FIRST event of each id (later ones are client retries), in input order.
 * TODO: this compares every event with every event kept so far: O(n²).
 */
export function dedupeEvents(events: readonly Event[]): Event[] {
  const kept: Event[] = [];
  for (const e of events) {
    if (!kept.some((k) => k.id === e.id)) kept.push(e);
  }
  return kept;
}

/**
 * Events and total latency per user, busiest first; ties in user-name order.
 * TODO: this scans the whole batch once per user: O(n × users).
 */
export function userStats(events: readonly Event[]): UserStat[] {
  const users: string[] = [];
  for (const e of events) {
    if (!users.includes(e.user)) users.push(e.user);
  }
  const stats = users.map((user) => {
    const mine = events.filter((e) => e.user === user);
    return { user, count: mine.length, totalMs: mine.reduce((sum, e) => sum + e.ms, 0) };
  });
  return stats.sort(busiestFirst);
}

function busiestFirst(a: UserStat, b: UserStat): number {
  if (a.count !== b.count) return b.count - a.count;
  return a.user < b.user ? -1 : a.user > b.user ? 1 : 0;
}

/** What POST /ingest answers for one batch. */
export function buildReport(events: readonly Event[], top = 5): Report {
  const unique = dedupeEvents(events);
  return { received: events.length, unique: unique.length, top: userStats(unique).slice(0, top) };
}
