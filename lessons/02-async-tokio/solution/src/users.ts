import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A stand-in for the user table. Each lookup takes LOOKUP_DELAY_MS, the time a query to a
 * database on another machine might take.
 */
export interface User {
  id: number;
  name: string;
  email: string;
}

export const LOOKUP_DELAY_MS = 250;

const USERS: ReadonlyMap<number, User> = new Map(
  [
    { id: 1, name: 'Ada', email: 'ada@example.com' },
    { id: 2, name: 'Grace', email: 'grace@example.com' },
    { id: 3, name: 'Linus', email: 'linus@example.com' },
    { id: 4, name: 'Barbara', email: 'barbara@example.com' },
    { id: 5, name: 'Ken', email: 'ken@example.com' },
  ].map((u) => [u.id, u]),
);

// The wait is a timer: the event loop is free to serve other requests until it fires, the way a
// Tokio task that awaits `tokio::time::sleep` (or a socket) lets its worker thread run other tasks.
export async function findUser(id: number): Promise<User | undefined> {
  await sleep(LOOKUP_DELAY_MS);
  return USERS.get(id);
}
