import { KERNEL_WASM_BASE64 } from './kernel-wasm.js';

/**
 * What the Rust module (rust/src/lib.rs) exports. WebAssembly functions take and return numbers
 * only: a pointer is a byte offset into `memory`, and a Rust `u32` result arrives as a signed i32.
 */
export interface Kernel {
  memory: WebAssembly.Memory;
  /** Reserves `len` bytes; returns their offset in `memory`, or 0 when out of memory. */
  wb_alloc(len: number): number;
  /** Frees a block from `wb_alloc`; pass the same `ptr` and `len`. */
  wb_dealloc(ptr: number, len: number): void;
  /** Adler-32 of the `len` bytes at `ptr`. */
  wb_adler32(ptr: number, len: number): number;
  /** Upper-cases the ASCII letters among the `len` bytes at `ptr`, in place. */
  wb_ascii_uppercase(ptr: number, len: number): void;
}

const EXPORTS = ['wb_alloc', 'wb_dealloc', 'wb_adler32', 'wb_ascii_uppercase'] as const;

/** A fresh instance of the module: its own linear memory, starting at 17 pages (about 1 MiB). */
export async function loadKernel(): Promise<Kernel> {
  const { instance } = await WebAssembly.instantiate(Buffer.from(KERNEL_WASM_BASE64, 'base64'), {});
  const exports = instance.exports as Record<string, unknown>;
  const missing = EXPORTS.filter((name) => typeof exports[name] !== 'function');
  if (missing.length > 0 || !(exports.memory instanceof WebAssembly.Memory)) {
    throw new Error(`the module lacks exports: ${[...missing, 'memory'].join(', ')}`);
  }
  return exports as unknown as Kernel;
}

/**
 * Copies `bytes` into a fresh block of the module's memory, runs `use(ptr, len)`, and frees the
 * block afterwards, even if `use` throws.
 */
function withBlock<T>(kernel: Kernel, bytes: Uint8Array, use: (ptr: number, len: number) => T): T {
  const len = bytes.length;
  const ptr = kernel.wb_alloc(len);
  if (ptr === 0) throw new Error(`wb_alloc(${len}) failed: out of memory`);
  try {
    // A view made now, after wb_alloc: if the allocation grew the memory, older views are detached.
    new Uint8Array(kernel.memory.buffer, ptr, len).set(bytes);
    return use(ptr, len);
  } finally {
    kernel.wb_dealloc(ptr, len);
  }
}

/** Adler-32 of `data`, computed by the Rust module, as an unsigned 32-bit number. */
export function checksum(kernel: Kernel, data: Uint8Array): number {
  // The export returns a u32, which arrives as a signed i32: `>>> 0` reinterprets it as unsigned.
  return withBlock(kernel, data, (ptr, len) => kernel.wb_adler32(ptr, len) >>> 0);
}

/** `text` with its ASCII letters upper-cased by the Rust module; other characters are unchanged. */
export function upperAscii(kernel: Kernel, text: string): string {
  const bytes = new TextEncoder().encode(text); // UTF-8: "é" is 2 bytes, so bytes.length >= text.length
  return withBlock(kernel, bytes, (ptr, len) => {
    kernel.wb_ascii_uppercase(ptr, len);
    // Decode from a fresh view of the same block (the call could have grown the memory too).
    return new TextDecoder().decode(new Uint8Array(kernel.memory.buffer, ptr, len));
  });
}
