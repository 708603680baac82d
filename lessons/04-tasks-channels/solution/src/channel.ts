/**
 * A bounded multi-producer channel, shaped like tokio::sync::mpsc:
 * - `send` waits while `capacity` values are buffered (backpressure);
 * - each Sender is a handle: `clone()` makes another, `close()` is Rust's `drop(tx)`;
 * - `recv` resolves `undefined` (Rust: `None`) once every sender is closed and the buffer is empty.
 * Values must not be `undefined` themselves, since `undefined` means "closed".
 */
class State<T> {
  readonly buffer: T[] = [];
  openSenders = 1;
  readonly waitingReceivers: ((value: T | undefined) => void)[] = [];
  readonly waitingSenders: (() => void)[] = [];
  readonly capacity: number;
  constructor(capacity: number) {
    this.capacity = capacity;
  }
}

export function channel<T>(capacity: number): [Sender<T>, Receiver<T>] {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
  const state = new State<T>(capacity);
  return [new Sender(state), new Receiver(state)];
}

export class Sender<T> {
  private closed = false;
  private readonly state: State<T>;
  constructor(state: State<T>) {
    this.state = state;
  }

  /** Another handle to the same channel (Rust: `tx.clone()`). */
  clone(): Sender<T> {
    if (this.closed) throw new Error('cannot clone a closed sender');
    this.state.openSenders++;
    return new Sender(this.state);
  }

  async send(value: T): Promise<void> {
    if (this.closed) throw new Error('send on a closed sender');
    const s = this.state;
    // A `while`, not an `if`: another sender may take the free slot before this one resumes.
    while (s.buffer.length >= s.capacity) {
      await new Promise<void>((resolve) => s.waitingSenders.push(resolve));
    }
    const receiver = s.waitingReceivers.shift();
    if (receiver) receiver(value); // someone is already waiting: hand the value over directly
    else s.buffer.push(value);
  }

  /** Rust's `drop(tx)`. When the last sender closes, the receiver's loop ends. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const s = this.state;
    s.openSenders--;
    if (s.openSenders === 0) {
      for (const wake of s.waitingReceivers.splice(0)) wake(undefined);
    }
  }
}

export class Receiver<T> {
  private readonly state: State<T>;
  constructor(state: State<T>) {
    this.state = state;
  }

  /** How many values are waiting in the buffer right now. */
  get buffered(): number {
    return this.state.buffer.length;
  }

  recv(): Promise<T | undefined> {
    const s = this.state;
    if (s.buffer.length > 0) {
      const value = s.buffer.shift() as T;
      s.waitingSenders.shift()?.(); // a slot is free: let one waiting sender go on
      return Promise.resolve(value);
    }
    if (s.openSenders === 0) return Promise.resolve(undefined); // closed and drained
    return new Promise((resolve) => s.waitingReceivers.push(resolve));
  }

  /** `for await (const v of rx)` is Rust's `while let Some(v) = rx.recv().await`. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      const value = await this.recv();
      if (value === undefined) return;
      yield value;
    }
  }
}
