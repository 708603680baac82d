/**
 * `npm run perf:pages` (part of `npm run perf`): what a learner's browser downloads and waits for,
 * measured in real Chromium against the production build served by `npm start` (started here on a
 * free port, with the local runner). For the home page, a lesson and /lab:
 *   - cold (a fresh browser context: empty cache, service worker blocked) and warm (p50 of WARM reloads
 *     in a context where a first visit installed the service worker);
 *   - bytes on the wire (encoded, as transferred) and decoded, from the DevTools protocol;
 *   - time to "Run enabled" (the lesson's Run button can be pressed) and to "editor ready" (Monaco has
 *     rendered the file), from navigation start;
 *   - the lesson cold at 20 Mbit/s and 40 ms latency (Network.emulateNetworkConditions);
 * plus the initial JS and CSS of the entry page, gzipped, and the size of dist/; and the Rust track's
 * keystroke-to-marker time (typing a type error in src/lib.rs until rustc's E0308 is in the Problems
 * list, p50 of RUST_SAMPLES, warm: the debounce, the runner's `cargo check` and the page's rendering).
 * Budgets (issue 10) are printed beside the figures; nothing here fails on a figure: timings vary
 * with the machine's load. Options: --json FILE, --warm N (default 5), --lesson <slug>, --port N (default: a
 * free one).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const WARM = Number(option('--warm') ?? 5);
const LESSON = option('--lesson') ?? 'async-tokio';
const jsonOut = option('--json');
const TOKEN = 'perf-pages-token';
const RUST_SAMPLES = Number(option('--rust-samples') ?? 10);
const RUST_LESSON = option('--rust-lesson') ?? 'newtypes';
const THROTTLE = { offline: false, latency: 40, downloadThroughput: (20 * 1024 * 1024) / 8, uploadThroughput: (20 * 1024 * 1024) / 8 };

export const BUDGETS = {
  lessonEditorReadyColdMs: 800,
  lessonRunEnabledColdMs: 400,
  lessonThrottledEditorReadyMs: 3000,
  lessonThrottledWireBytes: 2.5 * 1024 * 1024,
  labColdWireBytes: 1.5 * 1024 * 1024,
  initialJsGzipBytes: 150 * 1024,
  rustKeystrokeToMarkerMs: 1500,
};

interface Load {
  wireBytes: number;
  decodedBytes: number;
  requests: number;
  runEnabledMs: number | null;
  editorReadyMs: number | null;
  loadMs: number;
}

interface PageFigures {
  page: string;
  path: string;
  cold: Load;
  warm: Load;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function startWorkbook(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(root, 'runner', 'cli.ts')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), WORKBOOK_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not print its URL within 300 s:\n${log}`)), 300_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('Open: http')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}):\n${log}`)));
  });
  return child;
}

/** One navigation, counted through the DevTools protocol (every request of the page and its workers). */
async function measure(context: BrowserContext, url: string, opts: { lesson: boolean; throttle?: boolean }): Promise<Load> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  if (opts.throttle) await cdp.send('Network.emulateNetworkConditions', THROTTLE);
  let wireBytes = 0;
  let decodedBytes = 0;
  let requests = 0;
  cdp.on('Network.dataReceived', (e: { dataLength: number }) => (decodedBytes += e.dataLength));
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
    wireBytes += e.encodedDataLength;
    requests++;
  });
  const started = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  const loadMs = Date.now() - started;
  let runEnabledMs: number | null = null;
  let editorReadyMs: number | null = null;
  if (opts.lesson) {
    const run = page.getByRole('button', { name: 'Run', exact: true });
    const editor = page.locator('.monaco-editor .view-lines .view-line').first();
    await Promise.all([
      run.waitFor({ state: 'visible', timeout: 60_000 }).then(async () => {
        await page.waitForFunction(() => {
          const b = [...document.querySelectorAll('button')].find((x) => x.textContent?.trim().endsWith('Run'));
          return b !== undefined && !b.disabled;
        }, undefined, { timeout: 60_000 });
        runEnabledMs = Date.now() - started;
      }),
      editor.waitFor({ state: 'visible', timeout: 60_000 }).then(() => (editorReadyMs = Date.now() - started)),
    ]);
  }
  // Let lazily started requests (Monaco's workers, type declarations) finish before counting.
  await page.waitForLoadState('networkidle', { timeout: 60_000 }).catch(() => undefined);
  await page.close();
  return { wireBytes, decodedBytes, requests, runEnabledMs, editorReadyMs, loadMs };
}

/**
 * Keystroke to marker on the Rust track: a type error typed at the end of src/lib.rs, timed until the
 * Problems list shows rustc's E0308, then undone (and waited for) before the next sample. null when
 * the runner has no cargo.
 */
