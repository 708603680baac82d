/**
 * Deterministic inputs shared by JS, Wasm and the native Rust bench.
 * The generator is the classic 32-bit LCG (Numerical Recipes constants); native_bench.rs mirrors it, so
 * change both or neither.
 */

export const DEFAULT_SEED = 0x2545f491;

/** Advances the LCG state: s' = s * 1664525 + 1013904223 (mod 2^32). */
export function lcgNext(state: number): number {
  return (Math.imul(state, 1664525) + 1013904223) >>> 0;
}

/** `length` pseudo-random bytes: the top 8 bits of each LCG state. */
export function lcgBytes(length: number, seed = DEFAULT_SEED): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = lcgNext(state);
    out[i] = state >>> 24;
  }
  return out;
}

/** `length` odd integers below 2^bits (bits <= 31), for the prime-counting kernel. */
export function lcgOddIntegers(length: number, bits: number, seed = DEFAULT_SEED): Uint32Array {
  const out = new Uint32Array(length);
  let state = seed >>> 0;
  const shift = 32 - bits;
  for (let i = 0; i < length; i++) {
    state = lcgNext(state);
    out[i] = (state >>> shift) | 1;
  }
  return out;
}
