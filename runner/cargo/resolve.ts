import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ProjectFiles } from '../../contracts/project.ts';
import { sourceConfigArgs, type CrateSource } from './crate-source.ts';
import type { RustTools } from './toolchain.ts';
import { toolchainPath } from './toolchain.ts';

/**
 * Before a lesson's first cargo run (and again when its Cargo.toml changes), OUTSIDE the sandbox and
 * with only lesson-owned files (the starter crate on disk, never a request's files, so no learner code
 * runs): the dependencies are resolved into a Cargo.lock, and with the configured registry they are
 * fetched once with `cargo vendor` into `<cache>/vendor/<lessonId>-<hash>`. This is the only step with
 * network. Every sandboxed build then uses that Cargo.lock and a directory source, offline.
 */
export interface Resolved {
  /** Where the sandboxed build takes crates from (Debian's directory or the vendored one). */
  source: CrateSource;
  /** The Cargo.lock the slot's crate gets (lesson-owned). */
  lock: string;
  /** Packages in it, the own crate included (the progress bar's total). */
  packages: number;
}

const execFileAsync = promisify(execFile);
const inFlight = new Map<string, Promise<Resolved>>();

export function manifestHash(cargoToml: string, source: CrateSource): string {
  return createHash('sha256').update(source.kind).update('\0').update(cargoToml).digest('hex').slice(0, 16);
}

export function resolveLesson(lessonId: string, starter: ProjectFiles, source: CrateSource, tools: RustTools, cacheRoot: string): Promise<Resolved> {
  const hash = manifestHash(starter['Cargo.toml'] ?? '', source);
  const key = `${lessonId}-${hash}`;
  const memo = `${cacheRoot}\0${key}`;
  let pending = inFlight.get(memo);
  if (!pending) {
    pending = resolve(key, starter, source, tools, cacheRoot);
    inFlight.set(memo, pending);
    pending.catch(() => inFlight.delete(memo));
  }
  return pending;
}

async function resolve(key: string, starter: ProjectFiles, source: CrateSource, tools: RustTools, cacheRoot: string): Promise<Resolved> {
  const dir = path.join(cacheRoot, 'resolve', key);
  const vendorDir = path.join(cacheRoot, 'vendor', key);
  const lockFile = path.join(dir, 'crate', 'Cargo.lock');
  const target: CrateSource = source.kind === 'configured' ? { kind: 'vendored', directory: vendorDir } : source;
  const done = path.join(dir, 'done');
  if (!existsSync(done)) {
    await rm(dir, { recursive: true, force: true });
    const crate = path.join(dir, 'crate');
    for (const [name, text] of Object.entries(starter)) {
      await mkdir(path.dirname(path.join(crate, name)), { recursive: true });
      await writeFile(path.join(crate, name), text);
    }
    const env = { ...process.env, PATH: toolchainPath(), RUSTC: tools.rustc, CARGO_TERM_COLOR: 'never' };
    const cargo = (args: string[], timeout: number) =>
      execFileAsync(tools.cargo, args, { cwd: crate, env, timeout, maxBuffer: 16 * 1024 * 1024 }).catch((e: { stderr?: string; message: string }) => {
        const why = (e.stderr || e.message).split('\n').filter((l) => l.trim()).slice(-3).join(' / ');
        throw new Error(`cargo ${args[0]} of the lesson's Cargo.toml failed: ${why}`);
      });
    if (source.kind === 'configured') {
      // The network step: only the lesson's manifest, into a temp name, renamed when complete.
      await rm(`${vendorDir}.tmp`, { recursive: true, force: true });
      // Made first: with no dependencies cargo vendor writes nothing, and the directory source must exist.
      await mkdir(`${vendorDir}.tmp`, { recursive: true });
      await cargo(['vendor', '--quiet', `${vendorDir}.tmp`], 15 * 60_000);
      await rm(vendorDir, { recursive: true, force: true });
      await rename(`${vendorDir}.tmp`, vendorDir);
    } else {
      await cargo(['generate-lockfile', ...sourceConfigArgs(source)], 120_000);
    }
    await writeFile(done, new Date().toISOString());
  }
  const lock = await readFile(lockFile, 'utf8');
  const packages = (lock.match(/^\[\[package\]\]$/gm) ?? []).length;
  return { source: target, lock, packages };
}
