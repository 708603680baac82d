import type { BenchConfig } from './types.ts';

/** `npm run bench`: about 70 s on a 2-core machine (40 approaches × ~1.2 s + setup). */
export const DEFAULT_CONFIG: BenchConfig = { profile: 'default', timeMs: 1000, warmupMs: 200, minSamples: 10, rmeThreshold: 5 };

/** `npm run bench -- --quick`, for CI: every approach once, fewer variants, short budgets. */
export const QUICK_CONFIG: BenchConfig = { profile: 'quick', timeMs: 80, warmupMs: 20, minSamples: 5, rmeThreshold: 5 };

export function resolveConfig(overrides: Partial<BenchConfig> = {}): BenchConfig {
  const base = overrides.profile === 'quick' ? QUICK_CONFIG : DEFAULT_CONFIG;
  return { ...base, ...overrides };
}
