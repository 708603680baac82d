/**
 * CPU-bound kernel of the concurrency suite: count primes among a list of odd integers by trial division.
 * It is real work whose cost depends on the data (primes cost sqrt(n)/2 divisions, most composites exit early),
 * which is what makes an even split over workers imperfect.
 */

export function isPrime(n: number): boolean {
  if (n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let d = 3; d * d <= n; d += 2) {
    if (n % d === 0) return false;
  }
  return true;
}

/** Number of primes in numbers[start, end). */
export function countPrimes(numbers: ArrayLike<number>, start = 0, end = numbers.length): number {
  let count = 0;
  for (let i = start; i < end; i++) {
    if (isPrime(numbers[i]!)) count++;
  }
  return count;
}

/** Splits [0, length) into `parts` contiguous ranges whose sizes differ by at most one. */
export function splitRange(length: number, parts: number): Array<[start: number, end: number]> {
  const ranges: Array<[number, number]> = [];
  const base = Math.floor(length / parts);
  let extra = length % parts;
  let start = 0;
  for (let i = 0; i < parts; i++) {
    const size = base + (extra > 0 ? 1 : 0);
    if (extra > 0) extra--;
    ranges.push([start, start + size]);
    start += size;
  }
  return ranges;
}

/**
 * Busy CPU work for about `ms` milliseconds (trial division over a counter), returning how many primes it
 * found so the engine cannot optimise it away. Used to block an event loop on purpose.
 */
export function burnCpu(ms: number, now: () => number = () => performance.now()): number {
  const until = now() + ms;
  let found = 0;
  let n = 1_000_001;
  while (now() < until) {
    for (let i = 0; i < 200; i++, n += 2) if (isPrime(n)) found++;
  }
  return found;
}
