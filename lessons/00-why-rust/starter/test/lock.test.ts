import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { KeyedLock } from '../src/lock.js';

test('tasks for the same key run one at a time, in order', async () => {
  const lock = new KeyedLock();
  const events: string[] = [];
  const task = (name: string, ms: number) => async () => {
    events.push(`start ${name}`);
    await sleep(ms);
    events.push(`end ${name}`);
    return name;
  };
  // The first task is the slowest: without a lock the others would finish before it.
  const results = await Promise.all([lock.run('k', task('1', 60)), lock.run('k', task('2', 30)), lock.run('k', task('3', 10))]);
  assert.deepEqual(results, ['1', '2', '3'], 'run() should resolve to what each task returned');
  assert.deepEqual(
    events,
    ['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3'],
    `tasks for one key should not overlap and should run in the order queued, got: ${events.join(', ')}`,
  );
});

test('tasks for different keys do not wait for each other', async () => {
  const lock = new KeyedLock();
  let slowDone = false;
  let otherSawSlowDone: boolean | undefined;
  const slow = lock.run('alice', async () => {
    await sleep(100);
    slowDone = true;
  });
  const other = lock.run('bob', async () => {
    otherSawSlowDone = slowDone;
  });
  await Promise.all([slow, other]);
  assert.equal(
    otherSawSlowDone,
    false,
    'a task for "bob" waited for a task for "alice": lock per key, not one lock for everything',
  );
});

test('a failing task passes its error on and releases the key', async () => {
  const lock = new KeyedLock();
  await assert.rejects(
    lock.run('k', async () => {
      throw new Error('boom');
    }),
    /boom/,
    'run() should reject with the task\'s own error',
  );
  const next = await Promise.race([
    lock.run('k', async () => 'next'),
    new Promise<'stuck'>((resolve) => setTimeout(resolve, 2000, 'stuck').unref()),
  ]);
  assert.equal(next, 'next', 'after a task failed, the next task for the same key never started: release in a finally block');
});

test('keys are forgotten once their tasks are done', async () => {
  const lock = new KeyedLock();
  const running = Promise.all(['a', 'b', 'c'].map((key) => lock.run(key, () => sleep(20))));
  assert.equal(lock.activeKeys, 3, `three keys have a task running, activeKeys says ${lock.activeKeys}`);
  await running;
  assert.equal(
    lock.activeKeys,
    0,
    `all tasks are done but activeKeys is ${lock.activeKeys}: a lock that keeps every key forever leaks memory, one entry per account ever seen`,
  );
});

test('a task that arrives while a queued one runs still waits for it', async () => {
  // The first task finishes while the second is queued; a third comes only once the second runs.
  // If the first task's cleanup forgot the key although the second was queued after it, the third
  // would find the key free and run alongside the second.
  const lock = new KeyedLock();
  const events: string[] = [];
  let secondStarted!: () => void;
  const secondRunning = new Promise<void>((resolve) => (secondStarted = resolve));
  const first = lock.run('k', async () => {
    await sleep(10);
    events.push('end 1');
  });
  const second = lock.run('k', async () => {
    events.push('start 2');
    secondStarted();
    await sleep(50);
    events.push('end 2');
  });
  await secondRunning;
  const third = lock.run('k', async () => {
    events.push('start 3');
  });
  await Promise.all([first, second, third]);
  assert.deepEqual(
    events,
    ['end 1', 'start 2', 'end 2', 'start 3'],
    `a task queued while another runs must wait for it, got: ${events.join(', ')} ` +
      '(only forget a key when no task was queued after the one that finished)',
  );
  assert.equal(lock.activeKeys, 0, 'the key should be forgotten once all three are done');
});
