/**
 * The check value of a byte array: 32-bit FNV-1a, the same function as `fnv1a` in wasm-kernels.ts (the
 * native bench hashes its blur output the same way), written out a second time on purpose.
 *
 * Why a second copy: V8 keeps type feedback per function. If correctness checks called the timed `fnv1a`
 * kernel with views of wasm linear memory and with plain arrays, the kernel's feedback would turn
 * polymorphic before it is timed, and the JS FNV-1a row would measure that rather than the kernel.
 * Checks call this function only; kernels.test.ts pins it to `fnv1a` on the same inputs.
 */
export function checksumBytes(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    hash ^= bytes[i]!;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
