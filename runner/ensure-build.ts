import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `npm start` builds the site only when its inputs changed since the last build, so a fresh clone
 * builds once and later starts are instant. The build runs in a child process (vite's own CLI): run
 * inside the runner, Rollup's graph stayed resident afterwards (about 1.6 GiB RSS here after the first
 * start, against about 0.1 GiB with the child).
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

export class BuildError extends Error {}

/** Runs `vite build` in a child `node` with the output on this terminal; rejects with BuildError when it fails. */
export function runViteBuild(root: string, options: { viteBin?: string; args?: string[] } = {}): Promise<void> {
  const viteBin = options.viteBin ?? path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const args = options.args ?? ['build', '--config', path.join(root, 'vite.config.ts'), '--logLevel', 'warn'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [viteBin, ...args], { cwd: root, stdio: 'inherit' });
    child.on('error', (e) => reject(new BuildError(`could not start the build (${process.execPath} ${viteBin}): ${e.message}`)));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new BuildError(`the build failed (vite build ${signal ? `was killed by ${signal}` : `exited with code ${code}`}); its error is above`));
    });
  });
}

export async function ensureBuild(root: string, distDir: string, log: (msg: string) => void, build: (root: string) => Promise<void> = runViteBuild): Promise<boolean> {
  if (!buildIsStale(root, distDir)) return false;
  log('Building the workbook (first start or sources changed)...');
  const started = performance.now();
  await build(root);
  writeFileSync(path.join(distDir, STAMP), new Date().toISOString());
  log(`Built in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  return true;
}
