import { channel } from './channel.js';
import { sleep, spawnAll } from './tasks.js';

// The article's example, fixed: 10 tasks each send one message through a bounded channel.
const started = performance.now();
const elapsed = () => `${Math.round(performance.now() - started)} ms`;

const jobs = Array.from({ length: 10 }, (_, i) => async () => {
  await sleep(100 + (i % 4) * 50); // simulate I/O of different lengths
  return `task ${i} done`;
});

const watchdog = setTimeout(() => {
  console.log('still waiting after 3 s: the results loop never ended.');
  console.log('Does recv() resolve undefined once every sender is closed and the buffer is empty?');
  process.exit(1);
}, 3000);

const [tx, rx] = channel<string>(2); // at most 2 results wait in the buffer
spawnAll(jobs, tx);
tx.close(); // Rust: drop(tx). The tasks hold their own clones.

let received = 0;
for await (const message of rx) {
  received++;
  console.log(`${message} at ${elapsed()} (buffered now: ${rx.buffered})`);
  await sleep(20); // a slow consumer, so the tasks feel the backpressure
}
clearTimeout(watchdog);
console.log(`all ${received} results received in ${elapsed()}; the loop ended because every sender was closed`);
