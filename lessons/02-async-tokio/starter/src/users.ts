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

/**
 * Stops the whole thread for `ms`, the way a synchronous driver call, `fs.readFileSync` or Rust's
 * `std::thread::sleep` does. While it waits, the event loop cannot run anything else.
 */
function blockFor(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

// TODO: this lookup holds the event loop for LOOKUP_DELAY_MS, so requests queue up behind it.
// Make it asynchronous: wait on a timer instead of blocking, and return a Promise.
export function findUser(id: number): User | undefined {
  blockFor(LOOKUP_DELAY_MS);
  return USERS.get(id);
}
