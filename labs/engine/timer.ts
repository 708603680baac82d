/**
 * Timer resolution: the smallest nonzero difference between consecutive performance.now() readings.
 *
 * When the clock is coarse (browsers clamp it: 100 µs in Chromium without cross-origin isolation, 1 ms in
 * Firefox/Safari) this finds the clamp. When the clock is finer than one call (Node), it finds roughly the
 * cost of a call instead, which is then the practical resolution anyway.
 */
export function measureTimerResolution(now: () => number = () => performance.now(), options: { calls?: number; maxMs?: number } = {}): number {
  const calls = options.calls ?? 200_000;
  const maxMs = options.maxMs ?? 50;
  const start = now();
  let previous = start;
  let smallest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < calls; i++) {
    const t = now();
    const step = t - previous;
    if (step > 0 && step < smallest) smallest = step;
    previous = t;
    // A clamped clock may not move for a long time; give up after maxMs of real time.
    if (t - start > maxMs && Number.isFinite(smallest)) break;
  }
  return Number.isFinite(smallest) ? smallest : Math.max(previous - start, 0);
}
