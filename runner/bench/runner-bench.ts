/**
 * `npm run bench:runner` (and `npm run perf`): the local runner's cost, measured against a bare
 * `node` spawn of the same file in the same process, on this machine, now.
 *
 *   1. latency: time from the request to the first byte of output, sequentially, interleaved with
 *      (a) a bare `node src/main.js` spawn and (b) the same spawn inside the runner's seat belts
 *      (sh + ulimit + NODE_OPTIONS with the permission model), so the difference is attributed;
 *   2. throughput: RUNS runs through the HTTP API with every slot busy; runs/s sustained;
 *   3. the runner's RSS before and after those runs (after a GC).
 *
 * The runner runs in this process on a free loopback port; requests are real HTTP. Options:
 *   --runs N (default 500)   --samples N (default 150)   --json FILE
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import v8 from 'node:v8';
import type { LessonSource } from '../../contracts/lesson-loader.ts';
import type { RunnerEvent } from '../../contracts/runner-protocol.ts';
import { DEFAULT_PROCESS_LIMITS, detectSeatBelts, permissionOptions, ulimitPrefix, withExec } from '../seat-belts.ts';
import { startRunner } from '../server.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const RUNS = option('--runs', 500);
const SAMPLES = option('--samples', 150);
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MAIN = `console.log('hello from the bench');\n`;
const lesson: LessonSource = {
  id: '00-bench',
  slug: 'bench',
  order: 0,
  dir: '/nonexistent',
  meta: {
    title: 'bench',
    summary: 'bench',
    source: { article: 'top-10-rust-backend-2026', practice: 'bench' },
    minutes: 1,
    objectives: ['bench'],
    rust: { listings: ['src/main.rs'], needsCrates: [] },
    exercise: { open: ['src/main.js'], preview: false, runOutput: 'hello', timeouts: { run: 30 } },
    hints: ['bench'],
  },
  markdown: { prose: '', exercise: '', instructor: '' },
  rust: { files: [] },
  starter: {},
  solution: {},
  wrong: {},
  scripts: { run: 'node src/main.js', check: 'node --test' },
};
const files = { 'package.json': JSON.stringify({ name: 'bench', type: 'module' }), 'src/main.js': MAIN };

const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runner-bench-')));
const runRoot = path.join(root, 'runs');
const bareDir = path.join(root, 'bare');
mkdirSync(runRoot);
mkdirSync(path.join(bareDir, 'src'), { recursive: true });
writeFileSync(path.join(bareDir, 'package.json'), files['package.json']);
writeFileSync(path.join(bareDir, 'src', 'main.js'), MAIN);
const nodeModulesDir = path.resolve('node_modules');

const token = 'bench-token-0123456789abcdefghijklmnopqrstuv';
const runner = await startRunner({
  host: '127.0.0.1',
  port: 0,
  token,
  distDir: null,
  lessons: [lesson],
  nodeModulesDir,
  version: 'bench',
  runRoot,
  limits: { maxQueuedRuns: 1000 },
});
const belts = await detectSeatBelts();
const slots = runner.info.limits.maxConcurrentRuns;
const agent = new http.Agent({ keepAlive: true, maxSockets: slots * 2 });

/** ms from spawn to the first stdout byte, and to exit. */
function spawnFirstOutput(command: string, argv: string[], env: NodeJS.ProcessEnv): Promise<{ first: number; total: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let first = 0;
    const child = spawn(command, argv, { cwd: bareDir, env, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.once('data', () => (first = performance.now() - started));
    child.on('error', reject);
    child.on('close', () => resolve({ first, total: performance.now() - started }));
  });
}

const bareNode = () => spawnFirstOutput(process.execPath, ['src/main.js'], { PATH: process.env.PATH });
const beltedNode = () => {
  const nodeOptions = [`--max-old-space-size=${DEFAULT_PROCESS_LIMITS.heapMb}`, ...(belts.nodePermissions ? permissionOptions(belts.nodePermissions, { read: [bareDir, nodeModulesDir], write: [bareDir] }) : [])];
  return spawnFirstOutput('/bin/sh', ['-c', ulimitPrefix(belts, DEFAULT_PROCESS_LIMITS, null) + withExec(`${process.execPath} src/main.js`)], { PATH: process.env.PATH, NODE_OPTIONS: nodeOptions.join(' ') });
};

/** ms from the request to the first output event, and to the exit event. */
function runnerRun(): Promise<{ first: number; total: number; ok: boolean }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let first = 0;
    let ok = false;
    const req = http.request(
      { host: '127.0.0.1', port: runner.port, method: 'POST', path: '/api/runs', agent, headers: { host: `127.0.0.1:${runner.port}`, authorization: `Bearer ${token}`, 'content-type': 'application/json' } },
      (res) => {
        let buffer = '';
        res.on('data', (c: Buffer) => {
          buffer += c.toString('utf8');
          let nl;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            const event = JSON.parse(buffer.slice(0, nl)) as RunnerEvent;
            buffer = buffer.slice(nl + 1);
            if (event.type === 'output' && !first) first = performance.now() - started;
            if (event.type === 'exit') ok = event.code === 0 && first > 0;
          }
        });
        res.on('end', () => resolve({ first, total: performance.now() - started, ok }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ lessonId: lesson.id, script: 'run', files }));
  });
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}
const mib = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
const ms = (x: number) => `${x.toFixed(1)} ms`;

