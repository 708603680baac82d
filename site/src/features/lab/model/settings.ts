/** What the learner chose in the run panel, remembered in localStorage between visits. */
import { LAB_IO_LIMITS } from '../../../../../contracts/lab-protocol.ts';
import type { Where } from './bench-host.ts';
import type { KernelSize } from './edited-kernels.ts';
import type { IoSizes } from './run-plan.ts';

export interface LabSettings {
  where: Where;
  /** 'quick': 80 ms per approach (CI profile); 'default': 1 s, as `npm run bench`. */
  profile: 'quick' | 'default';
  /** Runs of the same plan; with 3 each ratio gets its median and spread (labs/engine/repeat.ts). */
  repeat: 1 | 3;
  io: IoSizes;
  kernelSize: KernelSize;
  /** Workload keys to run. */
  workloads: string[];
  /** Approach keys (`workload::label`) unticked by the learner. */
  excluded: string[];
}

export const DEFAULT_SETTINGS: LabSettings = {
  where: 'main',
  profile: 'quick',
  repeat: 1,
  io: { requests: 24, latencyMs: 5, poolSize: 4 },
  kernelSize: 'small',
  workloads: ['io-timers', 'cpu-primes', 'event-loop-timers', 'leibniz-pi', 'blur3x3', 'fnv1a', 'boundary-call', 'boundary-copy'],
  excluded: [],
};

/**
 * Bounds that keep a run meaningful and finite (N requests × latency sequentially is the slowest); the
 * local runner refuses anything beyond the same numbers.
 */
export const IO_LIMITS = LAB_IO_LIMITS;

const KEY = 'workbook-lab-settings-v1';

const clamp = (x: unknown, [lo, hi]: readonly [number, number], fallback: number) =>
  typeof x === 'number' && Number.isFinite(x) ? Math.min(hi, Math.max(lo, Math.round(x))) : fallback;

export function sanitizeSettings(raw: unknown): LabSettings {
  const s = (raw && typeof raw === 'object' ? raw : {}) as Partial<LabSettings>;
  const d = DEFAULT_SETTINGS;
  const io = (s.io ?? {}) as Partial<IoSizes>;
  const strings = (x: unknown, fallback: string[]) => (Array.isArray(x) && x.every((v) => typeof v === 'string') ? x : fallback);
  return {
    where: s.where === 'worker' || s.where === 'runner' ? s.where : 'main',
    profile: s.profile === 'default' ? 'default' : 'quick',
    repeat: s.repeat === 3 ? 3 : 1,
    io: {
      requests: clamp(io.requests, IO_LIMITS.requests, d.io.requests),
      latencyMs: clamp(io.latencyMs, IO_LIMITS.latencyMs, d.io.latencyMs),
      poolSize: clamp(io.poolSize, IO_LIMITS.poolSize, d.io.poolSize),
    },
    kernelSize: s.kernelSize === 'medium' || s.kernelSize === 'large' ? s.kernelSize : 'small',
    workloads: strings(s.workloads, d.workloads),
    excluded: strings(s.excluded, d.excluded),
  };
}

export function loadSettings(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): LabSettings {
  try {
    return sanitizeSettings(JSON.parse(storage?.getItem(KEY) ?? 'null'));
  } catch {
    return DEFAULT_SETTINGS;
  }
}

export function saveSettings(settings: LabSettings, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(KEY, JSON.stringify(settings));
  } catch {
    // Storage full or disabled: the settings simply are not remembered.
  }
}
