/**
 * `npm run bench:runner` (and `npm run perf`): the local runner's cost on this machine, now, measured
 * against the same work without it in the same process, interleaved so machine noise hits all alike.
 *
 *   1. time to first output of `node src/main.js`: a bare spawn, the same spawn inside the seat belts
 *      (sh + ulimit + NODE_OPTIONS), the runner over HTTP with the seat belts only, and the runner over
 *      HTTP inside the sandbox (bubblewrap): the sandbox's added ms against the target (≤ 15 ms p50);
 *   2. Check time of a real lesson (`node --test` with the workbook's reporter): bare, runner with the
 *      seat belts only, runner in the sandbox;
 *   3. throughput: RUNS runs through the HTTP API with every slot busy, against bare spawns;
 *   4. the runner's RSS before and after those runs (after a GC), and the resident memory of a runner
 *      started as `npm start -- --no-build` does, in a process of its own, once it listens;
 *   5. the Rust track (skipped with the reason without cargo): lesson 02-async-tokio in an empty slot
 *      (cold, once), then warm Check (cargo test) after a one-line edit of src/lib.rs through the HTTP
 *      API against the same `cargo test` run directly on the same crate and target dir, and warm
 *      `diagnose`; p50 against the targets (≤ 2 s, ≤ 1.3× direct).
 *
 * Options: --runs N (500)  --samples N (150)  --check-samples N (15)  --rust-samples N (10)
 *          --check-lesson ID (08-newtypes)  --no-rust  --json FILE
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import v8 from 'node:v8';
import type { LessonSource } from '../../contracts/lesson-loader.ts';
import { loadLessonSources } from '../../contracts/lesson-loader.ts';
import { REPORTER_PATH } from '../../contracts/node-test-report.ts';
import { toRunnableFiles } from '../../contracts/project-files.ts';
import type { ProjectFiles } from '../../contracts/project.ts';
import type { RunnerEvent, RunnerSeatBelts } from '../../contracts/runner-protocol.ts';
import { cargoArgs, DEFAULT_CARGO_LIMITS } from '../cargo/cargo-run.ts';
import { crateSourceFrom, DEBIAN_REGISTRY, type CrateSource } from '../cargo/crate-source.ts';
import { resolveLesson } from '../cargo/resolve.ts';
import { detectRustToolchain } from '../cargo/toolchain.ts';
import { INSTALL_HINT } from '../sandbox.ts';
import { DEFAULT_PROCESS_LIMITS, detectSeatBelts, permissionOptions, ulimitPrefix, useSeatBelts, withExec } from '../seat-belts.ts';
import { startRunner } from '../server.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const RUNS = option('--runs', 500);
const SAMPLES = option('--samples', 150);
const CHECK_SAMPLES = option('--check-samples', 15);
const RUST_SAMPLES = option('--rust-samples', 10);
const CHECK_LESSON = args.includes('--check-lesson') ? args[args.indexOf('--check-lesson') + 1]! : '08-newtypes';
const RUST_LESSON = '02-async-tokio';
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const benchStarted = performance.now();

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

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const lessons = loadLessonSources(path.join(repo, 'lessons'));
const checkLesson = lessons.find((l) => l.id === CHECK_LESSON);
if (!checkLesson) throw new Error(`no lesson ${CHECK_LESSON}`);
const reporter = { [REPORTER_PATH]: readFileSync(path.join(repo, 'contracts', 'node-test-reporter.mjs'), 'utf8') };
const checkFiles = toRunnableFiles({ ...checkLesson.starter, ...checkLesson.solution, ...reporter }).files;
const rustLesson = lessons.find((l) => l.id === RUST_LESSON);

const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runner-bench-')));
const runRoot = path.join(root, 'runs');
const bareDir = path.join(root, 'bare');
const bareCheckDir = path.join(root, 'bare-check');
mkdirSync(runRoot);
mkdirSync(path.join(bareDir, 'src'), { recursive: true });
writeFileSync(path.join(bareDir, 'package.json'), files['package.json']);
writeFileSync(path.join(bareDir, 'src', 'main.js'), MAIN);
const nodeModulesDir = path.join(repo, 'node_modules');
writeTree(bareCheckDir, checkFiles);
symlinkSync(nodeModulesDir, path.join(bareCheckDir, 'node_modules'));

function writeTree(dir: string, tree: ProjectFiles) {
  for (const [name, text] of Object.entries(tree)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
}

// The Rust track: Debian's crates when asked for or present (offline); a cache of its own, so the
// first check of the lesson is really cold.
const rustSource: CrateSource =
  process.env.WORKBOOK_CARGO_SOURCE === 'debian' || existsSync(DEBIAN_REGISTRY) ? { kind: 'debian', directory: DEBIAN_REGISTRY } : crateSourceFrom([], process.env);
const rustCache = path.join(root, 'rust-cache');

const token = 'bench-token-0123456789abcdefghijklmnopqrstuv';
const runner = await startRunner({
  host: '127.0.0.1',
  port: 0,
  token,
  distDir: null,
  lessons: [lesson, checkLesson, ...(rustLesson && rustLesson !== checkLesson ? [rustLesson] : [])],
  nodeModulesDir,
  version: 'bench',
  runRoot,
  limits: { maxQueuedRuns: 1000 },
  lab: false,
  rust: args.includes('--no-rust') ? false : { source: rustSource, cacheDir: rustCache },
});
const belts = await detectSeatBelts();
const sandboxed = belts.sandbox.kind === 'bubblewrap';
const beltsOnly: RunnerSeatBelts = { ...belts, sandbox: { kind: 'none', reason: 'the benchmark: seat belts only', install: INSTALL_HINT } };
const slots = runner.info.limits.maxConcurrentRuns;
const agent = new http.Agent({ keepAlive: true, maxSockets: slots * 2 });

/** ms from spawn to the first stdout byte, and to exit. */
function spawnTimed(command: string, argv: string[], env: NodeJS.ProcessEnv, cwd = bareDir): Promise<{ first: number; total: number; code: number | null }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let first = 0;
    const child = spawn(command, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.once('data', () => (first = performance.now() - started));
    child.stdout.resume();
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code) => resolve({ first, total: performance.now() - started, code }));
  });
}

