import { z } from 'zod';
import { ALL_WORKLOADS, createIoWorkload, resolveConfig, type BenchConfig, type Workload } from '../labs/index.ts';
import { LAB_IO_LIMITS, type LabRunRequest } from '../contracts/lab-protocol.ts';
import { withApproaches } from '../labs/engine/isolatable.ts';

/**
 * Reading and validating POST /api/lab/runs, and turning a valid request into engine workloads (the
 * child job, lab-job.ts, calls the same planLabWorkloads). A request can only name what the engine
 * itself lists: its workload ids and, per workload, its approaches' names or labels; sizes are bounded.
 */
export type ParsedLabRequest = { ok: true; request: LabRunRequest } | { ok: false; status: 400; error: string };

const ENGINE_IDS = ALL_WORKLOADS.map((w) => w.id);
const bounded = ([lo, hi]: readonly [number, number]) => z.number().int().min(lo).max(hi);

const schema = z.strictObject({
  profile: z.enum(['quick', 'default']),
  io: z.strictObject({ requests: bounded(LAB_IO_LIMITS.requests), latencyMs: bounded(LAB_IO_LIMITS.latencyMs), poolSize: bounded(LAB_IO_LIMITS.poolSize) }).optional(),
  workloads: z
    .array(
      z.strictObject({
        id: z.string().refine((id) => ENGINE_IDS.includes(id), `is not a workload of the engine (${ENGINE_IDS.join(', ')})`),
        approaches: z.array(z.string().max(100)).min(1).max(20).optional(),
      }),
    )
    .min(1)
    .max(ENGINE_IDS.length)
    .refine((ws) => new Set(ws.map((w) => w.id)).size === ws.length, 'names a workload twice'),
});

export const labConfigFor = (request: LabRunRequest): BenchConfig => resolveConfig({ profile: request.profile });

/** The engine workloads of a valid request, each limited to the approaches it names. */
export function planLabWorkloads(request: LabRunRequest): Workload[] {
  return request.workloads.map(({ id, approaches: wanted }) => {
    const engine = ALL_WORKLOADS.find((w) => w.id === id)!;
    const transport = id === 'io-timers' ? 'timers' : id === 'io-http' ? 'http' : null;
    const workload = transport && request.io ? createIoWorkload({ transport, ...request.io }) : engine;
    if (!wanted) return workload;
    // withApproaches keeps a built-in workload isolatable (a plain copy would run in the job's one isolate).
    return withApproaches(workload, (a) => wanted.includes(a.name) || wanted.includes(a.label ?? a.name));
  });
}

export function parseLabRequest(body: string): ParsedLabRequest {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, status: 400, error: 'request body is not valid JSON' };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, status: 400, error: `${issue.path.map(String).join('.') || 'body'}: ${issue.message}` };
  }
  const request: LabRunRequest = parsed.data;
  // Every approach named must exist in its workload (with these sizes and this profile's variants).
  const config = labConfigFor(request);
  for (const [i, { id, approaches }] of request.workloads.entries()) {
    if (!approaches) continue;
    const known = planLabWorkloads({ ...request, workloads: [{ id }] })[0]!.approaches(config).flatMap((a) => [a.name, a.label ?? a.name]);
    const unknown = approaches.find((a) => !known.includes(a));
    if (unknown !== undefined) return { ok: false, status: 400, error: `workloads.${i}.approaches: ${JSON.stringify(unknown)} is not an approach of ${id} (${[...new Set(known)].join(', ')})` };
  }
  return { ok: true, request };
}
