import { describe, expect, it } from 'vitest';
import { isIsolatable } from '../labs/engine/isolatable.ts';
import { planLabWorkloads, labConfigFor } from './lab-request.ts';
import type { LabRunRequest } from '../contracts/lab-protocol.ts';

describe('planLabWorkloads', () => {
  it('keeps a built-in Wasm workload isolatable when the request names some of its approaches', () => {
    const request = { profile: 'quick', workloads: [{ id: 'blur3x3', approaches: ['JS', 'Rust Wasm'] }] } as unknown as LabRunRequest;
    const [blur] = planLabWorkloads(request);
    expect(blur!.approaches(labConfigFor(request)).map((a) => a.name)).toEqual(['JS', 'Rust Wasm']);
    expect(isIsolatable(blur!)).toBe(true);
  });
});
