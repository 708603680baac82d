/**
 * The build manifest of the committed Wasm artifacts (labs/wasm/build/manifest.json) and the source hash
 * that ties each artifact to the sources and flags it was built from. Pure TypeScript (Web Crypto), so the
 * build script, its --check mode, tests and the browser page can all compute it.
 */

export const MANIFEST_SCHEMA_VERSION = 1;

export type WasmArtifactName = 'rust' | 'rust-simd' | 'assemblyscript';

export interface ArtifactSpec {
  name: WasmArtifactName;
  /** File name under labs/wasm/build/. */
  file: string;
  compiler: 'rustc' | 'asc';
  /** Repo-relative source paths that go into the hash. */
  sources: string[];
  /** Compiler flags; part of the hash, so changing a flag also marks the artifact stale. */
  flags: string[];
}

export interface ManifestEntry {
  file: string;
  compiler: string;
  compilerVersion: string;
  sources: string[];
  flags: string[];
  /** SHA-256 over sources and flags, see hashSources. */
  sourceHash: string;
  /** SHA-256 of the .wasm file itself, to catch an artifact edited or replaced by hand. */
  artifactSha256: string;
  bytes: number;
}

export interface WasmManifest {
  schemaVersion: number;
  note: string;
  artifacts: Partial<Record<WasmArtifactName, ManifestEntry>>;
}

const RUST_SOURCES = ['labs/wasm/rust/wasm_lib.rs', 'labs/wasm/rust/kernels.rs'];
const RUST_FLAGS = ['--target', 'wasm32-unknown-unknown', '--edition', '2021', '-O', '--crate-type', 'cdylib', '-C', 'lto', '-C', 'strip=debuginfo'];

export const ARTIFACTS: readonly ArtifactSpec[] = [
  { name: 'rust', file: 'rust.wasm', compiler: 'rustc', sources: RUST_SOURCES, flags: RUST_FLAGS },
  {
    name: 'rust-simd',
    file: 'rust-simd.wasm',
    compiler: 'rustc',
    sources: RUST_SOURCES,
    flags: [...RUST_FLAGS, '-C', 'target-feature=+simd128'],
  },
  {
    name: 'assemblyscript',
    file: 'assemblyscript.wasm',
    compiler: 'asc',
    sources: ['labs/wasm/assembly/index.ts'],
    // --use abort= drops the env.abort import, so the module instantiates with no imports at all.
    flags: ['-O3', '--runtime', 'stub', '--noAssert', '--use', 'abort='],
  },
];

function toHex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  // Copy into a fresh ArrayBuffer: digest() rejects views over SharedArrayBuffer.
  return toHex(await crypto.subtle.digest('SHA-256', new Uint8Array(bytes)));
}

/**
 * SHA-256 of the artifact's inputs: every source (sorted by path) as `path NUL content NUL`, then the
 * flags as JSON. Line endings are normalised to LF so a Windows checkout hashes the same.
 */
export async function hashSources(spec: Pick<ArtifactSpec, 'sources' | 'flags'>, readSource: (path: string) => string): Promise<string> {
  let text = '';
  for (const path of [...spec.sources].sort()) {
    text += `${path}\0${readSource(path).replace(/\r\n/g, '\n')}\0`;
  }
  text += JSON.stringify(spec.flags);
  return sha256Hex(text);
}

export type ArtifactProblem = { name: WasmArtifactName; file: string; problem: string };

/**
 * Compares the manifest with what is on disk. Returns one problem per stale, missing or altered artifact;
 * an empty list means every artifact matches its sources.
 */
export async function checkManifest(
  manifest: WasmManifest | undefined,
  readSource: (path: string) => string,
  readArtifact: (file: string) => Uint8Array | undefined,
): Promise<ArtifactProblem[]> {
  const problems: ArtifactProblem[] = [];
  for (const spec of ARTIFACTS) {
    const entry = manifest?.artifacts[spec.name];
    const report = (problem: string) => problems.push({ name: spec.name, file: spec.file, problem });
    if (!entry) {
      report('not in manifest.json');
      continue;
    }
    const sourceHash = await hashSources(spec, readSource);
    if (sourceHash !== entry.sourceHash) {
      report(`stale: sources or flags changed since it was built (${spec.sources.join(', ')})`);
    }
    const bytes = readArtifact(spec.file);
    if (!bytes) {
      report('missing: the .wasm file is not there');
      continue;
    }
    if ((await sha256Hex(bytes)) !== entry.artifactSha256) {
      report('altered: the .wasm file does not match the SHA-256 recorded when it was built');
    }
  }
  return problems;
}
