import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `npm start` builds the site only when its inputs changed since the last build, so a fresh clone
 * builds once and later starts are instant.
 */
const INPUTS = ['site', 'lessons', 'labs', 'vite.config.ts', 'package.json', 'package-lock.json'];
const SKIP = new Set(['node_modules', 'target', 'dist', '.cache']);
const STAMP = '.build-stamp';

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of readdirSync(p)) if (!SKIP.has(e)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

export function buildIsStale(root: string, distDir: string): boolean {
  const stamp = path.join(distDir, STAMP);
  if (!existsSync(stamp) || !existsSync(path.join(distDir, 'index.html'))) return true;
  const built = statSync(stamp).mtimeMs;
  return INPUTS.some((i) => newestMtime(path.join(root, i)) > built);
}

export async function ensureBuild(root: string, distDir: string, log: (msg: string) => void): Promise<void> {
  if (!buildIsStale(root, distDir)) return;
  log('Building the workbook (first start or sources changed)...');
  const started = performance.now();
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(path.join(distDir, STAMP), new Date().toISOString());
  log(`Built in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}
