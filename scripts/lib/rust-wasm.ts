/**
 * The wasm32 step of verify:rust: build a dependency-free cdylib for wasm32-unknown-unknown with
 * plain rustc (Debian's rustc 1.63 has the target offline, rustup's needs
 * `rustup target add wasm32-unknown-unknown`), then let the listing's host script load it in Node.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { runCommand } from './rust-cargo.ts';

const TARGET = 'wasm32-unknown-unknown';

export interface WasmRustc {
  rustc: string;
  version: string;
}

/** The first rustc (PATH first, then Debian's) whose sysroot has the standard library for wasm32. */
export async function findWasmRustc(env: NodeJS.ProcessEnv): Promise<WasmRustc | undefined> {
  for (const rustc of ['rustc', '/usr/bin/rustc']) {
    const libdir = await runCommand(rustc, ['--print', 'target-libdir', '--target', TARGET], {
      cwd: process.cwd(),
      env,
      timeoutMs: 30_000,
    });
    const dir = libdir.output.trim().split('\n').at(-1) ?? '';
    if (libdir.code !== 0 || !existsSync(dir) || !readdirSync(dir).some((f) => f.startsWith('libstd-'))) continue;
    const version = await runCommand(rustc, ['--version'], { cwd: process.cwd(), env, timeoutMs: 30_000 });
    return { rustc, version: version.output.trim().split(' ')[1] ?? '?' };
  }
  return undefined;
}

export interface WasmOutcome {
  ok: boolean;
  /** Shown on the listing's line, e.g. "wasm32: 6.5 KB by rustc 1.63.0, host.mjs passed". */
  note: string;
  /** Output to show under a FAIL line. */
  output?: string;
}

export async function buildAndHost(options: {
  compiler: WasmRustc;
  listingDir: string;
  libPath: string;
  libName: string;
  edition: string;
  host?: string;
  outDir: string;
  env: NodeJS.ProcessEnv;
}): Promise<WasmOutcome> {
  mkdirSync(options.outDir, { recursive: true });
  const wasm = path.join(options.outDir, `${options.libName}.wasm`);
  // The same choices as the listing's [profile.release]: small code, link-time optimisation, no symbols.
  const args = ['--edition', options.edition, '--target', TARGET, '--crate-type', 'cdylib', '--crate-name', options.libName];
  args.push('-C', 'opt-level=s', '-C', 'lto', '-C', 'strip=symbols', options.libPath, '-o', wasm);
  const build = await runCommand(options.compiler.rustc, args, { cwd: options.listingDir, env: options.env, timeoutMs: 300_000 });
  if (build.code !== 0) {
    return { ok: false, note: `wasm32 build with ${options.compiler.rustc} failed`, output: build.output };
  }
  const size = `${(statSync(wasm).size / 1024).toFixed(1)} KB`;
  const note = `wasm32: ${size} by ${options.compiler.rustc} ${options.compiler.version}`;
  if (!options.host) return { ok: true, note };

  const host = await runCommand(process.execPath, [options.host, wasm], {
    cwd: options.listingDir,
    env: options.env,
    timeoutMs: 60_000,
  });
  if (host.code !== 0) return { ok: false, note: `${note}, but ${options.host} failed`, output: host.output };
  return { ok: true, note: `${note}, ${options.host} passed` };
}
