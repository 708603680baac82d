/**
 * Runs async tasks one at a time per key: a task for key "alice" starts only after every earlier
 * task for "alice" has finished (or failed), while tasks for other keys run freely. It plays the
 * part of a Mutex per account.
 */
export class KeyedLock {
  /** Per key, a promise that settles when the last task queued for that key is done. */
  private readonly tails = new Map<string, Promise<void>>();

  /** How many keys currently have a task running or queued (0 when idle: no leak per key). */
  get activeKeys(): number {
    return this.tails.size;
  }

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Whoever comes next waits for us, and we wait for whoever came before.
    const tail = previous.then(() => done);
    this.tails.set(key, tail);
    try {
      await previous;
      return await task();
    } finally {
      release(); // also on failure, or the key would stay locked forever
      if (this.tails.get(key) === tail) this.tails.delete(key); // nobody queued after us
    }
  }
}
