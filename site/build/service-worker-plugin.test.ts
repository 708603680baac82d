import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serviceWorkerPlugin } from './service-worker-plugin.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function build(assets: string[], indexHtml = '<!doctype html>'): string {
  const root = mkdtempSync(path.join(tmpdir(), 'sw-plugin-'));
  dirs.push(root);
  mkdirSync(path.join(root, 'dist', 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'dist', 'index.html'), indexHtml);
  for (const a of assets) writeFileSync(path.join(root, 'dist', 'assets', a), a);
  const plugin = serviceWorkerPlugin() as unknown as { configResolved(c: unknown): void; closeBundle(): void };
  plugin.configResolved({ root, build: { outDir: 'dist' } });
  plugin.closeBundle();
  return readFileSync(path.join(root, 'dist', 'sw.js'), 'utf8');
}

const precacheOf = (sw: string) => JSON.parse(JSON.parse(/JSON\.parse\(("(?:[^"\\]|\\.)*")\)/.exec(sw)![1]!) as string) as string[];
const versionOf = (sw: string) => /const VERSION = "([0-9a-f]+)"/.exec(sw)?.[1];

describe('serviceWorkerPlugin', () => {
  it('precaches the hashed assets, not their compressed copies, source maps or the AssemblyScript compiler', () => {
    const sw = build(['index-abc.js', 'index-abc.js.br', 'index-abc.js.gz', 'index-abc.js.map', 'asc-def.js', 'editor-types-123.json']);
    expect(precacheOf(sw)).toEqual(['/assets/editor-types-123.json', '/assets/index-abc.js']);
    expect(sw).not.toContain('__PRECACHE__');
  });

  it('gets a new version when an asset or index.html changes, so a rebuild installs a new worker', () => {
    const a = versionOf(build(['index-abc.js']));
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(versionOf(build(['index-abc.js']))).toBe(a);
    expect(versionOf(build(['index-xyz.js']))).not.toBe(a);
    expect(versionOf(build(['index-abc.js'], '<!doctype html><title>rebuilt</title>'))).not.toBe(a);
  });

  it('leaves the API and the Preview to the network', () => {
    const sw = build(['index-abc.js']);
    expect(sw).toContain("url.pathname.startsWith('/assets/')");
    expect(sw).toContain("!url.pathname.startsWith('/api/') && !url.pathname.startsWith('/preview/')");
  });
});
