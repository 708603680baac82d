import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

/**
 * Writes dist/sw.js from site/build/service-worker.js with the list of hashed assets to precache:
 * everything under assets/ except the compressed copies and the AssemblyScript compiler (13.5 MB,
 * only for the lab's kernel editor, which then needs the network once). Its version is a hash of
 * that list, so every build that changes an asset installs a new worker.
 */
const SKIP = /\.(br|gz|map)$|^asc-/;

export function serviceWorkerPlugin(): Plugin {
  let outDir = '';
  return {
    name: 'workbook-service-worker',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const assets = readdirSync(path.join(outDir, 'assets'))
        .filter((f) => !SKIP.test(f))
        .sort()
        .map((f) => `/assets/${f}`);
      const version = createHash('sha256').update(assets.join('\n')).update(readFileSync(path.join(outDir, 'index.html'))).digest('hex').slice(0, 16);
      const source = readFileSync(path.join(import.meta.dirname, 'service-worker.js'), 'utf8')
        .replace("'__VERSION__'", JSON.stringify(version))
        .replace("'__PRECACHE__'", JSON.stringify(JSON.stringify(assets)));
      writeFileSync(path.join(outDir, 'sw.js'), source);
    },
  };
}