const bareNode = () => spawnTimed(process.execPath, ['src/main.js'], { PATH: process.env.PATH });
const beltedNode = () => {
  const nodeOptions = [`--max-old-space-size=${DEFAULT_PROCESS_LIMITS.heapMb}`, ...(belts.nodePermissions ? permissionOptions(belts.nodePermissions, { read: [bareDir, nodeModulesDir], write: [bareDir] }) : [])];
  return spawnTimed('/bin/sh', ['-c', ulimitPrefix(belts, DEFAULT_PROCESS_LIMITS, null) + withExec(`${process.execPath} src/main.js`)], { PATH: process.env.PATH, NODE_OPTIONS: nodeOptions.join(' ') });
};
const bareCheck = () =>
  spawnTimed('/bin/sh', ['-c', checkLesson.scripts.check], { PATH: [path.dirname(process.execPath), process.env.PATH].join(path.delimiter), HOME: root }, bareCheckDir);

interface Timed {
  first: number;
  total: number;
  ok: boolean;
  exit?: Extract<RunnerEvent, { type: 'exit' }>;
}

/** ms from the request to the first output event, and to the exit event. */
function runnerRun(body: unknown = { lessonId: lesson.id, script: 'run', files }, okCode = true): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let first = 0;
    let exit: Extract<RunnerEvent, { type: 'exit' }> | undefined;
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
            if (event.type === 'exit') exit = event;
          }
        });
        res.on('end', () => resolve({ first, total: performance.now() - started, ok: !!exit && (!okCode || exit.code === 0) && first > 0, ...(exit ? { exit } : {}) }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}
/** The same run with the sandbox, or with the seat belts only. */
async function runnerRunWith(withSandbox: boolean, body?: unknown): Promise<Timed> {
  useSeatBelts(withSandbox ? belts : beltsOnly);
  try {
    return await runnerRun(body);
  } finally {
    useSeatBelts(belts);
  }
}

function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}
const p50 = (xs: number[]) => quantile(xs, 0.5);
const p90 = (xs: number[]) => quantile(xs, 0.9);
const mib = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const sec = (x: number) => `${(x / 1000).toFixed(2)} s`;
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
function table(title: string, rows: [string, number[]][], fmt: (x: number) => string) {
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(`\n${title}`);
  console.log(`  ${'what'.padEnd(width)}  ${'p50'.padStart(9)}  ${'p90'.padStart(9)}`);
  for (const [what, xs] of rows) console.log(`  ${what.padEnd(width)}  ${fmt(p50(xs)).padStart(9)}  ${fmt(p90(xs)).padStart(9)}`);
}

