import { describe, expect, it } from 'vitest';
import type { BenchResult } from '../../../../../labs/index.ts';
import { parseReportFile, reportToCsv, reportToJson } from './report-file.ts';
import type { LabReport } from './report-schema.ts';

const result = (over: Partial<BenchResult> = {}): BenchResult => ({
  suite: 'wasm',
  workload: 'fnv1a',
  approach: 'JS',
  label: 'JS',
  params: { bytes: 4194304 },
  ok: true,
  unit: 'iteration',
  samples: 12,
  latency: { mean: 8, p50: 7.9, p99: 9.5, sd: 0.4, rme: 2.1, min: 7.5, max: 9.6 },
  throughput: { mean: 125 },
  baseline: true,
  compareBy: 'mean',
  vsBaseline: 1,
  flags: [],
  ...over,
});

const report = (results: BenchResult[] = [result()]): LabReport => ({
  schemaVersion: 1,
  environment: {
    runtime: 'browser',
    runtimeVersion: 'Chrome 156.0',
    userAgent: 'Mozilla/5.0',
    cores: 2,
    crossOriginIsolated: true,
    sharedArrayBuffer: true,
    timerResolutionMs: 0.005,
    tools: {},
    date: '2026-11-21T17:50:12.345Z',
  },
  config: { profile: 'quick', timeMs: 80, warmupMs: 20, minSamples: 5, rmeThreshold: 5 },
  results,
  summary: { jsOverWasm: [], wasmOverNative: [], speedupAt2Workers: [], amdahl: [] },
  aborted: false,
  lab: { where: 'worker', kernelSize: 'small' },
});

describe('report files', () => {
  it('round-trips a report through Export JSON and import', () => {
    const original = report([result(), result({ approach: 'Rust Wasm', label: 'Rust Wasm', baseline: false, vsBaseline: 1.5 })]);
    const back = parseReportFile(reportToJson(original), 'run.json');
    expect(back.ok).toBe(true);
    if (back.ok) {
      expect(back.report.results).toEqual(original.results);
      expect(back.report.environment).toEqual(original.environment);
      expect(back.report.lab).toEqual({ where: 'worker', kernelSize: 'small' });
    }
  });

  it('reads null figures (JSON has no NaN) back as NaN, and keeps fields it does not know', () => {
    const text = reportToJson(report([result({ latency: { mean: 8, p50: 8, p99: 8, sd: Number.NaN, rme: Number.POSITIVE_INFINITY, min: 8, max: 8 } })]));
    const withExtra = text.replace('"flags": []', '"flags": ["from-the-future"], "futureField": 3');
    const back = parseReportFile(withExtra, 'r.json');
    expect(back.ok).toBe(true);
    if (back.ok) {
      expect(back.report.results[0]?.latency?.rme).toBeNaN();
      expect(back.report.results[0]).toMatchObject({ futureField: 3, flags: ['from-the-future'] });
    }
  });

  it('takes a CLI report (no lab field) as made in Node', () => {
    const cli = { ...report(), lab: undefined, environment: { ...report().environment, runtime: 'node', crossOriginIsolated: null } };
    const back = parseReportFile(JSON.stringify(cli), 'cli.json');
    expect(back.ok && back.report.lab?.where).toBe('node');
  });

  it('says what is wrong with a file that is not JSON, or not a report', () => {
    expect(parseReportFile('{"schemaVersion": 1,', 'bad.json')).toMatchObject({ ok: false, error: expect.stringMatching(/^bad\.json is not JSON/) });
    const wrongType = JSON.parse(reportToJson(report())) as { results: Array<{ latency: { mean: unknown } }> };
    wrongType.results[0]!.latency.mean = 'fast';
    const outcome = parseReportFile(JSON.stringify(wrongType), 'odd.json');
    expect(outcome).toMatchObject({ ok: false, error: expect.stringContaining('results[0].latency.mean') });
    expect(parseReportFile('{"hello": "world"}', 'x.json')).toMatchObject({ ok: false, error: expect.stringContaining('schemaVersion') });
  });

  it('writes CSV with a header, one row per result, and quoted cells where needed', () => {
    const csv = reportToCsv(report([result({ ok: false, latency: null, throughput: null, error: 'output mismatch: expected 1, got 2', label: 'say "hi", twice' })]));
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^suite,workload,approach,label,/);
    expect(lines[1]).toContain('"say ""hi"", twice"');
    expect(lines[1]).toContain('output mismatch: expected 1');
  });
});
