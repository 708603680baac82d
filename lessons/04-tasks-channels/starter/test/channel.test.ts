import { test } from 'node:test';
import assert from 'node:assert/strict';
import { channel } from '../src/channel.js';
import { sleep, spawnAll } from '../src/tasks.js';

/** Fails with `message` if `promise` has not settled within `ms` (a hang becomes a readable failure). */
async function within<T>(promise: Promise<T>, ms: number, message: string | (() => string)): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new assert.AssertionError({ message: typeof message === 'string' ? message : message() })), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** True if `promise` settles within `ms`. */
async function endsWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return within(promise, ms, '').then(
    () => true,
    () => false,
  );
}

/** True if `promise` is still pending after `ms`. */
async function stillPending(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const marker = Symbol('pending');
  const result = await Promise.race([promise, sleep(ms).then(() => marker)]);
  return result === marker;
}

test('send waits while the buffer is full (backpressure)', async () => {
  const [tx, rx] = channel<number>(2);
  await within(tx.send(1), 200, 'the first send into an empty channel(2) should resolve at once');
  await within(tx.send(2), 200, 'the second send into channel(2) should resolve at once: there is room for 2');
  const third = tx.send(3);
  assert.ok(
    await stillPending(third, 100),
    'the third send into a full channel(2) resolved at once: send() must wait until recv() frees a slot (that is backpressure)',
  );
  assert.equal(rx.buffered, 2, `a channel(2) must never buffer more than 2 values, it holds ${rx.buffered}`);
  assert.equal(await rx.recv(), 1, 'recv() should return the oldest value first');
  await within(third, 500, 'after recv() freed a slot, the waiting send(3) should resolve');
  assert.equal(rx.buffered, 2, 'after the waiting send completes, the buffer holds 2 values again');
});

test('the receiving loop ends only when every sender is closed', async () => {
  const [tx, rx] = channel<string>(4);
  const tx2 = tx.clone();
  await tx.send('a');
  tx.close();
  assert.equal(await within(rx.recv(), 200, 'recv() should return a buffered value'), 'a', 'values sent before close() must still be delivered');

  const waiting = rx.recv();
  assert.ok(await stillPending(waiting, 50), 'recv() ended while a cloned sender was still open: the channel is only closed when ALL senders are');
  await tx2.send('b');
  assert.equal(await within(waiting, 200, 'a waiting recv() should get the next value sent'), 'b', 'a waiting recv() should get "b"');

  const last = rx.recv();
  tx2.close();
  assert.equal(
    await within(last, 300, 'a recv() that was already waiting never woke up when the last sender closed: close() must wake waiting receivers with undefined'),
    undefined,
    'recv() should resolve undefined (Rust: None) once the last sender is closed',
  );
  assert.equal(await within(rx.recv(), 200, 'recv() on a closed, empty channel should not wait'), undefined, 'recv() after the end should keep answering undefined');
});

test('fan-in: every result of 20 tasks arrives (in any order) and the loop terminates', async () => {
  const [tx, rx] = channel<number>(3);
  const jobs = Array.from({ length: 20 }, (_, i) => async () => {
    await sleep((i * 7) % 40);
    return i;
  });
  // The last task to finish fails and sends nothing; its sender is still closed (Rust drops it on any exit).
  jobs.push(async () => {
    await sleep(120);
    throw new Error('simulated task failure (expected in this test)');
  });
  spawnAll(jobs, tx);
  tx.close();
  const got: number[] = [];
  await within(
    (async () => {
      for await (const v of rx) got.push(v);
    })(),
    1000,
    () => `the consumer loop did not end within 1 s (got ${got.length} of 20 results): recv() must resolve undefined once all senders are closed and the buffer is drained, including a recv() that is already waiting`,
  );
  assert.deepEqual(
    [...got].sort((a, b) => a - b),
    Array.from({ length: 20 }, (_, i) => i),
    `expected each of the 20 results exactly once, got [${got.join(', ')}]`,
  );
});

test('with many producers and a slow consumer, no more than capacity values are ever buffered', async () => {
  const capacity = 3;
  const [tx, rx] = channel<string>(capacity);
  let maxBuffered = 0;
  for (let p = 0; p < 8; p++) {
    const ptx = tx.clone();
    void (async () => {
      for (let i = 0; i < 5; i++) {
        await ptx.send(`${p}:${i}`);
        maxBuffered = Math.max(maxBuffered, rx.buffered);
      }
      ptx.close();
    })();
  }
  tx.close();
  const got = new Set<string>();
  const ended = await endsWithin(
    (async () => {
      for await (const v of rx) {
        got.add(v);
        await sleep(1);
      }
    })(),
    1000,
  );
  assert.ok(maxBuffered <= capacity, `channel(${capacity}) held ${maxBuffered} values at once: send() must wait when the buffer is full`);
  assert.ok(ended, `the consumer loop did not end within 1 s (got ${got.size} of 40 values)`);
  assert.equal(got.size, 40, `8 producers x 5 values should deliver 40 distinct values, got ${got.size}`);
});

test('fan-out: 10 tasks of 200 ms run concurrently, so all results arrive well under 1 s', async () => {
  const [tx, rx] = channel<number>(2);
  const started = performance.now();
  spawnAll(
    Array.from({ length: 10 }, (_, i) => async () => {
      await sleep(200);
      return i;
    }),
    tx,
  );
  tx.close();
  let count = 0;
  await within(
    (async () => {
      for await (const _ of rx) count++;
    })(),
    1500,
    () => `the consumer loop did not end within 1.5 s (got ${count} of 10)`,
  );
  const ms = performance.now() - started;
  assert.equal(count, 10, `expected 10 results, got ${count}`);
  assert.ok(ms < 1000, `10 concurrent tasks of 200 ms took ${Math.round(ms)} ms; they should overlap (about 200 ms), not run one after another (2 s)`);
});

test('a receiver already waiting is woken only when the last sender closes, not the first', async () => {
  const [tx, rx] = channel<string>(1);
  const tx2 = tx.clone();
  const waiting = rx.recv(); // nothing buffered: this waits
  let settled = false;
  void waiting.then(() => (settled = true));
  tx.close(); // one of two senders gone: the channel is still open
  await sleep(20);
  assert.equal(settled, false, 'recv() resolved after only one of two senders closed: wake waiting receivers only when no sender is left');
  await tx2.send('late');
  assert.equal(await within(waiting, 1000, 'recv() never received the value sent by the sender still open'), 'late', 'the waiting recv() should get the value the remaining sender sends');
  tx2.close();
  assert.equal(await within(rx.recv(), 1000, 'recv() hangs after the last sender closed'), undefined, 'once the last sender closes, recv() resolves undefined');
});