console.log(`Local runner benchmark: node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'cpu'}, ${os.platform()} ${os.release()}; load average ${load()}`);
console.log(
  `Seat belts here: permission model ${belts.nodePermissions ?? 'no'}, RLIMIT_DATA ${belts.processMemoryLimit ? 'yes' : 'no'}, RLIMIT_NPROC ${belts.processCountLimit ? 'yes' : 'no (root or not Linux)'}, /proc watchdog ${belts.processWatch ? 'yes' : 'no'}, sandbox ${sandboxed ? `bubblewrap ${belts.sandbox.kind === 'bubblewrap' ? belts.sandbox.version : ''}` : `none (${belts.sandbox.kind === 'none' ? belts.sandbox.reason : ''})`}, cgroup ${belts.cgroup?.kind === 'v2' ? `v2 ${belts.cgroup.path}` : `none (${belts.cgroup?.kind === 'none' ? belts.cgroup.reason : 'not detected'})`}; ${slots} slots`,
);

let failures = 0;
const failed = (what: string, r: Timed) => {
  failures++;
  console.log(`  FAILED: ${what}: ${JSON.stringify(r.exit ?? 'no exit event')}`);
};

// Warm-up: first spawns pay for disk caches and JIT of the runner's own code.
for (let i = 0; i < 10; i++) await Promise.all([bareNode(), runnerRunWith(sandboxed), beltedNode()]);
await runnerRunWith(false);

// 1. Time to first output, interleaved.
const lat = { bare: [] as number[], belted: [] as number[], runnerBelts: [] as number[], runnerSandbox: [] as number[], runnerSandboxTotal: [] as number[], bareTotal: [] as number[] };
for (let i = 0; i < SAMPLES; i++) {
  const b = await bareNode();
  lat.bare.push(b.first);
  lat.bareTotal.push(b.total);
  lat.belted.push((await beltedNode()).first);
  const plain = await runnerRunWith(false);
  if (!plain.ok) failed('run, seat belts only', plain);
  lat.runnerBelts.push(plain.first);
  if (sandboxed) {
    const boxed = await runnerRunWith(true);
    if (!boxed.ok) failed('run, sandbox', boxed);
    lat.runnerSandbox.push(boxed.first);
    lat.runnerSandboxTotal.push(boxed.total);
  }
}
table(
  `Time to first output (${SAMPLES} sequential samples each, interleaved; load ${load()})`,
  [
    ['bare `node src/main.js` spawn', lat.bare],
    ['same spawn inside the seat belts (sh, ulimit, permissions)', lat.belted],
    ['runner, seat belts only: HTTP request -> first output', lat.runnerBelts],
    ...(sandboxed
      ? ([
          ['runner, sandbox: HTTP request -> first output', lat.runnerSandbox],
          ['runner, sandbox: HTTP request -> exit event (dir removed)', lat.runnerSandboxTotal],
        ] as [string, number[]][])
      : []),
  ],
  ms,
);
const sandboxAdded = sandboxed ? p50(lat.runnerSandbox) - p50(lat.runnerBelts) : NaN;
console.log(`  runner overhead at p50 (seat belts only): ${ms(p50(lat.runnerBelts) - p50(lat.bare))} over a bare spawn`);
if (sandboxed) console.log(`  the sandbox adds ${ms(sandboxAdded)} at p50 (p90 ${ms(p90(lat.runnerSandbox) - p90(lat.runnerBelts))}); target ≤ 15 ms p50: ${sandboxAdded <= 15 ? 'met' : 'NOT met'}`);
else console.log('  no sandbox on this machine: nothing to compare it with');

