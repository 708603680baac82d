/**
 * From what the learner picked to engine workloads. The same function feeds the menus and the run, in the
 * page or in the bench worker, so a checkbox always names exactly what will run.
 */
import { ALL_WORKLOADS, createIoWorkload, resolveConfig, type BenchConfig, type Capabilities, type CompareBy, type Params, type Suite, type Workload } from '../../../../../labs/index.ts';
import { withApproaches } from '../../../../../labs/engine/isolatable.ts';
import { editedWorkloads, KERNEL_IDS, type EditedKernelsSpec, type KernelSize } from './edited-kernels.ts';

export interface IoSizes {
  requests: number;
  latencyMs: number;
  poolSize: number;
}

/** Serializable (structured clone): it crosses into the bench worker as is. */
export interface RunRequest {
  profile: BenchConfig['profile'];
  io: IoSizes;
  /** Workload keys (menu ids, e.g. 'io-timers', 'yours-fnv1a'). */
  workloads: string[];
  /** `${workloadKey}::${approach label}` left out of the run. */
  excluded: string[];
  edited: EditedKernelsSpec;
}

/** Menu groups: the engine's two suites plus the learner's edited kernels. */
export type MenuGroup = Suite | 'yours';

export interface PlannedWorkload {
  key: string;
  group: MenuGroup;
  workload: Workload;
}

export const approachKey = (workloadKey: string, label: string) => `${workloadKey}::${label}`;

export function configFor(profile: BenchConfig['profile']): BenchConfig {
  return resolveConfig({ profile });
}

/** Every workload the page offers, built for these sizes (edited kernels from `edited`). */
export function allWorkloads(io: IoSizes, edited: Omit<EditedKernelsSpec, 'kernels'>): PlannedWorkload[] {
  const engine = ALL_WORKLOADS.map((workload): PlannedWorkload => {
    const transport = workload.id === 'io-timers' ? 'timers' : workload.id === 'io-http' ? 'http' : null;
    const built = transport ? createIoWorkload({ transport, ...io }) : workload;
    return { key: workload.id, group: workload.suite, workload: built };
  });
  const yours = editedWorkloads({ ...edited, kernels: [...KERNEL_IDS] }).map((workload, i): PlannedWorkload => ({
    key: `yours-${KERNEL_IDS[i]}`,
    group: 'yours',
    workload,
  }));
  return [...engine, ...yours];
}

/**
 * The workloads to pass to runBenchmarks, each limited to the approaches left checked. `withApproaches`
 * keeps a built-in Wasm-suite workload isolatable, so its approaches still get a fresh worker each.
 */
export function planWorkloads(request: RunRequest): Workload[] {
  const excluded = new Set(request.excluded);
  return allWorkloads(request.io, request.edited)
    .filter((p) => request.workloads.includes(p.key))
    .map(({ key, workload }) => withApproaches(workload, (a) => !excluded.has(approachKey(key, a.label ?? a.name))));
}

export interface MenuApproach {
  key: string;
  label: string;
  baseline: boolean;
  available: boolean;
  reason?: string;
}

export interface MenuWorkload {
  key: string;
  /** The id its results carry (differs from the key for I/O workloads with other sizes). */
  id: string;
  group: MenuGroup;
  title: string;
  description: string;
  params: Params;
  compareBy: CompareBy;
  approaches: MenuApproach[];
}

/** Menus with availability on this platform (like listWorkloads in labs/index.ts, for our workload list). */
export function describeMenus(io: IoSizes, size: KernelSize, profile: BenchConfig['profile'], capabilities: Capabilities | null): MenuWorkload[] {
  const config = configFor(profile);
  return allWorkloads(io, { size }).map(({ key, group, workload }) => ({
    key,
    id: workload.id,
    group,
    title: workload.title,
    description: workload.description,
    params: workload.params,
    compareBy: workload.compareBy ?? 'mean',
    approaches: workload.approaches(config).map((a) => {
      const label = a.label ?? a.name;
      const missing = (a.requires ?? []).map((c) => capabilities?.[c]).find((c) => c && !c.available);
      return {
        key: approachKey(key, label),
        label,
        baseline: a.baseline === true,
        available: !missing,
        ...(missing ? { reason: missing.reason ?? 'not available here' } : {}),
      };
    }),
  }));
}

/** A result's workload title: exact id, else an I/O variant's base id (imported runs), else the id. */
export function workloadTitle(menus: MenuWorkload[], id: string): string {
  const base = id.replace(/-n\d+-l\d+-k\d+$/, '');
  return (menus.find((m) => m.id === id) ?? menus.find((m) => m.key === base))?.title ?? id;
}
