/**
 * Runs the real CLI (`--quick --json`) end to end and validates the report: its shape, that every named
 * approach appears, and that nothing failed. No timing assertions: the machine is small and shared.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'labs-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const REQUIRED: Record<'concurrency' | 'wasm', string[]> = {
  concurrency: ['sequential', 'Promise.all', 'bounded pool', 'workers', 'idle', 'main thread', 'worker'],
  wasm: ['JS', 'Rust Wasm', 'Rust Wasm SIMD', 'AssemblyScript', 'native'],
};

describe('npm run bench -- --quick --json FILE', () => {
  it('writes a report with every suite and approach', async () => {
    const file = join(dir, 'report.json');
    const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
    const { stdout } = await promisify(execFile)(process.execPath, [tsx, 'labs/cli/bench.ts', '--quick', '--json', file], {
      cwd: root,
      maxBuffer: 16 << 20,
    });
    expect(stdout).toMatch(/suite\s+workload\s+approach\s+mean ms\s+p10\s+p50\s+p99\s+rme%\s+samples\s+cores\s+vs base/);

    const report = JSON.parse(readFileSync(file, 'utf8'));
    expect(report.schemaVersion).toBe(1);
    expect(report.environment).toMatchObject({ runtime: 'node', cores: expect.any(Number), timerResolutionMs: expect.any(Number), date: expect.any(String) });
    expect(report.environment.userAgent).toMatch(/^node v\d+/);
    expect(Array.isArray(report.results)).toBe(true);

    for (const r of report.results) {
      expect(['concurrency', 'wasm']).toContain(r.suite);
      expect(r).toMatchObject({ workload: expect.any(String), approach: expect.any(String), ok: expect.any(Boolean), samples: expect.any(Number) });
      if (r.ok) {
        expect(r.latency).toEqual(expect.objectContaining({ mean: expect.any(Number), p50: expect.any(Number), p99: expect.any(Number), sd: expect.any(Number), rme: expect.any(Number) }));
        expect(r.throughput.mean).toBeGreaterThan(0);
        expect(r.samples).toBeGreaterThan(0);
        // The Wasm suite compares by the 10th percentile of its pooled, interleaved samples.
        if (r.suite === 'wasm') expect(r).toMatchObject({ compareBy: 'p10', latency: expect.objectContaining({ p10: expect.any(Number) }) });
      } else {
        // Only skips are acceptable (e.g. no cargo on this machine), and they say why.
        expect(r.skipped).toBe(true);
        expect(r.error).toEqual(expect.any(String));
        expect(r.latency).toBeNull();
      }
    }
    for (const [suite, names] of Object.entries(REQUIRED)) {
      const present = new Set(report.results.filter((r: { suite: string }) => r.suite === suite).map((r: { approach: string }) => r.approach));
      for (const name of names) expect(present, `${suite} lacks approach ${name}`).toContain(name);
    }
    const kernelApproaches = (id: string) => report.results.filter((r: { workload: string }) => r.workload === id).map((r: { approach: string }) => r.approach);
    for (const id of ['leibniz-pi', 'blur3x3', 'fnv1a']) expect(kernelApproaches(id)).toEqual(REQUIRED.wasm);
  }, 120_000);
});
