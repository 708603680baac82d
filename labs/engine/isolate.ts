/**
 * The inside of an isolate: finds one approach again by workload id and index among the built-in
 * workloads, then prepares, checks and times it with the same `measureApproach` the engine uses in its
 * own isolate. Platform-independent; isolate-worker.node.ts is the Node entry.
 */
import { ALL_WORKLOADS } from '../index.ts';
import type { Platform } from './platform.ts';
import { measureApproach } from './runner.ts';
import type { IsolateJob, Measured } from './types.ts';

export async function runIsolateJob(job: IsolateJob, platform: Platform, signal: AbortSignal): Promise<Measured> {
  const workload = ALL_WORKLOADS.find((w) => w.id === job.workloadId);
  if (!workload) return { error: `isolate: no built-in workload ${job.workloadId}` };
  const approach = workload.approaches(job.config)[job.approachIndex];
  const label = approach ? (approach.label ?? approach.name) : undefined;
  if (!approach || label !== job.label) return { error: `isolate: approach ${job.approachIndex} of ${job.workloadId} is ${label ?? 'missing'}, not ${job.label}` };
  return measureApproach(workload, approach, { platform, config: job.config, signal }, job.expected);
}
