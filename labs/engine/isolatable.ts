/**
 * Which workload objects an isolate can find again by id: the built-in ones register here. A copy such as
 * `{ ...builtIn, approaches: () => [mine] }` is not registered, so the runner measures it in its own
 * isolate rather than letting the isolate time the built-in approaches under the copy's name. A copy made
 * with `withApproaches` keeps only some of the built-in approaches, so it stays isolatable.
 */
import type { Approach, BenchConfig, Workload } from './types.ts';

/** Registered workload (or a subset copy of one) → the built-in workload an isolate finds by its id. */
const sources = new WeakMap<Workload, Workload>();

/**
 * Thrown by `Platform.openIsolate` when no isolate could be started at all (the worker did not load):
 * the runner then measures the approach in its own isolate and says why (`isolationReason`).
 */
export class IsolateUnavailable extends Error {
  override name = 'IsolateUnavailable';
}

export function registerIsolatable<W extends Workload>(workload: W): W {
  sources.set(workload, workload);
  return workload;
}

/** The built-in workload behind `workload`, when an isolate can find its approaches again. */
export function isolatableSource(workload: Workload): Workload | undefined {
  return workload.isolate === true ? sources.get(workload) : undefined;
}

export function isIsolatable(workload: Workload): boolean {
  return isolatableSource(workload) !== undefined;
}

/**
 * `workload` limited to the approaches `keep` accepts (a page's unticked boxes, a request's list). A subset
 * of a registered workload is still isolated: the isolate finds each kept approach by its place among the
 * built-in workload's approaches.
 */
export function withApproaches<W extends Workload>(workload: W, keep: (approach: Approach) => boolean): W {
  const copy: W = { ...workload, approaches: (config: BenchConfig) => workload.approaches(config).filter(keep) };
  const source = sources.get(workload);
  if (source) sources.set(copy, source);
  return copy;
}
