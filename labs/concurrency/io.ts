/**
 * Three ways to issue N independent I/O requests. The request itself is a parameter, so the same code
 * drives timers and real HTTP. Each returns how many requests completed (the workload's check value).
 */
export type RequestFn = (index: number) => Promise<unknown>;

/** One at a time: total ≈ N × latency. */
export async function runSequential(count: number, request: RequestFn): Promise<number> {
  let done = 0;
  for (let i = 0; i < count; i++) {
    await request(i);
    done++;
  }
  return done;
}

/** All at once: total ≈ one latency, but N requests in flight (sockets, memory, the server's patience). */
export async function runAllAtOnce(count: number, request: RequestFn): Promise<number> {
  const results = await Promise.all(Array.from({ length: count }, (_, i) => request(i)));
  return results.length;
}

/** At most `limit` in flight: total ≈ ceil(N / limit) × latency. Like `buffer_unordered(limit)` in Rust. */
export async function runBoundedPool(count: number, limit: number, request: RequestFn): Promise<number> {
  let next = 0;
  let done = 0;
  const lane = async () => {
    while (next < count) {
      const index = next++;
      await request(index);
      done++;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, lane));
  return done;
}
