/**
 * Runs async tasks one at a time per key: a task for key "alice" starts only after every earlier
 * task for "alice" has finished (or failed), while tasks for other keys run freely. It plays the
 * part of a Mutex per account.
 */
export class KeyedLock {
  // TODO: remember, per key, the promise that settles when the last queued task is done, make
  // each new task wait for it, and forget the key once nothing is queued for it any more.

  /** How many keys currently have a task running or queued (0 when idle: no leak per key). */
  get activeKeys(): number {
    return 0;
  }

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    return task(); // TODO: no locking yet: tasks for the same key overlap
  }
}
