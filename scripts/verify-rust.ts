/**
 * `npm run verify:rust [-- --debian] [-- --verbose] [-- <filter>...]`: builds and tests every Rust
 * listing (each Cargo project under lessons/<lesson>/rust/, see scripts/lib/rust-listings.ts), one
 * after another, and prints one line per listing:
 *
 *   PASS 02-async-tokio (12.3s)
 *   FAIL 05-error-handling (3.1s): cargo test: 1 test failed: tests::mapping (panicked at …)
 *   SKIP 03-rest-actix/actix: needs actix-web, not available from Debian's packaged crates (…)
 *
 * and last `N passed, N failed` (`, N skipped` when some were). Exit code 1 if any failed.
 *
 * For each listing: `cargo fetch` (resolve and download dependencies), `cargo test`, then what the
 * package's `[package.metadata.workbook]` asks for: `test-features` (one more `cargo test
 * --features X` each), `run = true` (`cargo run` must exit 0) and `wasm32` (build for
 * wasm32-unknown-unknown and run a Node host on it, when a rustc with that target is installed).
 *
 * A listing is SKIPPED only if resolving its dependencies fails because a crate is absent from the
 * crate source AND its lesson.md declares that crate in `rust.needsCrates`. An undeclared missing
 * crate, a version mismatch or any other error is a FAIL.
 *
 * `--debian` (or WORKBOOK_CARGO_SOURCE=debian), used by CI and offline machines: take crates from
 * Debian's `librust-*-dev` packages in /usr/share/cargo/registry through cargo's `--config`
 * overrides, offline. Without it, cargo uses whatever it is configured with (crates.io).
 *
 * Lockfiles: Cargo.lock is gitignored for listings, because they are resolved against two different
 * sources (crates.io on a learner's laptop, Debian's packaged crates in CI), and a lockfile from one
 * pins versions and checksums the other may not have. In --debian mode this script deletes a
 * listing's Cargo.lock before and after resolving, so a Debian-resolved lockfile never lingers.
 *
 * All listings share one CARGO_TARGET_DIR (.cache/rust-target, or $CARGO_TARGET_DIR), so tokio,
 * serde and friends compile once for all of them rather than once per lesson.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEBIAN_REGISTRY,
  describeSource,
  findMissingCrate,
  cargoEnvironment,
  checkCargo,
  killRunning,
  outputTail,
  runCommand,
  sourceConfigArgs,
  summarizeFailure,
  type CommandResult,
  type CrateSource,
} from './lib/rust-cargo.ts';
import { findListings, parseCargoMetadata, readNeedsCrates, type Listing, type PackagePlan } from './lib/rust-listings.ts';
import { buildAndHost, findWasmRustc, type WasmRustc } from './lib/rust-wasm.ts';

const MINUTE = 60_000;
const TIMEOUTS = { fetch: 10 * MINUTE, build: 30 * MINUTE, test: 10 * MINUTE, run: 2 * MINUTE };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Options {
  source: CrateSource;
  verbose: boolean;
  filters: string[];
}

export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): Options {
  const debian = argv.includes('--debian') || env.WORKBOOK_CARGO_SOURCE === 'debian';
  return {
    source: debian ? { kind: 'debian', directory: DEBIAN_REGISTRY } : { kind: 'configured' },
    verbose: argv.includes('--verbose'),
    filters: argv.filter((a) => !a.startsWith('--')),
  };
}

export type Outcome =
  | { status: 'pass'; seconds: number; notes: string[] }
  | { status: 'fail'; seconds: number; reason: string; output?: string }
  | { status: 'skip'; reason: string };

export function formatLine(name: string, outcome: Outcome): string {
  switch (outcome.status) {
    case 'pass':
      return `PASS ${name} (${[`${outcome.seconds.toFixed(1)}s`, ...outcome.notes].join('; ')})`;
    case 'fail':
      return `FAIL ${name} (${outcome.seconds.toFixed(1)}s): ${outcome.reason}`;
    case 'skip':
      return `SKIP ${name}: ${outcome.reason}`;
  }
}

export function formatSummary(counts: { passed: number; failed: number; skipped: number }): string {
  const line = `${counts.passed} passed, ${counts.failed} failed`;
  return counts.skipped > 0 ? `${line}, ${counts.skipped} skipped` : line;
}

interface Context {
  options: Options;
  env: NodeJS.ProcessEnv;
  targetDir: string;
  wasmRustc: WasmRustc | undefined;
}

async function verifyListing(listing: Listing, ctx: Context): Promise<Outcome> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const cargo = (args: string[], timeoutMs: number) =>
    runCommand('cargo', [...sourceConfigArgs(ctx.options.source), ...args], {
      cwd: listing.dir,
      env: ctx.env,
      timeoutMs,
      echo: ctx.options.verbose,
    });
  const failed = (step: string, result: CommandResult, timeoutMs: number): Outcome => ({
    status: 'fail',
    seconds: seconds(),
    reason: `${step}: ${summarizeFailure(result, timeoutMs)}`,
    output: result.output,
  });

  const fetch = await cargo(['fetch'], TIMEOUTS.fetch);
  if (fetch.code !== 0) {
    const missing = findMissingCrate(fetch.output);
    if (missing === undefined) return failed('resolving dependencies', fetch, TIMEOUTS.fetch);
    const where = describeSource(ctx.options.source);
    const declared = readNeedsCrates(listing.lessonDir);
    if (declared?.includes(missing)) {
      return { status: 'skip', reason: `needs ${missing}, not available from ${where}` };
    }
    return {
      status: 'fail',
      seconds: seconds(),
      reason: `needs ${missing}, not available from ${where}, and lesson.md does not list it in rust.needsCrates`,
      output: fetch.output,
    };
  }

  const metadata = await cargo(['metadata', '--format-version', '1', '--no-deps'], TIMEOUTS.fetch);
  if (metadata.code !== 0) return failed('cargo metadata', metadata, TIMEOUTS.fetch);
  let plans: PackagePlan[];
  try {
    plans = parseCargoMetadata(metadata.stdout);
  } catch (error) {
    return { status: 'fail', seconds: seconds(), reason: `Cargo.toml: ${(error as Error).message}` };
  }

  // Compile first with the long time limit, then run the tests with a shorter one: a cold build
  // on two cores takes minutes, a hanging test should not.
  const testRuns: { label: string; args: string[] }[] = [{ label: 'cargo test', args: ['--workspace'] }];
  for (const plan of plans) {
    for (const feature of plan.testFeatures) {
      testRuns.push({ label: `cargo test --features ${feature}`, args: ['-p', plan.name, '--features', feature] });
    }
  }
  for (const { label, args } of testRuns) {
    const build = await cargo(['test', '--no-run', ...args], TIMEOUTS.build);
    if (build.code !== 0) return failed(`${label} (build)`, build, TIMEOUTS.build);
    const test = await cargo(['test', '--no-fail-fast', ...args], TIMEOUTS.test);
    if (test.code !== 0) return failed(label, test, TIMEOUTS.test);
  }

  const notes: string[] = [];
  for (const plan of plans.filter((p) => p.run)) {
    const run = await cargo(['run', '--quiet', '-p', plan.name], TIMEOUTS.run);
    if (run.code !== 0) return failed(`cargo run -p ${plan.name}`, run, TIMEOUTS.run);
  }
  for (const plan of plans) {
    if (!plan.wasm32) continue;
    if (!ctx.wasmRustc) {
      notes.push('wasm32 not built: no rustc with the wasm32-unknown-unknown target installed');
      continue;
    }
    const wasm = await buildAndHost({
      compiler: ctx.wasmRustc,
      listingDir: listing.dir,
      edition: plan.edition,
      outDir: path.join(ctx.targetDir, 'wasm32'),
      env: ctx.env,
      ...plan.wasm32,
    });
    if (!wasm.ok) return { status: 'fail', seconds: seconds(), reason: wasm.note, ...(wasm.output ? { output: wasm.output } : {}) };
    notes.push(wasm.note);
  }
  return { status: 'pass', seconds: seconds(), notes };
}

/** See the header comment: a Debian-resolved lockfile must not outlive the run. */
function removeLockfile(listing: Listing, options: Options): void {
  if (options.source.kind === 'debian') rmSync(path.join(listing.dir, 'Cargo.lock'), { force: true });
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2), process.env);
  const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(root, '.cache', 'rust-target');
  const env = cargoEnvironment(options.verbose, { CARGO_TARGET_DIR: targetDir });
  const toolchain = await checkCargo(options.source, env, root);
  if (!toolchain.ok) {
    console.error(toolchain.problem);
    return 1;
  }
  const listings = findListings(path.join(root, 'lessons')).filter(
    (l) => options.filters.length === 0 || options.filters.some((f) => l.name.includes(f)),
  );
  if (listings.length === 0) {
    console.error(`no Rust listings found${options.filters.length ? ` matching ${options.filters.join(', ')}` : ''}`);
    return 1;
  }
  const wasmRustc = await findWasmRustc(env);
  console.log(`${toolchain.version}; crates from ${describeSource(options.source)}; target dir ${path.relative(root, targetDir) || targetDir}`);

  const ctx: Context = { options, env, targetDir, wasmRustc };
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const listing of listings) {
    removeLockfile(listing, options);
    const outcome = await verifyListing(listing, ctx);
    removeLockfile(listing, options);
    console.log(formatLine(listing.name, outcome));
    if (outcome.status === 'fail' && outcome.output && !options.verbose) console.error(outputTail(outcome.output));
    if (outcome.status === 'pass') counts.passed++;
    else if (outcome.status === 'fail') counts.failed++;
    else counts.skipped++;
  }
  console.log(formatSummary(counts));
  return counts.failed > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      killRunning();
      process.exit(130);
    });
  }
  process.exitCode = await main();
}
