/** Words for figures not to trust: the engine's flags and the run's environment, for a learner. */
import type { BenchResult, Environment, ResultFlag } from '../../../../../labs/index.ts';

export const FLAG_TEXT: Record<ResultFlag, { short: string; explain: string }> = {
  'cpu-starved': {
    short: 'CPU-starved',
    explain: 'The process got less than 75% of the CPU time this approach needed: other programs had the cores, so the time measures the machine’s load.',
  },
  'high-rme': {
    short: 'noisy',
    explain: 'The 95% margin of error is above the threshold: the samples disagree too much. Re-run with the standard budget, or close other work on this machine.',
  },
  'coarse-timer': {
    short: 'coarse timer',
    explain: 'One step of the clock is more than 1% of a typical sample, so the samples are rounded. Below the clock’s reach, compare nothing.',
  },
  'few-samples': { short: 'few samples', explain: 'Fewer than 10 samples: too few to estimate the spread.' },
  'timer-saturated': { short: 'timer saturated', explain: 'Most samples read zero or only a handful of distinct values: the work is faster than the clock can see.' },
  'unstable-ratio': {
    short: 'unstable ratio',
    explain: 'Across repeated runs this ratio to the baseline moved by more than 10% (max − min over the median): no single run’s ratio is to be trusted. Repeat on a quieter machine.',
  },
};

/** Text for a flag, also for flags a newer engine added (imported reports). */
export function flagText(flag: string): { short: string; explain: string } {
  return (FLAG_TEXT as Record<string, { short: string; explain: string }>)[flag] ?? { short: flag, explain: `Flagged “${flag}” by the engine that made this report.` };
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  if (ms >= 0.001) return `${(ms * 1000).toFixed(ms >= 0.01 ? 0 : 1)} µs`;
  return `${(ms * 1e6).toFixed(0)} ns`;
}

export interface EnvironmentNote {
  tone: 'warn' | 'info';
  text: string;
}

/** Warnings that apply to every figure of a run. */
export function environmentNotes(env: Environment, aborted = false): EnvironmentNote[] {
  const notes: EnvironmentNote[] = [];
  if (env.runtime === 'browser' && env.crossOriginIsolated === false) {
    notes.push({
      tone: 'warn',
      text: `Not cross-origin isolated: the browser clamps the clock (measured step: ${formatMs(env.timerResolutionMs)}), so short samples are rounded, and the SharedArrayBuffer approaches cannot run. Open the lab through npm start, which sends the COOP/COEP headers, for a 5 µs clock.`,
    });
  } else if (env.timerResolutionMs > 0.02) {
    notes.push({ tone: 'warn', text: `The clock only moves in steps of ${formatMs(env.timerResolutionMs)}; figures near that size are rounded.` });
  }
  const load = env.loadAverage?.[0];
  if (load !== undefined && load > env.cores) {
    notes.push({ tone: 'warn', text: `The machine was busy (load ${load.toFixed(1)} on ${env.cores} cores): other programs competed for the CPU, so worker scaling in particular means little.` });
  }
  if (aborted) notes.push({ tone: 'info', text: 'This run was cancelled: it holds only the approaches that finished.' });
  return notes;
}

export function untrusted(r: BenchResult): boolean {
  return r.ok && r.flags.length > 0;
}
