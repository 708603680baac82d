import { execFile } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { RustToolchain } from '../../contracts/runner-protocol.ts';
import type { CrateSource } from './crate-source.ts';

/**
 * Finds the Rust toolchain OUTSIDE the sandbox, once per runner start: `rustc --print sysroot` with
 * ~/.cargo/bin on PATH (a non-login shell often lacks it), then `<sysroot>/bin/cargo` and
 * `<sysroot>/bin/rustc` are run directly, not through rustup's proxies (which would need ~/.rustup
 * writable and the toolchain files of the home that the sandbox hides). The sysroot is bound back
 * read-only inside the sandbox.
 */
export const RUST_INSTALL_HINT = 'Install Rust from https://rustup.rs, then restart npm start';

export interface RustTools {
  sysroot: string;
  cargo: string;
  rustc: string;
  cargoVersion: string;
  rustcVersion: string;
}

export type DetectedToolchain = { info: RustToolchain; tools: RustTools | null };

const run = promisify(execFile);

/** PATH with ~/.cargo/bin (rustup's default) after what the user has. */
export function toolchainPath(env: NodeJS.ProcessEnv = process.env): string {
  const cargoHome = env.CARGO_HOME ?? path.join(os.homedir(), '.cargo');
  return [env.PATH ?? '', path.join(cargoHome, 'bin')].filter(Boolean).join(path.delimiter);
}

const detected = new Map<string, Promise<DetectedToolchain>>();

/** Measured once per process (per crate source and PATH); every runner started in it reuses the answer. */
export function detectRustToolchain(source: CrateSource, env: NodeJS.ProcessEnv = process.env): Promise<DetectedToolchain> {
  const key = JSON.stringify([source, env.WORKBOOK_RUST ?? '', env.PATH ?? '', env.CARGO_HOME ?? '']);
  let found = detected.get(key);
  if (!found) detected.set(key, (found = measure(source, env)));
  return found;
}

async function measure(source: CrateSource, env: NodeJS.ProcessEnv): Promise<DetectedToolchain> {
  const none = (reason: string): DetectedToolchain => ({ info: { available: false, reason, install: RUST_INSTALL_HINT }, tools: null });
  if (env.WORKBOOK_RUST === 'off') return none('turned off by WORKBOOK_RUST=off');
  const searchEnv = { ...env, PATH: toolchainPath(env) };
  let sysroot: string;
  try {
    sysroot = (await run('rustc', ['--print', 'sysroot'], { env: searchEnv, timeout: 30_000 })).stdout.trim();
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    return none(err.code === 'ENOENT' ? 'rustc was not found on PATH or in ~/.cargo/bin' : `rustc --print sysroot failed: ${(err.stderr || err.message).split('\n')[0]}`);
  }
  const real = safeReal(sysroot);
  const cargo = real && path.join(real, 'bin', 'cargo');
  const rustc = real && path.join(real, 'bin', 'rustc');
  if (!real || !cargo || !rustc || !existsSync(cargo) || !existsSync(rustc)) return none(`cargo was not found in the toolchain at ${sysroot}`);
  try {
    const [cv, rv] = await Promise.all([run(cargo, ['--version'], { env: searchEnv, timeout: 30_000 }), run(rustc, ['--version'], { env: searchEnv, timeout: 30_000 })]);
    const tools: RustTools = { sysroot: real, cargo, rustc, cargoVersion: cv.stdout.trim(), rustcVersion: rv.stdout.trim() };
    if (source.kind === 'debian' && !existsSync(source.directory)) {
      return none(`Debian's crates were asked for (--debian) but ${source.directory} does not exist (apt-get install librust-tokio-dev …)`);
    }
    return { info: { available: true, cargo: tools.cargoVersion, rustc: tools.rustcVersion, crateSource: source.kind === 'debian' ? 'debian' : 'configured' }, tools };
  } catch (e) {
    return none(`cargo --version failed: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** One line for `npm start`. */
export function describeRustToolchain(t: RustToolchain): string {
  if (!t.available) return `Rust: no cargo runs (${t.reason}). ${t.install}.`;
  const source = t.crateSource === 'debian' ? "crates from Debian's packages, offline" : 'crates vendored once per lesson from the configured registry';
  return `Rust: ${t.cargo}, ${t.rustc}; ${source}.`;
}

function safeReal(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}
