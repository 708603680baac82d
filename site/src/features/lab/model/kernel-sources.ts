/** The starting text of the two kernel editors: the reference JS, and the shipped AssemblyScript file. */
import assemblyScriptSource from '../../../../../labs/wasm/assembly/index.ts?raw';

export const DEFAULT_AS_SOURCE = assemblyScriptSource;

// Plain JavaScript (no types): it is imported as written. Same arithmetic as labs/kernels/wasm-kernels.ts.
export const DEFAULT_JS_SOURCE = `// Your JS kernels. Each is checked against the reference on every edit,
// and a wrong answer is reported as an error, never timed.
// Try: unroll a loop, use Math.fround, or break one on purpose.

/** 4 · Σ (-1)^k / (2k+1) for k < terms: division-bound float loop. */
export function leibnizPi(terms) {
  let sum = 0;
  let sign = 1;
  for (let k = 0; k < terms; k++) {
    sum += sign / (2 * k + 1);
    sign = -sign;
  }
  return 4 * sum;
}

/** [1 2 1; 2 4 2; 1 2 1] / 16, rounded; border pixels copied unchanged. */
export function blur3x3(src, dst, width, height) {
  dst.set(src.subarray(0, width * height));
  for (let y = 1; y < height - 1; y++) {
    const top = (y - 1) * width;
    const mid = y * width;
    const bot = (y + 1) * width;
    for (let x = 1; x < width - 1; x++) {
      const t = src[top + x - 1] + 2 * src[top + x] + src[top + x + 1];
      const m = src[mid + x - 1] + 2 * src[mid + x] + src[mid + x + 1];
      const b = src[bot + x - 1] + 2 * src[bot + x] + src[bot + x + 1];
      dst[mid + x] = (t + 2 * m + b + 8) >> 4;
    }
  }
}

/** 32-bit FNV-1a over bytes, unsigned. */
export function fnv1a(bytes) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    hash ^= bytes[i];
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
`;
