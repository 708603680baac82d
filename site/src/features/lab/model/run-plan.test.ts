import { describe, expect, it } from 'vitest';
import { isIsolatable } from '../../../../../labs/engine/isolatable.ts';
import { describeMenus, planWorkloads, workloadTitle, type RunRequest } from './run-plan.ts';
import { sanitizeSettings } from './settings.ts';

const request = (over: Partial<RunRequest> = {}): RunRequest => ({
  profile: 'quick',
  io: { requests: 6, latencyMs: 1, poolSize: 2 },
  workloads: ['io-timers', 'fnv1a'],
  excluded: ['fnv1a::Rust Wasm SIMD'],
  edited: { kernels: [], size: 'small' },
  ...over,
});

describe('run plan', () => {
  it('runs the picked workloads with the chosen I/O sizes, minus unticked approaches', () => {
    const plan = planWorkloads(request());
    expect(plan.map((w) => w.id)).toEqual(['io-timers-n6-l1-k2', 'fnv1a']);
    const config = { profile: 'quick', timeMs: 80, warmupMs: 20, minSamples: 5, rmeThreshold: 5 } as const;
    expect(plan[0]!.approaches(config).map((a) => a.label ?? a.name)).toEqual(['sequential', 'Promise.all', 'bounded pool k=2']);
    expect(plan[1]!.approaches(config).map((a) => a.name)).toEqual(['JS', 'Rust Wasm', 'AssemblyScript', 'native']);
  });

  it('keeps the picked Wasm-suite workloads isolatable (a fresh worker per approach), not the edited kernels', () => {
    const plan = planWorkloads(request({ workloads: ['fnv1a', 'boundary-call', 'io-timers', 'yours-fnv1a'] }));
    expect(plan.map((w) => [w.id, isIsolatable(w)])).toEqual([
      ['io-timers-n6-l1-k2', false],
      ['fnv1a', true],
      ['boundary-call', true],
      ['yours-fnv1a', false],
    ]);
  });

  it('greys out what this platform cannot run, with the reason', () => {
    const capabilities = {
      workers: { available: true },
      sharedMemory: { available: false, reason: 'needs cross-origin isolation' },
      http: { available: false, reason: 'no server' },
      native: { available: false, reason: 'Node only' },
    };
    const menus = describeMenus(request().io, 'small', 'quick', capabilities);
    const cpu = menus.find((m) => m.key === 'cpu-primes')!;
    expect(cpu.approaches.find((a) => a.label === 'workers ×2 SharedArrayBuffer')).toMatchObject({ available: false, reason: 'needs cross-origin isolation' });
    expect(menus.filter((m) => m.group === 'yours').map((m) => m.key)).toEqual(['yours-leibniz-pi', 'yours-blur3x3', 'yours-fnv1a']);
    expect(workloadTitle(menus, 'io-timers-n99-l3-k7')).toBe('I/O-bound: simulated requests (timers)');
  });

  it('keeps remembered settings within bounds', () => {
    expect(sanitizeSettings({ where: 'moon', io: { requests: 1e9, latencyMs: -3, poolSize: 'x' } })).toMatchObject({
      where: 'main',
      io: { requests: 200, latencyMs: 0, poolSize: 4 },
    });
  });
});
