import { describe, expect, it } from 'vitest';
import { lcgBytes, lcgNext, lcgOddIntegers } from './inputs.ts';
import { countPrimes, isPrime, splitRange } from './primes.ts';
import { blur3x3, bump, fnv1a, invertBytes, leibnizPi } from './wasm-kernels.ts';

describe('inputs', () => {
  it('follows the 32-bit LCG that native_bench.rs mirrors', () => {
    expect(lcgNext(0)).toBe(1013904223);
    expect(lcgNext(1)).toBe(1015568748);
    expect(lcgBytes(3, 0)).toEqual(new Uint8Array([1013904223 >>> 24, lcgNext(1013904223) >>> 24, lcgNext(lcgNext(1013904223)) >>> 24]));
  });
  it('makes odd integers below 2^bits', () => {
    const xs = lcgOddIntegers(1000, 20);
    expect([...xs].every((x) => x % 2 === 1 && x < 2 ** 20)).toBe(true);
  });
});

describe('wasm suite reference kernels', () => {
  it('FNV-1a matches published test vectors', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(fnv1a(enc(''))).toBe(0x811c9dc5);
    expect(fnv1a(enc('a'))).toBe(0xe40c292c);
    expect(fnv1a(enc('foobar'))).toBe(0xbf9cf968);
  });
  it('Leibniz series approaches pi', () => {
    expect(leibnizPi(1)).toBe(4);
    expect(leibnizPi(2)).toBeCloseTo(4 * (1 - 1 / 3), 15);
    expect(Math.abs(leibnizPi(100_000) - Math.PI)).toBeLessThan(1e-4);
  });
  it('blur keeps borders, smooths the interior with rounding', () => {
    const w = 4;
    const h = 3;
    const src = new Uint8Array([0, 0, 0, 0, 0, 160, 0, 0, 0, 0, 0, 0]);
    const dst = new Uint8Array(w * h);
    blur3x3(src, dst, w, h);
    expect([...dst.subarray(0, 4)]).toEqual([0, 0, 0, 0]);
    expect(dst[5]).toBe((4 * 160 + 8) >> 4); // centre weight 4/16
    expect(dst[6]).toBe((2 * 160 + 8) >> 4); // side weight 2/16
    expect(dst[4]).toBe(0); // border column copied
  });
  it('a flat image stays flat', () => {
    const src = new Uint8Array(25).fill(77);
    const dst = new Uint8Array(25);
    blur3x3(src, dst, 5, 5);
    expect(dst.every((v) => v === 77)).toBe(true);
  });
  it('invert and bump', () => {
    const b = new Uint8Array([0, 1, 255]);
    invertBytes(b);
    expect([...b]).toEqual([255, 254, 0]);
    expect(bump(2 ** 31 - 1)).toBe(-(2 ** 31));
  });
});

describe('primes', () => {
  it('counts primes', () => {
    expect([1, 2, 3, 4, 9, 97, 221].map(isPrime)).toEqual([false, true, true, false, false, true, false]);
    expect(countPrimes(Array.from({ length: 100 }, (_, i) => i))).toBe(25);
  });
  it('splits a range into near-equal contiguous parts', () => {
    expect(splitRange(10, 3)).toEqual([
      [0, 4],
      [4, 7],
      [7, 10],
    ]);
    expect(splitRange(2, 4).map(([a, b]) => b - a)).toEqual([1, 1, 0, 0]);
  });
});

describe('checksumBytes', () => {
  it('is FNV-1a, like the timed kernel (a separate function so checks do not share its type feedback)', async () => {
    const { checksumBytes } = await import('./checksum.ts');
    const { lcgBytes } = await import('./inputs.ts');
    for (const bytes of [new Uint8Array(0), new TextEncoder().encode('foobar'), lcgBytes(4096)]) expect(checksumBytes(bytes)).toBe(fnv1a(bytes));
    expect(checksumBytes).not.toBe(fnv1a);
  });
});
