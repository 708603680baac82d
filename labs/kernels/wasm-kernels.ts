/**
 * JS versions of the Wasm suite kernels. They define the expected output: Rust (scalar and SIMD),
 * AssemblyScript and the native build must produce the same values (floats within a tolerance).
 * Keep the arithmetic identical to labs/wasm/rust/kernels.rs and labs/wasm/assembly/index.ts.
 */

/** 4 * sum_{k<terms} (-1)^k / (2k+1): a division-bound float loop (Leibniz series for pi). */
export function leibnizPi(terms: number): number {
  let sum = 0;
  let sign = 1;
  for (let k = 0; k < terms; k++) {
    sum += sign / (2 * k + 1);
    sign = -sign;
  }
  return 4 * sum;
}

/**
 * 3x3 binomial blur ([1 2 1; 2 4 2; 1 2 1] / 16, rounded) of an 8-bit greyscale image.
 * Border pixels are copied unchanged. Integer-only, so every implementation must match exactly.
 */
export function blur3x3(src: Uint8Array, dst: Uint8Array, width: number, height: number): void {
  dst.set(src.subarray(0, width * height));
  for (let y = 1; y < height - 1; y++) {
    const top = (y - 1) * width;
    const mid = y * width;
    const bot = (y + 1) * width;
    for (let x = 1; x < width - 1; x++) {
      const t = src[top + x - 1]! + 2 * src[top + x]! + src[top + x + 1]!;
      const m = src[mid + x - 1]! + 2 * src[mid + x]! + src[mid + x + 1]!;
      const b = src[bot + x - 1]! + 2 * src[bot + x]! + src[bot + x + 1]!;
      dst[mid + x] = (t + 2 * m + b + 8) >> 4;
    }
  }
}

/** 32-bit FNV-1a over bytes, as an unsigned integer. */
export function fnv1a(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    hash ^= bytes[i]!;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** x -> 255 - x in place: a trivially cheap pass used to expose copy costs at the JS/Wasm boundary. */
export function invertBytes(bytes: Uint8Array): void {
  for (let i = 0; i < bytes.length; i++) bytes[i] = 255 - bytes[i]!;
}

/** The cheapest call that still returns something checkable: the body of the "empty call" benchmark. */
export function bump(x: number): number {
  return (x + 1) | 0;
}
