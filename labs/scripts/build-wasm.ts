/**
 * npm run build:wasm          builds labs/wasm/build/{rust,rust-simd,assemblyscript}.wasm and manifest.json
 * npm run verify:wasm         (--check) recomputes the source hashes and fails if an artifact is stale,
 *                             missing or altered. Needs neither rustc nor asc, so CI can run it anywhere.
 *
 * The Rust artifacts use Debian's rustc (1.63 with the wasm32-unknown-unknown target) at /usr/bin/rustc,
 * because rustup's rustc on PATH has no wasm target here. Override with RUSTC_WASM=/path/to/rustc.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ARTIFACTS,
  MANIFEST_SCHEMA_VERSION,
  checkManifest,
  hashSources,
  sha256Hex,
  type ArtifactSpec,
  type ManifestEntry,
  type WasmManifest,
} from '../wasm/manifest.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const buildDir = join(repoRoot, 'labs/wasm/build');
const manifestPath = join(buildDir, 'manifest.json');
const rustc = process.env.RUSTC_WASM ?? '/usr/bin/rustc';

const readSource = (path: string) => readFileSync(join(repoRoot, path), 'utf8');
const readArtifact = (file: string) => {
  const path = join(buildDir, file);
  return existsSync(path) ? new Uint8Array(readFileSync(path)) : undefined;
};

function readManifest(): WasmManifest | undefined {
  return existsSync(manifestPath) ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as WasmManifest) : undefined;
}

const RUSTC_HELP = [
  `No rustc with the wasm32-unknown-unknown target at ${rustc}.`,
  'Install one of:',
  '  Debian/Ubuntu: apt-get install -y rustc libstd-rust-dev-wasm32 lld   (gives /usr/bin/rustc)',
  '  rustup:        rustup target add wasm32-unknown-unknown              (then RUSTC_WASM=$(rustup which rustc))',
].join('\n');

function rustcVersion(): string {
  if (!existsSync(rustc)) throw new Error(RUSTC_HELP);
  return execFileSync(rustc, ['--version'], { encoding: 'utf8' }).trim();
}

function buildRust(spec: ArtifactSpec, outFile: string): void {
  const crateRoot = join(repoRoot, 'labs/wasm/rust/wasm_lib.rs');
  try {
    execFileSync(rustc, [...spec.flags, '-o', outFile, crateRoot], { stdio: ['ignore', 'inherit', 'pipe'] });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '');
    process.stderr.write(stderr);
    if (stderr.includes("can't find crate for `core`")) throw new Error(RUSTC_HELP);
    throw new Error(`rustc failed for ${spec.file}`);
  }
}

/**
 * Runs asc in a plain Node child process: importing 'assemblyscript/asc' under tsx sends the 10 MB
 * binaryen bundle through tsx's transform and takes ten times longer. (The page calls the same compiler
 * through its JS API; see labs/README.md.)
 */
function buildAssemblyScript(spec: ArtifactSpec, outFile: string): string {
  const ascBin = join(repoRoot, 'node_modules/assemblyscript/bin/asc.js');
  if (!existsSync(ascBin)) throw new Error('assemblyscript is not installed: run `npm install` (or `npm ci`).');
  const [source] = spec.sources;
  if (!source) throw new Error('AssemblyScript artifact has no source');
  execFileSync(process.execPath, [ascBin, join(repoRoot, source), ...spec.flags, '--outFile', outFile], { stdio: 'inherit' });
  const version = execFileSync(process.execPath, [ascBin, '--version'], { encoding: 'utf8' }).trim();
  return version.startsWith('Version') ? `asc ${version.replace(/^Version\s*/, '')}` : `asc ${version}`;
}

async function build(): Promise<void> {
  mkdirSync(buildDir, { recursive: true });
  const manifest: WasmManifest = {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    note: 'Written by `npm run build:wasm`; checked by `npm run verify:wasm`. Do not edit by hand.',
    artifacts: {},
  };
  for (const spec of ARTIFACTS) {
    const outFile = join(buildDir, spec.file);
    const started = performance.now();
    let compilerVersion: string;
    if (spec.compiler === 'rustc') {
      compilerVersion = rustcVersion();
      buildRust(spec, outFile);
    } else {
      compilerVersion = buildAssemblyScript(spec, outFile);
    }
    const bytes = new Uint8Array(readFileSync(outFile));
    if (!WebAssembly.validate(bytes)) throw new Error(`${spec.file} is not a valid WebAssembly module`);
    const entry: ManifestEntry = {
      file: spec.file,
      compiler: spec.compiler,
      compilerVersion,
      sources: spec.sources,
      flags: spec.flags,
      sourceHash: await hashSources(spec, readSource),
      artifactSha256: await sha256Hex(bytes),
      bytes: bytes.length,
    };
    manifest.artifacts[spec.name] = entry;
    const ms = (performance.now() - started).toFixed(0);
    console.log(`built ${relative(repoRoot, outFile)} (${bytes.length} bytes, ${compilerVersion}, ${ms} ms)`);
  }
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`wrote ${relative(repoRoot, manifestPath)}`);
}

async function check(): Promise<void> {
  const manifest = readManifest();
  if (!manifest) {
    console.error(`verify:wasm: ${relative(repoRoot, manifestPath)} is missing. Run \`npm run build:wasm\` and commit labs/wasm/build/.`);
    process.exitCode = 1;
    return;
  }
  const problems = await checkManifest(manifest, readSource, readArtifact);
  if (problems.length === 0) {
    console.log(`verify:wasm: ${ARTIFACTS.length} artifacts match their sources.`);
    return;
  }
  for (const { file, problem } of problems) console.error(`verify:wasm: labs/wasm/build/${file} is ${problem}`);
  console.error('Run `npm run build:wasm` (needs Debian rustc with the wasm32 target, see labs/README.md) and commit labs/wasm/build/.');
  process.exitCode = 1;
}

try {
  await (process.argv.includes('--check') ? check() : build());
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