async function rustMarkerTimes(browser: Browser, base: string): Promise<number[] | null> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(`${base}/lessons/${RUST_LESSON}?token=${TOKEN}&track=rust`);
    const problems = page.getByRole('list', { name: 'Problems' });
    const editor = page.getByRole('textbox', { name: 'Editor' });
    await editor.waitFor({ state: 'attached', timeout: 60_000 });
    if (await page.getByRole('note', { name: 'Rust toolchain' }).count()) return null;
    await page.waitForTimeout(3000); // the first view's cargo check (it builds the crate once)
    const times: number[] = [];
    for (let i = 0; i <= RUST_SAMPLES; i++) {
      await editor.focus();
      await page.keyboard.press('Control+End');
      const started = Date.now();
      await page.keyboard.type(`\npub fn broken${i}() -> u32 { "x" }`);
      await problems.getByRole('listitem').filter({ hasText: 'E0308' }).first().waitFor({ timeout: 60_000 });
      if (i > 0) times.push(Date.now() - started); // the first one warms the check of an edited crate
      await editor.focus();
      await page.keyboard.press('Control+End');
      await page.keyboard.press('Shift+Home');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      await problems.getByRole('listitem').filter({ hasText: 'E0308' }).first().waitFor({ state: 'detached', timeout: 60_000 });
    }
    return times;
  } finally {
    await context.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function medianLoad(loads: Load[]): Load {
  const pick = (f: (l: Load) => number | null) => {
    const xs = loads.map(f).filter((x): x is number => x !== null);
    return xs.length ? median(xs) : null;
  };
  return {
    wireBytes: pick((l) => l.wireBytes)!,
    decodedBytes: pick((l) => l.decodedBytes)!,
    requests: pick((l) => l.requests)!,
    runEnabledMs: pick((l) => l.runEnabledMs),
    editorReadyMs: pick((l) => l.editorReadyMs),
    loadMs: pick((l) => l.loadMs)!,
  };
}

async function pageFigures(browser: Browser, base: string, name: string, urlPath: string, lesson: boolean): Promise<PageFigures> {
  const url = `${base}${urlPath}${urlPath.includes('?') ? '&' : '?'}token=${TOKEN}`;
  // Cold without the service worker: once it controls a page it fetches Monaco and the types itself,
  // outside this page's DevTools session, and the page's bytes would look smaller than they are. What
  // it precaches in the background is printed on its own (precacheBytes).
  const coldContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: 'block' });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const cold = await measure(coldContext, url, { lesson });
    // Warm: the second visit as a learner has it, HTTP cache and service worker (installed by a first
    // visit that is not counted).
    await measure(context, url, { lesson });
    const primer = await context.newPage();
    await primer.goto(url);
    await primer.evaluate(() => navigator.serviceWorker?.ready);
    await primer.close();
    const warm: Load[] = [];
    for (let i = 0; i < WARM; i++) warm.push(await measure(context, url, { lesson }));
    return { page: name, path: urlPath, cold, warm: medianLoad(warm) };
  } finally {
    await coldContext.close();
    await context.close();
  }
}

