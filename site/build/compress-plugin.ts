import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/**
 * Writes a brotli (`.br`) and a gzip (`.gz`) copy beside every text asset of the build that is worth
 * it, so the local runner (sirv with `brotli`/`gzip`) and static hosts that look for precompressed
 * files serve them by `Accept-Encoding` without compressing on every request. A copy is kept only
 * when it is at least 10 % smaller than the original.
 */
const COMPRESSIBLE = /\.(js|mjs|css|html|json|svg|txt|wasm|map|ts)$/;
const MIN_BYTES = 1024;

export function compressPlugin(): Plugin {
  let outDir = '';
  return {
    name: 'workbook-compress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      let files = 0;
      for (const file of walk(outDir)) {
        if (!COMPRESSIBLE.test(file)) continue;
        const data = readFileSync(file);
        if (data.length < MIN_BYTES) continue;
        const br = brotliCompressSync(data, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
        });
        if (br.length < data.length * 0.9) writeFileSync(`${file}.br`, br);
        const gz = gzipSync(data, { level: 9 });
        if (gz.length < data.length * 0.9) writeFileSync(`${file}.gz`, gz);
        files++;
      }
      this.info?.(`precompressed ${files} assets (brotli, gzip)`);
    },
  };
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (!p.endsWith('.br') && !p.endsWith('.gz')) yield p;
  }
}
