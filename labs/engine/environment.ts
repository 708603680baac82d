import type { Platform } from './platform.ts';
import { measureTimerResolution } from './timer.ts';
import type { Environment } from './types.ts';

/** The facts to store with every run: runtime, machine, isolation, timer resolution, date. */
export async function captureEnvironment(platform: Platform, extraTools: Record<string, string> = {}): Promise<Environment> {
  const described = await platform.describe();
  return {
    ...described,
    tools: { ...described.tools, ...extraTools },
    timerResolutionMs: measureTimerResolution(),
    date: new Date().toISOString(),
  };
}