console.log(`Local runner benchmark: node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'cpu'}, ${os.platform()} ${os.release()}`);
console.log(
  `Seat belts here: permission model ${belts.nodePermissions ?? 'no'}, RLIMIT_DATA ${belts.processMemoryLimit ? 'yes' : 'no'}, RLIMIT_NPROC ${belts.processCountLimit ? 'yes' : 'no (root or not Linux)'}, /proc watchdog ${belts.processWatch ? 'yes' : 'no'}; ${slots} slots`,
);

// Warm-up: first spawns pay for disk caches and JIT of the runner's own code.
for (let i = 0; i < 10; i++) await Promise.all([bareNode(), runnerRun(), beltedNode()]);

// 1. Latency, interleaved so that machine noise hits the three alike.
const lat = { bare: [] as number[], belted: [] as number[], runner: [] as number[], runnerTotal: [] as number[], bareTotal: [] as number[] };
let failures = 0;
for (let i = 0; i < SAMPLES; i++) {
  const b = await bareNode();
  lat.bare.push(b.first);
  lat.bareTotal.push(b.total);
  lat.belted.push((await beltedNode()).first);
  const r = await runnerRun();
  if (!r.ok) failures++;
  lat.runner.push(r.first);
  lat.runnerTotal.push(r.total);
}

// 2. and 3. Throughput with every slot busy, and the runner's memory around it; first the same
// number of bare spawns, as many at once, for what this machine manages without the runner right now.
const bareStarted = performance.now();
let bareNext = 0;
await Promise.all(
  Array.from({ length: slots }, async () => {
    while (bareNext++ < RUNS) await bareNode();
  }),
);
const bareSeconds = (performance.now() - bareStarted) / 1000;
gc();
const rssBefore = process.memoryUsage().rss;
const heapBefore = process.memoryUsage().heapUsed;
const started = performance.now();
let next = 0;
const worker = async () => {
  while (next < RUNS) {
    next++;
    const r = await runnerRun();
    if (!r.ok) failures++;
  }
};
await Promise.all(Array.from({ length: slots * 2 }, worker));
const seconds = (performance.now() - started) / 1000;
await new Promise((r) => setTimeout(r, 500));
gc();
const rssAfter = process.memoryUsage().rss;
const heapAfter = process.memoryUsage().heapUsed;

const rows: [string, string, string][] = [
  ['bare `node src/main.js` spawn', ms(quantile(lat.bare, 0.5)), ms(quantile(lat.bare, 0.99))],
  ['same spawn inside the seat belts (sh, ulimit, permissions)', ms(quantile(lat.belted, 0.5)), ms(quantile(lat.belted, 0.99))],
  ['runner: HTTP request -> first output', ms(quantile(lat.runner, 0.5)), ms(quantile(lat.runner, 0.99))],
  ['runner: HTTP request -> exit event (dir removed)', ms(quantile(lat.runnerTotal, 0.5)), ms(quantile(lat.runnerTotal, 0.99))],
];
const width = Math.max(...rows.map((r) => r[0].length));
console.log(`\nTime to first output (${SAMPLES} sequential samples each, interleaved)`);
console.log(`  ${'what'.padEnd(width)}  ${'p50'.padStart(9)}  ${'p99'.padStart(9)}`);
for (const [what, p50, p99] of rows) console.log(`  ${what.padEnd(width)}  ${p50.padStart(9)}  ${p99.padStart(9)}`);
console.log(`  runner overhead at p50: ${ms(quantile(lat.runner, 0.5) - quantile(lat.bare, 0.5))} over a bare spawn`);
console.log(`\nThroughput: ${RUNS} runs, ${slots} at once (${slots * 2} clients)`);
console.log(`  runner, sustained        ${(RUNS / seconds).toFixed(1)} runs/s  (${seconds.toFixed(1)} s)`);
console.log(`  bare spawns, ${slots} at once  ${(RUNS / bareSeconds).toFixed(1)} runs/s  (${bareSeconds.toFixed(1)} s)`);
console.log(`  load average now: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (other work on the machine skews both alike)`);
console.log(`\nRunner memory (RSS after GC)`);
console.log(`  before ${RUNS} runs   ${mib(rssBefore)}`);
console.log(`  after  ${RUNS} runs   ${mib(rssAfter)}  (${rssAfter >= rssBefore ? '+' : ''}${mib(rssAfter - rssBefore)})`);
console.log(`  JS heap in use      ${mib(heapBefore)} -> ${mib(heapAfter)} (what a leak would grow; RSS also holds freed pages)`);
console.log(`\nFailed runs: ${failures}`);

if (jsonOut) {
  writeFileSync(
    jsonOut,
    JSON.stringify({ node: process.version, cpus: os.cpus().length, belts, slots, samples: SAMPLES, runs: RUNS, latencyMs: lat, runsPerSecond: RUNS / seconds, bareRunsPerSecond: RUNS / bareSeconds, loadavg: os.loadavg(), rssBefore, rssAfter, heapBefore, heapAfter, failures }, null, 2),
  );
}

agent.destroy();
await runner.close();
rmSync(root, { recursive: true, force: true });
process.exit(failures > 0 ? 1 : 0);
