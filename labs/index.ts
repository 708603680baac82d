/**
 * Public entry of the benchmark lab, for the CLI and the /lab page. Plain TypeScript: pick a platform
 * (engine/platform-node.ts or engine/platform-browser.ts) and pass it in.
 */
import { concurrencyWorkloads } from './concurrency/workloads.ts';
import { resolveConfig } from './engine/config.ts';
import { planRun } from './engine/runner.ts';
import type { BenchConfig, Capabilities, CompareBy, Params, Suite, Workload } from './engine/types.ts';
import { wasmWorkloads } from './wasm/workloads.ts';

export { runBenchmarks, SkipApproach, type RunOptions } from './engine/runner.ts';
export { createIoWorkload, DEFAULT_IO, type IoOptions } from './concurrency/workloads.ts';
export { DEFAULT_CONFIG, QUICK_CONFIG, resolveConfig } from './engine/config.ts';
export { captureEnvironment } from './engine/environment.ts';
export { measureTimerResolution } from './engine/timer.ts';
export { flagResult } from './engine/stats.ts';
export { amdahlSpeedup, fitSerialFraction, summarize } from './engine/analysis.ts';
export type * from './engine/types.ts';
export type { Platform } from './engine/platform.ts';

export const ALL_WORKLOADS: readonly Workload[] = [...concurrencyWorkloads, ...wasmWorkloads];

export interface WorkloadFilter {
  suites?: Suite[];
  workloadIds?: string[];
}

/** The workload definitions to pass to runBenchmarks, filtered by suite and id. */
export function selectWorkloads(filter: WorkloadFilter = {}): Workload[] {
  return ALL_WORKLOADS.filter(
    (w) => (!filter.suites || filter.suites.includes(w.suite)) && (!filter.workloadIds || filter.workloadIds.includes(w.id)),
  );
}

export interface ApproachInfo {
  name: string;
  label: string;
  params: Params;
  baseline: boolean;
  /** False when `capabilities` says this platform cannot run it; `reason` says why. */
  available: boolean;
  reason?: string;
}

export interface WorkloadInfo {
  id: string;
  suite: Suite;
  title: string;
  description: string;
  params: Params;
  unit: 'iteration' | 'request';
  compareBy: CompareBy;
  approaches: ApproachInfo[];
}

/** Serializable descriptions of workloads and approaches, for menus and checkboxes. */
export function listWorkloads(options: { config?: Partial<BenchConfig>; capabilities?: Capabilities; filter?: WorkloadFilter } = {}): WorkloadInfo[] {
  const config = resolveConfig(options.config);
  return planRun(selectWorkloads(options.filter), config).map(({ workload, approaches }) => ({
    id: workload.id,
    suite: workload.suite,
    title: workload.title,
    description: workload.description,
    params: workload.params,
    unit: workload.unit ?? 'iteration',
    compareBy: workload.compareBy ?? 'mean',
    approaches: approaches.map((a) => {
      const missing = (a.requires ?? []).map((c) => options.capabilities?.[c]).find((c) => c && !c.available);
      return {
        name: a.name,
        label: a.label ?? a.name,
        params: a.params ?? {},
        baseline: a.baseline === true,
        available: !missing,
        ...(missing ? { reason: missing.reason ?? 'not available here' } : {}),
      };
    }),
  }));
}