// 2. Check time of a real lesson, interleaved.
const checks = { bare: [] as number[], runnerBelts: [] as number[], runnerSandbox: [] as number[] };
const checkBody = { lessonId: checkLesson.id, script: 'check', files: checkFiles };
await bareCheck();
await runnerRunWith(false, checkBody);
for (let i = 0; i < CHECK_SAMPLES; i++) {
  const b = await bareCheck();
  if (b.code !== 0) failures++;
  checks.bare.push(b.total);
  const plain = await runnerRunWith(false, checkBody);
  if (!plain.ok) failed('check, seat belts only', plain);
  checks.runnerBelts.push(plain.total);
  if (sandboxed) {
    const boxed = await runnerRunWith(true, checkBody);
    if (!boxed.ok) failed('check, sandbox', boxed);
    checks.runnerSandbox.push(boxed.total);
  }
}
table(
  `Check of lesson ${checkLesson.id} (\`node --test\`, request -> exit; ${CHECK_SAMPLES} samples each, interleaved; load ${load()})`,
  [
    ['bare `sh -c <check script>` in a folder', checks.bare],
    ['runner, seat belts only', checks.runnerBelts],
    ...(sandboxed ? ([['runner, sandbox', checks.runnerSandbox]] as [string, number[]][]) : []),
  ],
  ms,
);
if (sandboxed) console.log(`  the sandbox adds ${ms(p50(checks.runnerSandbox) - p50(checks.runnerBelts))} to a Check at p50`);

// 3. and 4. Throughput with every slot busy, and the runner's memory around it; first the same
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
    if (!r.ok) failed('throughput run', r);
  }
};
await Promise.all(Array.from({ length: slots * 2 }, worker));
const seconds = (performance.now() - started) / 1000;
await new Promise((r) => setTimeout(r, 500));
gc();
const rssAfter = process.memoryUsage().rss;
const heapAfter = process.memoryUsage().heapUsed;

console.log(`\nThroughput: ${RUNS} runs, ${slots} at once (${slots * 2} clients), ${sandboxed ? 'sandbox' : 'seat belts'}`);
console.log(`  runner, sustained        ${(RUNS / seconds).toFixed(1)} runs/s  (${seconds.toFixed(1)} s)`);
console.log(`  bare spawns, ${slots} at once  ${(RUNS / bareSeconds).toFixed(1)} runs/s  (${bareSeconds.toFixed(1)} s)`);
console.log(`  load average now: ${load()} (other work on the machine skews both alike)`);
console.log(`\nRunner memory (RSS after GC)`);
console.log(`  before ${RUNS} runs   ${mib(rssBefore)}`);
console.log(`  after  ${RUNS} runs   ${mib(rssAfter)}  (${rssAfter >= rssBefore ? '+' : ''}${mib(rssAfter - rssBefore)})`);
console.log(`  JS heap in use      ${mib(heapBefore)} -> ${mib(heapAfter)} (what a leak would grow; RSS also holds freed pages)`);

/**
 * The runner as `npm start -- --no-build` starts it (runner/cli.ts under tsx), alone in its process:
 * resident memory (VmRSS) and its peak (VmHWM) once it printed its URL. The first start with a build
 * runs Vite in a child process (ensure-build.ts), so this is what the runner keeps either way.
 */
