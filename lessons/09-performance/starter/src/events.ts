/** One request event as an edge proxy reports it. Clients retry, so the same id can arrive again. */
export interface Event {
  id: string;
  user: string;
  route: string;
  ms: number;
  /** 1 for the first delivery, 2, 3... for retries of the same id. */
  attempt: number;
}

/** A small seeded PRNG (mulberry32), so every run builds the same batch. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROUTES = ['/orders', '/orders/:id', '/users/:id', '/search', '/health'];

/** A batch of `n` events from `users` users; about a quarter are retries of an earlier id. */
export function makeBatch(n: number, users: number, seed = 42): Event[] {
  const next = rng(seed);
  const out: Event[] = [];
  for (let i = 0; i < n; i++) {
    const earlier = out.length > 0 && next() < 0.25 ? out[Math.floor(next() * out.length)] : undefined;
    if (earlier) {
      out.push({ ...earlier, ms: Math.floor(next() * 900) + 5, attempt: earlier.attempt + 1 });
    } else {
      out.push({
        id: `evt-${i.toString(36)}`,
        user: `user-${String(Math.floor(next() * users)).padStart(4, '0')}`,
        route: ROUTES[Math.floor(next() * ROUTES.length)]!,
        ms: Math.floor(next() * 300) + 1,
        attempt: 1,
      });
    }
  }
  return out;
}
