import { makeBatch } from './events.js';
import { buildReport, dedupeEvents, userStats } from './report.js';

// Measure first: time each stage on a realistic batch before changing anything.
const batch = makeBatch(12_000, 1_200);
console.log(`batch: ${batch.length} events`);

const t0 = performance.now();
const unique = dedupeEvents(batch);
const t1 = performance.now();
userStats(unique);
const t2 = performance.now();
console.log(`dedupeEvents: ${(t1 - t0).toFixed(1)} ms (${unique.length} unique)`);
console.log(`userStats:    ${(t2 - t1).toFixed(1)} ms`);

const report = buildReport(batch);
console.log('top users:');
for (const s of report.top) console.log(`  ${s.user}  ${s.count} events  ${s.totalMs} ms`);
console.log('For a real profile: node --cpu-prof src/main.js (open the .cpuprofile in Chrome DevTools)');