async function cliMemoryAfterStart(): Promise<{ rssBytes: number; peakBytes: number } | { skipped: string }> {
  if (process.platform !== 'linux') return { skipped: 'reads /proc/<pid>/status (Linux only)' };
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  if (!existsSync(path.join(repo, 'dist', 'index.html'))) return { skipped: 'no dist/ to serve: `npm run build` (or one `npm start`) first' };
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repo, 'runner/cli.ts'), '--no-build'], {
    cwd: repo,
    env: { ...process.env, PORT: '0', WORKBOOK_TOKEN: 'bench-memory-token-0123456789' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const ready = await new Promise<boolean>((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Press Ctrl+C')) resolve(true);
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', () => resolve(false));
  });
  try {
    if (!ready) return { skipped: `the runner did not start: ${out.trim().split('\n').pop() ?? ''}` };
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rssBytes: kib('VmRSS'), peakBytes: kib('VmHWM') };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  }
}
const cliMemory = await cliMemoryAfterStart();
console.log(
  'rssBytes' in cliMemory
    ? `  npm start -- --no-build, its own process, after start: ${mib(cliMemory.rssBytes)} resident (peak ${mib(cliMemory.peakBytes)})`
    : `  npm start -- --no-build after start: skipped (${cliMemory.skipped})`,
);

// 5. The Rust track.
interface RustResult {
  skipped?: string;
  lesson?: string;
  source?: string;
  coldCheckMs?: number;
  warmCheckMs?: number[];
  directCheckMs?: number[];
  warmDiagnoseMs?: number[];
  ratio?: number;
}
const rust: RustResult = {};
const rustInfo = runner.info.rust;
if (args.includes('--no-rust')) rust.skipped = '--no-rust';
else if (!rustInfo || !rustInfo.available) rust.skipped = rustInfo && !rustInfo.available ? rustInfo.reason : 'no Rust track';
else if (!rustLesson?.rustExercise) rust.skipped = `lesson ${RUST_LESSON} has no Rust exercise`;
if (rust.skipped) console.log(`\nRust track: skipped (${rust.skipped})`);
else {
  const exercise = rustLesson!.rustExercise!;
  const { tools } = await detectRustToolchain(rustSource);
  const learnerFiles = Object.fromEntries(Object.entries({ ...exercise.starter, ...exercise.solution }).filter(([name]) => name === 'build.rs' || (name.startsWith('src/') && name.endsWith('.rs'))));
  const lib = learnerFiles['src/lib.rs'] ?? '';
  const edited = (i: number) => ({ ...learnerFiles, 'src/lib.rs': `${lib}\npub fn bench_edit() -> u32 { ${i} }\n` });
  const body = (script: 'check' | 'diagnose', i: number) => ({ track: 'rust', lessonId: rustLesson!.id, script, files: edited(i) });
  rust.lesson = rustLesson!.id;
  rust.source = rustSource.kind;
  console.log(`\nRust track: lesson ${rustLesson!.id}, ${rustInfo!.available ? rustInfo!.cargo : ''}, crates: ${rustSource.kind === 'debian' ? "Debian's, offline" : 'the configured registry, vendored'}; ${sandboxed ? 'sandbox' : 'seat belts'}; load ${load()}`);
  const cold = await runnerRun(body('check', 0), false);
  if (!cold.exit) failed('rust cold check', cold);
  rust.coldCheckMs = cold.total;
  console.log(`  cold first use (empty slot: dependencies compile), check: ${sec(cold.total)} (exit ${cold.exit?.code ?? cold.exit?.reason})`);
  const resolved = await resolveLesson(rustLesson!.id, exercise.starter, rustSource, tools!, rustCache);
  const slot = path.join(rustCache, rustLesson!.id, 'slot-0');
  const directArgs = cargoArgs('check', resolved.source, DEFAULT_CARGO_LIMITS.jobs);
  const directEnv = {
    PATH: [path.join(tools!.sysroot, 'bin'), '/usr/local/bin', '/usr/bin', '/bin'].join(path.delimiter),
    HOME: root,
    CARGO_HOME: path.join(slot, 'home'),
    CARGO_TARGET_DIR: path.join(slot, 'target'),
    RUSTC: tools!.rustc,
    RUSTC_BOOTSTRAP: '1',
    RUST_BACKTRACE: '0',
    CARGO_TERM_COLOR: 'always',
    CARGO_TERM_PROGRESS_WHEN: 'never',
  };
  const direct = async (i: number) => {
    writeFileSync(path.join(slot, 'crate', 'src', 'lib.rs'), edited(i)['src/lib.rs']!);
    return spawnTimed(tools!.cargo, directArgs, directEnv, path.join(slot, 'crate'));
  };
  // One of each first: the direct cargo sees the crate at its real path (the runner's at its mount point).
  const firstDirect = await direct(-1);
  console.log(`  first direct \`cargo test\` on the slot (its own artifacts of the crate): ${sec(firstDirect.total)}`);
  await runnerRun(body('diagnose', -1), false);
  rust.warmCheckMs = [];
  rust.directCheckMs = [];
  rust.warmDiagnoseMs = [];
  for (let i = 1; i <= RUST_SAMPLES; i++) {
    const viaRunner = await runnerRun(body('check', i), false);
    if (viaRunner.exit?.code !== 0) failed(`rust warm check ${i}`, viaRunner);
    rust.warmCheckMs.push(viaRunner.total);
    const d = await direct(1000 + i);
    if (d.code !== 0) failures++;
    rust.directCheckMs.push(d.total);
    const diag = await runnerRun(body('diagnose', 2000 + i), false);
    if (diag.exit?.code !== 0) failed(`rust warm diagnose ${i}`, diag);
    rust.warmDiagnoseMs.push(diag.total);
  }
  table(
    `  warm, after a one-line edit of src/lib.rs (${RUST_SAMPLES} samples each, interleaved; load ${load()})`,
    [
      ['runner: check (cargo test), HTTP request -> exit', rust.warmCheckMs],
      ['`cargo test` directly, same crate and target dir', rust.directCheckMs],
      ['runner: diagnose (cargo check --all-targets)', rust.warmDiagnoseMs],
    ],
    sec,
  );
  rust.ratio = p50(rust.warmCheckMs) / p50(rust.directCheckMs);
  console.log(`  warm check p50 ${sec(p50(rust.warmCheckMs))}: target ≤ 2 s ${p50(rust.warmCheckMs) <= 2000 ? 'met' : 'NOT met'}; ${rust.ratio.toFixed(2)}× direct: target ≤ 1.3× ${rust.ratio <= 1.3 ? 'met' : 'NOT met'}`);
}

