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
 * One Set lookup per event: O(n).
 */
export function dedupeEvents(events: readonly Event[]): Event[] {
  const seen = new Set<string>();
  const kept: Event[] = [];
  for (const e of events) {
    const id = e.id;
    if (seen.has(id)) continue;
    seen.add(id);
    kept.push(e);
  }
  return kept;
}

/**
 * Events and total latency per user, busiest first; ties in user-name order.
 * One pass to accumulate, then a sort of the (much smaller) list of users: O(n + u log u).
 */
export function userStats(events: readonly Event[]): UserStat[] {
  const byUser = new Map<string, UserStat>();
  for (const e of events) {
    const user = e.user;
    const stat = byUser.get(user);
    if (stat) {
      stat.count += 1;
      stat.totalMs += e.ms;
    } else {
      byUser.set(user, { user, count: 1, totalMs: e.ms });
    }
  }
  return [...byUser.values()].sort(busiestFirst);
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
