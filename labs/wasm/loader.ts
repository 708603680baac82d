/**
 * Instantiating a kernel module (Rust or AssemblyScript: same exports) and moving bytes in and out of its
 * linear memory.
 */

export interface KernelExports {
  memory: WebAssembly.Memory;
  alloc(size: number): number;
  dealloc(ptr: number, size: number): void;
  leibniz_pi(terms: number): number;
  blur3x3(src: number, dst: number, width: number, height: number): void;
  /** Returns a signed i32 in JS; use `>>> 0`. */
  fnv1a(ptr: number, len: number): number;
  invert(ptr: number, len: number): void;
  bump(x: number): number;
}

const FUNCTIONS = ['alloc', 'dealloc', 'leibniz_pi', 'blur3x3', 'fnv1a', 'invert', 'bump'] as const;

export class KernelModule {
  private constructor(readonly exports: KernelExports) {}

  static async instantiate(bytes: ArrayBuffer | Uint8Array): Promise<KernelModule> {
    const source = bytes instanceof Uint8Array ? new Uint8Array(bytes) : bytes;
    const { instance } = await WebAssembly.instantiate(source, {});
    const raw = instance.exports;
    const missing = FUNCTIONS.filter((name) => typeof raw[name] !== 'function');
    if (!(raw.memory instanceof WebAssembly.Memory)) missing.push('memory' as never);
    if (missing.length > 0) throw new Error(`wasm module lacks exports: ${missing.join(', ')}`);
    return new KernelModule(raw as unknown as KernelExports);
  }

  /** Allocates `size` bytes in linear memory; throws when memory cannot grow. */
  alloc(size: number): number {
    const ptr = this.exports.alloc(size);
    if (ptr === 0) throw new Error(`wasm alloc(${size}) failed`);
    return ptr;
  }

  /** A fresh view: memory.grow detaches old views, so never keep one across an `alloc`. */
  bytes(ptr: number, length: number): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer, ptr, length);
  }

  /** Allocates and copies `data` in; returns the pointer. */
  copyIn(data: Uint8Array): number {
    const ptr = this.alloc(data.length);
    this.bytes(ptr, data.length).set(data);
    return ptr;
  }
}
