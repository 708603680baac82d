import { describe, expect, it } from 'vitest';
import { runAllAtOnce, runBoundedPool, runSequential } from './io.ts';

/** Requests that finish only when the test says so, recording how many are in flight. */
function controlledRequests() {
  const pending: Array<() => void> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const started: number[] = [];
  const request = (i: number) =>
    new Promise<void>((resolve) => {
      started.push(i);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      pending.push(() => {
        inFlight--;
        resolve();
      });
    });
  const flush = async () => {
    while (pending.length > 0) {
      pending.shift()!();
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return { request, flush, stats: () => ({ maxInFlight, started }) };
}

describe('I/O approaches', () => {
  it('sequential keeps one request in flight', async () => {
    const c = controlledRequests();
    const done = runSequential(5, c.request);
    await c.flush();
    expect(await done).toBe(5);
    expect(c.stats().maxInFlight).toBe(1);
  });
  it('Promise.all starts every request at once', async () => {
    const c = controlledRequests();
    const done = runAllAtOnce(6, c.request);
    expect(c.stats().started).toHaveLength(6);
    await c.flush();
    expect(await done).toBe(6);
  });
  it('bounded pool never exceeds k in flight and runs every request once', async () => {
    const c = controlledRequests();
    const done = runBoundedPool(10, 3, c.request);
    expect(c.stats().started).toHaveLength(3);
    await c.flush();
    expect(await done).toBe(10);
    expect(c.stats().maxInFlight).toBe(3);
    expect([...c.stats().started].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
  it('bounded pool with k > n starts n lanes', async () => {
    const c = controlledRequests();
    const done = runBoundedPool(2, 8, c.request);
    await c.flush();
    expect(await done).toBe(2);
    expect(c.stats().maxInFlight).toBe(2);
  });
});
