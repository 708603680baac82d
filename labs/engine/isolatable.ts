/**
 * Which workload objects an isolate can find again by id: the built-in ones register here. A copy such as
 * `{ ...builtIn, approaches: () => [mine] }` is not registered, so the runner measures it in its own
 * isolate rather than letting the isolate time the built-in approaches under the copy's name.
 */
import type { Workload } from './types.ts';

const registered = new WeakSet<Workload>();

export function registerIsolatable<W extends Workload>(workload: W): W {
  registered.add(workload);
  return workload;
}

export function isIsolatable(workload: Workload): boolean {
  return workload.isolate === true && registered.has(workload);
}
