import { afterEach, describe, expect, it } from 'vitest';
import { lcgOddIntegers } from '../kernels/inputs.ts';
import { countPrimes } from '../kernels/primes.ts';
import { createNodePlatform } from '../engine/platform-node.ts';
import { createCopyingPool, createSharedPool } from './workers.ts';

const platform = createNodePlatform({ disableNative: true });
const numbers = lcgOddIntegers(5_000, 20);
const expected = countPrimes(numbers);
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((f) => f()));
});

describe('kernel workers (Node worker_threads)', () => {
  it('postMessage pools count the same primes as the main thread, job after job', async () => {
    const pool = createCopyingPool(platform, numbers, 2);
    cleanups.push(pool.dispose);
    expect(await pool.countPrimes()).toBe(expected);
    expect(await pool.countPrimes()).toBe(expected);
  });

  it('SharedArrayBuffer + Atomics pools count the same primes, job after job', async () => {
    const pool = await createSharedPool(platform, numbers, 3);
    cleanups.push(pool.dispose);
    for (let i = 0; i < 5; i++) expect(await pool.countPrimes()).toBe(expected);
  });
});
