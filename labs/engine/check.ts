/** Comparing an approach's check value with the JS reference, before any timing is trusted. */

/**
 * Returns null when `actual` matches `expected`, else a message for the result's `error`.
 * tolerance 0 means exact (integers, hashes); otherwise |a - e| <= tolerance * max(1, |e|).
 */
export function compareCheck(expected: number, actual: number, tolerance = 0): string | null {
  if (typeof actual !== 'number' || Number.isNaN(actual)) return `output mismatch: expected ${expected}, got ${String(actual)}`;
  if (tolerance === 0) {
    return Object.is(expected, actual) || expected === actual ? null : `output mismatch: expected ${expected}, got ${actual} (exact match required)`;
  }
  const allowed = tolerance * Math.max(1, Math.abs(expected));
  const diff = Math.abs(actual - expected);
  return diff <= allowed ? null : `output mismatch: expected ${expected}, got ${actual} (|diff| ${diff.toExponential(2)} > ${allowed.toExponential(2)})`;
}
