import { checksum, loadKernel, upperAscii } from './kernel.js';

/** Adler-32 in plain TypeScript, to check the module's answer against. */
function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

const kernel = await loadKernel();
const pages = kernel.memory.buffer.byteLength / 65536;
console.log(`loaded the Rust module: ${pages} pages of linear memory`);

for (const text of ['Wikipedia', 'Hello, Wasm!', 'x'.repeat(5000)]) {
  const bytes = new TextEncoder().encode(text);
  const hex = (n: number) => `0x${n.toString(16)}`;
  const label = text.length > 20 ? `${text.slice(0, 12)}… (${text.length} chars)` : JSON.stringify(text);
  console.log(`adler32 ${label}: wasm ${hex(checksum(kernel, bytes))}, TypeScript ${hex(adler32(bytes))}`);
}
console.log(`upperAscii "héllo, wasm!": ${JSON.stringify(upperAscii(kernel, 'héllo, wasm!'))}`);
console.log(`memory now: ${kernel.memory.buffer.byteLength / 65536} pages`);