const totalSeconds = (performance.now() - benchStarted) / 1000;
console.log(`\nFailed runs: ${failures}; the benchmark took ${totalSeconds.toFixed(0)} s`);

if (jsonOut) {
  const summary = (xs: number[]) => ({ p50: p50(xs), p90: p90(xs), samples: xs.length });
  writeFileSync(
    jsonOut,
    JSON.stringify(
      {
        node: process.version,
        cpus: os.cpus().length,
        belts,
        slots,
        samples: SAMPLES,
        runs: RUNS,
        latencyMs: lat,
        firstOutput: { bare: summary(lat.bare), belted: summary(lat.belted), runnerBelts: summary(lat.runnerBelts), runnerSandbox: summary(lat.runnerSandbox), sandboxAddedP50Ms: sandboxAdded, targetMs: 15 },
        check: { lesson: checkLesson.id, samplesMs: checks, bare: summary(checks.bare), runnerBelts: summary(checks.runnerBelts), runnerSandbox: summary(checks.runnerSandbox) },
        rust: {
          ...rust,
          ...(rust.warmCheckMs ? { warmCheck: summary(rust.warmCheckMs), directCheck: summary(rust.directCheckMs!), warmDiagnose: summary(rust.warmDiagnoseMs!), targets: { warmCheckP50Ms: 2000, ratio: 1.3 } } : {}),
        },
        runsPerSecond: RUNS / seconds,
        bareRunsPerSecond: RUNS / bareSeconds,
        loadavg: os.loadavg(),
        rssBefore,
        rssAfter,
        cliMemoryAfterStart: cliMemory,
        heapBefore,
        heapAfter,
        failures,
        seconds: totalSeconds,
      },
      null,
      2,
    ),
  );
}

agent.destroy();
await runner.close();
rmSync(root, { recursive: true, force: true });
process.exit(failures > 0 ? 1 : 0);
