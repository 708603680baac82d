// AssemblyScript versions of the Wasm suite kernels, with the same export names and signatures as the
// Rust module (labs/wasm/rust/wasm_lib.rs), so one JS loader drives both. Pointers are byte offsets into
// linear memory, exactly as in Rust.
//
// Built with `asc index.ts -O3 --runtime stub --noAssert` by `npm run build:wasm`. The stub runtime has
// no garbage collector; `heap.alloc`/`heap.free` are a bump allocator that frees only the most recent
// block, which is the same LIFO contract as the Rust module's allocator. The file imports nothing, so the
// browser can compile it as a single in-memory source (see labs/README.md).

export function alloc(size: usize): usize {
  return heap.alloc(size);
}

export function dealloc(ptr: usize, size: usize): void {
  heap.free(ptr);
}

export function leibniz_pi(terms: u32): f64 {
  let sum: f64 = 0;
  let sign: f64 = 1;
  for (let k: u32 = 0; k < terms; k++) {
    sum += sign / (2.0 * <f64>k + 1.0);
    sign = -sign;
  }
  return 4.0 * sum;
}

export function blur3x3(src: usize, dst: usize, width: u32, height: u32): void {
  const w = <usize>width;
  const h = <usize>height;
  memory.copy(dst, src, w * h);
  if (w < 3 || h < 3) return;
  for (let y: usize = 1; y < h - 1; y++) {
    const top = src + (y - 1) * w;
    const mid = src + y * w;
    const bot = src + (y + 1) * w;
    const out = dst + y * w;
    for (let x: usize = 1; x < w - 1; x++) {
      const t = <u32>load<u8>(top + x - 1) + 2 * <u32>load<u8>(top + x) + <u32>load<u8>(top + x + 1);
      const m = <u32>load<u8>(mid + x - 1) + 2 * <u32>load<u8>(mid + x) + <u32>load<u8>(mid + x + 1);
      const b = <u32>load<u8>(bot + x - 1) + 2 * <u32>load<u8>(bot + x) + <u32>load<u8>(bot + x + 1);
      store<u8>(out + x, <u8>((t + 2 * m + b + 8) >> 4));
    }
  }
}

export function fnv1a(ptr: usize, len: usize): u32 {
  let hash: u32 = 0x811c9dc5;
  const end = ptr + len;
  for (let p = ptr; p < end; p++) {
    hash ^= <u32>load<u8>(p);
    hash *= 0x01000193;
  }
  return hash;
}

export function invert(ptr: usize, len: usize): void {
  const end = ptr + len;
  for (let p = ptr; p < end; p++) store<u8>(p, 255 - load<u8>(p));
}

export function bump(x: i32): i32 {
  return x + 1;
}
