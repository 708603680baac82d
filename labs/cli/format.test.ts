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
