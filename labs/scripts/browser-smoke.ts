/**
 * npx tsx labs/scripts/browser-smoke.ts [--build]
 *
 * --build serves a production build (vite build + vite preview) instead of the dev server.
 *
 * Runs the quick benchmark profile in headless Chromium through the browser platform (Web Workers,
 * fetched .wasm, SharedArrayBuffer under COOP/COEP), served by Vite's dev server, and prints the table.
 * Not part of CI: it needs a browser. Browser choice: $LABS_CHROMIUM, else Playwright's own Chromium,
 * else /usr/bin/chromium (Debian: apt-get install -y chromium; elsewhere: npx playwright install chromium).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from '@playwright/test';
import { build, createServer, preview } from 'vite';
import type { BenchResult, RunReport } from '../engine/types.ts';
import { formatEnvironment, formatResults } from '../cli/format.ts';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

async function launch(): Promise<Browser> {
  const explicit = process.env.LABS_CHROMIUM;
  if (explicit) return chromium.launch({ executablePath: explicit, args: ARGS });
  try {
    return await chromium.launch({ args: ARGS });
  } catch {
    if (existsSync('/usr/bin/chromium')) return chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
    throw new Error('No Chromium found. Set LABS_CHROMIUM, run `npx playwright install chromium`, or `apt-get install -y chromium`.');
  }
}

const root = fileURLToPath(new URL('./browser-smoke/', import.meta.url));
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
const useBuild = process.argv.includes('--build');
const outDir = useBuild ? mkdtempSync(join(tmpdir(), 'labs-smoke-')) : '';

async function startServer(): Promise<{ url: string; close(): Promise<void> }> {
  if (useBuild) {
    await build({ configFile: false, root, logLevel: 'warn', build: { outDir, emptyOutDir: true, target: 'es2022' }, worker: { format: 'es' } });
    const server = await preview({ configFile: false, root, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, headers: isolation } });
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('vite preview did not report a URL');
    return { url, close: () => server.close() };
  }
  const server = await createServer({
    configFile: false,
    root,
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: 0, headers: isolation, fs: { allow: [repoRoot] } },
    worker: { format: 'es' },
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite did not report a URL');
  return { url, close: () => server.close() };
}

let browser: Browser | undefined;
const server = await startServer();
try {
  const url = server.url;
  browser = await launch();
  const page = await browser.newPage();
  let report: RunReport | undefined;
  page.on('console', (message) => {
    const text = message.text();
    if (text.startsWith('RESULT ')) {
      const r = JSON.parse(text.slice(7)) as BenchResult;
      process.stderr.write(`${r.workload} · ${r.label}: ${r.ok ? `${r.latency?.mean.toFixed(3)} ms` : r.error}\n`);
    } else if (text.startsWith('REPORT ')) {
      report = JSON.parse(text.slice(7)) as RunReport;
    }
  });
  page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('status')?.textContent !== 'running', null, { timeout: 180_000 });
  const status = await page.textContent('#status');
  if (status !== 'done' || !report) throw new Error(`smoke page ended with: ${status}`);
  console.log(`${formatEnvironment(report.environment)}\n\n${formatResults(report.results)}`);
  const failed = report.results.filter((r) => !r.ok && !r.skipped);
  if (failed.length > 0) throw new Error(`${failed.length} approach(es) failed in the browser`);
} finally {
  await browser?.close();
  await server.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
}
