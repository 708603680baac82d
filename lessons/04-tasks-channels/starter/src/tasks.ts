import type { Sender } from './channel.js';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Fan-out: starts every job at once as its own task (Rust: `tokio::spawn`), each with its own clone
 * of `tx`, and closes that clone when the job is done. The caller keeps `tx` and must close it too,
 * or the receiving loop can never end (the article's missing `drop(tx)`).
 */
export function spawnAll<R>(jobs: (() => Promise<R>)[], tx: Sender<R>): void {
  for (const job of jobs) {
    const taskTx = tx.clone();
    void (async () => {
      try {
        await taskTx.send(await job());
      } catch (e) {
        console.error('task failed:', e);
      } finally {
        taskTx.close();
      }
    })();
  }
}
