import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, checkManifest, hashSources, type WasmManifest } from './manifest.ts';

const root = join(import.meta.dirname, '../..');
const readSource = (path: string) => readFileSync(join(root, path), 'utf8');
const readArtifact = (file: string) => {
  const path = join(root, 'labs/wasm/build', file);
  return existsSync(path) ? new Uint8Array(readFileSync(path)) : undefined;
};
const manifest = JSON.parse(readFileSync(join(root, 'labs/wasm/build/manifest.json'), 'utf8')) as WasmManifest;

describe('wasm manifest', () => {
  it('the committed artifacts match their sources (same check as npm run verify:wasm)', async () => {
    expect(await checkManifest(manifest, readSource, readArtifact)).toEqual([]);
  });

  it('the hash depends on sources, paths and flags, not on line endings', async () => {
    const spec = { sources: ['a.rs'], flags: ['-O'] };
    const h = await hashSources(spec, () => 'fn main() {}\n');
    expect(await hashSources(spec, () => 'fn main() {}\r\n')).toBe(h);
    expect(await hashSources(spec, () => 'fn main() { }\n')).not.toBe(h);
    expect(await hashSources({ ...spec, flags: ['-O', '-C', 'target-feature=+simd128'] }, () => 'fn main() {}\n')).not.toBe(h);
    expect(await hashSources({ ...spec, sources: ['b.rs'] }, () => 'fn main() {}\n')).not.toBe(h);
  });

  it('reports a stale, missing or altered artifact', async () => {
    const edited = (path: string) => (path.endsWith('kernels.rs') ? `${readSource(path)}\n// edited\n` : readSource(path));
    const stale = await checkManifest(manifest, edited, readArtifact);
    expect(stale.map((p) => p.name).sort()).toEqual(['rust', 'rust-simd']);
    expect(stale[0]?.problem).toMatch(/^stale/);

    const missing = await checkManifest(manifest, readSource, (file) => (file === 'assemblyscript.wasm' ? undefined : readArtifact(file)));
    expect(missing).toEqual([{ name: 'assemblyscript', file: 'assemblyscript.wasm', problem: 'missing: the .wasm file is not there' }]);

    const altered = await checkManifest(manifest, readSource, (file) => {
      const bytes = readArtifact(file);
      if (bytes && file === 'rust.wasm') bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
      return bytes;
    });
    expect(altered.map((p) => p.problem)).toEqual([expect.stringMatching(/^altered/)]);

    const noManifest = await checkManifest(undefined, readSource, readArtifact);
    expect(noManifest).toHaveLength(ARTIFACTS.length);
  });
});
