import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checksum, loadKernel, upperAscii, type Kernel } from '../src/kernel.js';

/** The reference: Adler-32 in plain TypeScript, unsigned. */
function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}
const utf8 = (s: string) => new TextEncoder().encode(s);
const hex = (n: number) => (n < 0 ? `-0x${(-n).toString(16)}` : `0x${n.toString(16)}`);

const DETACHED_HINT =
  ' (wb_alloc may grow the memory, and memory.grow replaces memory.buffer and detaches every view made ' +
  'before it: create the Uint8Array over kernel.memory.buffer after wb_alloc returns, not before)';

const SIZE_HINT =
  ' (the bytes do not fit the view or the block: size both with the byte length of the data, which for ' +
  'text is TextEncoder().encode(text).length, not text.length)';

/** Runs `f` and turns a throw into a failed assertion that says what threw. */
function attempt<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    const message = `${(e as Error).name}: ${(e as Error).message}`;
    const hint = /detached/i.test(message) ? DETACHED_HINT : /out of bounds/i.test(message) ? SIZE_HINT : '';
    return assert.fail(`${what} threw ${message}${hint}`);
  }
}

test('checksum gives the known Adler-32 values', async () => {
  const k = await loadKernel();
  assert.equal(hex(attempt('checksum("Wikipedia")', () => checksum(k, utf8('Wikipedia')))), '0x11e60398', 'Adler-32 of "Wikipedia" is 0x11e60398');
  assert.equal(attempt('checksum of no bytes', () => checksum(k, new Uint8Array(0))), 1, 'Adler-32 of no bytes is 1');
});

test('checksum returns an unsigned number for results of 2^31 and above', async () => {
  const k = await loadKernel();
  const data = utf8('linear memory is just bytes');
  const got = attempt('checksum', () => checksum(k, data));
  assert.equal(
    hex(got),
    hex(adler32(data)),
    'the Rust function returns a u32, but WebAssembly has no unsigned types: JS receives an i32, negative ' +
      'when the top bit is set. Convert with `>>> 0`',
  );
});

test('checksum follows the protocol: alloc, copy, call with (ptr, len), free the same block', async () => {
  const real = await loadKernel();
  const calls: string[] = [];
  const spy: Kernel = {
    memory: real.memory,
    wb_alloc: (len) => {
      const ptr = real.wb_alloc(len);
      calls.push(`alloc(${len})->${ptr}`);
      return ptr;
    },
    wb_dealloc: (ptr, len) => {
      calls.push(`dealloc(${ptr},${len})`);
      real.wb_dealloc(ptr, len);
    },
    wb_adler32: (ptr, len) => {
      const seen = new Uint8Array(real.memory.buffer, ptr, len).slice();
      calls.push(`adler32(${ptr},${len}):${new TextDecoder().decode(seen)}`);
      return real.wb_adler32(ptr, len);
    },
    wb_ascii_uppercase: (ptr, len) => real.wb_ascii_uppercase(ptr, len),
  };
  attempt('checksum', () => checksum(spy, utf8('glue code')));
  const ptr = /^alloc\(9\)->(\d+)$/.exec(calls[0] ?? '')?.[1];
  assert.ok(ptr, `the first call should be wb_alloc(9) for the 9 bytes of "glue code"; calls were: ${JSON.stringify(calls)}`);
  assert.deepEqual(
    calls,
    [`alloc(9)->${ptr}`, `adler32(${ptr},9):glue code`, `dealloc(${ptr},9)`],
    'expected: wb_alloc(len), the bytes copied to that offset, wb_adler32(ptr, len), then wb_dealloc(ptr, len) ' +
      'with the same ptr and len (the Rust side frees with the layout of len bytes)',
  );
});

/** A kernel that records every call to the real one; `trap` makes wb_adler32 throw like a WebAssembly trap. */
function spyKernel(real: Kernel, options: { trap?: boolean } = {}) {
  const calls: string[] = [];
  const kernel: Kernel = {
    memory: real.memory,
    wb_alloc: (len) => {
      const ptr = real.wb_alloc(len);
      calls.push(`alloc(${len})->${ptr}`);
      return ptr;
    },
    wb_dealloc: (ptr, len) => {
      calls.push(`dealloc(${ptr},${len})`);
      real.wb_dealloc(ptr, len);
    },
    wb_adler32: (ptr, len) => {
      calls.push(`adler32(${ptr},${len})`);
      if (options.trap) throw new WebAssembly.RuntimeError('unreachable');
      return real.wb_adler32(ptr, len);
    },
    wb_ascii_uppercase: (ptr, len) => {
      calls.push(`uppercase(${ptr},${len})`);
      real.wb_ascii_uppercase(ptr, len);
    },
  };
  return { kernel, calls };
}

