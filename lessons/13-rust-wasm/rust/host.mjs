// Loads the module with nothing but the standard WebAssembly API: no generated glue.
//   node host.mjs path/to/wasm_checksum.wasm
import { readFile } from 'node:fs/promises';

const file = process.argv[2];
if (!file) throw new Error('usage: node host.mjs <module.wasm>');
const { instance } = await WebAssembly.instantiate(await readFile(file));
const { memory, wb_alloc, wb_dealloc, wb_adler32, wb_ascii_uppercase } = instance.exports;

const input = new TextEncoder().encode('Hello, Wasm!');
const ptr = wb_alloc(input.length);
if (ptr === 0) throw new Error('out of memory');
// Create the view after wb_alloc: growing memory replaces memory.buffer and detaches old views.
new Uint8Array(memory.buffer, ptr, input.length).set(input);
const fromWasm = wb_adler32(ptr, input.length) >>> 0; // i32 -> unsigned
wb_ascii_uppercase(ptr, input.length);
const upper = new TextDecoder().decode(new Uint8Array(memory.buffer, ptr, input.length));
wb_dealloc(ptr, input.length);

// The same checksum in JavaScript, to check the module against.
let a = 1, b = 0;
for (const byte of input) { a = (a + byte) % 65521; b = (b + a) % 65521; }
const expected = ((b << 16) | a) >>> 0;

console.log(`adler32 = 0x${fromWasm.toString(16)} (JS: 0x${expected.toString(16)}), upper = ${upper}`);
if (fromWasm !== expected || upper !== 'HELLO, WASM!') process.exit(1);
