import { describe, expect, it } from 'vitest';
import type { BenchResult } from '../engine/types.ts';
import { formatMs, formatResults, renderTable } from './format.ts';

describe('CLI formatting', () => {
  it('prints milliseconds with about three significant digits', () => {
    expect([formatMs(1234.5), formatMs(12.345), formatMs(1.2345), formatMs(0.012345), formatMs(0.00001234)]).toEqual(['1235', '12.3', '1.23', '0.0123', '1.23e-5']);
  });
  it('aligns numbers right and text left', () => {
    expect(renderTable(['name', 'ms'], [['a', '1.5'], ['long name', '10.25']])).toBe(['name       ms', '---------  -----', 'a            1.5', 'long name  10.25'].join('\n'));
  });
  it('shows failures and skips without numbers', () => {
    const failed: BenchResult = {
      suite: 'wasm',
      workload: 'fnv1a',
      approach: 'native',
      label: 'native',
      params: {},
      ok: false,
      skipped: true,
      error: 'cargo not found',
      unit: 'iteration',
      samples: 0,
      latency: null,
      throughput: null,
      baseline: false,
      compareBy: 'mean',
      vsBaseline: null,
      flags: [],
    };
    expect(formatResults([failed]).split('\n')[2]).toMatch(/wasm\s+fnv1a\s+native\s+skipped\s+cargo not found/);
  });
});

describe('repeat and cross-check tables', () => {
  it('prints every run, the median and the spread, and flags a spread above the limit', async () => {
    const { formatRatioRuns, formatCrosscheck } = await import('./format.ts');
    const r = (label: string, runs: number[], spread: number) =>
      ({ workload: 'fnv1a', label, ratioRuns: { runs, median: runs[1]!, min: Math.min(...runs), max: Math.max(...runs), spread } }) as unknown as BenchResult;
    const text = formatRatioRuns([r('Rust Wasm', [1.0, 1.02, 1.05], 0.049), r('AssemblyScript', [1.0, 1.2, 1.3], 0.25)], 0.1);
    expect(text).toMatch(/Rust Wasm\s+1\.00x\s+1\.02x\s+1\.05x\s+1\.02x\s+4\.9%\n/);
    expect(text).toMatch(/AssemblyScript\s+1\.00x\s+1\.20x\s+1\.30x\s+1\.20x\s+25\.0%\s+unstable-ratio/);
    const cross = formatCrosscheck([{ workload: 'blur3x3', label: 'Rust Wasm', lab: 2.2, plain: 2, difference: 0.1, worstRunDifference: 0.12, agrees: false, labRuns: [2.2] }], 0.1);
    expect(cross).toMatch(/blur3x3\s+Rust Wasm\s+2\.20x\s+2\.00x\s+\+10\.0%\s+±12\.0%\s+NO/);
  });
});