test('upperAscii follows the protocol with the byte length: alloc, call, free the same block', async () => {
  const { kernel, calls } = spyKernel(await loadKernel());
  const text = 'héllo'; // 5 characters, 6 UTF-8 bytes
  assert.equal(attempt(`upperAscii(${JSON.stringify(text)})`, () => upperAscii(kernel, text)), 'HéLLO', 'upperAscii("héllo") should be "HéLLO"');
  const ptr = /^alloc\(6\)->(\d+)$/.exec(calls[0] ?? '')?.[1];
  assert.ok(ptr, `the first call should be wb_alloc(6) for the 6 UTF-8 bytes of "héllo" (not its 5 characters); calls were: ${JSON.stringify(calls)}`);
  assert.deepEqual(
    calls,
    [`alloc(6)->${ptr}`, `uppercase(${ptr},6)`, `dealloc(${ptr},6)`],
    'expected: wb_alloc(byte length), wb_ascii_uppercase(ptr, byte length), then wb_dealloc with the same ptr and byte length',
  );
});

test('checksum frees its block even when the call into the module throws', async () => {
  const { kernel, calls } = spyKernel(await loadKernel(), { trap: true });
  assert.throws(() => checksum(kernel, utf8('trap')), WebAssembly.RuntimeError, 'a trap in wb_adler32 should reach the caller of checksum');
  const ptr = /^alloc\(4\)->(\d+)$/.exec(calls[0] ?? '')?.[1];
  assert.deepEqual(
    calls,
    [`alloc(4)->${ptr}`, `adler32(${ptr},4)`, `dealloc(${ptr},4)`],
    'when wb_adler32 throws, the block must still be freed: call wb_dealloc in a finally, or every failed call leaks its block',
  );
});

test('a 3 MiB input works although wb_alloc has to grow the memory', async () => {
  const k = await loadKernel(); // fresh: about 1 MiB of memory, so this allocation must grow it
  const data = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 31 + (i >> 9)) & 0xff);
  const got = attempt('checksum of 3 MiB', () => checksum(k, data));
  assert.equal(hex(got), hex(adler32(data)), 'wrong checksum for a 3 MiB input');
  const text = 'é'.repeat(1024 * 1024) + 'abc';
  sameText(
    attempt('upperAscii of a 2 MiB string', () => upperAscii(k, text)),
    'é'.repeat(1024 * 1024) + 'ABC',
    'upperAscii of a 2 MiB string ("é" × 1,048,576 + "abc") must handle inputs that make the memory grow too',
  );
});

/**
 * Compares two long strings without handing the runner a megabyte-long diff: finds the first index
 * where they differ and asserts on a short slice around it, with a message saying where.
 */
function sameText(actual: string, expected: string, what: string): void {
  if (actual === expected) return;
  let i = 0;
  while (i < actual.length && i < expected.length && actual[i] === expected[i]) i++;
  const around = (s: string) => JSON.stringify(s.slice(Math.max(0, i - 8), i + 24));
  assert.equal(
    around(actual),
    around(expected),
    `${what}: the result differs from character ${i.toLocaleString('en')} on ` +
      `(length ${actual.length.toLocaleString('en')}, expected ${expected.length.toLocaleString('en')}); ` +
      `got ${around(actual)} where ${around(expected)} was expected`,
  );
}

test('upperAscii works on UTF-8 bytes and leaves other characters alone', async () => {
  const k = await loadKernel();
  const cases: [string, string][] = [
    ['hello, wasm!', 'HELLO, WASM!'],
    ['héllo, wörld ß', 'HéLLO, WöRLD ß'],
    ['', ''],
  ];
  for (const [input, expected] of cases) {
    assert.equal(
      attempt(`upperAscii(${JSON.stringify(input)})`, () => upperAscii(k, input)),
      expected,
      `upperAscii(${JSON.stringify(input)}): copy in the UTF-8 bytes (TextEncoder; "é" is 2 bytes, so use ` +
        'the byte length, not text.length), then decode the same bytes after the call',
    );
  }
});

test('memory does not grow over many calls: every block is freed', async () => {
  const k = await loadKernel();
  const block = new Uint8Array(64 * 1024).fill(7);
  const text = 'x'.repeat(64 * 1024);
  checksum(k, block);
  upperAscii(k, text);
  const before = k.memory.buffer.byteLength;
  for (let i = 0; i < 300; i++) {
    checksum(k, block);
    upperAscii(k, text);
  }
  const grownMiB = (k.memory.buffer.byteLength - before) / 1024 / 1024;
  assert.ok(
    grownMiB < 2,
    `memory grew by ${grownMiB.toFixed(1)} MiB over 600 calls with 64 KiB each: a block that is never passed ` +
      'to wb_dealloc stays reserved for the life of the instance (no garbage collector reaches into linear memory)',
  );
});
