import { describe, expect, it } from 'vitest';
import { createNodePlatform } from '../engine/platform-node.ts';
import { runBenchmarks } from '../engine/runner.ts';
import { concurrencyWorkloads, createIoWorkload } from './workloads.ts';

const platform = createNodePlatform({ disableNative: true });
const TINY = { profile: 'quick' as const, timeMs: 5, warmupMs: 1, minSamples: 2 };

describe('concurrency workloads on Node', () => {
  it('every approach runs and passes its check (timers, HTTP on 127.0.0.1, workers, shared memory)', async () => {
    const report = await runBenchmarks({ platform, workloads: concurrencyWorkloads, config: TINY });
    expect(report.results.filter((r) => !r.ok).map((r) => `${r.workload}/${r.label}: ${r.error}`)).toEqual([]);
    expect(report.results.filter((r) => r.approach === 'workers').map((r) => r.label)).toEqual([
      'workers ×1 postMessage',
      'workers ×2 postMessage',
      'workers ×1 SharedArrayBuffer',
      'workers ×2 SharedArrayBuffer',
    ]);
    expect(report.results.filter((r) => r.workload.startsWith('event-loop')).every((r) => r.unit === 'request' && r.compareBy === 'p99')).toBe(true);
  }, 60_000);

  it('builds I/O variants with another N, latency and k', async () => {
    const workload = createIoWorkload({ transport: 'timers', requests: 6, latencyMs: 1, poolSize: 2 });
    expect(workload.id).toBe('io-timers-n6-l1-k2');
    const report = await runBenchmarks({ platform, workloads: [workload], config: TINY });
    expect(report.results.map((r) => [r.label, r.ok])).toEqual([
      ['sequential', true],
      ['Promise.all', true],
      ['bounded pool k=2', true],
    ]);
    expect(report.results[2]?.params).toMatchObject({ requests: 6, latencyMs: 1, k: 2 });
  });
});
