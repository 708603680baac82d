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

/** Adler-32 of `data`, computed by the Rust module, as an unsigned 32-bit number. */
export function checksum(kernel: Kernel, data: Uint8Array): number {
  // TODO: the glue. Reserve data.length bytes with wb_alloc, copy `data` into kernel.memory at that
  // offset, call wb_adler32(ptr, len), free the block with wb_dealloc, and return the result.
  return 0;
}

/** `text` with its ASCII letters upper-cased by the Rust module; other characters are unchanged. */
export function upperAscii(kernel: Kernel, text: string): string {
  // TODO: the same dance with the UTF-8 bytes of `text`, reading the bytes back after the call.
  return text;
}