/** What dist/sw.js precaches after a first page's load (brotli copies where the build wrote them). */
function precacheBytes(dist: string): { files: number; wireBytes: number; decodedBytes: number } {
  const sw = readFileSync(path.join(dist, 'sw.js'), 'utf8');
  const list = JSON.parse(JSON.parse(/JSON\.parse\(("(?:[^"\\]|\\.)*")\)/.exec(sw)![1]!) as string) as string[];
  let wireBytes = 0;
  let decodedBytes = 0;
  for (const f of list) {
    const file = path.join(dist, f);
    decodedBytes += statSync(file).size;
    wireBytes += statSync(existsSync(`${file}.br`) ? `${file}.br` : file).size;
  }
  return { files: list.length, wireBytes, decodedBytes };
}

/**
 * A route's own scripts and styles (its index.html: the entry, its static imports and the route's page
 * chunks, via modulepreload), gzipped. The budget is read on the home page's; a lesson's is printed too.
 */
function initialAssets(dist: string, route = ''): { jsGzip: number; cssGzip: number; files: string[] } {
  const html = readFileSync(path.join(dist, route, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  let jsGzip = 0;
  let cssGzip = 0;
  for (const ref of new Set(refs)) {
    const size = gzipSync(readFileSync(path.join(dist, ref))).length;
    if (ref.endsWith('.js')) jsGzip += size;
    else cssGzip += size;
  }
  return { jsGzip, cssGzip, files: [...new Set(refs)] };
}

function dirSize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    total += entry.isDirectory() ? dirSize(p) : statSync(p).size;
  }
  return total;
}

const kb = (n: number | null) => (n === null ? '—' : `${(n / 1024).toFixed(0)} KB`);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`;
const ms = (n: number | null) => (n === null ? '—' : `${Math.round(n)} ms`);
const verdict = (value: number | null, budget: number) => (value === null ? 'not measured' : value <= budget ? 'met' : 'MISSED');

async function main() {
  const port = option('--port') ? Number(option('--port')) : await freePort();
  const workbook = await startWorkbook(port);
  const base = `http://127.0.0.1:${port}`;
  const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  const browser = await chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const pages = [
      await pageFigures(browser, base, 'home', '/', false),
      await pageFigures(browser, base, 'lesson', `/lessons/${LESSON}`, true),
      await pageFigures(browser, base, 'lab', '/lab', false),
    ];
    const throttledContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: 'block' });
    const throttled = await measure(throttledContext, `${base}/lessons/${LESSON}?token=${TOKEN}`, { lesson: true, throttle: true });
    await throttledContext.close();
    const rustTimes = await rustMarkerTimes(browser, base);
    const rustMarkerP50 = rustTimes && rustTimes.length ? median(rustTimes) : null;
    const dist = path.join(root, 'dist');
    const initial = initialAssets(dist);
    const lessonInitial = initialAssets(dist, path.join('lessons', LESSON));
    const precache = precacheBytes(dist);
    const distBytes = dirSize(dist);

    console.log(`\nPages (production build from npm start, Chromium; warm = p50 of ${WARM} reloads)\n`);
    console.log('| page | cold: wire | cold: decoded | cold: Run enabled | cold: editor ready | warm: wire | warm: Run enabled | warm: editor ready |');
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const p of pages) {
      console.log(
        `| ${p.page} (${p.path}) | ${kb(p.cold.wireBytes)} | ${kb(p.cold.decodedBytes)} | ${ms(p.cold.runEnabledMs)} | ${ms(p.cold.editorReadyMs)} | ${kb(p.warm.wireBytes)} | ${ms(p.warm.runEnabledMs)} | ${ms(p.warm.editorReadyMs)} |`,
      );
    }
    console.log(`\nLesson cold at 20 Mbit/s, 40 ms: ${kb(throttled.wireBytes)} on the wire, editor ready ${ms(throttled.editorReadyMs)}, Run enabled ${ms(throttled.runEnabledMs)}`);
    console.log(
      rustTimes
        ? `Rust track, keystroke to marker (${RUST_LESSON}, warm): p50 ${ms(rustMarkerP50)} of ${rustTimes.length}, min ${ms(Math.min(...rustTimes))}, max ${ms(Math.max(...rustTimes))}`
        : 'Rust track, keystroke to marker: not measured (the runner has no cargo)',
    );
    console.log(`Initial JS ${kb(initial.jsGzip)} gzipped, CSS ${kb(initial.cssGzip)} gzipped (${initial.files.length} files); dist/ ${mb(distBytes)}`);
    console.log(`Service worker precache, fetched in the background after a first page's load: ${precache.files} files, ${mb(precache.wireBytes)} brotli (${mb(precache.decodedBytes)} decoded)`);
    console.log(`Initial JS of a lesson (${LESSON}: entry, lesson page, its content) ${kb(lessonInitial.jsGzip)} gzipped (${lessonInitial.files.length} files)\n`);
    const lesson = pages[1]!;
    const lab = pages[2]!;
    const budgetRows: [string, number | null, number, (n: number | null) => string][] = [
      ['lesson cold: editor ready', lesson.cold.editorReadyMs, BUDGETS.lessonEditorReadyColdMs, ms],
      ['lesson cold: Run enabled', lesson.cold.runEnabledMs, BUDGETS.lessonRunEnabledColdMs, ms],
      ['lesson throttled: editor ready', throttled.editorReadyMs, BUDGETS.lessonThrottledEditorReadyMs, ms],
      ['lesson throttled: bytes on the wire', throttled.wireBytes, BUDGETS.lessonThrottledWireBytes, kb],
      ['/lab cold: bytes on the wire', lab.cold.wireBytes, BUDGETS.labColdWireBytes, kb],
      ['initial JS, gzipped', initial.jsGzip, BUDGETS.initialJsGzipBytes, kb],
      ['Rust: keystroke to marker, p50', rustMarkerP50, BUDGETS.rustKeystrokeToMarkerMs, ms],
    ];
    console.log('| budget | measured | target | |');
    console.log('| --- | --- | --- | --- |');
    for (const [name, value, budget, fmt] of budgetRows) console.log(`| ${name} | ${fmt(value)} | ${fmt(budget)} | ${verdict(value, budget)} |`);
    if (jsonOut) {
      writeFileSync(jsonOut, JSON.stringify({ measuredAt: new Date().toISOString(), pages, throttled, rust: { lesson: RUST_LESSON, keystrokeToMarkerMs: rustTimes }, initial, lessonInitial, precache, distBytes, budgets: BUDGETS }, null, 2));
      console.log(`\nwrote ${jsonOut}`);
    }
  } finally {
    await browser.close();
    workbook.kill('SIGINT');
  }
}

await main();
